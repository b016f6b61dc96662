#pragma once
// `batch` (SPEC §2): fit every spectrum of the selected ER tables in parallel, write one cache.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/date_selection.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/run_report.hpp"
#include "pipeline/settings.hpp"
#include "product/batch_parts.hpp"

namespace lpm::product {

struct BatchOptions {
  std::filesystem::path data_dir = "data";
  std::filesystem::path output_dir = "artifacts/potential_cache";
  io::DateSelection selection;
  bool overwrite = false;
  int threads = 0;  // 0 = all hardware threads
  pipeline::PipelineSettings settings;
  pipeline::ProgressStyle progress = pipeline::ProgressStyle::automatic;
  BatchSplit split = BatchSplit::none;  // --split: one output per day or month (batch_parts.hpp)
};

// output_exists: the same product is there already (run_inputs.hpp's reuse rule), left as is;
// output_differs: an output made otherwise is there and --overwrite was not given (`refusal`);
// cancelled: Ctrl-C/SIGTERM came before the output was in place (also during its write): no file.
enum class BatchOutcome { written, nothing_matched, output_exists, output_differs, cancelled };

struct BatchResult {
  BatchOutcome outcome = BatchOutcome::written;
  std::filesystem::path output;
  pipeline::RunReport report;
  std::vector<std::string> summary;  // report_lines: one log line each
  std::string refusal;               // for output_differs: one line, with the remedy
};

// Throws std::runtime_error for a run that cannot proceed (output folder not writable, no
// kernels, no readable file, ...); the output folder is checked before the first fit. Without
// --overwrite, a file that appears at the output path during the run is kept: io::OutputExistsError.
// With --split, each part is run as its own batch: a part whose output is this run's product
// (the reuse rule) is skipped with a log line; one made otherwise (settings, inputs, version,
// unreadable or cut) is run again over it. Each part's result goes to `part_done`; the result
// returned is a cancelled part's, or else `written` when some part was written (output: the folder).
using PartDone = std::function<void(const BatchResult& part)>;
BatchResult run_batch(const BatchOptions& options, const PartDone& part_done = {});

}  // namespace lpm::product
