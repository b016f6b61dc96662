#pragma once
// Error-free transformations of IEEE-754 doubles: a sum or a product as an unevaluated pair
// hi + lo that equals it exactly (Knuth's two-sum; Dekker 1971, "A floating-point technique for
// extending the available precision", Numer. Math. 18:224, with Veltkamp's split, no FMA), and
// exact powers of two. The portable elementary functions (base/portable_math.hpp,
// base/portable_trig.hpp) carry their extra precision with these.

#include <bit>
#include <cstdint>
#include <limits>

namespace lpm::math {

// An unevaluated sum hi + lo, |lo| ≤ ulp(hi) (or about it).
struct Pair {
  double hi;
  double lo;
};

// a + b = s + e exactly (Knuth's two-sum, any magnitudes).
inline Pair two_sum(double a, double b) {
  const double s = a + b;
  const double bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

// a·b = p + e exactly (Dekker's product with Veltkamp's 26 + 27-bit halves; no FMA, so the same on
// every machine). Exact when no intermediate overflows or underflows.
inline Pair split(double a) {
  const double t = 0x1.0000002p+27 * a;  // (2^27 + 1)·a
  const double hi = t - (t - a);
  return {hi, a - hi};
}
inline Pair two_prod(double a, double b) {
  const double p = a * b;
  const Pair sa = split(a);
  const Pair sb = split(b);
  return {p, ((sa.hi * sb.hi - p) + sa.hi * sb.lo + sa.lo * sb.hi) + sa.lo * sb.lo};
}

inline constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

// x rounded to the nearest integer (ties to even), |x| < 2^51: adding 1.5·2^52 leaves no bits
// below the units, and subtracting it again is exact. Two additions, no library call.
inline constexpr double round_to_integer_shift = 0x1.8p52;
inline double nearest_integer(double x) { return (x + round_to_integer_shift) - round_to_integer_shift; }

// 2^k, k ∈ [−1022, 1023].
inline double power_of_two(int k) { return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52); }

}  // namespace lpm::math
