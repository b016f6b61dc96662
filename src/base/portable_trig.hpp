#pragma once
// sin, cos, atan, atan2, asin and acos computed from IEEE-754 basic operations only (+ − × ÷,
// std::sqrt and exact ones: bit manipulation, comparisons, integer arithmetic), in a fixed order:
// the same bits on every x86-64 machine. glibc's libm picks an FMA or an SSE2 variant of these
// functions by the CPU it runs on, and the variants differ in the last bit for some arguments.
// The file relies on -ffp-contract=off (the project's flag): a fused a × b + c would break the
// exact products below. exp, log and pow are in base/portable_math.hpp.
//
// Methods (standard: Cody and Waite 1980; Payne and Hanek 1983; Dekker 1971 for exact products):
//   sin, cos: x = n·π/2 + r, |r| ≤ π/4, r as hi + lo: Cody–Waite with π/2 in four parts for
//             |x| < 2^20, an exact integer Payne–Hanek reduction with 192 bits of 2/π beyond; Taylor
//             series for sin r and cos r, the leading 1 − r²/2 of cos with its rounding error kept.
//   atan2:    atan(p/q), p ≤ q, as atan(k/8) + atan t, t = (p − c q)/(q + c p) as hi + lo, c = k/8
//             nearest p/q, |t| ≤ 1/16, odd Taylor series; the quadrant by adding m·π/2 ± atan c.
//             atan(x) = atan2(x, 1).
//   asin, acos: the series of asin on |x| ≤ ½; beyond, asin|x| = π/2 − 2 asin s, acos|x| = 2 asin s,
//             s = √((1 − |x|)/2) ≤ ½ with its rounding kept.
// Largest errors measured against long double references (tests/base/portable_trig_test.cpp,
// 200 000 arguments a range): sin 0.74 ulp, cos 0.74, atan 0.51, atan2 0.51, asin 0.69, acos 0.76
// (sin 0.78, cos 0.79 over 2·10^7 more); the same for sin and cos at any finite argument.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "base/error_free.hpp"

