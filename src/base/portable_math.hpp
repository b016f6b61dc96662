#pragma once
// exp, log and their relatives computed from IEEE-754 basic operations only (+ − × ÷ and exact
// ones: bit manipulation, comparisons), in a fixed order: the same bits on every x86-64 machine.
// glibc's libm picks an FMA or an SSE2 variant of each function by the CPU it runs on, and the
// two differ in the last bit for some arguments; through the fits' discrete choices (a cone
// state, a candidate, a plateau) such a bit can move a reported potential by volts, so the
// program's products would depend on the machine. The project compiles with -ffp-contract=off,
// so no compiler fuses a × b + c here either. The trigonometric functions are in
// base/portable_trig.hpp; src/ calls these instead of std:: (scripts/check_portable_math.py).
//
// Methods (standard table-driven reductions; Muller, "Elementary Functions", 3rd ed., 2016,
// ch. 11 and 12; Tang, ACM TOMS 15:144, 1989, for exp):
//   exp: x = (128 q + j)·ln2/128 + r, |r| ≤ ln2/256 (ln2/128 in two parts, the product with the
//        integer exact): e^x = 2^q · 2^(j/128) · e^r, 2^(j/128) from a table as hi + lo, e^r − 1
//        by its Taylor series to r⁵.
//   log: x = 2^e m, m ∈ (√½, √2], c = 1 + j/128 the nearest point, inv ≈ 1/c to 8 bits:
//        ln x = e ln2 + ln(1/inv) + ln(1 + r), r = m·inv − 1 formed exactly, |r| ≤ 0.0066, ln(1 + r)
//        by its Taylor series to r⁸; the table (base/portable_math_tables.hpp) holds inv and ln(1/inv).
// Largest errors measured against long double references (tests/base/portable_math_test.cpp,
// 200 000 arguments a range): exp 0.51 ulp, log 0.75, log1p 1.24, expm1 1.28, log10 0.50 (exact on
// powers of ten), pow 0.51, sinh 1.48, cosh 1.00, asinh 1.86. Without FMA and with its own tables
// this exp is as fast as glibc's; log takes about twice glibc's FMA variant's time.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "base/error_free.hpp"
#include "base/portable_math_tables.hpp"

