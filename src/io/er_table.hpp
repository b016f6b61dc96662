#pragma once
// Reader and writer of the LP ER 3-D electron flux tables `3DYYMMDD.TAB` (D§2.1, SPEC §3).
// One line = one energy row of 183 whitespace-separated fields; 15 rows with one spec_no
// make a spectrum (sweep).
//
// Reader decisions (documented here because the archive does not say):
// * Fields are numbered from 0 as in D§2.1 (0 UTC, 1 time, 2 energy, 3 spec_no, 4-6 mag_x..z,
//   7-94 ele_flux_k, 95-182 dist_phi_k). Fields are separated by spaces/tabs; CR, trailing
//   spaces and blank lines are ignored.
// * UTC and time are kept as text (time is only copied to the output); every other field must
//   be a finite decimal number. Text such as "nan"/"inf" or a number out of double range is
//   treated as unparsable -> the line is malformed (the archive marks gaps with fill values).
// * Fill values become NaN: flux 9.999E-99 / -9.99E-99, phi 999.99 / 998.99 (D§2.2).
// * Consecutive rows with equal spec_no form one spectrum. A malformed line whose spec_no
//   (field 3) could be read belongs to that spec_no; one whose spec_no is unreadable belongs
//   to the spectrum in progress (at the start of the file: to the spectrum that follows).
// * A spectrum is dropped for the first reason that applies, in this order: malformed_line,
//   epoch_zero_time (UTC "1970-01-01T00:00:00" or time field equal to 0), bad_field_magnitude,
//   wrong_row_count (rows counted including malformed ones).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/constants.hpp"

namespace lpm::io {

struct ErRow {
  std::string utc;                            // field 0, ISO "YYYY-MM-DDThh:mm:ss" as written
  std::string time;                           // field 1, Unix seconds as written (kept as text for rows_time)
  double energy_ev = 0.0;                     // field 2
  std::int64_t spec_no = 0;                   // field 3
  std::array<double, 3> b_scd_nt{};           // fields 4-6, SCD frame
  std::array<double, er_channels> flux{};     // fields 7-94, cm^-2 s^-1 sr^-1 eV^-1; NaN = fill
  std::array<double, er_channels> phi_deg{};  // fields 95-182, SCD azimuth; NaN = fill
  std::size_t line = 0;                       // 1-based line number in the file (0 if not read)
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

inline constexpr int er_fields_per_line = 7 + 2 * er_channels;  // 183
inline constexpr std::size_t er_max_kept_issues = 200;          // later issues are only counted

struct ErFile {
  std::filesystem::path path;
  std::vector<ErSpectrum> spectra;                                          // kept spectra, in file order
  std::array<std::size_t, static_cast<int>(DropReason::count_)> dropped{};  // spectra per reason
  std::vector<ParseIssue> issues;   // malformed lines (first er_max_kept_issues kept)
  std::size_t malformed_lines = 0;  // all malformed lines, also those beyond the kept issues
  std::size_t bytes = 0;
  std::size_t lines = 0;
};

// Name of field `index` (0-based, D§2.1), e.g. "mag_x", "ele_flux_12", "dist_phi_87".
std::string er_field_name(int index);

// Reads and parses one table. Throws std::runtime_error (naming the path) only when the file
// cannot be opened or read, or is empty (0 bytes); everything wrong inside it is counted in the result.
ErFile read_er_table(const std::filesystem::path& path);

// Parses table text held in memory; `source` names it in issue messages
// ("<source>:<line>: <what> (field N)"). Fills spectra, dropped, issues, bytes and lines.
ErFile parse_er_table_text(std::string_view text, const std::filesystem::path& source);

// The table text for `spectra`, as written by write_er_table: one line per row, CRLF line ends,
// fields separated by one space; every row gets its spectrum's spec_no. Each number is written
// as the shortest text that reads back to the same double (flux in scientific notation with
// upper-case E, e.g. 1.234E+05), so reading the text back gives bit-identical values; NaN flux
// is written as 9.999E-99 and NaN phi as 999.99. Throws std::invalid_argument for an empty or
// blank-containing UTC/time text or a non-finite energy, field, flux or phi (other than NaN).
std::string format_er_table(const std::vector<ErSpectrum>& spectra);

// Writes format_er_table(spectra) atomically (temporary file in the same folder, fsync, rename).
void write_er_table(const std::filesystem::path& path, const std::vector<ErSpectrum>& spectra);

}  // namespace lpm::io
