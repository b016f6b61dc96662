#pragma once
// One-dimensional root finding and minimisation by Brent's methods (Brent 1973, "Algorithms
// for Minimization without Derivatives", ch. 4 and 5). Generic: any double(double) function.

#include <cmath>
#include <functional>
#include <utility>

namespace lpm::fit {

struct RootResult {
  double x = 0.0;   // root estimate (NaN when the interval does not bracket a root)
  double fx = 0.0;  // f(x)
  int evaluations = 0;
  bool converged = false;  // false: no sign change, NaN met, or max_iterations reached
};

// Root of f in [a, b] where f(a), f(b) differ in sign (or one is 0). Stops when the bracket
// is narrower than 2·(xtol + rtol·|x|) (scipy.optimize.brentq's defaults).
RootResult find_root_brent(const std::function<double(double)>& f, double a, double b, double xtol = 2e-12,
                           double rtol = 8.881784197001252e-16, int max_iterations = 100);

struct MinimumResult {
  double x = 0.0;
  double fx = 0.0;
  int evaluations = 0;
  bool converged = false;
};

// Local minimum of f on [a, b] (golden section + parabolic steps); ends within
// 2·(rtol·|x| + xtol) of a local minimiser. The end points themselves are not evaluated.
// A template so hot callers (the loss-cone search) inline f.
template <class F>
MinimumResult minimize_brent(F&& f, double a, double b, double xtol = 1e-10, double rtol = 1.4901161193847656e-08,
                             int max_iterations = 200) {
  constexpr double golden = 0.3819660112501051;  // (3 − √5)/2
  if (a > b) std::swap(a, b);
  double x = a + golden * (b - a), w = x, v = x;
  double fx = f(x), fw = fx, fv = fx;
  double d = 0.0, e = 0.0;
  MinimumResult r;
  r.evaluations = 1;
  for (int iter = 0; iter < max_iterations; ++iter) {
    const double mid = 0.5 * (a + b);
    const double tol1 = rtol * std::abs(x) + xtol, tol2 = 2.0 * tol1;
    if (std::abs(x - mid) <= tol2 - 0.5 * (b - a)) {
      r.converged = true;
      break;
    }
    bool golden_step = true;
    if (std::abs(e) > tol1) {  // try a parabola through x, w, v
      double rr = (x - w) * (fx - fv), q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * rr;
      q = 2.0 * (q - rr);
      if (q > 0.0)
        p = -p;
      else
        q = -q;
      if (std::abs(p) < std::abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const double u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < mid ? tol1 : -tol1;
        golden_step = false;
      }
    }
    if (golden_step) {
      e = (x < mid ? b : a) - x;
      d = golden * e;
    }
    const double u = x + (std::abs(d) >= tol1 ? d : (d > 0.0 ? tol1 : -tol1));
    const double fu = f(u);
    ++r.evaluations;
    if (fu <= fx) {
      (u < x ? b : a) = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      (u < x ? a : b) = u;
      if (fu <= fw || w == x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u;
        fv = fu;
      }
    }
  }
  r.x = x;
  r.fx = fx;
  return r;
}

}  // namespace lpm::fit