namespace lpm::math {

namespace detail {

inline constexpr double infinity = std::numeric_limits<double>::infinity();

// ln 2 = ln2_hi + ln2_lo: ln2_hi is ln 2 cut to 32 significant bits (k·ln2_hi is exact for
// |k| < 2^21), ln2_lo the rest rounded (Python decimal, 70 digits: Decimal(2).ln()).
inline constexpr double ln2_hi = 0x1.62e42fee00000p-1;
inline constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
// ln2/128 = ln2_over_n_hi + ln2_over_n_lo, the first cut to 35 bits (k·ln2_over_n_hi exact for
// |k| < 2^18); 128/ln 2 rounded.
inline constexpr double ln2_over_n_hi = 0x1.62e42fef80000p-8;
inline constexpr double ln2_over_n_lo = 0x1.1cf79abc9e3b4p-43;
inline constexpr double n_over_ln2 = 0x1.71547652b82fep+7;
inline constexpr double inv_ln10 = 0x1.bcb7b1526e50ep-2;  // 1/ln 10 rounded
// 1/ln 10 = inv_ln10_hi + inv_ln10_lo to about 2^-80 (the first cut to 26 bits): log10 corrects the
// rounded inv_ln10 by their difference from it.
inline constexpr double inv_ln10_hi = 0x1.bcb7b10000000p-2;
inline constexpr double inv_ln10_lo = 0x1.49b9438ca9aaep-28;
inline constexpr double sqrt2 = 0x1.6a09e667f3bcdp+0;

constexpr double inverse_factorial(int n) {
  double f = 1.0;
  for (int k = 2; k <= n; ++k) f *= k;  // exact up to 18! (19! rounds once: a 1e-16 change of a 1e-17 term)
  return 1.0 / f;
}

// Σ x^(n − first)/n! for n = first … last (Horner, highest term first).
template <int first, int last>
double exp_series(double x) {
  static constexpr auto c = [] {
    std::array<double, last + 1> a{};
    for (int n = 0; n <= last; ++n) a[n] = inverse_factorial(n);
    return a;
  }();
  double sum = c[last];
  for (int n = last - 1; n >= first; --n) sum = sum * x + c[n];
  return sum;
}

// Σ z^(n−1)/(2n + 1)! for n = 1 … 9 (sinh's series after its first term, z = a²).
inline double odd_series(double z) {
  static constexpr auto c = [] {
    std::array<double, 10> a{};
    for (int n = 1; n <= 9; ++n) a[n] = inverse_factorial(2 * n + 1);
    return a;
  }();
  double sum = c[9];
  for (int n = 8; n >= 1; --n) sum = sum * z + c[n];
  return sum;
}

// e^(hi + lo) · 2^scale for |lo| ≲ ulp(hi): the reduced argument keeps lo (pow's extra
// precision); scale = −1 lets cosh and sinh reach e^x/2 where e^x alone overflows.
inline double exp_with_tail(double hi, double lo, int scale = 0) {
  if (hi != hi) return hi;  // NaN
  if (hi > 746.0) return infinity;
  if (hi < -746.0) return 0.0;  // below half the smallest subnormal
  // x = (128 q + j)·ln2/128 + r, |r| ≤ ln2/256: e^x = 2^q · 2^(j/128) · e^r.
  const double kd = nearest_integer(hi * n_over_ln2);
  const int k = static_cast<int>(kd);
  // hi − k·ln2_over_n_hi is exact (the product exact, the two within a factor 2 of each other, or k = 0).
  const double r = ((hi - kd * ln2_over_n_hi) - kd * ln2_over_n_lo) + lo;
  // e^r − 1 = r + r²(1/2 + r/6 + r²/24 + r³/120): the Taylor remainder at |r| ≤ 0.0028 is below 2^-60.
  const double r2 = r * r;
  const double p = r + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * ((1.0 / 24.0) + r * (1.0 / 120.0)));
  const PowerOfTwoFraction& t = exp_table[k & 127];
  const double e_r = t.hi + (t.hi * p + t.lo);
  const int q = (k >> 7) + scale;  // floor(k/128): an arithmetic shift
  if (q > 1024) return infinity;
  if (q > 1023) return e_r * power_of_two(q - 1) * 2.0;                      // overflows where the result does
  if (q < -1021) return e_r * power_of_two(q + 1000) * power_of_two(-1000);  // one rounding, into the subnormals
  return e_r * power_of_two(q);
}

// x = 2^e m with m ∈ (√½, √2] for finite x > 0, and j = round(128 (m − 1)) ∈ [−38, 53], the
// table point c = 1 + j/128 nearest m, taken from the significand's bits (an integer
// rounding, shorter than one in floating point). Above √2 the significand is halved (its
// exponent field lowered by one) and e raised, without a branch: which side of √2 the data
// fall is unpredictable.
struct Significand {
  double m;
  int e, j;
};
inline Significand split_exponent(double x) {
  int e = 0;
  if (x < std::numeric_limits<double>::min()) {  // subnormal: scale into the normal range
    x *= 0x1p54;
    e = -54;
  }
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t fraction = bits & 0x000fffffffffffffULL;
  const std::uint64_t one = fraction | 0x3ff0000000000000ULL;  // m ∈ [1, 2)
  const std::uint64_t fold = one > std::bit_cast<std::uint64_t>(sqrt2) ? 1 : 0;
  e += static_cast<int>(bits >> 52) - 1023 + static_cast<int>(fold);
  // 128 (m − 1) = fraction·2^-45, or −64 + fraction·2^-46 once halved; rounded half up.
  const unsigned shift = 45 + static_cast<unsigned>(fold);
  const int j = static_cast<int>((fraction + (std::uint64_t{1} << (shift - 1))) >> shift) - 64 * static_cast<int>(fold);
  return {std::bit_cast<double>(one - (fold << 52)), e, j};
}

// The parts of ln x = e ln2 + ln(1/inv) + ln(1 + r) for finite x > 0: r = m·inv − 1 = (m − c)·inv + d,
// where m − c is exact with at most 45 significant bits and inv has 8, so the product is exact; |r| ≤ 0.0066.
struct LogReduction {
  double head;    // e·ln2_hi + log_hi, exact
  double tail;    // e·ln2_lo + log_lo
  double r_prod;  // (m − c)·inv, exact
  double d;       // c·inv − 1, exact
};
inline LogReduction reduce_log(double x) {
  const Significand s = split_exponent(x);
  const LogPoint& c = log_table[s.j - log_table_first_j];
  const double dk = s.e;
  return {dk * ln2_hi + c.log_hi, dk * ln2_lo + c.log_lo, (s.m - c.c) * c.inv, c.d};
}

// ln(1 + r) − r = r²(−1/2 + r/3 − r²/4 + r³/5 − r⁴/6 + r⁵/7 − r⁶/8) for |r| ≤ 0.0066: the first
// term left out is below 2^-61 of r.
inline double log1p_minus_r(double r) {
  const double z = r * r;
  return z * ((-0.5 + r * (1.0 / 3.0)) +
              z * ((-0.25 + r * (1.0 / 5.0)) + z * ((-1.0 / 6.0 + r * (1.0 / 7.0)) + z * (-0.125))));
}

// ln x = hi + lo to about 2^-62 relative (pow, log10): r kept as hi + lo.
inline Pair log_parts(double x) {
  const LogReduction g = reduce_log(x);
  const Pair r = two_sum(g.r_prod, g.d);
  const Pair b = two_sum(g.head, r.hi);
  return two_sum(b.hi, b.lo + (g.tail + (r.lo + log1p_minus_r(r.hi))));
}

}  // namespace detail

