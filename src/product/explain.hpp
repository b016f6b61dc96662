#pragma once
// `explain` (issue 19): one cached spectrum rerun from its input table with the cache's settings,
// with everything a reader needs to judge the fit: the κ fit's data and model, the loss cone's
// normalised data, mask and model, the profile χ²(U) with its threshold, the decisions taken and
// whether the rerun reproduces the cached numbers bit for bit.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/constants.hpp"
#include "fit/losscone_objective.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"

namespace lpm::product {

// Bad input found by explain (unknown spec_no, no `files`, input table gone): exit 2.
struct ExplainInputError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The cache's settings: the known fields of meta_settings (JSON); defaults for absent ones.
// Throws ExplainInputError for a value it cannot read.
pipeline::PipelineSettings settings_from_json(const std::string& json);

// One number of the spectrum, as cached and as rerun; `same` compares the bits (NaN = NaN).
struct ComparedValue {
  std::string name;  // the cache key
  double cached = 0.0, rerun = 0.0;
  bool same = false;
};

// The κ (joint or reference) fit as flux against energy.
struct KappaView {
  // One entry per energy step with a finite, positive energy (in table order).
  std::vector<double> energy_ev;
  std::vector<double> data_flux;   // measured, incident hemisphere [cm⁻² s⁻¹ sr⁻¹ eV⁻¹]; NaN: none
  std::vector<double> model_flux;  // fitted model as the instrument sees it; NaN: no model
  std::vector<bool> used;          // step in the fit's statistic
  bool model_available = false;
  std::string statistic;  // "Poisson deviance" or "weighted log χ²"
  double statistic_value = 0.0;
};

// The loss-cone fit: the data it saw, the model at the fitted point, the profile χ²_p(U).
struct LossConeView {
  bool ran = false;
  fit::LossConeMethod method = fit::LossConeMethod::halekas;
  fit::LossConeData data{};                                       // normalised flux, pitch, mask
  physics::ChunkValues model{};                                   // at the fitted point (NaN unless a U was found)
  std::array<double, er_rows_per_spectrum> boundary_pitch_deg{};  // 180° − α_c(E) at the fit
  std::array<double, er_rows_per_spectrum> beam_energy_factor{};
  int n_valid = 0;
  double best_sum = 0.0;                                // raw sum S at the fit
  double threshold = 0.0;                               // profile_threshold(S, n_valid)
  double profile_lower_v = 0.0, profile_upper_v = 0.0;  // loss cone alone: where χ²_p crosses the threshold
  std::vector<double> profile_u_v, profile_sum;         // χ²_p(U) on a grid (ascending U)
};

struct Explanation {
  std::string cache_name;
  std::int64_t spec_no = 0;
  std::string input_file;
  std::int64_t file_spec_no = 0;   // the spec_no as written in the table
  std::vector<std::size_t> lines;  // 1-based line of each row in the table
  std::string cached_version, program_version;
  pipeline::PipelineSettings settings;
  std::string settings_json;

  pipeline::SpectrumResult rerun;
  std::vector<ComparedValue> compared;
  bool reproduced = false;
  int cached_status = -1;

  std::string status_name, status_meaning;
  std::vector<std::string> decisions;  // where the chain went and why, one line each
  std::size_t footpoint_row = 0;
  bool spacecraft_in_sun = false;
  int polarity = 0;
  double solar_zenith_deg = 0.0;  // NaN: not computed by the pipeline
  KappaView kappa;
  LossConeView losscone;
};

struct ExplainRequest {
  std::filesystem::path cache;
  std::int64_t spec_no = 0;
  std::filesystem::path data_dir = "data";
};

// Throws ExplainInputError for bad input (unreadable cache, unknown spec_no, no `files`, input
// table missing, spectrum not in the table) and std::runtime_error for a failure while rerunning.
Explanation explain_spectrum(const ExplainRequest& request);

// A few lines for the terminal (also the figure's text panel).
std::vector<std::string> explanation_lines(const Explanation& e);

// JSON of the numbers and arrays; non-finite numbers as NaN / Infinity / -Infinity (as Python's
// json module reads and writes them).
std::string explanation_json(const Explanation& e);

}  // namespace lpm::product
