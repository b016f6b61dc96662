#include "io/er_table.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "io/er_spectrum_grouping.hpp"
#include "io/input_limits.hpp"
#include "io/line_reader.hpp"
#include "io/text_file.hpp"
#include "io/text_scan.hpp"

namespace lpm::io {
namespace {

constexpr int spec_no_index = 3;
constexpr int first_field_index = 4;                             // mag_x
constexpr int first_flux_index = 7;                              // ele_flux_0
constexpr int first_phi_index = first_flux_index + er_channels;  // dist_phi_0

double flux_or_nan(double value) {
  return (value == er_flux_fill || value == er_flux_error_fill) ? std::nan("") : value;
}
double phi_or_nan(double value) {
  return (value == er_phi_fill_deg || value == er_phi_invalid_deg) ? std::nan("") : value;
}

// A token from the file as message text: at most 40 bytes, bytes outside printable ASCII as \xNN,
// so a hostile line cannot break the one-line message or the terminal.
std::string quoted_token(std::string_view token) {
  constexpr std::size_t max_shown = 40;
  std::string out;
  for (std::size_t i = 0; i < token.size() && i < max_shown; ++i) {
    const auto byte = static_cast<unsigned char>(token[i]);
    if (byte >= 0x20 && byte < 0x7f)
      out.push_back(static_cast<char>(byte));
    else
      out += fmt::format("\\x{:02x}", byte);
  }
  if (token.size() > max_shown) out += "...";
  return out;
}

// Why a line could not be read; field < 0 means the line was fine.
struct LineError {
  int field = -1;
  std::string what;
};

// Reads the 183 fields of one line (no line end) into `row`. On failure fills `error` and
// returns false; fields before error.field are then valid in `row`.
bool parse_row(std::string_view line, ErRow& row, LineError& error) {
  FieldScanner scan(line);
  int field = 0;
  auto fail = [&](std::string what) {
    error.field = field;
    error.what = std::move(what);
    return false;
  };
  auto missing = [&]() { return fail(fmt::format("line ends after {} of {} fields", field, er_fields_per_line)); };
  auto number = [&](double& value) {
    switch (scan.next_double(value)) {
      case ScanResult::ok: return true;
      case ScanResult::end_of_line: return missing();
      case ScanResult::bad_text:
        return fail(
            fmt::format("unparsable number '{}' for {}", quoted_token(scan.last_token()), er_field_name(field)));
    }
    return false;
  };

  std::string_view text = scan.next_token();
  if (text.empty()) return missing();
  row.utc.assign(text);
  field = 1;
  text = scan.next_token();
  if (text.empty()) return missing();
  row.time.assign(text);
  field = 2;
  if (!number(row.energy_ev)) return false;
  field = spec_no_index;
  switch (scan.next_integer(row.spec_no)) {
    case ScanResult::ok: break;
    case ScanResult::end_of_line: return missing();
    case ScanResult::bad_text:
      return fail(fmt::format("unparsable integer '{}' for spec_no", quoted_token(scan.last_token())));
  }
  for (field = first_field_index; field < first_flux_index; ++field)
    if (!number(row.b_scd_nt[field - first_field_index])) return false;
  for (field = first_flux_index; field < first_phi_index; ++field) {
    double& value = row.flux[field - first_flux_index];
    if (!number(value)) return false;
    value = flux_or_nan(value);
  }
  for (field = first_phi_index; field < er_fields_per_line; ++field) {
    double& value = row.phi_deg[field - first_phi_index];
    if (!number(value)) return false;
    value = phi_or_nan(value);
  }
  field = er_fields_per_line;
  if (!scan.at_end()) return fail(fmt::format("more than {} fields", er_fields_per_line));
  return true;
}

}  // namespace

const char* to_string(DropReason reason) {
  switch (reason) {
    case DropReason::bad_field_magnitude: return "bad_field_magnitude";
    case DropReason::epoch_zero_time: return "epoch_zero_time";
    case DropReason::wrong_row_count: return "wrong_row_count";
    case DropReason::malformed_line: return "malformed_line";
    case DropReason::count_: break;
  }
  return "unknown";
}

std::string er_field_name(int index) {
  static constexpr const char* fixed[] = {"UTC", "time", "energy", "spec_no", "mag_x", "mag_y", "mag_z"};
  if (index >= 0 && index < first_flux_index) return fixed[index];
  if (index >= first_flux_index && index < first_phi_index) return fmt::format("ele_flux_{}", index - first_flux_index);
  if (index >= first_phi_index && index < er_fields_per_line)
    return fmt::format("dist_phi_{}", index - first_phi_index);
  return fmt::format("field_{}", index);
}

namespace {

// Reads the lines of one table in file order into an ErFile.
class TableParser {
 public:
  explicit TableParser(const std::filesystem::path& source) : source_name_(source.string()) { out_.path = source; }

  void add(const TextLine& line) {
    lines_ = line.number;
    if (line.bytes > er_max_line_bytes) {  // not a table line; only its start was kept
      malformed(line.number, {-1, fmt::format("line of {} bytes is longer than the {}-byte limit of a table line",
                                              line.bytes, er_max_line_bytes)});
      grouper_.add_line_without_spec_no();
      return;
    }
    if (is_blank(line.text)) return;
    error_.field = -1;
    row_.line = line.number;
    const bool ok = parse_row(line.text, row_, error_);
    if (ok || error_.field > spec_no_index) {
      ++out_.rows_with_spec_no;
      if (!ok) malformed(line.number, error_);
      grouper_.add_row(std::move(row_), ok);  // parse_row sets every field of the next row again
    } else {
      malformed(line.number, error_);
      grouper_.add_line_without_spec_no();
    }
  }

