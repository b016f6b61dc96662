#include "product/batch.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "io/file_discovery.hpp"
#include "pipeline/file_loop.hpp"
#include "product/cache_writer.hpp"
#include "product/run_inputs.hpp"

namespace lpm::product {
namespace fs = std::filesystem;

BatchResult run_batch(const BatchOptions& options) {
  auto start = std::chrono::steady_clock::now();
  BatchResult result;
  result.output = options.output_dir / io::batch_output_name(options.selection);

  auto tables = io::discover_er_files(options.data_dir, options.selection);
  if (tables.empty()) {
    spdlog::info("no ER tables under {} match the selection; nothing written", options.data_dir.string());
    result.outcome = BatchOutcome::nothing_matched;
    return result;
  }
  check_output_folder(options.output_dir);
  const RunInputs inputs = collect_run_inputs(tables, options.data_dir);
  if (fs::exists(result.output) && !options.overwrite) {
    if (std::string difference = reuse_difference(result.output, inputs, options.settings); !difference.empty()) {
      result.refusal = refused_reuse_message(result.output, difference, "--output-dir");
      result.outcome = BatchOutcome::output_differs;
      return result;
    }
    spdlog::info(
        "{} exists already, made by this version from the same inputs and settings; left untouched "
        "(use --overwrite to redo it)",
        result.output.string());
    result.outcome = BatchOutcome::output_exists;
    return result;
  }

  auto run = pipeline::run_file_loop(tables, {options.data_dir, options.threads, options.settings, options.progress});
  result.report = std::move(run.report);
  if (run.cancelled) {
    result.outcome = BatchOutcome::cancelled;
    return result;
  }
  // Without --overwrite the output was not there when the run began; keep that promise up to the
  // rename, so a file that appears meanwhile is not replaced.
  const auto existing = options.overwrite ? io::ExistingOutput::replace : io::ExistingOutput::keep;
  if (!write_payload(result.output, run.results, run.files, options.settings, inputs, existing)) {
    result.outcome = BatchOutcome::cancelled;
    return result;
  }
  result.report.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.summary = pipeline::report_lines(result.report, run.results);
  result.outcome = BatchOutcome::written;
  return result;
}

}  // namespace lpm::product
