#pragma once
// Whether a spectrum's surface potential can be fitted at all, and if not, the status that says
// why (SPEC §4): the order of the checks is the contract of `spec_status` codes 4–9.

#include <optional>

#include "fit/fit_status.hpp"

namespace lpm::pipeline {

struct SurfacePreconditions {
  bool any_row_connected = false;        // some row's field line reaches the Moon
  bool any_row_geometry_failed = false;  // some row has a geometry status other than ok (no footpoint)
  bool plasma_fitted = false;            // n, T, κ found (or U_sc given by --u-spacecraft)
  double u_spacecraft_v = 0.0;           // NaN: not found
  bool u_spacecraft_at_limit = false;    // sunlit U_sc at 0 or 150 V
};

// nullopt: go on to the loss-cone fit; otherwise the spectrum's status.
std::optional<fit::FitStatus> surface_precondition_status(const SurfacePreconditions& p);

}  // namespace lpm::pipeline
