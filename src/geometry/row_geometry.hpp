#pragma once
// Geometry of one ER row (D§5.2 steps 4-13) from its ephemeris, spin axis and field: pure
// maths, no SPICE. compute_geometry.hpp fills RowEphemeris from the kernels.
//
// Frame names: "_iau" means the body-fixed Moon frame chosen in GeometryOptions (IAU_MOON by
// default, MOON_PA or MOON_ME on request); "_ecl" means ECLIPJ2000 (the attitude frame).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/constants.hpp"
#include "geometry/vectors.hpp"
#include "io/attitude.hpp"

namespace lpm::geometry {

// Why a row's geometry is (partly) unknown. Fix of a reference quirk (D§5.3): the reference
// gives failed rows NaN geometry but spacecraft_in_sun = True; here every row that is not ok
// has its status and both sun flags are false unless the spacecraft part is known.
//   bad_utc .. bad_ephemeris: nothing is known; every output NaN, polarity 0, flags false.
//   sun_along_spin_axis, bad_field: spacecraft lat/lon and spacecraft_in_sun are valid (as in
//     the reference); B̂, footpoint and projection_in_sun are not.
// "Not connected" (the straight field line misses the Moon both ways, or hits it both ways
// from inside) is a valid outcome, not a failure: status ok, polarity 0, footpoint NaN.
enum class GeometryStatus : std::int8_t {
  ok = 0,
  bad_utc,               // the row's UTC could not be converted to ET
  spk_unavailable,       // an SPK state failed (no data for LP, the Moon or the Sun at et)
  frame_unavailable,     // a frame rotation failed (ECLIPJ2000 → J2000 → Moon frame)
  attitude_unavailable,  // et outside the attitude table's coverage
  bad_ephemeris,         // the kernels returned non-finite numbers or a zero LP→Sun vector
  sun_along_spin_axis,   // SCD frame undefined: |ŝ − (ŝ·ẑ)ẑ| < 1e−8 (D§5.2 step 6)
  bad_field,             // B non-finite or zero (D§5.2 step 8)
  count_                 // number of codes (keep last)
};
inline constexpr std::size_t geometry_status_count = static_cast<std::size_t>(GeometryStatus::count_);
const char* to_string(GeometryStatus status);

// Everything the kernels give for one row, at the row's ET (D§4.2 "equivalent minimal computation").
struct RowEphemeris {
  double et = 0.0;           // TDB seconds past J2000
  Vec3 lp_pos_iau{};         // LP wrt Moon centre, km
  Vec3 sun_from_lp_iau{};    // Sun wrt LP, km
  Vec3 sun_from_lp_ecl{};    // Sun wrt LP, ECLIPJ2000, km (defines the SCD x-axis)
  Vec3 sun_from_moon_iau{};  // Sun wrt Moon centre, km
  Mat3 ecl_to_iau{};         // ECLIPJ2000 → Moon frame rotation at et
};

// D§4.2 step 5: the row's ephemeris from two J2000 positions wrt the Moon's centre and the
// two rotations (J2000 → Moon frame at et, ECLIPJ2000 → J2000 constant).
RowEphemeris make_row_ephemeris(double et, const Vec3& lp_wrt_moon_j2000, const Vec3& sun_wrt_moon_j2000,
                                const Mat3& j2000_to_moon, const Mat3& ecl_to_j2000);

struct RowGeometry {
  GeometryStatus status = GeometryStatus::ok;
  double et = 0.0;                            // NaN when the UTC could not be converted
  double sc_lat_deg = 0.0, sc_lon_deg = 0.0;  // spacecraft, planetocentric, lon ∈ (−180, 180]
  double fp_lat_deg = 0.0, fp_lon_deg = 0.0;  // footpoint; NaN unless connected
  std::int8_t polarity = 0;                   // +1/−1: Moon reached along ±B̂; 0: not connected
  bool spacecraft_in_sun = false;             // LP→Sun ray misses the Moon (false if unknown)
  bool projection_in_sun = false;             // footpoint sunlit (connected rows only)
  double solar_zenith_deg = nan;              // Sun's zenith angle at the footpoint (illumination.hpp)
  double local_time_h = nan;                  // lunar local time of the footpoint, [0, 24)
  double field_normal_angle_deg = nan;        // field line vs surface normal at the footpoint, 0..90°
  Vec3 b_iau{};                               // unit field direction in the Moon frame
  Vec3 footpoint_km{};                        // hit on the sphere; NaN unless connected
  Mat3 scd_to_iau{};                          // SCD → Moon frame rotation

  bool connected() const { return polarity != 0; }
};

// A row about which nothing is known (every number NaN, polarity 0, both flags false).
RowGeometry unknown_row_geometry(GeometryStatus status, double et);

// D§5.2 steps 4-13 for one row. b_scd_nt is the field in the SCD frame (any unit, only its
// direction matters). Never throws; problems become the status (see GeometryStatus).
RowGeometry compute_row_geometry(const RowEphemeris& ephemeris, const io::SpinAxis& spin, const Vec3& b_scd_nt,
                                 double radius_km = lunar_radius_km);

// Counts for the end-of-run report.
struct GeometrySummary {
  std::size_t rows = 0;
  std::size_t connected_rows = 0;
  std::array<std::size_t, geometry_status_count> rows_by_status{};
};
GeometrySummary summarize_geometry(std::span<const RowGeometry> rows);

}  // namespace lpm::geometry
