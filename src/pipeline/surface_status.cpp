#include "pipeline/surface_status.hpp"

#include <cmath>

namespace lpm::pipeline {

std::optional<fit::FitStatus> surface_precondition_status(const SurfacePreconditions& p) {
  // The loss cone needs every energy step: fitted from the rows that have geometry, a spectrum
  // that straddles the end of SPK or attitude coverage would give another U than with all rows.
  if (p.any_row_geometry_failed) return fit::FitStatus::geometry_invalid;
  if (!p.any_row_connected) return fit::FitStatus::not_connected;
  if (!p.plasma_fitted) return fit::FitStatus::kappa_fit_failed;
  if (!std::isfinite(p.u_spacecraft_v)) return fit::FitStatus::u_sc_failed;
  // The day model's edge is not a measurement: no U_surface from it.
  if (p.u_spacecraft_at_limit) return fit::FitStatus::u_sc_at_limit;
  return std::nullopt;
}

}  // namespace lpm::pipeline
