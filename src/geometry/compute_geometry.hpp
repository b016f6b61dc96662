#pragma once
// Geometry of many ER rows from the kernels and the attitude table (D§4.2, D§5.2): the SPICE
// glue around compute_row_geometry. A failure in one row becomes that row's status code
// (NaN geometry, both sun flags false); the run continues.

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/constants.hpp"
#include "base/naif_ids.hpp"
#include "geometry/row_geometry.hpp"
#include "io/attitude.hpp"
#include "io/er_table.hpp"
#include "spice/kernel_set.hpp"

namespace lpm::geometry {

struct GeometryOptions {
  std::string moon_frame = "IAU_MOON";      // output frame: IAU_MOON (reference), MOON_PA, MOON_ME
  double moon_radius_km = lunar_radius_km;  // the spherical Moon of D§5.2
};

struct EphemerisLookup {
  GeometryStatus status = GeometryStatus::ok;  // ok, spk_unavailable or frame_unavailable
  RowEphemeris ephemeris;                      // valid only when status is ok
  std::string message;                         // the SpiceError text when not ok
};

// The kernel calls of D§4.2 at et: LP and Sun wrt the Moon (J2000, geometric) and the
// J2000 → moon_frame rotation; ecl_to_j2000 is the constant ECLIPJ2000 → J2000 rotation.
// Never throws SpiceError: a failed state gives spk_unavailable, a failed rotation frame_unavailable.
EphemerisLookup lookup_row_ephemeris(const spice::KernelSet& kernels, double et, std::string_view moon_frame,
                                     const Mat3& ecl_to_j2000);

// The first error text seen for each status, for the end-of-run report (empty if none).
struct GeometryMessages {
  std::array<std::string, geometry_status_count> first;
};

// One RowGeometry per row, in order. UTC failure → bad_utc; SPICE failure → spk_unavailable /
// frame_unavailable; et outside the attitude table → attitude_unavailable (see GeometryStatus).
// Rows with the same UTC string as the row before reuse its ephemeris and spin axis.
// Deterministic and independent per row, so callers may split rows across threads.
std::vector<RowGeometry> compute_geometry(std::span<const io::ErRow> rows, const spice::KernelSet& kernels,
                                          const io::AttitudeSeries& attitude, const GeometryOptions& options = {},
                                          GeometryMessages* messages = nullptr);

}  // namespace lpm::geometry
