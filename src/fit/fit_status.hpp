#pragma once
// Per-spectrum status code: why a spectrum has (or has no) fit (SPEC §4, SPEC §5 `spec_status`).
// Shared by the κ/U_sc stage and the loss-cone stage; values are written to the NPZ as int8,
// so never renumber an existing code.

#include <cstdint>

namespace lpm::fit {

enum class FitStatus : std::int8_t {
  fitted = 0,        // a fit was made and accepted
  no_valid_bins,     // no finite, positive data bin to fit
  too_few_bins,      // fewer valid bins than free parameters + margin
  rejected_by_chi2,  // fit made but its χ² failed the acceptance test
  u_sc_failed,       // spacecraft potential could not be determined
  kappa_fit_failed,  // κ fit impossible (no / fewer than 3 valid energy steps)
  geometry_invalid,  // SPICE / attitude / pitch-angle geometry unavailable for some row (then never fitted)
  not_connected,     // field line does not reach the Moon (polarity 0)
  dropped_on_input,  // spectrum removed while reading (bad |B|, epoch time, row count)
  u_sc_at_limit,     // U_sc sits at a limit of the day charging model (0 or 150 V): not a measurement
  unconstrained,     // the profile χ²(U) reaches both ends of the U range: the data do not single out a U
  at_bound,          // U's interval reaches an end of the U range: "at least this far", value kept
};

// Number of codes (the last one + 1): size of per-status tables.
inline constexpr int fit_status_count = static_cast<int>(FitStatus::at_bound) + 1;

// Whether a spectrum with this status carries a U_surface value (`spec_has_fit`): an accepted fit,
// or a fit whose interval is open at an end of the U range (at_bound: "at least this far").
constexpr bool has_surface_value(FitStatus status) {
  return status == FitStatus::fitted || status == FitStatus::at_bound;
}

// Short snake_case name of the code, as documented in the README.
const char* to_string(FitStatus status);

}  // namespace lpm::fit
