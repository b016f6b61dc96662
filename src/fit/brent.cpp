#include "fit/brent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace lpm::fit {

RootResult find_root_brent(const std::function<double(double)>& f, double a, double b,
                           double xtol, double rtol, int max_iterations) {
  RootResult r;
  double fa = f(a), fb = f(b);
  r.evaluations = 2;
  if (std::isnan(fa) || std::isnan(fb) || (fa > 0.0) == (fb > 0.0)) {
    if (fa == 0.0 || fb == 0.0) {
      r.x = fa == 0.0 ? a : b;
      r.converged = true;
      return r;
    }
    r.x = std::numeric_limits<double>::quiet_NaN();
    r.fx = r.x;
    return r;
  }
  // b: best estimate; a: previous b; c: the other end of the bracket [b, c].
  double c = a, fc = fa, d = b - a, e = d;
  for (int iter = 0; iter < max_iterations; ++iter) {
    if ((fb > 0.0) == (fc > 0.0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (std::abs(fc) < std::abs(fb)) {  // keep b the better end
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const double tol = 0.5 * (xtol + rtol * std::abs(b));
    const double m = 0.5 * (c - b);
    if (fb == 0.0 || std::abs(m) <= tol) {
      r.x = b;
      r.fx = fb;
      r.converged = true;
      return r;
    }
    if (std::abs(e) >= tol && std::abs(fa) > std::abs(fb)) {
      // Inverse quadratic interpolation (secant when only two distinct points).
      double p, q;
      const double s = fb / fa;
      if (a == c) {
        p = 2.0 * m * s;
        q = 1.0 - s;
      } else {
        const double qa = fa / fc, rb = fb / fc;
        p = s * (2.0 * m * qa * (qa - rb) - (b - a) * (rb - 1.0));
        q = (qa - 1.0) * (rb - 1.0) * (s - 1.0);
      }
      if (p > 0.0) q = -q; else p = -p;
      if (2.0 * p < std::min(3.0 * m * q - std::abs(tol * q), std::abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;  // interpolation not trusted: bisect
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += std::abs(d) > tol ? d : (m > 0.0 ? tol : -tol);
    fb = f(b);
    ++r.evaluations;
    if (std::isnan(fb)) break;
  }
  r.x = b;
  r.fx = fb;
  return r;
}

MinimumResult minimize_brent(const std::function<double(double)>& f, double a, double b,
                             double xtol, double rtol, int max_iterations) {
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
      if (q > 0.0) p = -p; else q = -q;
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
      v = w; fv = fw;
      w = x; fw = fx;
      x = u; fx = fu;
    } else {
      (u < x ? a : b) = u;
      if (fu <= fw || w == x) {
        v = w; fv = fw;
        w = u; fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u; fv = fu;
      }
    }
  }
  r.x = x;
  r.fx = fx;
  return r;
}

}  // namespace lpm::fit
