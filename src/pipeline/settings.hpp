#pragma once
// Every setting of a pipeline run that changes the numbers (SPEC §2 `batch` flags). Written to
// the output as `meta_settings` (JSON) so a cache says how it was made.

#include <optional>
#include <string>
#include <string_view>

#include "base/version.hpp"  // program_version: meta_version and meta_settings

namespace lpm::pipeline {

enum class FitMethod { halekas, lillis };
const char* to_string(FitMethod method);

// How n, κ, T and U_sc are found: `joint` (fit/plasma_fit.hpp, the default) or `reference`
// (the Python reference's moment density + fit + U_sc iteration, P§2–3).
enum class KappaMethod { joint, reference };
const char* to_string(KappaMethod method);
const char* u_surface_estimate(FitMethod method);  // the meta_settings key u_surface_estimate

struct PipelineSettings {
  FitMethod fit_method = FitMethod::halekas;
  KappaMethod kappa_method = KappaMethod::joint;
  std::optional<double> u_spacecraft_override_v;  // --u-spacecraft: skips the charging model
  bool emit_u_width_qc = false;                   // write the reference's U-width QC keys too
  double u_width_identifiable_max_v = 200.0;
  std::string moon_frame = "IAU_MOON";  // IAU_MOON (reference), MOON_PA or MOON_ME
};

// The body-fixed frame of a --moon-frame choice: "iau" → IAU_MOON, "pa" → MOON_PA, "me" → MOON_ME.
std::string moon_frame_name(std::string_view choice);

// JSON object of every setting and fixed fit constant (for `meta_settings`).
std::string settings_json(const PipelineSettings& settings);

}  // namespace lpm::pipeline
