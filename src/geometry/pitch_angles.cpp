#include "geometry/pitch_angles.hpp"

#include <algorithm>
#include <cmath>

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

CellElevations cell_elevations(std::span<const double, er_channels> theta_deg) {
  CellElevations e;
  for (int k = 0; k < er_channels; ++k) {
    const double theta = radians_from_degrees(theta_deg[k]);
    e.cos_theta[k] = math::cos(theta);
    e.sin_theta[k] = math::sin(theta);
  }
  return e;
}

ChannelAngles pitch_angles(const Vec3& b_scd, std::span<const double, er_channels> phi_deg,
                           const CellElevations& elevations, double sign) {
  ChannelAngles result;
  const double length = norm(b_scd);
  if (!(sign != 0.0) || !std::isfinite(sign) || !(length > 0.0) || !std::isfinite(length)) {
    result.fill(nan);
    return result;
  }
  const Vec3 field = (sign / length) * b_scd;
  for (int k = 0; k < er_channels; ++k) {
    const double phi = radians_from_degrees(phi_deg[k]);
    const double cos_theta = elevations.cos_theta[k];
    const Vec3 look{math::cos(phi) * cos_theta, math::sin(phi) * cos_theta, elevations.sin_theta[k]};
    // std::clamp passes NaN through, so a fill φ gives a NaN angle.
    result[k] = degrees_from_radians(math::acos(std::clamp(dot(field, look), -1.0, 1.0)));
  }
  return result;
}

ChannelAngles kappa_pitch_angles(const Vec3& b_scd, std::span<const double, er_channels> phi_deg,
                                 const CellElevations& elevations) {
  return pitch_angles(b_scd, phi_deg, elevations, -1.0);
}

ChannelAngles losscone_pitch_angles(const Vec3& b_scd, std::span<const double, er_channels> phi_deg,
                                    const CellElevations& elevations, std::int8_t polarity) {
  return pitch_angles(b_scd, phi_deg, elevations, static_cast<double>(polarity));
}

}  // namespace lpm::geometry
