#pragma once
// Reader and writer of the LP ER 3-D electron flux tables `3DYYMMDD.TAB` (D§2.1, SPEC §3).
// One line = one energy row of 183 whitespace-separated fields; 15 rows with one spec_no
// make a spectrum (sweep).
//
// Reader decisions (documented here because the archive does not say):
// * Fields are numbered from 0 as in D§2.1 (0 UTC, 1 time, 2 energy, 3 spec_no, 4-6 mag_x..z,
//   7-94 ele_flux_k, 95-182 dist_phi_k). Fields are separated by spaces/tabs; lines end in LF,
//   CRLF or a lone CR (old tables); trailing spaces and blank lines are ignored. A line longer
//   than er_max_line_bytes is malformed (its spec_no unread), and read_er_table holds no more
//   of it, so memory stays bounded whatever the file holds.
// * UTC and time are kept as text (time is only copied to the output); every other field must
//   be a finite decimal number, spec_no an integer. Text such as "nan"/"inf" or a number out of
//   range (spec_no "31.0" or of 23 digits too) is unparsable -> the line is malformed (the
//   archive marks gaps with fill values).
// * Fill values become NaN: flux 9.999E-99 / -9.99E-99, phi 999.99 / 998.99 (D§2.2).
// * Rows are grouped by spec_no: consecutive rows with one spec_no are one spectrum, and so are
//   rows interleaved with another spectrum's (a row joins its spec_no's spectrum while that is
//   short of 15 rows and had a row at most 15 lines before). A spec_no that comes back after its
//   spectrum is complete starts another spectrum (kept; process_file keeps the first).
// * A malformed line whose spec_no could be read belongs to that spec_no. One whose spec_no is
//   unreadable belongs to the spectrum around it; between two spectra (or at the start or end
//   of the file) to the neighbour short of 15 rows (the one before first); with none short of
//   rows it is a stray line (a header, a garbage last line): counted, dropping no spectrum.
// * A spectrum is dropped for the first reason that applies, in this order: malformed_line,
//   epoch_zero_time (UTC "1970-01-01T00:00:00" or time field equal to 0), bad_field_magnitude,
//   wrong_row_count (rows counted including malformed ones).
// * A file with no line that has a readable spec_no (binary data, NUL bytes, another product)
//   is not a table: read_er_table throws, as for an unreadable file.

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
  std::string what;     // the message without its "<source>:<line>: " start
};

inline constexpr int er_fields_per_line = 7 + 2 * er_channels;  // 183
inline constexpr std::size_t er_max_kept_issues = 200;          // later issues are only counted
// A table line is ~1.6 kB (183 numbers); 64 KiB leaves room for any spacing and still bounds
// what a line without end (e.g. a file of NUL bytes) can cost.
inline constexpr std::size_t er_max_line_bytes = std::size_t{64} * 1024;

struct ErFile {
  std::filesystem::path path;
  std::vector<ErSpectrum> spectra;                                          // kept spectra, in file order
  std::array<std::size_t, static_cast<int>(DropReason::count_)> dropped{};  // spectra per reason
  std::vector<ParseIssue> issues;     // malformed lines (first er_max_kept_issues kept)
  std::size_t malformed_lines = 0;    // all malformed lines, also those beyond the kept issues
  std::size_t stray_lines = 0;        // malformed lines given to no spectrum (a header, a garbage last line)
  std::size_t rows_with_spec_no = 0;  // lines whose spec_no could be read (0: not a table)
  std::size_t bytes = 0;
  std::size_t lines = 0;
};

// Name of field `index` (0-based, D§2.1), e.g. "mag_x", "ele_flux_12", "dist_phi_87".
std::string er_field_name(int index);

// Reads and parses one table, line by line (memory: the result plus one line of at most
// er_max_line_bytes). Throws std::runtime_error (naming the path) only when the file cannot be
// opened or read, is not a regular file, is empty (0 bytes) or has no line with a readable
// spec_no ("not an ER table"); everything else wrong inside it is counted in the result.
ErFile read_er_table(const std::filesystem::path& path);

// Parses table text held in memory; `source` names it in issue messages
// ("<source>:<line>: <what> (field N)"). Fills every member as read_er_table does, without its
// throwing checks.
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
