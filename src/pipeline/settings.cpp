#include "pipeline/settings.hpp"

#include <cmath>

#include <fmt/format.h>

#include "base/constants.hpp"

namespace lpm::pipeline {

const char* to_string(FitMethod method) { return method == FitMethod::lillis ? "lillis" : "halekas"; }

std::string settings_json(const PipelineSettings& s) {
  std::string override_v = s.u_spacecraft_override_v ? fmt::format("{:.17g}", *s.u_spacecraft_override_v) : "null";
  return fmt::format(
      "{{\"version\": \"{}\", \"losscone_fit_method\": \"{}\", \"u_spacecraft_override_v\": {}, "
      "\"emit_u_width_qc\": {}, \"u_width_identifiable_max_v\": {:.17g}, \"moon_frame\": \"{}\", "
      "\"lunar_radius_km\": {:.17g}, \"normalization\": \"ratio_mean_incident\", "
      "\"losscone_bounds\": {{\"u_surface_v\": [-2000, 20], \"bs_over_bm\": [0.3, 1.1], \"beam_amp\": [0, 5]}}, "
      "\"kappa_bounds\": {{\"kappa\": [2.5, 6], \"log10_theta_m_s\": [6, 8]}}}}",
      program_version, to_string(s.fit_method), override_v, s.emit_u_width_qc ? "true" : "false",
      s.u_width_identifiable_max_v, s.moon_frame, lunar_radius_km);
}

}  // namespace lpm::pipeline
