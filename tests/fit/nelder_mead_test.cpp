// The one Nelder–Mead of fit/ (fit/nelder_mead.hpp) on functions with known minima, in both
// spellings of its steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "fit/nelder_mead.hpp"

using namespace lpm::fit;

namespace {

NelderMeadVertex best_of(const std::array<NelderMeadVertex, 3>& v) {
  return *std::min_element(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.f < b.f; });
}

std::array<NelderMeadVertex, 3> run(NelderMeadSteps steps, const NelderMeadBox& box, double x0, double y0,
                                    double (*f)(double, double)) {
  auto make = [&](double x, double y) { return nelder_mead_vertex(f, box, x, y); };
  NelderMeadSettings s;
  s.steps = steps;
  s.f_absolute = 1e-300;
  s.size_tolerance = 1e-9;
  return nelder_mead(
      f, box,
      {make(x0, y0), make(nelder_mead_step(x0, 0.3, box.x_hi), y0), make(x0, nelder_mead_step(y0, 0.3, box.y_hi))}, s);
}

double rosenbrock(double x, double y) { return 100.0 * (y - x * x) * (y - x * x) + (1.0 - x) * (1.0 - x); }
double tilted(double x, double y) { return (x - 3.0) * (x - 3.0) + 2.0 * (y + 0.5) * (y + 0.5) + 0.5 * x * y; }

}  // namespace

TEST(NelderMead, FindsTheRosenbrockMinimumInBothSpellings) {
  for (const NelderMeadSteps steps : {NelderMeadSteps::along_ray, NelderMeadSteps::affine}) {
    const NelderMeadVertex b = best_of(run(steps, {-2.0, 2.0, -1.0, 3.0}, -1.2, 1.0, rosenbrock));
    EXPECT_NEAR(b.x, 1.0, 1e-4);
    EXPECT_NEAR(b.y, 1.0, 1e-4);
    EXPECT_LT(b.f, 1e-8);
  }
}

TEST(NelderMead, StaysInTheBoxAndFindsTheMinimumOnItsEdge) {
  // Unconstrained minimum at x ≈ 3.43 lies outside x ≤ 1: the box minimum is on the edge x = 1,
  // where ∂f/∂y = 4(y + 0.5) + 0.5 = 0 gives y = −0.625.
  for (const NelderMeadSteps steps : {NelderMeadSteps::along_ray, NelderMeadSteps::affine}) {
    const auto simplex = run(steps, {-1.0, 1.0, -1.0, 1.0}, 0.0, 0.0, tilted);
    for (const NelderMeadVertex& v : simplex) {
      EXPECT_GE(v.x, -1.0);
      EXPECT_LE(v.x, 1.0);
      EXPECT_GE(v.y, -1.0);
      EXPECT_LE(v.y, 1.0);
    }
    const NelderMeadVertex b = best_of(simplex);
    EXPECT_DOUBLE_EQ(b.x, 1.0);
    EXPECT_NEAR(b.y, -0.625, 1e-6);
  }
}

TEST(NelderMead, InitialStepTurnsBackAtTheUpperBound) {
  EXPECT_EQ(nelder_mead_step(0.9, 0.2, 1.0), 0.9 - 0.2);
  EXPECT_EQ(nelder_mead_step(0.5, 0.2, 1.0), 0.5 + 0.2);
}

TEST(NelderMead, IsDeterministic) {
  const auto a = run(NelderMeadSteps::affine, {-2.0, 2.0, -1.0, 3.0}, -1.2, 1.0, rosenbrock);
  const auto b = run(NelderMeadSteps::affine, {-2.0, 2.0, -1.0, 3.0}, -1.2, 1.0, rosenbrock);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(a[k].x, b[k].x);
    EXPECT_EQ(a[k].y, b[k].y);
    EXPECT_EQ(a[k].f, b[k].f);
  }
}
