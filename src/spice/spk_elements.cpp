// SPK types 5 (two-body propagation between discrete states) and 17 (precessing equinoctial
// elements), after the algorithms described in NAIF's spk.req / SPKE05 / EQNCPV headers.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "base/constants.hpp"
#include "base/portable_math.hpp"
#include "base/portable_trig.hpp"
#include "spice/error.hpp"
#include "spice/spk_segment_data.hpp"

namespace lpm::spice {
namespace {

// Stumpff functions c2(psi) = (1 - cos sqrt(psi))/psi and c3(psi) = (sqrt(psi) - sin sqrt(psi))/psi^1.5
// (hyperbolic forms for psi < 0); power series near 0 where the closed forms cancel.
void stumpff(double psi, double& c2, double& c3) {
  if (std::abs(psi) < 4.0) {
    double term2 = 0.5, term3 = 1.0 / 6.0;
    c2 = 0;
    c3 = 0;
    for (int k = 0; k < 30; ++k) {
      c2 += term2;
      c3 += term3;
      term2 *= -psi / ((2.0 * k + 3) * (2.0 * k + 4));
      term3 *= -psi / ((2.0 * k + 4) * (2.0 * k + 5));
    }
  } else if (psi > 0) {
    double s = std::sqrt(psi);
    double half = math::sin(s / 2);
    c2 = 2 * half * half / psi;
    c3 = (s - math::sin(s)) / (psi * s);
  } else {
    double s = std::sqrt(-psi);
    c2 = (math::cosh(s) - 1) / -psi;
    c3 = (math::sinh(s) - s) / (-psi * s);
  }
}

}  // namespace

StateVector propagate_two_body(const StateVector& state, double gm, double dt) {
  const Vec3& r0v = state.position_km;
  const Vec3& v0v = state.velocity_km_s;
  const double r0 = norm(r0v);
  if (!(r0 > 0) || !(gm > 0)) throw SpiceError("two-body propagation needs a non-zero position and positive GM");
  if (dt == 0) return state;
  const double sqrt_mu = std::sqrt(gm);
  const double rv = dot(r0v, v0v) / sqrt_mu;
  const double alpha = 2 / r0 - dot(v0v, v0v) / gm;  // 1/a

  // Elliptic orbits: reduce dt modulo the period so chi stays small (accuracy).
  double t = dt;
  if (alpha > 0) {
    const double period = 2 * pi / (std::sqrt(gm) * alpha * std::sqrt(alpha));
    t = std::remainder(dt, period);
  }
  // Universal Kepler equation F(chi) = sqrt(mu) t; F is increasing (F' = r > 0): bracket, then
  // Newton steps kept inside the bracket (bisection fallback).
  auto kepler = [&](double chi, double& r) {
    double psi = alpha * chi * chi, c2, c3;
    stumpff(psi, c2, c3);
    r = chi * chi * c2 + rv * chi * (1 - psi * c3) + r0 * (1 - psi * c2);
    return rv * chi * chi * c2 + (1 - alpha * r0) * chi * chi * chi * c3 + r0 * chi - sqrt_mu * t;
  };
  double guess = alpha > 0 ? sqrt_mu * t * alpha : sqrt_mu * t / r0;
  double lo = guess, hi = guess, r = 0;
  double step = std::max(std::abs(guess), 1e-3);
  for (int i = 0; i < 200 && kepler(lo, r) > 0; ++i, step *= 2) lo -= step;
  step = std::max(std::abs(guess), 1e-3);
  for (int i = 0; i < 200 && kepler(hi, r) < 0; ++i, step *= 2) hi += step;
  if (!(kepler(lo, r) <= 0 && kepler(hi, r) >= 0)) throw SpiceError("two-body propagation did not converge");
  double chi = guess;
  for (int it = 0; it < 200; ++it) {
    double f = kepler(chi, r);
    if (f == 0) break;
    (f < 0 ? lo : hi) = chi;
    double next = chi - f / r;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == chi || hi - lo <= 4 * std::numeric_limits<double>::epsilon() * std::abs(chi)) {
      chi = next;
      break;
    }
    chi = next;
  }
  double psi = alpha * chi * chi, c2, c3;
  stumpff(psi, c2, c3);
  kepler(chi, r);
  const double f = 1 - chi * chi / r0 * c2;
  const double g = t - chi * chi * chi / sqrt_mu * c3;
  const double fdot = sqrt_mu / (r * r0) * chi * (psi * c3 - 1);
  const double gdot = 1 - chi * chi / r * c2;
  return {f * r0v + g * v0v, fdot * r0v + gdot * v0v};
}

