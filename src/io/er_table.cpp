#include "io/er_table.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "io/text_file.hpp"
#include "io/text_scan.hpp"

namespace lpm::io {
namespace {

constexpr int spec_no_index = 3;
constexpr int first_field_index = 4;                             // mag_x
constexpr int first_flux_index = 7;                              // ele_flux_0
constexpr int first_phi_index = first_flux_index + er_channels;  // dist_phi_0
constexpr std::string_view epoch_zero_utc = "1970-01-01T00:00:00";

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

bool has_bad_field_magnitude(const ErRow& row) {
  const auto& b = row.b_scd_nt;
  double magnitude = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  return !(magnitude > er_min_field_nt && magnitude < er_max_field_nt);  // NaN is bad too
}

// Epoch-zero sentinel rows (D§2.2): UTC at the Unix epoch, or a numeric time field of 0.
bool has_epoch_zero_time(const ErRow& row) {
  if (row.utc == epoch_zero_utc) return true;
  double time = 1.0;
  const char* end = row.time.data() + row.time.size();
  auto [ptr, ec] = std::from_chars(row.time.data(), end, time);
  return ec == std::errc{} && ptr == end && time == 0.0;
}

// The spectrum being assembled from consecutive lines, with what is wrong with it so far.
struct OpenSpectrum {
  bool active = false;
  bool spec_no_known = false;
  ErSpectrum spectrum;
  std::size_t lines = 0;  // rows including malformed lines
  bool malformed = false;
  bool epoch_zero = false;
  bool bad_field = false;

  void start(bool known, std::int64_t spec_no) {
    active = true;
    spec_no_known = known;
    spectrum.spec_no = spec_no;
    spectrum.rows.clear();
    spectrum.rows.reserve(er_rows_per_spectrum);
    lines = 0;
    malformed = epoch_zero = bad_field = false;
  }

  // Moves a complete spectrum to out.spectra or counts why it is dropped.
  void close(ErFile& out) {
    if (!active) return;
    active = false;
    DropReason reason = DropReason::count_;
    if (malformed)
      reason = DropReason::malformed_line;
    else if (epoch_zero)
      reason = DropReason::epoch_zero_time;
    else if (bad_field)
      reason = DropReason::bad_field_magnitude;
    else if (lines != static_cast<std::size_t>(er_rows_per_spectrum))
      reason = DropReason::wrong_row_count;
    if (reason == DropReason::count_)
      out.spectra.push_back(std::move(spectrum));
    else
      ++out.dropped[static_cast<int>(reason)];
    spectrum = ErSpectrum{};
  }
};

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

ErFile parse_er_table_text(std::string_view text, const std::filesystem::path& source) {
  ErFile out;
  out.path = source;
  out.bytes = text.size();
  const std::string source_name = source.string();

  OpenSpectrum open;
  ErRow row;
  LineError error;
  std::size_t lines = 0;
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    lines = line_number;
    if (is_blank(line)) return;

    error.field = -1;
    row.line = line_number;
    bool ok = parse_row(line, row, error);
    bool spec_no_known = ok || error.field > spec_no_index;
    if (spec_no_known) {
      if (!open.active) {
        open.start(true, row.spec_no);
      } else if (!open.spec_no_known) {  // malformed lines at the start join the first spectrum
        open.spectrum.spec_no = row.spec_no;
        open.spec_no_known = true;
      } else if (open.spectrum.spec_no != row.spec_no) {
        open.close(out);
        open.start(true, row.spec_no);
      }
    } else if (!open.active) {
      open.start(false, 0);
    }
    ++open.lines;

    if (!ok) {
      open.malformed = true;
      ++out.malformed_lines;
      if (out.issues.size() < er_max_kept_issues)
        out.issues.push_back(
            {line_number, fmt::format("{}:{}: {} (field {})", source_name, line_number, error.what, error.field)});
      return;
    }
    open.epoch_zero = open.epoch_zero || has_epoch_zero_time(row);
    open.bad_field = open.bad_field || has_bad_field_magnitude(row);
    open.spectrum.rows.push_back(std::move(row));
  });
  open.close(out);
  out.lines = lines;
  return out;
}

ErFile read_er_table(const std::filesystem::path& path) {
  std::string text = read_whole_file(path);
  // A 0-byte table is a failed or cut-off download, not a day without data: report it as unreadable.
  if (text.empty()) throw std::runtime_error(fmt::format("{}: empty file (0 bytes)", path.string()));
  return parse_er_table_text(text, path);
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
