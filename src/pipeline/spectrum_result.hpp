#pragma once
// What the pipeline keeps of one spectrum: its rows' geometry and the spectrum's fit. Only these
// results outlive a file (streaming), never the raw flux tables.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/constants.hpp"
#include "fit/fit_status.hpp"

namespace lpm::pipeline {

struct RowResult {
  std::string utc;   // as in the table (rows_utc)
  std::string time;  // as in the table (rows_time)
  double spacecraft_lat_deg = 0, spacecraft_lon_deg = 0;
  double projection_lat_deg = 0, projection_lon_deg = 0;
  bool spacecraft_in_sun = false, projection_in_sun = false;
  std::int8_t polarity = 0;
  // At the footpoint (geometry::RowGeometry); NaN unless connected.
  double solar_zenith_deg = std::numeric_limits<double>::quiet_NaN();
  double local_time_h = std::numeric_limits<double>::quiet_NaN();
  double field_normal_angle_deg = std::numeric_limits<double>::quiet_NaN();
  std::int8_t environment_class = 0;
  std::int8_t geometry_status = 0;
};

// One self-consistent U_sc with its ambient plasma (fit::PlasmaCandidate), kept while the
// spectrum's own data cannot choose among several (choose_by_neighbours, usc_continuity.hpp).
struct UscAlternative {
  double u_spacecraft_v = 0, electron_temperature_ev = 0, electron_density_m3 = 0, kappa = 0;
};

struct SpectrumResult {
  std::int64_t spec_no = 0;     // after the per-file offset (P§1.5)
  std::int32_t file_index = 0;  // index into the run's `files`
  std::array<RowResult, er_rows_per_spectrum> rows;
  double u_surface_v = 0, u_surface_lower_v = 0, u_surface_upper_v = 0;
  double bs_over_bm = 0, beam_amp = 0, fit_chi2 = 0;
  double u_spacecraft_v = 0;
  double u_spacecraft_lower_v = 0, u_spacecraft_upper_v = 0;  // 68 % interval (NaN: none)
  std::int8_t u_spacecraft_candidates = 0;  // self-consistent U_sc the data leave (0: reference method)
  // Every candidate (ascending U_sc) when there are several and no loss cone was fitted, so that
  // only the plasma values depend on the choice; else empty. Not written out.
  std::vector<UscAlternative> u_spacecraft_alternatives;
  double electron_temperature_ev = 0, electron_density_m3 = 0, kappa = 0;
  double u_width_v = 0;  // width of the 68 % interval (fit/profile_likelihood.hpp)
  bool u_identifiable = false;
  fit::FitStatus status = fit::FitStatus::fitted;
  std::string geometry_message;  // why the first failed row has no geometry (SPICE/UTC text), else empty
};

}  // namespace lpm::pipeline