  ErFile finish(std::size_t bytes) {
    out_.bytes = bytes;
    out_.lines = lines_;
    grouper_.finish(out_);
    return std::move(out_);
  }

 private:
  void malformed(std::size_t line_number, const LineError& error) {
    ++out_.malformed_lines;
    if (out_.issues.size() >= er_max_kept_issues) return;
    std::string what = error.field < 0 ? error.what : fmt::format("{} (field {})", error.what, error.field);
    out_.issues.push_back({line_number, fmt::format("{}:{}: {}", source_name_, line_number, what), what});
  }

  std::string source_name_;
  ErFile out_;
  SpectrumGrouper grouper_;
  ErRow row_;
  LineError error_;
  std::size_t lines_ = 0;
};

// A file without one line that could be a table row is not a table (binary data, a web page,
// another product): an unreadable input, not a day without spectra.
std::runtime_error not_a_table(const ErFile& file) {
  std::string first = file.issues.empty() ? "every line is blank"
                                          : fmt::format("line {}: {}", file.issues[0].line, file.issues[0].what);
  std::string lines = file.lines == 1 ? "its only line is not" : fmt::format("none of its {} lines is", file.lines);
  return std::runtime_error(fmt::format("{}: not an ER table: {} a table row ({})", file.path.string(), lines, first));
}

}  // namespace

ErFile parse_er_table_text(std::string_view text, const std::filesystem::path& source) {
  TableParser parser(source);
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    parser.add({line_number, line.substr(0, er_max_line_bytes), line.size()});
  });
  return parser.finish(text.size());
}

ErFile read_er_table(const std::filesystem::path& path) {
  TableParser parser(path);
  const std::size_t bytes = read_lines(path, er_max_line_bytes, max_er_table_bytes, "ER table",
                                       [&](const TextLine& line) { parser.add(line); });
  // A 0-byte table is a failed or cut-off download, not a day without data: report it as unreadable.
  if (bytes == 0) throw std::runtime_error(fmt::format("{}: empty file (0 bytes)", path.string()));
  ErFile file = parser.finish(bytes);
  if (file.rows_with_spec_no == 0) throw not_a_table(file);
  return file;
}

namespace {

void append_number(std::string& out, double value, std::chars_format format) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  for (char* c = buffer; c != end; ++c)
    if (*c == 'e') *c = 'E';
  out.append(buffer, end);
}

void require_finite(double value, const char* what, const ErSpectrum& spectrum, std::size_t row) {
  if (!std::isfinite(value))
    throw std::invalid_argument(
        fmt::format("ER table writer: spec_no {} row {}: {} is not finite", spectrum.spec_no, row, what));
}

void require_token(const std::string& text, const char* what, const ErSpectrum& spectrum, std::size_t row) {
  bool blank_inside = text.find_first_of(" \t\r\n") != std::string::npos;
  if (text.empty() || blank_inside)
    throw std::invalid_argument(fmt::format("ER table writer: spec_no {} row {}: {} '{}' is empty or has blanks",
                                            spectrum.spec_no, row, what, text));
}

}  // namespace

std::string format_er_table(const std::vector<ErSpectrum>& spectra) {
  std::string out;
  std::size_t rows = 0;
  for (const auto& spectrum : spectra) rows += spectrum.rows.size();
  out.reserve(rows * 1800);
  const std::string flux_fill = fmt::format("{:.3E}", er_flux_fill);    // 9.999E-99
  const std::string phi_fill = fmt::format("{:.2f}", er_phi_fill_deg);  // 999.99
  for (const auto& spectrum : spectra) {
    for (std::size_t i = 0; i < spectrum.rows.size(); ++i) {
      const ErRow& row = spectrum.rows[i];
      require_token(row.utc, "UTC", spectrum, i);
      require_token(row.time, "time", spectrum, i);
      require_finite(row.energy_ev, "energy", spectrum, i);
      for (double b : row.b_scd_nt) require_finite(b, "magnetic field", spectrum, i);
      out += row.utc;
      out += ' ';
      out += row.time;
      out += ' ';
      append_number(out, row.energy_ev, std::chars_format::general);
      out += ' ';
      out += std::to_string(spectrum.spec_no);
      for (double b : row.b_scd_nt) {
        out += ' ';
        append_number(out, b, std::chars_format::general);
      }
      for (double flux : row.flux) {
        out += ' ';
        if (std::isnan(flux)) {
          out += flux_fill;
        } else {
          require_finite(flux, "flux", spectrum, i);
          append_number(out, flux, std::chars_format::scientific);
        }
      }
      for (double phi : row.phi_deg) {
        out += ' ';
        if (std::isnan(phi)) {
          out += phi_fill;
        } else {
          require_finite(phi, "phi", spectrum, i);
          append_number(out, phi, std::chars_format::general);
        }
      }
      out += "\r\n";
    }
  }
  return out;
}

void write_er_table(const std::filesystem::path& path, const std::vector<ErSpectrum>& spectra) {
  write_file_atomically(path, format_er_table(spectra));
}

}  // namespace lpm::io