namespace lpm::math {

namespace trig_detail {

// Every constant was derived with Python 3's decimal module at 60 digits: π from Machin's
// formula 16 atan(1/5) − 4 atan(1/239), atan y by two halvings y → y/(1 + √(1 + y²)) and its
// series; a value v is split as hi = RN(v), lo = RN(v − hi) (RN: round to the nearest double).
inline constexpr double pio2_hi = 0x1.921fb54442d18p+0;      // RN(π/2)
inline constexpr double pio2_lo = 0x1.1a62633145c07p-54;     // RN(π/2 − pio2_hi)
inline constexpr double pi_hi = 0x1.921fb54442d18p+1;        // RN(π) = 2·pio2_hi
inline constexpr double pi_lo = 0x1.1a62633145c07p-53;       // RN(π − pi_hi) = 2·pio2_lo
inline constexpr double pio4 = 0x1.921fb54442d18p-1;         // RN(π/4)
inline constexpr double three_pio4 = 0x1.2d97c7f3321d2p+1;   // RN(3π/4)
inline constexpr double two_over_pi = 0x1.45f306dc9c883p-1;  // RN(2/π)

// π/2 = pio2_1 + pio2_2 + pio2_3 + pio2_4 + O(2^-159): pio2_1 = RN33(π/2), pio2_2 = RN33(π/2 − pio2_1),
// pio2_3 = RN33(π/2 − pio2_1 − pio2_2) (RN33: to the nearest number of 33 significant bits, so that n·pio2_k
// is exact for n < 2^20), pio2_4 = RN(π/2 − pio2_1 − pio2_2 − pio2_3).
inline constexpr double pio2_1 = 0x1.921fb54400000p+0;
inline constexpr double pio2_2 = 0x1.0b4611a600000p-34;
inline constexpr double pio2_3 = 0x1.3198a2e000000p-69;
inline constexpr double pio2_4 = 0x1.b839a252049c1p-104;
inline constexpr double cody_waite_limit = 0x1p20;  // n = round(x·2/π) < 2^20 below it

// The binary digits of 2/π in 64-bit words, 2/π = Σ two_over_pi_bits[i]·2^(−64(i + 1)):
// two_over_pi_bits[i] = floor(2^(64(i + 1))·2/π) mod 2^64 (π in decimal at 420 digits). 1280 bits,
// enough for the largest double.
inline constexpr std::uint64_t two_over_pi_bits[20] = {
    0xA2F9836E4E441529, 0xFC2757D1F534DDC0, 0xDB6295993C439041, 0xFE5163ABDEBBC561, 0xB7246E3A424DD2E0,
    0x06492EEA09D1921C, 0xFE1DEB1CB129A73E, 0xE88235F52EBB4484, 0xE99C7026B45F7E41, 0x3991D639835339F4,
    0x9C845F8BBDF9283B, 0x1FF897FFDE05980F, 0xEF2F118B5A0A6D1F, 0x6D367ECF27CB09B7, 0x4F463F669E5FEA2D,
    0x7527BAC7EBE5F17B, 0x3D0739F78A5292EA, 0x6BFB5FB11F8D5D08, 0x56033046FC7B6BAB, 0xF0CFBC209AF4361D,
};

// sin r = r + r·z·Σ sin_coeffs[j]·z^j, z = r², sin_coeffs[j] = RN((−1)^(j+1)/(2j + 3)!): the
// Taylor series to r^17; the next term is below 2^-60 |sin r| on |r| ≤ π/4.
inline constexpr double sin_coeffs[8] = {
    -0x1.5555555555555p-3,   // −1/3!
    0x1.1111111111111p-7,    // 1/5!
    -0x1.a01a01a01a01ap-13,  // −1/7!
    0x1.71de3a556c734p-19,   // 1/9!
    -0x1.ae64567f544e4p-26,  // −1/11!
    0x1.6124613a86d09p-33,   // 1/13!
    -0x1.ae7f3e733b81fp-41,  // −1/15!
    0x1.952c77030ad4ap-49,   // 1/17!
};
// cos r = 1 − z/2 + z²·Σ cos_coeffs[j]·z^j, cos_coeffs[j] = RN((−1)^j/(2j + 4)!): to r^18; the next
// term is below 2^-60 on |r| ≤ π/4.
inline constexpr double cos_coeffs[8] = {
    0x1.5555555555555p-5,    // 1/4!
    -0x1.6c16c16c16c17p-10,  // −1/6!
    0x1.a01a01a01a01ap-16,   // 1/8!
    -0x1.27e4fb7789f5cp-22,  // −1/10!
    0x1.1eed8eff8d898p-29,   // 1/12!
    -0x1.93974a8c07c9dp-37,  // −1/14!
    0x1.ae7f3e733b81fp-45,   // 1/16!
    -0x1.6827863b97d97p-53,  // −1/18!
};
// atan t = t + t·z·Σ atan_coeffs[j]·z^j, atan_coeffs[j] = RN((−1)^(j+1)/(2j + 3)): to t^15; the
// next term is below 2^-68 |atan t| on |t| ≤ 1/16.
inline constexpr double atan_coeffs[7] = {
    -0x1.5555555555555p-2,  // −1/3
    0x1.999999999999ap-3,   // 1/5
    -0x1.2492492492492p-3,  // −1/7
    0x1.c71c71c71c71cp-4,   // 1/9
    -0x1.745d1745d1746p-4,  // −1/11
    0x1.3b13b13b13b14p-4,   // 1/13
    -0x1.1111111111111p-4,  // −1/15
};
// atan(k/8) = atan_hi[k] + atan_lo[k], k = 0 … 8.
inline constexpr double atan_hi[9] = {
    0.0,
    0x1.fd5ba9aac2f6ep-4,
    0x1.f5b75f92c80ddp-3,
    0x1.6f61941e4def1p-2,
    0x1.dac670561bb4fp-2,
    0x1.1e00babdefeb4p-1,
    0x1.4978fa3269ee1p-1,
    0x1.700a7c5784634p-1,
    0x1.921fb54442d18p-1,
};
inline constexpr double atan_lo[9] = {
    0.0,
    -0x1.cd37686760c17p-59,
    0x1.8ab6e3cf7afbdp-57,
    -0x1.c63aae6f6e918p-56,
    0x1.a2b7f222f65e2p-56,
    -0x1.928df287a668fp-58,
    0x1.2419a87f2a458p-56,
    -0x1.8c34d25aadef6p-56,
    0x1.1a62633145c07p-55,
};

inline double magnitude(double x) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & ~(std::uint64_t{1} << 63));
}
inline bool sign_bit(double x) { return (std::bit_cast<std::uint64_t>(x) >> 63) != 0; }
inline bool is_nan(double x) { return x != x; }
inline bool is_inf(double x) { return magnitude(x) == std::numeric_limits<double>::infinity(); }

// x − n·π/2 = hi + lo with |hi + lo| ≤ π/4 (a few ulp over when x·2/π rounds near a half);
// quadrant = n mod 4.
struct Reduced {
  int quadrant;
  double hi;
  double lo;
};

