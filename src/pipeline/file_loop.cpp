#include "pipeline/file_loop.hpp"

#include <future>
#include <new>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include "pipeline/cancellation.hpp"
#include "pipeline/file_processing.hpp"
#include "pipeline/mission.hpp"
#include "pipeline/spec_order.hpp"
#include "pipeline/thread_budget.hpp"

namespace lpm::pipeline {
namespace fs = std::filesystem;

namespace {

struct ReadOutcome {
  std::optional<io::ErFile> file;
  std::string error;
};

// Every reason names the table: the reader's own messages do; others (out of memory) get it here.
ReadOutcome read_table(const fs::path& path) {
  ReadOutcome outcome;
  try {
    outcome.file = io::read_er_table(path);
  } catch (const std::bad_alloc&) {
    outcome.error = fmt::format("{}: out of memory while reading it", path.string());
  } catch (const std::exception& e) {
    outcome.error = e.what();
    if (!outcome.error.starts_with(path.string())) outcome.error = fmt::format("{}: {}", path.string(), e.what());
  }
  return outcome;
}

// The thread that reads the next table while the current one is fitted.
std::future<ReadOutcome> start_reading(const fs::path& path) {
  try {
    return std::async(std::launch::async, read_table, path);
  } catch (const std::system_error& e) {
    throw std::runtime_error(fmt::format("cannot start the thread that reads {}: {}", path.string(), e.what()));
  }
}

std::uintmax_t total_bytes(const std::vector<io::ErFileRef>& tables) {
  std::uintmax_t total = 0;
  for (const auto& table : tables) {
    std::error_code ec;
    auto size = fs::file_size(table.path, ec);
    if (!ec) total += size;
  }
  return total;
}

}  // namespace

FileLoopResult run_file_loop(const std::vector<io::ErFileRef>& tables, const FileLoopOptions& options,
                             const FileDone& on_file_done) {
  FileLoopResult result;
  if (tables.empty()) return result;
  Mission mission = load_mission(options.data_dir);
  const int wanted =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Besides this thread: threads - 1 TBB workers and the table-reading thread.
  const ThreadBudget budget =
      probe_thread_budget(wanted, tbb::global_control::active_value(tbb::global_control::thread_stack_size));
  if (budget.threads == 0)
    throw std::runtime_error(fmt::format("cannot start a thread: {} (memory or process limits)", budget.reason));
  const int threads = budget.threads;
  result.threads = threads;
  if (threads < wanted)
    spdlog::warn("only {} of {} threads can be started here ({}: memory or process limits); running with {}", threads,
                 wanted, budget.reason, threads);
  // TBB caps its workers at the core count unless told otherwise: without this, --threads above
  // it would silently run fewer threads and print a "TBB Warning" on stderr even under -q.
  tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  spdlog::debug("{} files, {} worker threads", tables.size(), threads);
  Progress progress(tables.size(), total_bytes(tables), options.progress);

  SpecNumbering numbering;
  // Read the next table while the current one is fitted, so parsing overlaps fitting.
  std::future<ReadOutcome> next = start_reading(tables.front().path);
  for (std::size_t i = 0; i < tables.size() && !cancellation_requested(); ++i) {
    ReadOutcome current = next.get();
    if (i + 1 < tables.size()) next = start_reading(tables[i + 1].path);
    const fs::path& path = tables[i].path;
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
    auto file_index = static_cast<std::int32_t>(result.files.size());
    result.files.push_back(path.string());
    auto file_results =
        process_file(*current.file, file_index, numbering, mission, options.settings, arena, &progress, result.report);
    progress.file_done();
    if (!options.keep_results) {
      sort_and_check(file_results);
      for (const auto& r : file_results) result.report.add(r);
      if (on_file_done) on_file_done(path, file_results);
      continue;
    }
    if (on_file_done) on_file_done(path, file_results);
    result.results.insert(result.results.end(), std::make_move_iterator(file_results.begin()),
                          std::make_move_iterator(file_results.end()));
  }
  if (next.valid()) next.wait();
  progress.finish();

  result.cancelled = cancellation_requested();
  if (result.cancelled) return result;
  if (result.report.files_read == 0)
    throw std::runtime_error(fmt::format("none of the {} selected ER tables could be read", tables.size()));
  sort_and_check(result.results);
  for (const auto& r : result.results) result.report.add(r);
  return result;
}

}  // namespace lpm::pipeline
