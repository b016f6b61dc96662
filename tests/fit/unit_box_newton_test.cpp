// Levenberg–Marquardt on the unit box (fit/detail/unit_box_newton.hpp). Expected minima come from
// brute force: a fine grid over the box, zoomed in around its best point, on the same function.
#include "fit/detail/unit_box_newton.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace lpm::fit {
namespace {

// Brute-force minimum of f on [0,1]²: a 201 × 201 grid, then 21 × 21 grids each 10× smaller
// around the best point so far (clipped to the box), down to cells of 1e-10.
UnitBoxPoint brute_force_minimum(const std::function<double(double, double)>& f) {
  UnitBoxPoint best{0.0, 0.0, f(0.0, 0.0)};
  auto scan = [&](double u0, double u1, double w0, double w1, int n) {
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double u = std::clamp(u0 + (u1 - u0) * i / (n - 1), 0.0, 1.0);
        const double w = std::clamp(w0 + (w1 - w0) * j / (n - 1), 0.0, 1.0);
        const double v = f(u, w);
        if (v < best.f) best = {u, w, v};
      }
  };
  scan(0.0, 1.0, 0.0, 1.0, 201);
  for (double half = 0.01; half > 1e-10; half *= 0.1) {
    const UnitBoxPoint c = best;
    scan(c.u - half, c.u + half, c.w - half, c.w + half, 21);
  }
  return best;
}

// A quadratic with its exact gradient and Hessian.
struct Quadratic {
  double u0, w0, huu, huw, hww;
  double value(double u, double w) const {
    const double du = u - u0, dw = w - w0;
    return 0.5 * (huu * du * du + 2.0 * huw * du * dw + hww * dw * dw);
  }
  UnitBoxQuadratic operator()(double u, double w) const {
    const double du = u - u0, dw = w - w0;
    return {value(u, w), {huu * du + huw * dw, huw * du + hww * dw}, {huu, huw, hww}};
  }
};

// Poisson deviance of counts N_i against μ_i = exp(α + β t_i + γ t_i²), α profiled (as the joint
// fit profiles n), with the Gauss–Newton curvature of the shape parameters; (β, γ) = (4u − 2, 6w − 3).
struct PoissonShape {
  static constexpr int bins = 12;
  std::array<double, bins> t{}, counts{};
  PoissonShape() {
    // Counts of a bell (β = 0.7, γ = −1.2) with a fixed, hand-picked scatter: a deviance with
    // residuals, like real data, so the Gauss–Newton matrix is not the exact Hessian.
    constexpr std::array<double, bins> scatter = {3, -2, 0, 5, -4, 1, -6, 2, 4, -3, 0, 1};
    for (int i = 0; i < bins; ++i) {
      t[i] = -1.5 + 3.0 * i / (bins - 1);
      counts[i] = std::max(0.0, std::round(80.0 * std::exp(0.7 * t[i] - 1.2 * t[i] * t[i])) + scatter[i]);
    }
  }
  UnitBoxQuadratic operator()(double u, double w) const {
    const double beta = 4.0 * u - 2.0, gamma = 6.0 * w - 3.0;
    std::array<double, bins> shape{};
    double total_n = 0.0, total_shape = 0.0;
    for (int i = 0; i < bins; ++i) {
      shape[i] = std::exp(beta * t[i] + gamma * t[i] * t[i]);
      total_n += counts[i];
      total_shape += shape[i];
    }
    const double scale = total_n / total_shape;  // profiled exp(α)
    UnitBoxQuadratic q;
    q.f = 0.0;
    double m = 0.0, mb = 0.0, mg = 0.0, mbb = 0.0, mbg = 0.0, mgg = 0.0, gb = 0.0, gg = 0.0;
    for (int i = 0; i < bins; ++i) {
      const double mu = scale * shape[i], n = counts[i];
      q.f += 2.0 * (mu - n + (n > 0.0 ? n * std::log(n / mu) : 0.0));
      const double db = t[i], dg = t[i] * t[i];  // ∂ ln μ/∂β, ∂ ln μ/∂γ
      gb += 2.0 * (mu - n) * db;
      gg += 2.0 * (mu - n) * dg;
      m += mu, mb += mu * db, mg += mu * dg, mbb += mu * db * db, mbg += mu * db * dg, mgg += mu * dg * dg;
    }
    q.grad = {4.0 * gb, 6.0 * gg};
    q.curvature = {2.0 * (mbb - mb * mb / m) * 16.0, 2.0 * (mbg - mb * mg / m) * 24.0,
                   2.0 * (mgg - mg * mg / m) * 36.0};
    return q;
  }
};

