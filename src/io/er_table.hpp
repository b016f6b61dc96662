#pragma once
// Reader and writer of the LP ER 3-D electron flux tables `3DYYMMDD.TAB` (D§2.1, SPEC §3).
// One line = one energy row of 183 whitespace-separated fields; 15 rows with one spec_no
// make a spectrum (sweep).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/constants.hpp"

namespace lpm::io {

struct ErRow {
  std::string utc;         // field 0, ISO "YYYY-MM-DDThh:mm:ss" as written
  std::string time;        // field 1, Unix seconds as written (kept as text for rows_time)
  double energy_ev = 0.0;  // field 2
  std::int64_t spec_no = 0;                    // field 3
  std::array<double, 3> b_scd_nt{};            // fields 4-6, SCD frame
  std::array<double, er_channels> flux{};      // fields 7-94, cm^-2 s^-1 sr^-1 eV^-1; NaN = fill
  std::array<double, er_channels> phi_deg{};   // fields 95-182, SCD azimuth; NaN = fill
  std::size_t line = 0;                        // 1-based line number in the file (0 if not read)
};

struct ErSpectrum {
  std::int64_t spec_no = 0;
  std::vector<ErRow> rows;  // 15 rows for every kept spectrum, in file order
};

// Why a whole spectrum was dropped on input (SPEC §3). Counted, never silent.
enum class DropReason : int {
  bad_field_magnitude = 0,  // some row has |B| <= 1e-9 nT or >= 1e3 nT (or non-finite B)
  epoch_zero_time,          // some row has UTC "1970-01-01T00:00:00"
  wrong_row_count,          // not exactly 15 rows
  malformed_line,           // a line with the wrong field count or an unparsable number
  count_                    // number of reasons (keep last)
};
const char* to_string(DropReason reason);

struct ParseIssue {
  std::size_t line = 0;
  std::string message;  // one line naming file, line and field
};

struct ErFile {
  std::filesystem::path path;
  std::vector<ErSpectrum> spectra;  // kept spectra, in file order
  std::array<std::size_t, static_cast<int>(DropReason::count_)> dropped{};  // spectra per reason
  std::vector<ParseIssue> issues;   // malformed lines (first few hundred kept)
  std::size_t bytes = 0;
  std::size_t lines = 0;
};

}  // namespace lpm::io
