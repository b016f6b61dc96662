#include "pipeline/settings.hpp"

#include <fmt/format.h>

#include "base/constants.hpp"
#include "base/version.hpp"

namespace lpm::pipeline {

const char* to_string(FitMethod method) { return method == FitMethod::lillis ? "lillis" : "halekas"; }

const char* to_string(KappaMethod method) { return method == KappaMethod::reference ? "reference" : "joint"; }

// How the reported U_surface and its interval are made (fit/losscone_fitter.cpp, docs/method.md
// §3): Halekas, the median and central 68 % of the Poisson likelihood of the counts; Lillis, its
// χ²'s minimum (the posterior median on a flat minimum) and its χ² posterior.
const char* u_surface_estimate(FitMethod method) {
  return method == FitMethod::lillis ? "chi2_minimum" : "poisson_posterior_median";
}

std::string moon_frame_name(std::string_view choice) {
  if (choice == "pa") return "MOON_PA";
  if (choice == "me") return "MOON_ME";
  return "IAU_MOON";
}

std::string settings_json(const PipelineSettings& s) {
  std::string override_v = s.u_spacecraft_override_v ? fmt::format("{}", *s.u_spacecraft_override_v) : "null";
  return fmt::format(
      "{{\"version\": \"{}\", \"kappa_method\": \"{}\", \"losscone_fit_method\": \"{}\", \"u_spacecraft_override_v\": {}, "
      "\"emit_u_width_qc\": {}, \"u_width_identifiable_max_v\": {}, \"moon_frame\": \"{}\", "
      "\"lunar_radius_km\": {}, \"normalization\": \"ratio_mean_incident\", \"u_surface_estimate\": \"{}\", "
      "\"losscone_bounds\": {{\"u_surface_v\": [{:g}, {:g}], \"bs_over_bm\": [{:g}, {:g}], \"beam_amp\": [{:g}, {:g}]}}, "
      "\"losscone_beam\": {{\"width_ev\": {:g}, \"pitch_sigma_deg\": {:g}, \"background\": {:g}}}, "
      "\"kappa_bounds\": {{\"kappa\": [{:g}, {:g}], \"log10_theta_m_s\": [{:g}, {:g}], "
      "\"measured_log10_theta_m_s\": [{:g}, {:g}]}}, "
      "\"photoelectron_mask_v\": {{\"margin\": {:g}, \"first\": {:g}}}, \"ambient_density_floor_m3\": {:g}, "
      "\"day_potential_range_v\": [{:g}, {:g}], \"day_current_points\": {}}}",
      program_version, to_string(s.kappa_method), to_string(s.fit_method), override_v,
      s.emit_u_width_qc ? "true" : "false", s.u_width_identifiable_max_v, s.moon_frame, lunar_radius_km,
      u_surface_estimate(s.fit_method), losscone_u_surface_min_v, losscone_u_surface_max_v, losscone_bs_over_bm_min,
      losscone_bs_over_bm_max, losscone_beam_amp_min, losscone_beam_amp_max, losscone_beam_width_ev,
      losscone_beam_pitch_sigma_deg, losscone_background, kappa_min, kappa_max, log10_theta_min_m_s,
      log10_theta_max_m_s, measured_log10_theta_min_m_s, log10_theta_max_m_s, photoelectron_mask_margin_v,
      photoelectron_first_mask_v, ambient_density_floor_m3, day_potential_min_v, day_potential_max_v,
      day_current_points);
}

}  // namespace lpm::pipeline
