#include "pipeline/run_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "geometry/row_geometry.hpp"

namespace lpm::pipeline {

void RunReport::add(const SpectrumResult& result) {
  ++spectra;
  rows += result.rows.size();
  ++spectra_by_status[static_cast<int>(result.status)];
  bool message_placed = result.geometry_message.empty();
  for (const auto& row : result.rows) {
    ++rows_by_geometry_status[row.geometry_status];
    if (!message_placed && row.geometry_status != 0) {  // the message belongs to the first failed row
      first_geometry_message.try_emplace(row.geometry_status, result.geometry_message);
      message_placed = true;
    }
  }
}

void RunReport::add_file(const io::ErFile& file) {
  ++files_read;
  for (std::size_t i = 0; i < dropped.size(); ++i) dropped[i] += file.dropped[i];
  malformed_lines += file.malformed_lines;
  stray_lines += file.stray_lines;
  for (const auto& issue : file.issues)
    if (first_issues.size() < 5) first_issues.push_back(issue.message);
}

bool is_connected(fit::FitStatus status) {
  return status != fit::FitStatus::not_connected && status != fit::FitStatus::geometry_invalid &&
         status != fit::FitStatus::dropped_on_input;
}

std::size_t connected_count(const RunReport& report) {
  std::size_t n = 0;
  for (int i = 0; i < fit::fit_status_count; ++i)
    if (is_connected(static_cast<fit::FitStatus>(i))) n += report.spectra_by_status[i];
  return n;
}

void add_surface_values(const std::vector<SpectrumResult>& results, std::vector<double>& u_surface_v) {
  for (const auto& s : results)
    if (fit::has_surface_value(s.status) && std::isfinite(s.u_surface_v)) u_surface_v.push_back(s.u_surface_v);
}

std::vector<std::string> report_lines(const RunReport& r, const std::vector<SpectrumResult>& results) {
  std::vector<double> u;
  add_surface_values(results, u);
  return report_lines(r, std::move(u));
}

std::vector<std::string> report_lines(const RunReport& r, std::vector<double> u) {
  std::vector<std::string> out;
  auto line = [&out](std::string text) { out.push_back(std::move(text)); };
  line(fmt::format("files read: {}, skipped: {}", r.files_read, r.files_skipped.size()));
  for (const auto& skipped : r.files_skipped) line("  skipped " + skipped);
  std::size_t dropped_total = r.duplicate_spec_no;
  for (auto n : r.dropped) dropped_total += n;
  line(
      fmt::format("spectra fitted or attempted: {} ({} rows); dropped on input: {}", r.spectra, r.rows, dropped_total));
  for (int i = 0; i < static_cast<int>(io::DropReason::count_); ++i)
    if (r.dropped[i])
      line(fmt::format("  dropped {:<22} {}", io::to_string(static_cast<io::DropReason>(i)), r.dropped[i]));
  if (r.duplicate_spec_no) line(fmt::format("  dropped {:<22} {}", "duplicate_spec_no", r.duplicate_spec_no));
  if (r.malformed_lines)
    line(r.stray_lines
             ? fmt::format("  malformed lines: {} ({} outside any spectrum)", r.malformed_lines, r.stray_lines)
             : fmt::format("  malformed lines: {}", r.malformed_lines));
  for (const auto& issue : r.first_issues) line("    " + issue);
  line("spectra per status:");
  for (int i = 0; i < fit::fit_status_count; ++i)
    if (r.spectra_by_status[i])
      line(fmt::format("  {:<20} {}", fit::to_string(static_cast<fit::FitStatus>(i)), r.spectra_by_status[i]));
  line("rows per geometry status:");
  for (const auto& [status, count] : r.rows_by_geometry_status) {
    line(fmt::format("  {:<20} {}", geometry::to_string(static_cast<geometry::GeometryStatus>(status)), count));
    if (auto it = r.first_geometry_message.find(status); it != r.first_geometry_message.end())
      line("    first: " + it->second);
  }
  double fraction = r.spectra ? static_cast<double>(u.size()) / r.spectra : 0.0;
  line(fmt::format("fit fraction (a U_surface value: fitted or at_bound): {:.1f}% ({} of {})", 100 * fraction, u.size(),
                   r.spectra));
  const std::size_t connected = connected_count(r);
  line(fmt::format("fit fraction among connected spectra (field line reaches the Moon): {:.1f}% ({} of {})",
                   connected ? 100.0 * static_cast<double>(u.size()) / connected : 0.0, u.size(), connected));
  if (!u.empty()) {
    std::sort(u.begin(), u.end());
    auto pct = [&u](double p) { return u[static_cast<std::size_t>(std::lround(p / 100 * (u.size() - 1)))]; };
    line(fmt::format("U_surface percentiles (V): p5 {:.1f}  p25 {:.1f}  p50 {:.1f}  p75 {:.1f}  p95 {:.1f}", pct(5),
                     pct(25), pct(50), pct(75), pct(95)));
  }
  double rate = r.elapsed_s > 0 ? r.spectra / r.elapsed_s : 0;
  line(fmt::format("elapsed: {:.2f} s, {:.0f} spectra/s", r.elapsed_s, rate));
  return out;
}

}  // namespace lpm::pipeline
