// The portable trigonometric functions (base/portable_trig.hpp) against long double references
// (glibc's x87-precision sinl, cosl, atanl, atan2l, asinl, acosl: 11 more bits than a double and
// an independent argument reduction) and the special values of C99 Annex F. Arguments come from a
// fixed-seed std::mt19937_64 through hand-written mappings, so every platform draws the same ones.
#include "base/portable_trig.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace lpm::math {
namespace {

constexpr int samples = 200'000;
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double max_ulp = 1.0;
// The doubles nearest π/4, π/2, 3π/4 and π (π = 0x3.243f6a8885a308d3…).
constexpr double pi_4 = 0x1.921fb54442d18p-1;
constexpr double pi_2 = 0x1.921fb54442d18p+0;
constexpr double three_pi_4 = 0x1.2d97c7f3321d2p+1;
constexpr double pi = 0x1.921fb54442d18p+1;

// Uniform in [0, 1) from the top 53 bits of a draw.
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

double uniform(std::mt19937_64& rng, double lo, double hi) { return lo + (hi - lo) * unit(rng); }

// ±2^e·(1 + f), e uniform in [lo, hi] (below −1022: subnormals), f from random bits: log-uniform.
double log_uniform(std::mt19937_64& rng, int lo, int hi) {
  const std::uint64_t draw = rng();
  const int e = lo + static_cast<int>(draw % static_cast<std::uint64_t>(hi - lo + 1));
  const double magnitude = std::ldexp(1.0 + static_cast<double>(rng() >> 12) * 0x1p-52, e);
  return (draw >> 63) ? -magnitude : magnitude;
}

// Any finite double, from its bit pattern (so every exponent is as likely as every other).
double any_finite(std::mt19937_64& rng) {
  for (;;) {
    const double x = std::bit_cast<double>(rng());
    if (std::isfinite(x)) return x;
  }
}

// |got − want| in units of the last place of a double at want (2^(e − 52) for |want| ∈ [2^e, 2^(e + 1)),
// 2^-1074 among subnormals).
double ulp_error(double got, long double want) {
  if (std::isnan(want)) return std::isnan(got) ? 0.0 : inf;
  int e = 0;
  std::frexp(want, &e);  // |want| ∈ [2^(e − 1), 2^e)
  const long double ulp = std::ldexp(1.0L, std::max(e - 53, -1074));
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

struct Worst {
  double error = 0.0;
  double y = 0.0;
  double x = 0.0;
};

std::string describe(const Worst& w) {
  char text[128];
  std::snprintf(text, sizeof text, "%.3f ulp at y = %a, x = %a", w.error, w.y, w.x);
  return text;
}

// The largest error of f against ref over `samples` arguments from draw.
Worst worst_of(std::uint64_t seed, const std::function<double(std::mt19937_64&)>& draw, double (*f)(double),
               long double (*ref)(long double)) {
  std::mt19937_64 rng(seed);
  Worst worst;
  for (int i = 0; i < samples; ++i) {
    const double x = draw(rng);
    const double e = ulp_error(f(x), ref(static_cast<long double>(x)));
    if (e > worst.error) worst = {e, 0.0, x};
  }
  return worst;
}

Worst worst_of_atan2(std::uint64_t seed, const std::function<std::pair<double, double>(std::mt19937_64&)>& draw) {
  std::mt19937_64 rng(seed);
  Worst worst;
  for (int i = 0; i < samples; ++i) {
    const auto [y, x] = draw(rng);
    const double e = ulp_error(atan2(y, x), std::atan2(static_cast<long double>(y), static_cast<long double>(x)));
    if (e > worst.error) worst = {e, y, x};
  }
  return worst;
}

long double sin_l(long double x) { return std::sin(x); }
long double cos_l(long double x) { return std::cos(x); }
long double atan_l(long double x) { return std::atan(x); }
long double asin_l(long double x) { return std::asin(x); }
long double acos_l(long double x) { return std::acos(x); }

// Checks sin and cos over one range of arguments, seeds apart so the two see different ones.
void expect_sin_and_cos_within(std::uint64_t seed, const std::function<double(std::mt19937_64&)>& draw) {
  const Worst s = worst_of(seed, draw, sin, sin_l);
  const Worst c = worst_of(seed + 1, draw, cos, cos_l);
  EXPECT_LE(s.error, max_ulp) << "sin: " << describe(s);
  EXPECT_LE(c.error, max_ulp) << "cos: " << describe(c);
  std::printf("    sin %.3f ulp, cos %.3f ulp\n", s.error, c.error);
}

TEST(PortableTrig, SinAndCosAreWithinOneUlpOfTheLongDoubleValueForSmallArguments) {
  expect_sin_and_cos_within(11, [](std::mt19937_64& rng) { return uniform(rng, -1e-3, 1e-3); });
  // Down to the subnormals, where sin x = x.
  expect_sin_and_cos_within(13, [](std::mt19937_64& rng) { return log_uniform(rng, -1074, -10); });
}

TEST(PortableTrig, SinAndCosAreWithinOneUlpOfTheLongDoubleValueOnTheKernelRange) {
  expect_sin_and_cos_within(21, [](std::mt19937_64& rng) { return uniform(rng, -pi_4, pi_4); });
}

TEST(PortableTrig, SinAndCosAreWithinOneUlpOfTheLongDoubleValueUpToTenRadians) {
  expect_sin_and_cos_within(31, [](std::mt19937_64& rng) { return uniform(rng, -10.0, 10.0); });
}

TEST(PortableTrig, SinAndCosAreWithinOneUlpOfTheLongDoubleValueOnTheGeometryRange) {
  expect_sin_and_cos_within(41, [](std::mt19937_64& rng) { return uniform(rng, -1e5, 1e5); });
}

// The hard cases of the reduction: doubles within a few ulps of n·π/2, where x − n·π/2 cancels to as
// little as 2^-61 (x = RN(29·π/2) ≈ 45.55). Half the n below 2^21 (both sides of the 2^20 switch to
// the Payne–Hanek reduction), half below 2^40.
TEST(PortableTrig, SinAndCosAreWithinOneUlpOfTheLongDoubleValueNearMultiplesOfHalfPi) {
  const auto near_multiple = [](std::mt19937_64& rng) {
    const int bits = (rng() & 1) ? 21 : 40;
    const auto n = static_cast<long double>(1 + rng() % (std::uint64_t{1} << bits));
    double x = static_cast<double>(n * std::acos(-1.0L) / 2);
    for (int steps = static_cast<int>(rng() % 7) - 3; steps != 0; steps += steps > 0 ? -1 : 1)
      x = std::nextafter(x, steps > 0 ? inf : 0.0);
    return (rng() & 1) ? -x : x;
  };
  expect_sin_and_cos_within(51, near_multiple);
  EXPECT_LE(ulp_error(sin(0x1.6c6cbc45dc8dep+5), sin_l(0x1.6c6cbc45dc8dep+5)), max_ulp);
  EXPECT_LE(ulp_error(cos(0x1.6c6cbc45dc8dep+5), cos_l(0x1.6c6cbc45dc8dep+5)), max_ulp);
}

// Beyond the geometry range the reduction is the exact one of 2/π's bits: still correctly rounded
// but for the last bit, and the promise kept is a relative error of 1e-9 up to 1e9.
TEST(PortableTrig, SinAndCosHaveARelativeErrorBelow1e9thUpTo1e9Radians) {
  std::mt19937_64 rng(61);
  double worst = 0.0;
  for (int i = 0; i < samples; ++i) {
    const double x = log_uniform(rng, 16, 29);  // |x| from 65 536 to 2^30 ≈ 1.07e9
    const long double s = sin_l(x), c = cos_l(x);
    worst = std::max(worst, static_cast<double>(std::fabs((sin(x) - s) / s)));
    worst = std::max(worst, static_cast<double>(std::fabs((cos(x) - c) / c)));
    ASSERT_LE(ulp_error(sin(x), s), max_ulp) << x;
    ASSERT_LE(ulp_error(cos(x), c), max_ulp) << x;
  }
  EXPECT_LE(worst, 1e-9);
  std::printf("    largest relative error %.2e\n", worst);
}

TEST(PortableTrig, SinAndCosAreWithinOneUlpOfTheLongDoubleValueForAnyFiniteArgument) {
  expect_sin_and_cos_within(71, any_finite);
}

TEST(PortableTrig, AtanIsWithinOneUlpOfTheLongDoubleValueOnEveryDecade) {
  const Worst unit_range = worst_of(
      81, [](std::mt19937_64& rng) { return uniform(rng, -1.0, 1.0); }, atan, atan_l);
  const Worst decades = worst_of(
      82, [](std::mt19937_64& rng) { return log_uniform(rng, -60, 60); }, atan, atan_l);
  const Worst tiny = worst_of(
      83, [](std::mt19937_64& rng) { return log_uniform(rng, -1074, -20); }, atan, atan_l);
  const Worst any = worst_of(84, any_finite, atan, atan_l);
  EXPECT_LE(unit_range.error, max_ulp) << describe(unit_range);
  EXPECT_LE(decades.error, max_ulp) << describe(decades);
  EXPECT_LE(tiny.error, max_ulp) << describe(tiny);
  EXPECT_LE(any.error, max_ulp) << describe(any);
  std::printf("    atan: [-1, 1] %.3f, 2^±60 %.3f, tiny %.3f, any %.3f ulp\n", unit_range.error, decades.error,
              tiny.error, any.error);
}

TEST(PortableTrig, Atan2IsWithinOneUlpOfTheLongDoubleValueInEveryQuadrant) {
  const Worst square = worst_of_atan2(91, [](std::mt19937_64& rng) {
    const double y = uniform(rng, -10.0, 10.0);
    return std::pair{y, uniform(rng, -10.0, 10.0)};
  });
  // Magnitudes up to 2^±70 apart around 1.
  const Worst apart = worst_of_atan2(92, [](std::mt19937_64& rng) {
    const double y = log_uniform(rng, -35, 35);
    return std::pair{y, log_uniform(rng, -35, 35)};
  });
  // Both anywhere in the doubles, so the ratio also under- and overflows.
  const Worst any = worst_of_atan2(93, [](std::mt19937_64& rng) {
    const double y = any_finite(rng);
    return std::pair{y, any_finite(rng)};
  });
  // Both subnormal or both near the largest double.
  const Worst extremes = worst_of_atan2(94, [](std::mt19937_64& rng) {
    const bool small = rng() & 1;
    const double y = small ? log_uniform(rng, -1074, -1020) : log_uniform(rng, 1000, 1023);
    return std::pair{y, small ? log_uniform(rng, -1074, -1020) : log_uniform(rng, 1000, 1023)};
  });
  EXPECT_LE(square.error, max_ulp) << describe(square);
  EXPECT_LE(apart.error, max_ulp) << describe(apart);
  EXPECT_LE(any.error, max_ulp) << describe(any);
  EXPECT_LE(extremes.error, max_ulp) << describe(extremes);
  std::printf("    atan2: [-10, 10]² %.3f, 2^±35 %.3f, any %.3f, extremes %.3f ulp\n", square.error, apart.error,
              any.error, extremes.error);
}

TEST(PortableTrig, AsinAndAcosAreWithinOneUlpOfTheLongDoubleValueOnTheirDomain) {
  const auto whole = [](std::mt19937_64& rng) { return uniform(rng, -1.0, 1.0); };
  const auto near_one = [](std::mt19937_64& rng) {
    const double d = std::fabs(log_uniform(rng, -53, -2));
    return (rng() & 1) ? -(1.0 - d) : 1.0 - d;
  };
  const auto near_zero = [](std::mt19937_64& rng) { return log_uniform(rng, -1074, -2); };
  const Worst results[6] = {worst_of(101, whole, asin, asin_l),     worst_of(102, whole, acos, acos_l),
                            worst_of(103, near_one, asin, asin_l),  worst_of(104, near_one, acos, acos_l),
                            worst_of(105, near_zero, asin, asin_l), worst_of(106, near_zero, acos, acos_l)};
  for (const Worst& w : results) EXPECT_LE(w.error, max_ulp) << describe(w);
  std::printf("    asin: [-1, 1] %.3f, near ±1 %.3f, near 0 %.3f ulp; acos: %.3f, %.3f, %.3f ulp\n", results[0].error,
              results[2].error, results[4].error, results[1].error, results[3].error, results[5].error);
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

TEST(PortableTrig, SinAndCosOfNanAndInfinityAreNanAndOfZeroAreSignedZeroAndOne) {
  for (const double x : {nan, inf, -inf}) {
    EXPECT_TRUE(std::isnan(sin(x))) << x;
    EXPECT_TRUE(std::isnan(cos(x))) << x;
  }
  EXPECT_TRUE(same_bits(sin(0.0), 0.0));
  EXPECT_TRUE(same_bits(sin(-0.0), -0.0));
  EXPECT_TRUE(same_bits(sin(-0x1p-1074), -0x1p-1074));
  EXPECT_EQ(cos(0.0), 1.0);
  EXPECT_EQ(cos(-0.0), 1.0);
}

TEST(PortableTrig, SinIsOddAndCosIsEven) {
  std::mt19937_64 rng(111);
  for (int i = 0; i < 10'000; ++i) {
    const double x = log_uniform(rng, -30, 40);
    EXPECT_TRUE(same_bits(sin(-x), -sin(x))) << x;
    EXPECT_TRUE(same_bits(cos(-x), cos(x))) << x;
  }
}

TEST(PortableTrig, AtanOfInfinityIsHalfPiAndOfSignedZeroIsThatZero) {
  EXPECT_TRUE(std::isnan(atan(nan)));
  EXPECT_TRUE(same_bits(atan(inf), pi_2));
  EXPECT_TRUE(same_bits(atan(-inf), -pi_2));
  EXPECT_TRUE(same_bits(atan(0.0), 0.0));
  EXPECT_TRUE(same_bits(atan(-0.0), -0.0));
  EXPECT_TRUE(same_bits(atan(1.0), pi_4));
  EXPECT_TRUE(same_bits(atan(-1.0), -pi_4));
  EXPECT_TRUE(same_bits(atan(std::numeric_limits<double>::max()), pi_2));
  EXPECT_TRUE(same_bits(atan(0x1p-1074), 0x1p-1074));
}

TEST(PortableTrig, Atan2FollowsAnnexFForZerosInfinitiesAndNan) {
  struct Case {
    double y, x, want;
  };
  const Case cases[] = {
      {0.0, -0.0, pi},  {-0.0, -0.0, -pi},   {0.0, 0.0, 0.0},         {-0.0, 0.0, -0.0},
      {0.0, -2.0, pi},  {-0.0, -2.0, -pi},   {0.0, 2.0, 0.0},         {-0.0, 2.0, -0.0},
      {0.0, -inf, pi},  {-0.0, -inf, -pi},   {0.0, inf, 0.0},         {-0.0, inf, -0.0},
      {2.0, 0.0, pi_2}, {2.0, -0.0, pi_2},   {-2.0, 0.0, -pi_2},      {-2.0, -0.0, -pi_2},
      {2.0, -inf, pi},  {-2.0, -inf, -pi},   {2.0, inf, 0.0},         {-2.0, inf, -0.0},
      {inf, 2.0, pi_2}, {inf, -2.0, pi_2},   {-inf, 2.0, -pi_2},      {-inf, -2.0, -pi_2},
      {inf, 0.0, pi_2}, {-inf, -0.0, -pi_2}, {inf, -inf, three_pi_4}, {-inf, -inf, -three_pi_4},
      {inf, inf, pi_4}, {-inf, inf, -pi_4},  {1.0, 1.0, pi_4},        {-1.0, -1.0, -three_pi_4},
  };
  for (const Case& c : cases) EXPECT_TRUE(same_bits(atan2(c.y, c.x), c.want)) << c.y << ", " << c.x;
  for (const double v : {0.0, -0.0, 1.0, inf, -inf}) {
    EXPECT_TRUE(std::isnan(atan2(nan, v))) << v;
    EXPECT_TRUE(std::isnan(atan2(v, nan))) << v;
  }
}

TEST(PortableTrig, AsinAndAcosAreNanOutsideTheirDomainAndExactAtItsEnds) {
  for (const double x : {nan, inf, -inf, 1.0000000000000002, -1.0000000000000002, 2.0, -1e300}) {
    EXPECT_TRUE(std::isnan(asin(x))) << x;
    EXPECT_TRUE(std::isnan(acos(x))) << x;
  }
  EXPECT_TRUE(same_bits(asin(1.0), pi_2));
  EXPECT_TRUE(same_bits(asin(-1.0), -pi_2));
  EXPECT_TRUE(same_bits(asin(0.0), 0.0));
  EXPECT_TRUE(same_bits(asin(-0.0), -0.0));
  EXPECT_TRUE(same_bits(acos(1.0), 0.0));
  EXPECT_TRUE(same_bits(acos(-1.0), pi));
  EXPECT_TRUE(same_bits(acos(0.0), pi_2));
  EXPECT_TRUE(same_bits(acos(-0.0), pi_2));
}

}  // namespace
}  // namespace lpm::math
