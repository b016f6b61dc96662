#pragma once
// End-of-run report: what was read, skipped, dropped and fitted, and how fast (SPEC §3, issue 7).

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "fit/fit_status.hpp"
#include "io/er_table.hpp"
#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

struct RunReport {
  std::size_t files_read = 0;
  std::vector<std::string> files_skipped;  // one line each: path and reason
  std::array<std::size_t, static_cast<int>(io::DropReason::count_)> dropped{};
  std::size_t duplicate_spec_no = 0;  // spectra dropped because their spec_no repeated in a file
  std::size_t malformed_lines = 0;
  std::size_t stray_lines = 0;            // of malformed_lines: given to no spectrum (a header, a garbage last line)
  std::vector<std::string> first_issues;  // a few malformed-line messages, for the log
  std::array<std::size_t, fit::fit_status_count> spectra_by_status{};
  std::map<int, std::size_t> rows_by_geometry_status;
  std::map<int, std::string> first_geometry_message;  // per geometry status: the first error text
  std::size_t spectra = 0, rows = 0;
  double elapsed_s = 0;

  void add(const SpectrumResult& result);
  void add_file(const io::ErFile& file);
};

// A spectrum whose field line reaches the Moon with known geometry: every status but
// not_connected, geometry_invalid and dropped_on_input (the denominator of the connected fit
// fraction).
bool is_connected(fit::FitStatus status);
std::size_t connected_count(const RunReport& report);

// Human summary, one line each: counts per status, fit fraction, U percentiles, speed.
std::vector<std::string> report_lines(const RunReport& report, const std::vector<SpectrumResult>& results);
// The same from the U_surface values alone (a run whose results were not kept: batch).
std::vector<std::string> report_lines(const RunReport& report, std::vector<double> u_surface_v);
// Appends the U_surface value of each result that has one (the values report_lines summarises).
void add_surface_values(const std::vector<SpectrumResult>& results, std::vector<double>& u_surface_v);

}  // namespace lpm::pipeline
