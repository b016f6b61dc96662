#include "spice/body_rotation.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "base/angles.hpp"
#include "base/calendar.hpp"
#include "base/portable_trig.hpp"
#include "spice/error.hpp"
#include "spice/text_kernel.hpp"

namespace lpm::spice {
namespace {

constexpr double seconds_per_century = 86400.0 * 36525.0;

std::vector<double> polynomial(const TextKernelPool& pool, const std::string& name) {
  auto values = pool.numbers(name);  // throws naming the variable when missing
  if (values.empty()) throw SpiceError(fmt::format("kernel variable {} is empty", name));
  return values;
}

std::vector<double> optional_numbers(const TextKernelPool& pool, const std::string& name) {
  return pool.has(name) ? pool.numbers(name) : std::vector<double>{};
}

// Value and derivative of Σ c_k x^k (Horner).
struct PolyValue {
  double value = 0;
  double derivative = 0;
};
PolyValue evaluate(const std::vector<double>& c, double x) {
  PolyValue p;
  for (std::size_t k = c.size(); k-- > 0;) {
    p.derivative = p.derivative * x + p.value;
    p.value = p.value * x + c[k];
  }
  return p;
}

}  // namespace

BodyRotationModel body_rotation_model(const TextKernelPool& pool, int body) {
  BodyRotationModel m;
  m.body = body;
  const std::string prefix = fmt::format("BODY{}_", body);
  m.pole_ra_deg = polynomial(pool, prefix + "POLE_RA");
  m.pole_dec_deg = polynomial(pool, prefix + "POLE_DEC");
  m.prime_meridian_deg = polynomial(pool, prefix + "PM");
  m.nut_prec_ra_deg = optional_numbers(pool, prefix + "NUT_PREC_RA");
  m.nut_prec_dec_deg = optional_numbers(pool, prefix + "NUT_PREC_DEC");
  m.nut_prec_pm_deg = optional_numbers(pool, prefix + "NUT_PREC_PM");

  if (pool.has(prefix + "CONSTANTS_REF_FRAME")) {
    auto v = pool.numbers(prefix + "CONSTANTS_REF_FRAME");
    if (v.size() != 1) throw SpiceError(fmt::format("kernel variable {}CONSTANTS_REF_FRAME must hold 1 value", prefix));
    m.reference_frame = static_cast<int>(v[0]);
  }
  if (pool.has(prefix + "CONSTANTS_JED_EPOCH")) {
    auto v = pool.numbers(prefix + "CONSTANTS_JED_EPOCH");
    if (v.size() != 1) throw SpiceError(fmt::format("kernel variable {}CONSTANTS_JED_EPOCH must hold 1 value", prefix));
    m.epoch_offset_s = (v[0] - 2451545.0) * seconds_per_day;
  }

  const std::size_t terms = std::max({m.nut_prec_ra_deg.size(), m.nut_prec_dec_deg.size(), m.nut_prec_pm_deg.size()});
  if (terms > 0) {
    // Satellites and planets (3-digit ids) use their barycentre's angles (pck.req).
    const int system = body >= 100 && body <= 999 ? body / 100 : body;
    const std::string angles_name = fmt::format("BODY{}_NUT_PREC_ANGLES", system);
    const std::string degree_name = fmt::format("BODY{}_MAX_PHASE_DEGREE", system);
    std::size_t per_angle = 2;  // constant and rate, unless the kernel says otherwise
    if (pool.has(degree_name)) {
      auto v = pool.numbers(degree_name);
      if (v.size() != 1 || v[0] < 1 || v[0] > 10)
        throw SpiceError(fmt::format("kernel variable {} must hold one degree 1..10", degree_name));
      per_angle = static_cast<std::size_t>(v[0]) + 1;
    }
    auto flat = pool.numbers(angles_name);  // throws naming it when missing
    if (flat.size() % per_angle != 0 || flat.size() / per_angle < terms)
      throw SpiceError(
          fmt::format("kernel variable {} has {} values: too few for the {} nutation-precession "
                      "terms of BODY{}",
                      angles_name, flat.size(), terms, body));
    for (std::size_t i = 0; i < terms; ++i)
      m.nut_prec_angles_deg.emplace_back(flat.begin() + static_cast<std::ptrdiff_t>(i * per_angle),
                                         flat.begin() + static_cast<std::ptrdiff_t>((i + 1) * per_angle));
  }
  return m;
}

RotationState body_rotation(const BodyRotationModel& m, double et) {
  const double t_s = et - m.epoch_offset_s;
  const double d = t_s / seconds_per_day;
  const double T = d / 36525.0;

  PolyValue ra = evaluate(m.pole_ra_deg, T), dec = evaluate(m.pole_dec_deg, T);
  PolyValue w = evaluate(m.prime_meridian_deg, d);
  // Rates per second.
  double ra_rate = ra.derivative / seconds_per_century;
  double dec_rate = dec.derivative / seconds_per_century;
  double w_rate = w.derivative / seconds_per_day;
  double ra_deg = ra.value, dec_deg = dec.value, w_deg = w.value;

  for (std::size_t i = 0; i < m.nut_prec_angles_deg.size(); ++i) {
    PolyValue angle = evaluate(m.nut_prec_angles_deg[i], T);
    const double e = radians_from_degrees(angle.value);
    const double e_rate = radians_from_degrees(angle.derivative) / seconds_per_century;
    const double s = math::sin(e), c = math::cos(e);
    if (i < m.nut_prec_ra_deg.size()) {
      ra_deg += m.nut_prec_ra_deg[i] * s;
      ra_rate += m.nut_prec_ra_deg[i] * c * e_rate;
    }
    if (i < m.nut_prec_dec_deg.size()) {
      dec_deg += m.nut_prec_dec_deg[i] * c;
      dec_rate -= m.nut_prec_dec_deg[i] * s * e_rate;
    }
    if (i < m.nut_prec_pm_deg.size()) {
      w_deg += m.nut_prec_pm_deg[i] * s;
      w_rate += m.nut_prec_pm_deg[i] * c * e_rate;
    }
  }
  w_deg = std::fmod(w_deg, 360.0);

  const int axes[3] = {3, 1, 3};
  const double angles[3] = {radians_from_degrees(w_deg), radians_from_degrees(90.0 - dec_deg),
                            radians_from_degrees(90.0 + ra_deg)};
  const double rates[3] = {radians_from_degrees(w_rate), radians_from_degrees(-dec_rate),
                           radians_from_degrees(ra_rate)};
  return euler_rotation(axes, angles, rates);
}

}  // namespace lpm::spice
