#include "product/cache_schema.hpp"

namespace lpm::product {

std::optional<fit::FitStatus> status_from_code(int code) {
  if (code < 0 || code >= fit::fit_status_count) return std::nullopt;
  return static_cast<fit::FitStatus>(code);
}

const char* status_name(int code) {
  auto status = status_from_code(code);
  return status ? fit::to_string(*status) : "unknown";
}

const char* status_meaning(int code) {
  auto status = status_from_code(code);
  if (!status) return "a code this version does not know";
  switch (*status) {
    case fit::FitStatus::fitted: return "a fit was made and accepted";
    case fit::FitStatus::no_valid_bins: return "no finite, positive data bin to fit";
    case fit::FitStatus::too_few_bins: return "fewer valid bins than free parameters and margin";
    case fit::FitStatus::rejected_by_chi2: return "fit made but its chi2 failed the acceptance test";
    case fit::FitStatus::u_sc_failed: return "spacecraft potential could not be determined";
    case fit::FitStatus::kappa_fit_failed: return "kappa fit impossible (fewer than 3 valid energy steps)";
    case fit::FitStatus::geometry_invalid: return "SPICE, attitude or pitch-angle geometry unavailable";
    case fit::FitStatus::not_connected: return "field line does not reach the Moon";
    case fit::FitStatus::dropped_on_input: return "removed while reading (bad |B|, time or row count)";
    case fit::FitStatus::u_sc_at_limit: return "U_sc at a limit of the day charging model: not a measurement";
    case fit::FitStatus::unconstrained: return "chi2(U) reaches both ends of the U range: no U singled out";
    case fit::FitStatus::at_bound: return "U's interval reaches an end of the U range: at least this far";
  }
  return "a code this version does not know";
}

pipeline::EnvironmentClass environment_from_code(int code) {
  if (code < 0 || code >= environment_class_count) return pipeline::EnvironmentClass::unknown;
  return static_cast<pipeline::EnvironmentClass>(code);
}

}  // namespace lpm::product