// The high and low 64 bits of a·b.
inline std::pair<std::uint64_t, std::uint64_t> mul_64(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t mask = 0xFFFFFFFF;
  const std::uint64_t p00 = (a & mask) * (b & mask);
  const std::uint64_t p01 = (a & mask) * (b >> 32);
  const std::uint64_t p10 = (a >> 32) * (b & mask);
  const std::uint64_t p11 = (a >> 32) * (b >> 32);
  const std::uint64_t mid = (p00 >> 32) + (p01 & mask) + (p10 & mask);
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & mask)};
}

// Binary digits b_start … b_(start+63) of 2/π = Σ_(i≥1) b_i 2^−i, b_i = 0 for i ≤ 0.
inline std::uint64_t two_over_pi_window(int start) {
  if (start <= -63) return 0;
  if (start < 1) return two_over_pi_bits[0] >> (1 - start);
  const int index = (start - 1) / 64;
  const int offset = (start - 1) % 64;
  if (offset == 0) return two_over_pi_bits[index];
  return (two_over_pi_bits[index] << offset) | (two_over_pi_bits[index + 1] >> (64 - offset));
}

// Payne–Hanek for x ≥ 2^20 in integers: x = m·2^e, and x·2/π/4 mod 1 = (m·W mod 2^192)/2^192 where W
// holds the 192 digits of 2/π from b_(e−1) on (earlier digits give multiples of 4 quadrants, later
// ones less than 2^-140 of a turn). Exact, so r keeps 106 good bits however close x is to n·π/2.
inline Reduced reduce_large(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  const int e = static_cast<int>(bits >> 52) - 1075;
  const std::uint64_t m = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
  const std::uint64_t v0 = two_over_pi_window(e - 1);
  const std::uint64_t v1 = two_over_pi_window(e - 1 + 64);
  const std::uint64_t v2 = two_over_pi_window(e - 1 + 128);
  const auto [h2, l2] = mul_64(m, v2);
  const auto [h1, l1] = mul_64(m, v1);
  std::uint64_t w2 = l2;
  std::uint64_t w1 = l1 + h2;
  std::uint64_t w0 = m * v0 + h1 + (w1 < l1 ? 1 : 0);
  // The top two bits count quadrants; round to the nearest one and keep the signed remainder,
  // a fraction of a quadrant in [−1/2, 1/2) scaled by 2^190.
  const std::uint64_t n = (w0 + (std::uint64_t{1} << 61)) >> 62;
  w0 -= n << 62;
  const bool negative = (w0 >> 63) != 0;
  if (negative) {  // two's complement negation of w0:w1:w2
    w2 = ~w2 + 1;
    w1 = ~w1 + (w2 == 0 ? 1 : 0);
    w0 = ~w0 + ((w2 == 0 && w1 == 0) ? 1 : 0);
  }
  int shift = 0;  // leading zero bits of w0:w1:w2
  for (int word = 0; word < 2 && w0 == 0; ++word) {
    w0 = w1;
    w1 = w2;
    w2 = 0;
    shift += 64;
  }
  if (w0 == 0) return {static_cast<int>(n), 0.0, 0.0};
  const int lz = std::countl_zero(w0);
  if (lz > 0) {
    w0 = (w0 << lz) | (w1 >> (64 - lz));
    w1 = (w1 << lz) | (w2 >> (64 - lz));
  }
  shift += lz;
  // The remainder is (w0:w1:w2)·2^(−190 − shift) quadrants, w0's top bit set: its first 53 bits,
  // then the next 53.
  const double head = static_cast<double>(w0 >> 11) * power_of_two(-51 - shift);
  const double tail = static_cast<double>(((w0 & 0x7FF) << 42) | (w1 >> 22)) * power_of_two(-104 - shift);
  // Times π/2, as hi + lo.
  const Pair p = two_prod(head, pio2_hi);
  const double lo = p.lo + (head * pio2_lo + tail * pio2_hi);
  const double hi = p.hi + lo;
  const double rest = lo - (hi - p.hi);
  return negative ? Reduced{static_cast<int>(n), -hi, -rest} : Reduced{static_cast<int>(n), hi, rest};
}

// x ≥ 0 finite.
inline Reduced reduce(double x) {
  if (x <= pio4) return {0, x, 0.0};
  if (x >= cody_waite_limit) return reduce_large(x);
  const double n = nearest_integer(x * two_over_pi);
  const double y = x - n * pio2_1;  // exact: n·pio2_1 is exact and within a factor 2 of x
  const Pair t1 = two_sum(y, -(n * pio2_2));
  const Pair t2 = two_sum(t1.hi, -(n * pio2_3));
  const Pair r = two_sum(t2.hi, (t1.lo + t2.lo) - n * pio2_4);
  return {static_cast<int>(n) & 3, r.hi, r.lo};
}

