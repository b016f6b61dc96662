#include "fit/brent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace lpm::fit {

RootResult find_root_brent(const std::function<double(double)>& f, double a, double b, double xtol, double rtol,
                           int max_iterations) {
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
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
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
      if (p > 0.0)
        q = -q;
      else
        p = -p;
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

}  // namespace lpm::fit
