// Brent root finding and minimisation on functions with known answers.
#include <gtest/gtest.h>

#include <cmath>

#include "fit/brent.hpp"

using namespace lpm::fit;

TEST(BrentRoot, FindsRootOfCubic) {
  // x³ − 2x − 5 = 0 (Wallis' equation): 2.0945514815423265
  const RootResult r = find_root_brent([](double x) { return x * x * x - 2.0 * x - 5.0; }, 2.0, 3.0);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x, 2.0945514815423265, 1e-11);
  EXPECT_LT(r.evaluations, 20);
}

TEST(BrentRoot, FindsRootOfTranscendental) {
  const RootResult r = find_root_brent([](double x) { return std::cos(x) - x; }, 0.0, 1.0);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x, 0.7390851332151607, 1e-11);
}

TEST(BrentRoot, HonoursAbsoluteTolerance) {
  const RootResult r = find_root_brent([](double x) { return std::exp(x) - 2.0; }, -100.0, 100.0, 1e-3);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x, std::log(2.0), 1e-3);
}

TEST(BrentRoot, ReportsUnbracketedInterval) {
  const RootResult r = find_root_brent([](double x) { return x * x + 1.0; }, -1.0, 2.0);
  EXPECT_FALSE(r.converged);
  EXPECT_TRUE(std::isnan(r.x));
}

TEST(BrentRoot, AcceptsRootAtEndPoint) {
  const RootResult r = find_root_brent([](double x) { return x - 1.0; }, 1.0, 4.0);
  EXPECT_TRUE(r.converged);
  EXPECT_EQ(r.x, 1.0);
}

TEST(BrentRoot, StopsOnNan) {
  const RootResult r = find_root_brent([](double x) { return x > 0.3 ? std::nan("") : x - 0.5; }, 0.0, 1.0);
  EXPECT_FALSE(r.converged);
}

TEST(BrentMinimum, FindsParabolaVertex) {
  const MinimumResult m = minimize_brent([](double x) { return (x - 2.0) * (x - 2.0) + 1.0; }, -5.0, 7.0);
  EXPECT_TRUE(m.converged);
  EXPECT_NEAR(m.x, 2.0, 1e-7);
  EXPECT_NEAR(m.fx, 1.0, 1e-14);
}

TEST(BrentMinimum, FindsCosineMinimumAtPi) {
  const MinimumResult m = minimize_brent([](double x) { return std::cos(x); }, 2.0, 5.0, 1e-12, 1e-10);
  EXPECT_TRUE(m.converged);
  EXPECT_NEAR(m.x, M_PI, 1e-6);
}

TEST(BrentMinimum, MonotoneFunctionEndsNearTheLowerBound) {
  const MinimumResult m = minimize_brent([](double x) { return x; }, 1.0, 3.0);
  EXPECT_NEAR(m.x, 1.0, 1e-6);
}
