#pragma once
// One-dimensional root finding and minimisation by Brent's methods (Brent 1973, "Algorithms
// for Minimization without Derivatives", ch. 4 and 5). Generic: any double(double) function.

#include <functional>

namespace lpm::fit {

struct RootResult {
  double x = 0.0;       // root estimate (NaN when the interval does not bracket a root)
  double fx = 0.0;      // f(x)
  int evaluations = 0;
  bool converged = false;  // false: no sign change, NaN met, or max_iterations reached
};

// Root of f in [a, b] where f(a), f(b) differ in sign (or one is 0). Stops when the bracket
// is narrower than 2·(xtol + rtol·|x|) (scipy.optimize.brentq's defaults).
RootResult find_root_brent(const std::function<double(double)>& f, double a, double b,
                           double xtol = 2e-12, double rtol = 8.881784197001252e-16,
                           int max_iterations = 100);

struct MinimumResult {
  double x = 0.0;
  double fx = 0.0;
  int evaluations = 0;
  bool converged = false;
};

// Local minimum of f on [a, b] (golden section + parabolic steps); ends within
// 2·(rtol·|x| + xtol) of a local minimiser. The end points themselves are not evaluated.
MinimumResult minimize_brent(const std::function<double(double)>& f, double a, double b,
                             double xtol = 1e-10, double rtol = 1.4901161193847656e-08,
                             int max_iterations = 200);

}  // namespace lpm::fit
