#include "product/batch.hpp"

#include <chrono>
#include <future>
#include <optional>

#include <spdlog/spdlog.h>

#include "io/atomic_output.hpp"
#include "io/file_discovery.hpp"
#include "pipeline/file_loop.hpp"
#include "product/cache_writer.hpp"
#include "product/result_spill.hpp"
#include "product/run_inputs.hpp"

namespace lpm::product {
namespace fs = std::filesystem;
namespace {

// What to do with an existing output that is not this run's product: refuse it (one output),
// or run the part again over it (--split: parts are the job's own files).
enum class OtherOutput { refuse, rerun };

BatchResult run_part(const BatchOptions& options, const BatchPart& part, OtherOutput other) {
  auto start = std::chrono::steady_clock::now();
  BatchResult result;
  result.output = options.output_dir / io::batch_output_name(part.selection);
  // The inputs' checksums (SHA-1 of every table and kernel: a second or so for a month) are
  // needed before the run only to judge an existing output; otherwise they are taken while the
  // spectra are fitted, not before. (Where no thread can be started, std::async defers them to
  // get(), as they were taken before.)
  std::future<RunInputs> checksums = std::async(std::launch::async | std::launch::deferred,
                                                [&] { return collect_run_inputs(part.tables, options.data_dir); });
  std::optional<RunInputs> inputs;
  bool replace = options.overwrite;
  if (fs::exists(result.output) && !options.overwrite) {
    inputs = checksums.get();
    if (std::string difference = reuse_difference(result.output, *inputs, options.settings); !difference.empty()) {
      if (other == OtherOutput::refuse) {
        result.refusal = refused_reuse_message(result.output, difference, "--output-dir");
        result.outcome = BatchOutcome::output_differs;
        return result;
      }
      spdlog::info("{}: running this part again: {}", result.output.string(), difference);
      replace = true;
    } else {
      spdlog::info(
          "{} exists already, made by this version from the same inputs and settings; left untouched "
          "(use --overwrite to redo it)",
          result.output.string());
      remove_left_over_spills(result.output);  // what a run killed before its exit left beside it
      io::remove_left_over_temp_files(result.output);
      result.outcome = BatchOutcome::output_exists;
      return result;
    }
  }

  // Each table's results go to disk once fitted, so memory does not grow with the run.
  ResultSpill spill(result.output, options.settings);
  std::vector<double> u_surface_v;
  pipeline::FileLoopOptions loop{options.data_dir, options.threads, options.settings, options.progress};
  loop.keep_results = false;
  auto run = pipeline::run_file_loop(part.tables, loop, [&](const fs::path&, const ResultBlock& results) {
    spill.append(results);
    pipeline::add_surface_values(results, u_surface_v);
  });
  result.report = std::move(run.report);
  if (run.cancelled) {
    result.outcome = BatchOutcome::cancelled;
    return result;
  }
  // Without --overwrite the output was not there when the run began; keep that promise up to the
  // rename, so a file that appears meanwhile is not replaced.
  const auto existing = replace ? io::ExistingOutput::replace : io::ExistingOutput::keep;
  if (!inputs) inputs = checksums.get();
  if (!write_spilled_payload(result.output, spill, run.files, options.settings, *inputs, existing, run.threads)) {
    result.outcome = BatchOutcome::cancelled;
    return result;
  }
  result.report.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.summary = pipeline::report_lines(result.report, std::move(u_surface_v));
  result.outcome = BatchOutcome::written;
  return result;
}

}  // namespace

BatchResult run_batch(const BatchOptions& options, const PartDone& part_done) {
  auto tables = io::discover_er_files(options.data_dir, options.selection);
  if (tables.empty()) {
    spdlog::info("no ER tables under {} match the selection; nothing written", options.data_dir.string());
    BatchResult result;
    result.output = options.output_dir / io::batch_output_name(options.selection);
    result.outcome = BatchOutcome::nothing_matched;
    return result;
  }
  check_output_folder(options.output_dir);
  if (options.split == BatchSplit::none)
    return run_part(options, split_batch(tables, options.selection, BatchSplit::none).front(), OtherOutput::refuse);

  BatchResult overall;
  overall.output = options.output_dir;
  overall.outcome = BatchOutcome::output_exists;
  for (const BatchPart& part : split_batch(tables, options.selection, options.split)) {
    BatchResult result = run_part(options, part, OtherOutput::rerun);
    if (part_done) part_done(result);
    if (result.outcome == BatchOutcome::cancelled) return result;
    if (result.outcome == BatchOutcome::written) overall.outcome = BatchOutcome::written;
  }
  return overall;
}

}  // namespace lpm::product