TEST(UnitBoxNewton, FindsTheInteriorMinimumOfAQuadratic) {
  const Quadratic q{0.3, 0.7, 5.0, 2.0, 3.0};
  const UnitBoxPoint p = newton_unit_box(q, {0.9, 0.1, 0.0});
  EXPECT_NEAR(p.u, 0.3, 1e-9);
  EXPECT_NEAR(p.w, 0.7, 1e-9);
}

// Minimum of the unconstrained quadratic at u = −0.4: on the box it lies on the edge u = 0, at
// the w that minimises the quadratic along that edge (brute force), and exactly on the bound.
TEST(UnitBoxNewton, MinimumOutsideTheBoxLandsExactlyOnTheBound) {
  const Quadratic q{-0.4, 0.5, 4.0, 1.5, 2.0};
  const UnitBoxPoint expected = brute_force_minimum([&](double u, double w) { return q.value(u, w); });
  const UnitBoxPoint p = newton_unit_box(q, {0.6, 0.9, 0.0});
  EXPECT_EQ(p.u, 0.0);
  EXPECT_EQ(expected.u, 0.0);
  EXPECT_NEAR(p.w, expected.w, 1e-6);
  EXPECT_LE(p.f, expected.f + 1e-12);
}

TEST(UnitBoxNewton, CornerMinimumIsTheCorner) {
  const Quadratic q{1.3, -0.2, 3.0, -0.5, 2.0};
  const UnitBoxPoint p = newton_unit_box(q, {0.2, 0.8, 0.0});
  EXPECT_EQ(p.u, 1.0);
  EXPECT_EQ(p.w, 0.0);
}

// The Gauss–Newton curvature of a Poisson deviance with residuals is not its Hessian; the
// gradient is exact, so the minimum is the deviance's own: the brute-force one to 1e-6.
TEST(UnitBoxNewton, PoissonDevianceWithGaussNewtonCurvatureReachesTheBruteForceMinimum) {
  const PoissonShape model;
  const UnitBoxPoint expected = brute_force_minimum([&](double u, double w) { return model(u, w).f; });
  for (const UnitBoxPoint start :
       {UnitBoxPoint{0.0, 0.0, 0.0}, UnitBoxPoint{1.0, 1.0, 0.0}, UnitBoxPoint{0.9, 0.05, 0.0}}) {
    const UnitBoxPoint p = newton_unit_box(model, start);
    EXPECT_NEAR(p.u, expected.u, 1e-6) << start.u << " " << start.w;
    EXPECT_NEAR(p.w, expected.w, 1e-6) << start.u << " " << start.w;
    EXPECT_LE(p.f, expected.f + 1e-9);
  }
}

// Two basins: a shallow one near the start of a local polish and the global one elsewhere; the
// grid-seeded search returns the global minimum (brute force).
TEST(UnitBoxNewton, GridSeededSearchFindsTheGlobalOfTwoMinima) {
  auto value = [](double u, double w) {
    return -std::exp(-((u - 0.2) * (u - 0.2) + (w - 0.3) * (w - 0.3)) / 0.01) -
           1.5 * std::exp(-((u - 0.75) * (u - 0.75) + (w - 0.8) * (w - 0.8)) / 0.005);
  };
  // Exact gradient; curvature: the Hessian where positive definite, else its diagonal's
  // absolute values (any positive semi-definite matrix serves: the gradient leads).
  auto model = [&](double u, double w) {
    const double h = 1e-6;
    UnitBoxQuadratic q;
    q.f = value(u, w);
    q.grad = {(value(u + h, w) - value(u - h, w)) / (2 * h), (value(u, w + h) - value(u, w - h)) / (2 * h)};
    const double k = 1e-4;
    const double huu = (value(u + k, w) - 2 * q.f + value(u - k, w)) / (k * k);
    const double hww = (value(u, w + k) - 2 * q.f + value(u, w - k)) / (k * k);
    q.curvature = {std::abs(huu), 0.0, std::abs(hww)};
    return q;
  };
  const UnitBoxPoint expected = brute_force_minimum(value);
  const UnitBoxPoint p = newton_minimise_on_unit_box<8, 11>(value, model);
  EXPECT_NEAR(expected.u, 0.75, 1e-3);
  EXPECT_NEAR(p.u, expected.u, 1e-5);
  EXPECT_NEAR(p.w, expected.w, 1e-5);
}

}  // namespace
}  // namespace lpm::fit