StateVector evaluate_two_body_states(const SegmentData& seg, double et) {
  const std::size_t n = seg.state_count;
  const double* epochs = seg.words.data() + seg.epochs_offset;
  auto state_at = [&](std::size_t i) {
    const double* s = seg.words.data() + 6 * i;
    return StateVector{{s[0], s[1], s[2]}, {s[3], s[4], s[5]}};
  };
  // Bracketing epochs t1 <= et <= t2; outside the epoch range both are the nearest end.
  std::size_t i2 = first_epoch_at_or_after(epochs, n, et);
  std::size_t i1;
  if (i2 == 0) {
    i1 = 0;
  } else if (i2 == n) {
    i1 = i2 = n - 1;
  } else {
    i1 = i2 - 1;
  }
  const double t1 = epochs[i1], t2 = epochs[i2];
  if (t1 == t2) return propagate_two_body(state_at(i1), seg.gm_km3_s2, et - t1);
  const StateVector s1 = propagate_two_body(state_at(i1), seg.gm_km3_s2, et - t1);
  const StateVector s2 = propagate_two_body(state_at(i2), seg.gm_km3_s2, et - t2);
  // Blend with W = 1/2 + 1/2 cos(pi (t - t1)/(t2 - t1)), whose slope vanishes at both epochs.
  const double arg = (et - t1) * pi / (t2 - t1);
  const double w = 0.5 + 0.5 * math::cos(arg);
  const double dw = -0.5 * math::sin(arg) * pi / (t2 - t1);
  StateVector out;
  for (int k = 0; k < 3; ++k) {
    out.position_km[k] = w * s1.position_km[k] + (1 - w) * s2.position_km[k];
    out.velocity_km_s[k] =
        w * s1.velocity_km_s[k] + (1 - w) * s2.velocity_km_s[k] + dw * (s1.position_km[k] - s2.position_km[k]);
  }
  return out;
}

StateVector evaluate_equinoctial(const SegmentData& seg, double et) {
  // Words: epoch, a, h, k, mean longitude, p, q, d(periapsis longitude)/dt, d(mean longitude)/dt,
  // d(node)/dt, pole RA, pole Dec (spk.req type 17).
  const double* e = seg.words.data();
  const double epoch = e[0], a = e[1], h0 = e[2], k0 = e[3], l0 = e[4], p0 = e[5], q0 = e[6];
  const double dlp_dt = e[7], dml_dt = e[8], dnode_dt = e[9], ra = e[10], dec = e[11];
  if (!(a > 0)) throw SpiceError(fmt::format("type 17 semi-major axis {} is not positive", a));
  if (std::hypot(h0, k0) > 0.9) throw SpiceError("type 17 eccentricity exceeds 0.9");
  if (dml_dt == 0) throw SpiceError("type 17 mean longitude rate is zero");
  const double dt = et - epoch;

  // Periapsis longitude and node advance uniformly: rotate (h, k) and (p, q).
  const double dlp = dt * dlp_dt, dnode = dt * dnode_dt;
  const double h = h0 * math::cos(dlp) + k0 * math::sin(dlp);
  const double k = k0 * math::cos(dlp) - h0 * math::sin(dlp);
  const double p = p0 * math::cos(dnode) + q0 * math::sin(dnode);
  const double q = q0 * math::cos(dnode) - p0 * math::sin(dnode);

  // Mean longitude, then eccentric longitude F from lambda = F + h cos F - k sin F (Newton).
  const double lambda = l0 + std::fmod(dml_dt * dt, 2 * pi);
  double big_f = lambda;
  for (int it = 0; it < 50; ++it) {
    const double residual = big_f + h * math::cos(big_f) - k * math::sin(big_f) - lambda;
    const double slope = 1 - h * math::sin(big_f) - k * math::cos(big_f);
    const double step = residual / slope;
    big_f -= step;
    if (std::abs(step) < 1e-16 * std::max(1.0, std::abs(big_f))) break;
  }
  const double sf = math::sin(big_f), cf = math::cos(big_f);
  const double beta = 1 / (1 + std::sqrt(1 - h * h - k * k));  // Broucke's beta

  // Orbit-plane position and velocity, with periapsis precession corrections.
  const double x1 = a * ((1 - beta * h * h) * cf + h * k * beta * sf - k);
  const double y1 = a * ((1 - beta * k * k) * sf + h * k * beta * cf - h);
  const double rb = h * sf + k * cf;
  const double r = a * (1 - rb);
  const double ra_fac = dml_dt * a * a / r;
  const double dx1 = ra_fac * (-sf + h * beta * rb);
  const double dy1 = ra_fac * (cf - k * beta * rb);
  const double nfac = 1 - dlp_dt / dml_dt;
  const double prate = dlp_dt - dnode_dt;  // argument of periapsis rate
  const double dx = nfac * dx1 - prate * y1;
  const double dy = nfac * dy1 + prate * x1;

  // Equinoctial basis vectors f, g in the planet's mean equator frame.
  const double di = 1 / (1 + p * p + q * q);
  const Vec3 vf{(1 - p * p + q * q) * di, 2 * p * q * di, -2 * p * di};
  const Vec3 vg{2 * p * q * di, (1 + p * p - q * q) * di, 2 * q * di};
  const Vec3 pos_eq = x1 * vf + y1 * vg;
  const Vec3 node_motion{-dnode_dt * pos_eq[1], dnode_dt * pos_eq[0], 0};
  const Vec3 vel_eq = node_motion + dx * vf + dy * vg;

  // Mean equator (pole RA, Dec; x axis = node of the equator on the reference xy plane) to the
  // segment's frame.
  const double sa = math::sin(ra), ca = math::cos(ra), sd = math::sin(dec), cd = math::cos(dec);
  const Mat3 to_frame{{{-sa, -ca * sd, ca * cd}, {ca, -sa * sd, sa * cd}, {0, cd, sd}}};
  return {to_frame * pos_eq, to_frame * vel_eq};
}

}  // namespace lpm::spice
