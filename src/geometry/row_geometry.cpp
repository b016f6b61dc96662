#include "geometry/row_geometry.hpp"

#include <cmath>

#include "geometry/footpoint.hpp"
#include "geometry/illumination.hpp"
#include "geometry/ray_sphere.hpp"
#include "geometry/scd_frame.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

const char* to_string(GeometryStatus status) {
  switch (status) {
    case GeometryStatus::ok: return "ok";
    case GeometryStatus::bad_utc: return "bad_utc";
    case GeometryStatus::spk_unavailable: return "spk_unavailable";
    case GeometryStatus::frame_unavailable: return "frame_unavailable";
    case GeometryStatus::attitude_unavailable: return "attitude_unavailable";
    case GeometryStatus::bad_ephemeris: return "bad_ephemeris";
    case GeometryStatus::sun_along_spin_axis: return "sun_along_spin_axis";
    case GeometryStatus::bad_field: return "bad_field";
    case GeometryStatus::count_: break;
  }
  return "unknown";
}

RowEphemeris make_row_ephemeris(double et, const Vec3& lp_wrt_moon_j2000, const Vec3& sun_wrt_moon_j2000,
                                const Mat3& j2000_to_moon, const Mat3& ecl_to_j2000) {
  const Vec3 sun_from_lp_j2000 = sun_wrt_moon_j2000 - lp_wrt_moon_j2000;
  RowEphemeris e;
  e.et = et;
  e.lp_pos_iau = j2000_to_moon * lp_wrt_moon_j2000;
  e.sun_from_lp_iau = j2000_to_moon * sun_from_lp_j2000;
  e.sun_from_lp_ecl = transpose(ecl_to_j2000) * sun_from_lp_j2000;
  e.sun_from_moon_iau = j2000_to_moon * sun_wrt_moon_j2000;
  e.ecl_to_iau = j2000_to_moon * ecl_to_j2000;
  return e;
}

RowGeometry unknown_row_geometry(GeometryStatus status, double et) {
  RowGeometry row;
  row.status = status;
  row.et = et;
  row.sc_lat_deg = row.sc_lon_deg = row.fp_lat_deg = row.fp_lon_deg = nan;
  row.polarity = 0;
  row.spacecraft_in_sun = row.projection_in_sun = false;
  row.solar_zenith_deg = row.local_time_h = row.field_normal_angle_deg = nan;
  row.b_iau = row.footpoint_km = nan_vector;
  row.scd_to_iau = nan_matrix;
  return row;
}

namespace {

// The validity mask of D§5.2 step 4, split by cause.
GeometryStatus ephemeris_status(const RowEphemeris& e, const io::SpinAxis& spin) {
  if (!std::isfinite(e.et)) return GeometryStatus::bad_utc;
  if (!all_finite(e.lp_pos_iau) || !all_finite(e.sun_from_lp_iau) || !all_finite(e.sun_from_lp_ecl) ||
      !all_finite(e.sun_from_moon_iau) || !all_finite(e.ecl_to_iau) || !(norm(e.sun_from_lp_ecl) > 0.0))
    return GeometryStatus::bad_ephemeris;
  if (!std::isfinite(spin.ra_deg) || !std::isfinite(spin.dec_deg)) return GeometryStatus::attitude_unavailable;
  return GeometryStatus::ok;
}

}  // namespace

RowGeometry compute_row_geometry(const RowEphemeris& ephemeris, const io::SpinAxis& spin, const Vec3& b_scd_nt,
                                 double radius_km) {
  const GeometryStatus status = ephemeris_status(ephemeris, spin);
  if (status != GeometryStatus::ok) return unknown_row_geometry(status, ephemeris.et);

  RowGeometry row = unknown_row_geometry(GeometryStatus::ok, ephemeris.et);
  const LatLon spacecraft = planetocentric_lat_lon(ephemeris.lp_pos_iau);  // step 10
  row.sc_lat_deg = spacecraft.lat_deg;
  row.sc_lon_deg = spacecraft.lon_deg;
  row.spacecraft_in_sun = spacecraft_in_sun(ephemeris.lp_pos_iau, ephemeris.sun_from_lp_iau, radius_km);  // step 12

  // Steps 5-7: SCD → ECLIPJ2000 → Moon frame.
  const Mat3 scd_to_ecl = scd_to_ecliptic(spin_axis_ecliptic(spin.ra_deg, spin.dec_deg), ephemeris.sun_from_lp_ecl);
  if (!all_finite(scd_to_ecl)) {
    row.status = GeometryStatus::sun_along_spin_axis;
    return row;
  }
  row.scd_to_iau = ephemeris.ecl_to_iau * scd_to_ecl;

  // Step 8: unit field direction in the Moon frame.
  const double field_nt = norm(b_scd_nt);
  if (!(field_nt > 0.0) || !std::isfinite(field_nt)) {
    row.status = GeometryStatus::bad_field;
    return row;
  }
  row.b_iau = row.scd_to_iau * ((1.0 / field_nt) * b_scd_nt);

  // Steps 9, 11, 13: footpoint, its coordinates and illumination.
  const FieldLineFootpoint footpoint = connect_field_line(ephemeris.lp_pos_iau, row.b_iau, radius_km);
  row.polarity = footpoint.polarity;
  if (footpoint.connected()) {
    row.footpoint_km = footpoint.point_km;
    const LatLon projection = planetocentric_lat_lon(footpoint.point_km);
    row.fp_lat_deg = projection.lat_deg;
    row.fp_lon_deg = projection.lon_deg;
    row.projection_in_sun = projection_in_sun(footpoint.point_km, ephemeris.sun_from_moon_iau);
    const SolarAngles sun = solar_angles(footpoint.point_km, ephemeris.sun_from_moon_iau);
    row.solar_zenith_deg = sun.zenith_deg;
    row.local_time_h = sun.local_time_h;
    row.field_normal_angle_deg = field_normal_angle_deg(footpoint.point_km, row.b_iau);
  }
  return row;
}

GeometrySummary summarize_geometry(std::span<const RowGeometry> rows) {
  GeometrySummary summary;
  summary.rows = rows.size();
  for (const RowGeometry& row : rows) {
    const auto code = static_cast<std::size_t>(row.status);
    if (code < geometry_status_count) ++summary.rows_by_status[code];
    if (row.connected()) ++summary.connected_rows;
  }
  return summary;
}

}  // namespace lpm::geometry
