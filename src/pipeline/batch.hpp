#pragma once
// `batch` (SPEC §2): merge the selected ER tables, fit every spectrum in parallel, write one NPZ.

#include <filesystem>

#include "io/date_selection.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/run_report.hpp"
#include "pipeline/settings.hpp"

namespace lpm::pipeline {

struct BatchOptions {
  std::filesystem::path data_dir = "data";
  std::filesystem::path output_dir = "artifacts/potential_cache";
  io::DateSelection selection;
  bool overwrite = false;
  int threads = 0;  // 0 = all hardware threads
  PipelineSettings settings;
  ProgressStyle progress = ProgressStyle::automatic;
};

enum class BatchOutcome { written, nothing_matched, output_exists, cancelled };

struct BatchResult {
  BatchOutcome outcome = BatchOutcome::written;
  std::filesystem::path output;
  RunReport report;
  std::string summary;  // format_report text
};

// Throws std::runtime_error for a run that cannot proceed (no kernels, no readable file, ...).
BatchResult run_batch(const BatchOptions& options);

}  // namespace lpm::pipeline
