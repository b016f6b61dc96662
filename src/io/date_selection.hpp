#pragma once
// The --year/--month/--day selection shared by batch, map, fetch and simulate (SPEC §2, D§3).

#include <optional>
#include <string>

namespace lpm::io {

struct DateSelection {
  std::optional<int> year;
  std::optional<int> month;  // 1-12
  std::optional<int> day;    // 1-31

  // True when a date (y, m, d) passes every given filter.
  bool matches(int y, int m, int d) const;
};

// Empty string when the selection is valid, else a one-line reason
// (month outside 1-12, day outside 1-31, a day without a month).
std::string validate(const DateSelection& selection);

// The batch output name of the reference: potential_batch_<YYYY>[_MM][_DD].npz with only the
// given parts (e.g. --month 6 alone gives potential_batch_06.npz), or potential_batch_all.npz.
std::string batch_output_name(const DateSelection& selection);

}  // namespace lpm::io