// sin(hi + lo), |hi + lo| ≲ π/4: sin hi + lo·cos hi with cos hi ≈ 1 − hi²/2.
inline double sin_kernel(double hi, double lo) {
  const double z = hi * hi;
  double p = sin_coeffs[7];
  for (int j = 6; j >= 0; --j) p = p * z + sin_coeffs[j];
  return hi + ((hi * z) * p + (lo - 0.5 * z * lo));
}

// cos(hi + lo), |hi + lo| ≲ π/4: 1 − hi²/2 with the exact square and the rounding error of the
// subtraction carried, then the rest of the series and −lo·sin hi ≈ −lo·hi.
inline double cos_kernel(double hi, double lo) {
  const Pair z = two_prod(hi, hi);
  const double half_z = 0.5 * z.hi;
  const double w = 1.0 - half_z;
  double q = cos_coeffs[7];
  for (int j = 6; j >= 0; --j) q = q * z.hi + cos_coeffs[j];
  return w + (((1.0 - w) - half_z) + ((z.hi * z.hi) * q - (0.5 * z.lo + hi * lo)));
}

// The angle of the point (±q, p) in [0, π] (− when q_negative), for p, q ≥ 0 given as hi + lo, not
// both zero, finite.
inline double angle(double p_hi, double p_lo, double q_hi, double q_lo, bool q_negative) {
  // With p > q the angle is π/2 − atan(q/p): swap so that p ≤ q and atan(p/q) ≤ π/4.
  const bool swapped = p_hi > q_hi;
  if (swapped) {
    std::swap(p_hi, q_hi);
    std::swap(p_lo, q_lo);
  }
  int k = 0;
  double t_hi = p_hi / q_hi;
  double t_lo = 0.0;
  if (t_hi >= 0x1p-30) {
    // Away from under- and overflow of the products below; exact, as p ≥ 2^-31 q.
    const double scale = q_hi < 0x1p-500 ? 0x1p600 : (q_hi > 0x1p500 ? 0x1p-600 : 1.0);
    p_hi *= scale;
    p_lo *= scale;
    q_hi *= scale;
    q_lo *= scale;
    k = static_cast<int>(nearest_integer(8.0 * t_hi));
    const double c = 0.125 * k;
    // t = (p − c q)/(q + c p), so that atan(p/q) = atan c + atan t, |t| ≤ 1/16.
    const Pair cq = two_prod(c, q_hi);
    const Pair d = two_sum(p_hi, -cq.hi);  // nearly always exact already (Sterbenz)
    const Pair num = two_sum(d.hi, (d.lo + (p_lo - cq.lo)) - c * q_lo);
    const Pair cp = two_prod(c, p_hi);
    const Pair den = two_sum(q_hi, cp.hi);
    const double den_lo = ((den.lo + cp.lo) + q_lo) + c * p_lo;
    t_hi = num.hi / den.hi;
    const Pair back = two_prod(t_hi, den.hi);
    t_lo = ((((num.hi - back.hi) - back.lo) + num.lo) - t_hi * den_lo) / den.hi;
  } else {
    t_lo = (p_lo - t_hi * q_lo) / q_hi;
  }
  const double z = t_hi * t_hi;
  double s = atan_coeffs[6];
  for (int j = 5; j >= 0; --j) s = s * z + atan_coeffs[j];
  const double t_rest = t_lo + (t_hi * z) * s;  // atan t = t_hi + t_rest
  // Angle = m·π/2 + sign_c·atan c + sign_t·atan t.
  int m = 0;
  double sign = 1.0;
  if (swapped) {
    m = 1;
    sign = q_negative ? 1.0 : -1.0;
  } else if (q_negative) {
    m = 2;
    sign = -1.0;
  }
  const Pair base = two_sum(m * pio2_hi, sign * atan_hi[k]);
  const double base_lo = base.lo + (m * pio2_lo + sign * atan_lo[k]);
  const Pair sum = two_sum(base.hi, sign * t_hi);
  return sum.hi + (sum.lo + (base_lo + sign * t_rest));
}

inline double sine(double x) {
  if (is_nan(x)) return x;
  if (is_inf(x)) return quiet_nan;
  const double ax = magnitude(x);
  if (ax < 0x1p-26) return x;  // sin x = x(1 − x²/6), within half an ulp of x; keeps −0
  const Reduced r = reduce(ax);
  double v = (r.quadrant & 1) ? cos_kernel(r.hi, r.lo) : sin_kernel(r.hi, r.lo);
  if (r.quadrant & 2) v = -v;
  return sign_bit(x) ? -v : v;
}

