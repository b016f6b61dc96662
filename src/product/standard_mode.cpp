#include "product/standard_mode.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/file_discovery.hpp"
#include "pipeline/file_loop.hpp"
#include "product/cache_writer.hpp"
#include "product/footpoint_row.hpp"
#include "product/run_inputs.hpp"

namespace lpm::product {
namespace {

using pipeline::SpectrumResult;

std::string summary_line(const std::string& name, const std::vector<SpectrumResult>& results,
                         Illumination illumination) {
  std::vector<double> u;
  std::size_t n = 0;
  for (const auto& s : results) {
    const pipeline::RowResult& row = footpoint_row(s);
    if (!selects(illumination, std::isfinite(row.projection_lat_deg), row.projection_in_sun)) continue;
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
  auto tables = io::discover_er_files(options.data_dir, options.selection);
  if (tables.empty()) {
    result.nothing_matched = true;
    return result;
  }
  const RunInputs inputs = collect_run_inputs(tables, options.data_dir);
  bool write_output = options.output.has_value();
  if (options.output) {
    check_output_folder(options.output->parent_path());
    if (std::filesystem::exists(*options.output) && !options.overwrite) {
      if (auto difference = reuse_difference(*options.output, inputs, options.settings); !difference.empty()) {
        result.refusal = refused_reuse_message(*options.output, difference, "--output");
        return result;
      }
      result.output_kept = true;
      write_output = false;
    }
  }
  result.table = fmt::format("{:<16} {:>8} {:>8} {:>8} {:>10}\n", "file", "spectra", "fitted", "fraction", "median U");
  auto add_line = [&](const std::filesystem::path& table, const std::vector<SpectrumResult>& results) {
    result.table += summary_line(table.filename().string(), results, options.illumination);
  };
  auto run =
      pipeline::run_file_loop(tables, {options.data_dir, 1, options.settings, pipeline::ProgressStyle::none}, add_line);
  result.cancelled = run.cancelled;
  if (result.cancelled) return result;
  result.table += summary_line("all", run.results, options.illumination);
  const auto existing = options.overwrite ? io::ExistingOutput::replace : io::ExistingOutput::keep;
  if (write_output && !write_payload(*options.output, run.results, run.files, options.settings, inputs, existing)) {
    result.cancelled = true;
    return result;
  }
  if (options.keep_payload) result.payload = build_payload(run.results, run.files, options.settings, inputs);
  return result;
}

}  // namespace lpm::product
