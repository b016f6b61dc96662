#include "fit/fit_status.hpp"

namespace lpm::fit {

const char* to_string(FitStatus status) {
  switch (status) {
    case FitStatus::fitted: return "fitted";
    case FitStatus::no_valid_bins: return "no_valid_bins";
    case FitStatus::too_few_bins: return "too_few_bins";
    case FitStatus::rejected_by_chi2: return "rejected_by_chi2";
    case FitStatus::u_sc_failed: return "u_sc_failed";
    case FitStatus::kappa_fit_failed: return "kappa_fit_failed";
    case FitStatus::geometry_invalid: return "geometry_invalid";
    case FitStatus::not_connected: return "not_connected";
    case FitStatus::dropped_on_input: return "dropped_on_input";
    case FitStatus::u_sc_at_limit: return "u_sc_at_limit";
    case FitStatus::unconstrained: return "unconstrained";
    case FitStatus::at_bound: return "at_bound";
  }
  return "unknown";
}

}  // namespace lpm::fit
