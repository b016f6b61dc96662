// The portable exp/log family (base/portable_math.hpp) against long double references (x87,
// 64-bit significands: an error of 2^-11 ulp of a double), argument by argument, and the special
// values C gives them.

#include "base/portable_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>

namespace {

namespace math = lpm::math;
constexpr double inf = std::numeric_limits<double>::infinity();

// Uniform in [lo, hi] from the generator's bits (not std::uniform_real_distribution, whose
// output the standard leaves to the library).
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : engine_(seed) {}
  double uniform(double lo, double hi) {
    const double u = static_cast<double>(engine_() >> 11) * 0x1p-53;
    return lo + (hi - lo) * u;
  }

 private:
  std::mt19937_64 engine_;
};

// |value − reference| in ulps of the reference rounded to double.
double ulps(double value, long double reference) {
  const double rounded = static_cast<double>(reference);
  if (std::isinf(rounded)) return value == rounded ? 0.0 : inf;
  const double magnitude = std::abs(rounded);
  const double ulp = std::nextafter(magnitude, inf) - magnitude;
  return static_cast<double>(std::abs(static_cast<long double>(value) - reference) / ulp);
}

// Largest error over n arguments drawn by `draw`.
double worst_ulps(int n, const std::function<double(Draws&)>& draw, const std::function<double(double)>& f,
                  const std::function<long double(long double)>& reference, std::uint64_t seed = 7) {
  Draws draws(seed);
  double worst = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = draw(draws);
    worst = std::max(worst, ulps(f(x), reference(x)));
  }
  return worst;
}

constexpr int samples = 200000;

TEST(PortableExp, IsWithinOneUlpOfTheLongDoubleValueOverItsWholeRange) {
  auto f = [](double x) { return math::exp(x); };
  auto ref = [](long double x) { return std::exp(x); };
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-708.0, 709.7); }, f, ref),
            1.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-1.0, 1.0); }, f, ref),
            1.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-1e-9, 1e-9); }, f, ref),
            1.0);
  // Around the reduction's breakpoints k·ln2/2, where |r| is largest.
  EXPECT_LE(worst_ulps(
                samples,
                [](Draws& d) { return std::round(d.uniform(-40, 40)) * 0.34657359027997264 + d.uniform(-1e-6, 1e-6); },
                f, ref),
            1.0);
}

TEST(PortableExp, GivesCsSpecialValuesAndUnderflowsAndOverflowsAtTheRightPlaces) {
  EXPECT_EQ(math::exp(0.0), 1.0);
  EXPECT_EQ(math::exp(-0.0), 1.0);
  EXPECT_TRUE(std::isnan(math::exp(std::nan(""))));
  EXPECT_EQ(math::exp(inf), inf);
  EXPECT_EQ(math::exp(-inf), 0.0);
  EXPECT_EQ(math::exp(710.0), inf);
  EXPECT_EQ(math::exp(-746.0), 0.0);
  EXPECT_TRUE(std::isfinite(math::exp(709.78)));
  EXPECT_LE(ulps(math::exp(709.78), std::exp(static_cast<long double>(709.78))), 1.0);
  // Into the subnormals: one rounding of the exact value (an ulp of the subnormal grid).
  for (double x : {-709.0, -720.0, -740.0, -744.0})
    EXPECT_LE(std::abs(math::exp(x) - static_cast<double>(std::exp(static_cast<long double>(x)))), 0x1p-1074) << x;
}

TEST(PortableLog, IsWithinOneUlpOfTheLongDoubleValueOnEveryBinade) {
  auto f = [](double x) { return math::log(x); };
  auto ref = [](long double x) { return std::log(x); };
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return std::exp2(d.uniform(-1074.0, 1023.9)); }, f, ref),
            1.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(0.5, 2.0); }, f, ref),
            1.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return 1.0 + d.uniform(-1e-7, 1e-7); }, f, ref),
            1.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(0.70, 0.72); }, f, ref),
            1.0);  // around √½
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(1.40, 1.43); }, f, ref),
            1.0);  // around √2
}

TEST(PortableLog, GivesCsSpecialValues) {
  EXPECT_EQ(math::log(1.0), 0.0);
  EXPECT_EQ(math::log(0.0), -inf);
  EXPECT_EQ(math::log(-0.0), -inf);
  EXPECT_TRUE(std::isnan(math::log(-1.0)));
  EXPECT_TRUE(std::isnan(math::log(std::nan(""))));
  EXPECT_EQ(math::log(inf), inf);
  EXPECT_LE(ulps(math::log(0x1p-1074), std::log(0x1p-1074L)), 1.0);  // smallest subnormal
  EXPECT_LE(ulps(math::log(std::numeric_limits<double>::max()),
                 std::log(static_cast<long double>(std::numeric_limits<double>::max()))),
            1.0);
}

TEST(PortableLog1p, IsWithinOneAndAHalfUlpsOfTheLongDoubleValueFromMinusOneUp) {
  auto f = [](double x) { return math::log1p(x); };
  auto ref = [](long double x) { return std::log1p(x); };
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-0.999999, 1.0); }, f, ref),
            1.5);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-1e-10, 1e-10); }, f, ref),
            1.5);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return std::exp2(d.uniform(-60.0, 60.0)); }, f, ref),
            1.5);
  EXPECT_EQ(math::log1p(0.0), 0.0);
  EXPECT_EQ(math::log1p(-1.0), -inf);
  EXPECT_TRUE(std::isnan(math::log1p(-1.5)));
  EXPECT_EQ(math::log1p(1e-300), 1e-300);
}

