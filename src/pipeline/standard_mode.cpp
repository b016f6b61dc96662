#include "pipeline/standard_mode.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "io/file_discovery.hpp"
#include "io/npz.hpp"
#include "pipeline/cancellation.hpp"
#include "pipeline/file_processing.hpp"
#include "pipeline/payload.hpp"

namespace lpm::pipeline {
namespace {

// Spectra counted in the summary under the --illumination filter (footpoint sunlight of the
// spectrum's first row, as `inspect`).
bool selected(const SpectrumResult& s, Illumination illumination) {
  if (illumination == Illumination::all) return true;
  bool day = s.rows.front().projection_in_sun;
  return illumination == Illumination::day ? day : !day;
}

std::string summary_line(const std::string& name, const std::vector<SpectrumResult>& results,
                         Illumination illumination) {
  std::vector<double> u;
  std::size_t n = 0;
  for (const auto& s : results) {
    if (!selected(s, illumination)) continue;
    ++n;
    if (fit::has_surface_value(s.status) && std::isfinite(s.u_surface_v)) u.push_back(s.u_surface_v);
  }
  std::sort(u.begin(), u.end());
  std::string median = u.empty() ? "-" : fmt::format("{:.1f}", u[u.size() / 2]);
  return fmt::format("{:<16} {:>8} {:>8} {:>7.1f}% {:>10}\n", name, n, u.size(), n ? 100.0 * u.size() / n : 0.0,
                     median);
}

}  // namespace

StandardModeResult run_standard_mode(const StandardModeOptions& options) {
  StandardModeResult result;
  auto files = io::discover_er_files(options.data_dir, options.selection);
  if (files.empty()) {
    result.nothing_matched = true;
    return result;
  }
  Mission mission = load_mission(options.data_dir);
  tbb::task_arena sequential(1);
  RunReport report;
  SpecNumbering numbering;
  std::vector<SpectrumResult> all;
  std::vector<std::string> names;
  result.table = fmt::format("{:<16} {:>8} {:>8} {:>8} {:>10}\n", "file", "spectra", "fitted", "fraction",
                             "median U");
  for (const auto& ref : files) {
    if (cancellation_requested()) break;
    io::ErFile file;
    try {
      file = io::read_er_table(ref.path);
    } catch (const std::exception& e) {
      spdlog::warn("skipping {}", e.what());
      report.files_skipped.push_back(e.what());
      continue;
    }
    report.add_file(file);
    auto index = static_cast<std::int32_t>(names.size());
    names.push_back(ref.path.string());
    auto results = process_file(file, index, numbering, mission, options.settings, sequential, nullptr, report);
    result.table += summary_line(ref.path.filename().string(), results, options.illumination);
    all.insert(all.end(), std::make_move_iterator(results.begin()), std::make_move_iterator(results.end()));
  }
  result.cancelled = cancellation_requested();
  if (result.cancelled) return result;
  if (names.empty()) throw std::runtime_error("none of the selected ER tables could be read");
  result.table += summary_line("all", all, options.illumination);
  if (options.output || options.keep_payload) {
    sort_and_check(all);
    if (options.output) write_payload(*options.output, all, names, options.settings);
    if (options.keep_payload) result.payload = build_payload(all, names, options.settings);
  }
  return result;
}

}  // namespace lpm::pipeline