inline double cosine(double x) {
  if (is_nan(x)) return x;
  if (is_inf(x)) return quiet_nan;
  const Reduced r = reduce(magnitude(x));
  const double v = (r.quadrant & 1) ? sin_kernel(r.hi, r.lo) : cos_kernel(r.hi, r.lo);
  return ((r.quadrant + 1) & 2) ? -v : v;
}

inline double arc_tangent2(double y, double x) {
  if (is_nan(x) || is_nan(y)) return x + y;
  const double a = magnitude(y);
  const double b = magnitude(x);
  const bool x_negative = sign_bit(x);
  double r;
  if (a == 0.0) {
    r = x_negative ? pi_hi : 0.0;
  } else if (b == 0.0) {
    r = pio2_hi;
  } else if (is_inf(a)) {
    r = is_inf(b) ? (x_negative ? three_pio4 : pio4) : pio2_hi;
  } else if (is_inf(b)) {
    r = x_negative ? pi_hi : 0.0;
  } else {
    r = angle(a, 0.0, b, 0.0, x_negative);
  }
  return sign_bit(y) ? -r : r;
}

// asin s = s + s·z·Σ c_n z^(n−1), z = s², c_n = (2n)!/(4^n (n!)² (2n + 1)) (the binomial series of
// 1/√(1 − s²) integrated), n = 1 … 24: on |s| ≤ ½ the first term left out is below 2^-57 of asin s.
inline double asin_series_tail(double s) {
  static constexpr auto c = [] {
    std::array<double, 25> a{};
    double binomial = 1.0;  // (2n)!/(4^n (n!)²), one rounding a step
    for (int n = 1; n <= 24; ++n) {
      binomial *= (2.0 * n - 1.0) / (2.0 * n);
      a[n] = binomial / (2.0 * n + 1.0);
    }
    return a;
  }();
  const double z = s * s;
  double sum = c[24];
  for (int n = 23; n >= 1; --n) sum = sum * z + c[n];
  return s * z * sum;
}

// For ½ < |x| ≤ 1: asin|x| = π/2 − 2 asin s and acos|x| = 2 asin s with s = √((1 − |x|)/2) ≤ ½
// (1 − |x| is exact there). Returns 2 asin s as hi + lo: s's rounding kept as (w − s²)/(2s).
inline Pair twice_asin_of_half_complement(double ax) {
  const double w = 0.5 * (1.0 - ax);
  const double s = std::sqrt(w);
  if (s == 0.0) return {0.0, 0.0};
  const Pair s2 = two_prod(s, s);
  const double s_lo = ((w - s2.hi) - s2.lo) / (2.0 * s);
  return {2.0 * s, 2.0 * (s_lo + asin_series_tail(s))};
}

inline double arc_sine(double x) {
  if (is_nan(x)) return x;
  const double ax = magnitude(x);
  if (ax > 1.0) return quiet_nan;
  double r = 0.0;
  if (ax <= 0.5) {
    r = ax + asin_series_tail(ax);
  } else {
    const Pair t = twice_asin_of_half_complement(ax);
    const Pair d = two_sum(pio2_hi, -t.hi);
    r = d.hi + (d.lo + (pio2_lo - t.lo));
  }
  return sign_bit(x) ? -r : r;
}

inline double arc_cosine(double x) {
  if (is_nan(x)) return x;
  const double ax = magnitude(x);
  if (ax > 1.0) return quiet_nan;
  if (ax <= 0.5) {  // π/2 − asin x
    const double signed_tail = sign_bit(x) ? -asin_series_tail(ax) : asin_series_tail(ax);
    return pio2_hi - (x - (pio2_lo - signed_tail));
  }
  const Pair t = twice_asin_of_half_complement(ax);
  if (!sign_bit(x)) return t.hi + t.lo;
  const Pair d = two_sum(pi_hi, -t.hi);  // π − 2 asin s
  return d.hi + (d.lo + (pi_lo - t.lo));
}

}  // namespace trig_detail

inline double sin(double x) { return trig_detail::sine(x); }
inline double cos(double x) { return trig_detail::cosine(x); }
inline double atan2(double y, double x) { return trig_detail::arc_tangent2(y, x); }
inline double atan(double x) { return trig_detail::arc_tangent2(x, 1.0); }
inline double asin(double x) { return trig_detail::arc_sine(x); }
inline double acos(double x) { return trig_detail::arc_cosine(x); }

}  // namespace lpm::math