inline double exp(double x) { return detail::exp_with_tail(x, 0.0); }

inline double log(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -detail::infinity : quiet_nan;  // also NaN in
  if (x == detail::infinity) return x;
  const detail::LogReduction g = detail::reduce_log(x);
  const double r = g.r_prod + g.d;
  return g.head + (r + (g.tail + detail::log1p_minus_r(r)));
}

// ln(1 + x): ln of u = 1 + x rounded, plus (x − (u − 1))/u, the first order of that rounding.
inline double log1p(double x) {
  if (!(x > -1.0)) return x == -1.0 ? -detail::infinity : quiet_nan;
  if (x == detail::infinity) return x;
  const double u = 1.0 + x;
  if (u == 1.0) return x;  // |x| < 2^-53: ln(1 + x) = x − x²/2 rounds to x
  return log(u) + (x - (u - 1.0)) / u;
}

// e^x − 1: its Taylor series on |x| ≤ 1 (remainder below 2^-56 of the result), e^x − 1 beyond.
inline double expm1(double x) {
  if (x != x) return x;
  if (x < -40.0) return -1.0;  // e^x below half an ulp of 1
  if (x > 1.0 || x < -1.0) return exp(x) - 1.0;
  return x + x * x * detail::exp_series<2, 19>(x);
}

// ln x / ln 10 from the double-double ln x: an exact power of ten gives its exponent exactly.
inline double log10(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -detail::infinity : quiet_nan;
  if (x == detail::infinity) return x;
  const auto [hi, lo] = detail::log_parts(x);
  const Pair p = two_prod(hi, detail::inv_ln10);
  // inv_ln10 rounded differs from 1/ln 10 by (inv_ln10_hi + inv_ln10_lo) − inv_ln10.
  const double correction = (detail::inv_ln10_hi - detail::inv_ln10) + detail::inv_ln10_lo;
  return p.hi + (p.lo + hi * correction + lo * detail::inv_ln10);
}

// x^y = e^(y ln x), y ln x carried in two parts so that its rounding (up to 745 ulps of the
// exponent) does not reach the result. Defined for x > 0, and for x = 0, x < 0 as C does (a
// negative x needs an integer y), NaN → NaN (except x^0 = 1 and 1^y = 1).
inline double pow(double x, double y) {
  if (y == 0.0 || x == 1.0) return 1.0;
  if (x != x || y != y) return quiet_nan;
  if (x < 0.0) {  // floor and fmod are exact
    if (std::floor(y) != y) return quiet_nan;
    const double magnitude = pow(-x, y);
    return std::fmod(y, 2.0) != 0.0 ? -magnitude : magnitude;
  }
  if (x == 0.0) return y > 0.0 ? 0.0 : detail::infinity;
  if (x == detail::infinity) return y > 0.0 ? detail::infinity : 0.0;
  if (y == detail::infinity) return x > 1.0 ? detail::infinity : 0.0;
  if (y == -detail::infinity) return x > 1.0 ? 0.0 : detail::infinity;
  const auto [hi, lo] = detail::log_parts(x);
  const Pair p = two_prod(y, hi);
  return detail::exp_with_tail(p.hi, p.lo + y * lo);
}

inline double cosh(double x) {
  const double a = x < 0.0 ? -x : x;
  if (a > 22.0) return detail::exp_with_tail(a, 0.0, -1);  // e^−a is below an ulp of e^a
  const double e = exp(a);
  return 0.5 * (e + 1.0 / e);
}

inline double sinh(double x) {
  const double a = x < 0.0 ? -x : x;
  double magnitude = 0.0;
  if (a > 22.0) {
    magnitude = detail::exp_with_tail(a, 0.0, -1);
  } else if (a < 1.0) {  // a + a³/3! + … + a^19/19!, no cancellation; the remainder is below 2^-65 of it
    const double z = a * a;
    magnitude = a + a * z * detail::odd_series(z);
  } else {
    const double e = exp(a);
    magnitude = 0.5 * (e - 1.0 / e);
  }
  return x < 0.0 ? -magnitude : (x == 0.0 ? x : magnitude);
}

// asinh x = ln(a + √(a² + 1)) = log1p(a + a²/(1 + √(1 + a²))) for a = |x|, no cancellation near 0.
inline double asinh(double x) {
  const double a = x < 0.0 ? -x : x;
  if (!(a < 0x1p28)) return x != x ? x : (x < 0.0 ? -1.0 : 1.0) * (log(a) + detail::ln2_hi + detail::ln2_lo);
  const double magnitude = log1p(a + a * a / (1.0 + std::sqrt(1.0 + a * a)));
  return x < 0.0 ? -magnitude : (x == 0.0 ? x : magnitude);
}

}  // namespace lpm::math
