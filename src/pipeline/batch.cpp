#include "pipeline/batch.hpp"

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include "io/file_discovery.hpp"
#include "io/npz.hpp"
#include "pipeline/cancellation.hpp"
#include "pipeline/file_processing.hpp"
#include "pipeline/mission.hpp"
#include "pipeline/payload.hpp"

namespace lpm::pipeline {
namespace fs = std::filesystem;

namespace {

struct ReadOutcome {
  std::optional<io::ErFile> file;
  std::string error;
};

ReadOutcome read_table(const fs::path& path) {
  ReadOutcome outcome;
  try {
    outcome.file = io::read_er_table(path);
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  return outcome;
}

}  // namespace

BatchResult run_batch(const BatchOptions& options) {
  auto start = std::chrono::steady_clock::now();
  BatchResult result;
  result.output = options.output_dir / io::batch_output_name(options.selection);

  auto files = io::discover_er_files(options.data_dir, options.selection);
  if (files.empty()) {
    spdlog::info("no ER tables under {} match the selection; nothing written", options.data_dir.string());
    result.outcome = BatchOutcome::nothing_matched;
    return result;
  }
  if (fs::exists(result.output) && !options.overwrite) {
    spdlog::info("{} exists already; left untouched (use --overwrite to replace it)", result.output.string());
    result.outcome = BatchOutcome::output_exists;
    return result;
  }

  Mission mission = load_mission(options.data_dir);
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // TBB caps its workers at the core count unless told otherwise: without this, --threads above
  // it would silently run fewer threads and print a "TBB Warning" on stderr even under -q.
  tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  spdlog::debug("{} files, {} worker threads", files.size(), threads);

  std::uintmax_t total_bytes = 0;
  for (const auto& f : files) {
    std::error_code ec;
    auto size = fs::file_size(f.path, ec);
    if (!ec) total_bytes += size;
  }
  Progress progress(files.size(), total_bytes, options.progress);

  std::vector<SpectrumResult> results;
  std::vector<std::string> file_names;
  SpecNumbering numbering;
  // Read the next table while the current one is fitted, so parsing overlaps fitting.
  std::future<ReadOutcome> next = std::async(std::launch::async, read_table, files.front().path);
  for (std::size_t i = 0; i < files.size() && !cancellation_requested(); ++i) {
    ReadOutcome current = next.get();
    if (i + 1 < files.size()) next = std::async(std::launch::async, read_table, files[i + 1].path);
    const fs::path& path = files[i].path;
    if (!current.file) {
      spdlog::warn("skipping {}", current.error);
      result.report.files_skipped.push_back(current.error);
      progress.file_started(path.filename().string(), 0, 0);
      progress.file_done();
      continue;
    }
    result.report.add_file(*current.file);
    for (const auto& issue : current.file->issues) spdlog::debug("{}", issue.message);
    spdlog::debug("{}: {} spectra", path.string(), current.file->spectra.size());
    progress.file_started(path.filename().string(), current.file->spectra.size(), current.file->bytes);
    auto file_index = static_cast<std::int32_t>(file_names.size());
    file_names.push_back(path.string());
    auto file_results = process_file(*current.file, file_index, numbering, mission, options.settings, arena,
                                     &progress, result.report);
    progress.file_done();
    results.insert(results.end(), std::make_move_iterator(file_results.begin()),
                   std::make_move_iterator(file_results.end()));
  }
  if (next.valid()) next.wait();
  progress.finish();

  if (cancellation_requested()) {
    result.outcome = BatchOutcome::cancelled;
    return result;
  }
  if (result.report.files_read == 0)
    throw std::runtime_error(fmt::format("none of the {} selected ER tables could be read", files.size()));

  sort_and_check(results);
  for (const auto& r : results) result.report.add(r);
  write_payload(result.output, results, file_names, options.settings);
  result.report.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.summary = format_report(result.report, results);
  result.outcome = BatchOutcome::written;
  return result;
}

}  // namespace lpm::pipeline
