#pragma once
// `batch` (SPEC §2): fit every spectrum of the selected ER tables in parallel, write one cache.

#include <filesystem>
#include <string>
#include <vector>

#include "io/date_selection.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/run_report.hpp"
#include "pipeline/settings.hpp"

namespace lpm::product {

struct BatchOptions {
  std::filesystem::path data_dir = "data";
  std::filesystem::path output_dir = "artifacts/potential_cache";
  io::DateSelection selection;
  bool overwrite = false;
  int threads = 0;  // 0 = all hardware threads
  pipeline::PipelineSettings settings;
  pipeline::ProgressStyle progress = pipeline::ProgressStyle::automatic;
};

enum class BatchOutcome { written, nothing_matched, output_exists, cancelled };

struct BatchResult {
  BatchOutcome outcome = BatchOutcome::written;
  std::filesystem::path output;
  pipeline::RunReport report;
  std::vector<std::string> summary;  // report_lines: one log line each
};

// Throws std::runtime_error for a run that cannot proceed (no kernels, no readable file, ...).
BatchResult run_batch(const BatchOptions& options);

}  // namespace lpm::product
