#pragma once
// The one file loop of `batch` and `map`: read the selected ER tables in order (the next one
// while the current one is fitted), fit each, skip and count a table that cannot be read.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/file_discovery.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/run_report.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

struct FileLoopOptions {
  std::filesystem::path data_dir = "data";  // kernels and tables (the mission)
  int threads = 0;                          // 0 = all hardware threads
  PipelineSettings settings;
  ProgressStyle progress = ProgressStyle::automatic;
  // false: each table's results go only to the FileDone callback (sorted, already counted in the
  // report), so memory does not grow with the run (batch spills them: product/result_spill.hpp).
  bool keep_results = true;
};

// Called after each table is fitted, with that table's results (map's per-file table).
using FileDone = std::function<void(const std::filesystem::path& table, const std::vector<SpectrumResult>& results)>;

struct FileLoopResult {
  bool cancelled = false;               // results are partial and unsorted
  std::vector<SpectrumResult> results;  // ascending spec_no (sort_and_check), unless cancelled or not kept
  std::vector<std::string> files;       // the tables read; spec_file_index points here
  RunReport report;                     // files, drops and spectra per status
  int threads = 0;                      // the threads the fits ran on (fewer than asked under limits)
};

// Throws std::runtime_error when no table could be read or the mission cannot be loaded.
FileLoopResult run_file_loop(const std::vector<io::ErFileRef>& tables, const FileLoopOptions& options,
                             const FileDone& on_file_done = {});

}  // namespace lpm::pipeline