TEST(PortableExpm1, IsWithinTwoUlpsOfTheLongDoubleValueWithNoCancellationNearZero) {
  auto f = [](double x) { return math::expm1(x); };
  auto ref = [](long double x) { return std::expm1(x); };
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-1.0, 1.0); }, f, ref),
            2.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-1e-12, 1e-12); }, f, ref),
            2.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-50.0, 700.0); }, f, ref),
            2.0);
  EXPECT_EQ(math::expm1(0.0), 0.0);
  EXPECT_EQ(math::expm1(-inf), -1.0);
}

TEST(PortableLog10, IsWithinTwoUlpsAndExactOnPowersOfTen) {
  auto f = [](double x) { return math::log10(x); };
  auto ref = [](long double x) { return std::log10(x); };
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return std::exp2(d.uniform(-1074.0, 1023.9)); }, f, ref),
            2.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(0.5, 20.0); }, f, ref),
            2.0);
  // Axis ticks take floor(log10(x)): 10^n must give n itself (exact doubles up to 10^22; the
  // nearest double to 10^-n as well).
  double p = 1.0;
  for (int n = 0; n <= 22; ++n, p *= 10.0) EXPECT_EQ(math::log10(p), n) << n;
  for (int n = 1; n <= 300; ++n) EXPECT_EQ(math::log10(std::stod("1e-" + std::to_string(n))), -n) << n;
  EXPECT_EQ(math::log10(0.0), -inf);
  EXPECT_TRUE(std::isnan(math::log10(-2.0)));
}

TEST(PortablePow, IsWithinTwoUlpsEvenWhereTheExponentIsLarge) {
  Draws draws(11);
  double worst = 0.0, worst_ten = 0.0;
  for (int i = 0; i < samples; ++i) {
    const double x = std::exp2(draws.uniform(-30.0, 30.0));
    const double y = draws.uniform(-30.0, 30.0);
    worst = std::max(worst, ulps(math::pow(x, y), std::pow(static_cast<long double>(x), static_cast<long double>(y))));
    const double t = draws.uniform(-300.0, 300.0);  // 10^t: θ from its log10 in the κ fits
    worst_ten = std::max(worst_ten, ulps(math::pow(10.0, t), std::pow(10.0L, static_cast<long double>(t))));
  }
  EXPECT_LE(worst, 2.0);
  EXPECT_LE(worst_ten, 2.0);
  EXPECT_EQ(math::pow(2.0, 10.0), 1024.0);
  EXPECT_EQ(math::pow(10.0, 3.0), 1000.0);
  EXPECT_EQ(math::pow(9.0, 0.5), 3.0);
}

TEST(PortablePow, GivesCsSpecialValues) {
  EXPECT_EQ(math::pow(std::nan(""), 0.0), 1.0);
  EXPECT_EQ(math::pow(1.0, std::nan("")), 1.0);
  EXPECT_TRUE(std::isnan(math::pow(std::nan(""), 2.0)));
  EXPECT_EQ(math::pow(0.0, 2.0), 0.0);
  EXPECT_EQ(math::pow(0.0, -2.0), inf);
  EXPECT_EQ(math::pow(-2.0, 3.0), -8.0);
  EXPECT_EQ(math::pow(-2.0, 2.0), 4.0);
  EXPECT_TRUE(std::isnan(math::pow(-2.0, 0.5)));
  EXPECT_EQ(math::pow(inf, -1.0), 0.0);
  EXPECT_EQ(math::pow(0.5, inf), 0.0);
  EXPECT_EQ(math::pow(2.0, -inf), 0.0);
}

TEST(PortableHyperbolic, SinhAndCoshAreWithinTwoUlps) {
  auto sh = [](double x) { return math::sinh(x); };
  auto ch = [](double x) { return math::cosh(x); };
  auto sh_ref = [](long double x) { return std::sinh(x); };
  auto ch_ref = [](long double x) { return std::cosh(x); };
  for (const double bound : {1e-8, 1.0, 30.0, 710.0}) {  // symmetric ranges [−bound, bound]
    auto draw = [bound](Draws& d) { return d.uniform(-bound, bound); };
    EXPECT_LE(worst_ulps(samples, draw, sh, sh_ref), 2.0) << bound;
    EXPECT_LE(worst_ulps(samples, draw, ch, ch_ref), 2.0) << bound;
  }
  EXPECT_EQ(math::sinh(0.0), 0.0);
  EXPECT_TRUE(std::signbit(math::sinh(-0.0)));
  EXPECT_EQ(math::cosh(0.0), 1.0);
}

TEST(PortableHyperbolic, AsinhIsWithinTwoUlpsFromTinyToHugeArguments) {
  auto f = [](double x) { return math::asinh(x); };
  auto ref = [](long double x) { return std::asinh(x); };
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return d.uniform(-1.0, 1.0); }, f, ref),
            2.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return std::exp2(d.uniform(-60.0, 60.0)); }, f, ref),
            2.0);
  EXPECT_LE(worst_ulps(
                samples, [](Draws& d) { return -std::exp2(d.uniform(-30.0, 300.0)); }, f, ref),
            2.0);
  EXPECT_EQ(math::asinh(0.0), 0.0);
  EXPECT_TRUE(std::signbit(math::asinh(-0.0)));
  EXPECT_EQ(math::asinh(inf), inf);
}

}  // namespace
