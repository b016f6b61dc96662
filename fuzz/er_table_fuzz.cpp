// libFuzzer target: the ER table reader (src/io/er_table.hpp) on arbitrary text.
// Checks, beyond "no crash": every kept spectrum has 15 rows with its spec_no, drop counts
// and issues are consistent, and kept spectra survive format → parse unchanged.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "io/er_table.hpp"

namespace {

bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool same_row(const lpm::io::ErRow& a, const lpm::io::ErRow& b) {
  if (a.utc != b.utc || a.time != b.time || !same_number(a.energy_ev, b.energy_ev)) return false;
  for (int i = 0; i < 3; ++i)
    if (!same_number(a.b_scd_nt[i], b.b_scd_nt[i])) return false;
  for (std::size_t k = 0; k < a.flux.size(); ++k)
    if (!same_number(a.flux[k], b.flux[k]) || !same_number(a.phi_deg[k], b.phi_deg[k])) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const lpm::io::ErFile file = lpm::io::parse_er_table_text(text, "fuzz.TAB");

  if (file.bytes != size) std::abort();
  if (file.issues.size() > lpm::io::er_max_kept_issues || file.issues.size() > file.malformed_lines) std::abort();
  if (file.stray_lines > file.malformed_lines || file.rows_with_spec_no > file.lines) std::abort();
  for (const auto& spectrum : file.spectra) {
    if (spectrum.rows.size() != static_cast<std::size_t>(lpm::er_rows_per_spectrum)) std::abort();
    for (const auto& row : spectrum.rows)
      if (row.spec_no != spectrum.spec_no || row.line == 0 || row.line > file.lines) std::abort();
  }

  // Round trip: what we keep, we can write, and reading it back gives the same values.
  std::string written;
  try {
    written = lpm::io::format_er_table(file.spectra);
  } catch (const std::invalid_argument&) {
    std::abort();  // every kept value passed the reader's checks, so the writer must accept it
  }
  const lpm::io::ErFile again = lpm::io::parse_er_table_text(written, "fuzz-roundtrip.TAB");
  if (again.spectra.size() != file.spectra.size() || again.malformed_lines != 0) std::abort();
  for (std::size_t s = 0; s < file.spectra.size(); ++s) {
    if (again.spectra[s].spec_no != file.spectra[s].spec_no) std::abort();
    for (std::size_t r = 0; r < file.spectra[s].rows.size(); ++r)
      if (!same_row(file.spectra[s].rows[r], again.spectra[s].rows[r])) std::abort();
  }
  return 0;
}
