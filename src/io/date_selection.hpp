#pragma once
// The date selection shared by batch, map, fetch and simulate (SPEC §2, D§3, issue 20): either
// --year/--month/--day filters or an inclusive --start/--end range of YYYY-MM-DD dates. This file
// is the one owner of the date rules: parsing, checks and the output name.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/calendar.hpp"

namespace lpm::io {

// The years an ER table name 3DYYMMDD.TAB can hold (YY > 50 → 19YY, else 20YY).
inline constexpr int first_table_year = 1951;
inline constexpr int last_table_year = 2050;

struct DateSelection {
  std::optional<int> year;
  std::optional<int> month;                          // 1-12
  std::optional<int> day;                            // 1-31
  std::optional<CalendarDate> start = std::nullopt;  // --start: first day of a range
  std::optional<CalendarDate> end = std::nullopt;    // --end: last day (inclusive); none: the start day alone

  // True when a date (y, m, d) passes every given filter, or lies within the range.
  bool matches(int y, int m, int d) const;
};

// A calendar date written YYYY-MM-DD (exactly ten characters), or nothing: "1998-02-30",
// "98-06-15" and "1998-6-15" are not dates.
std::optional<CalendarDate> parse_date(std::string_view text);

// Empty string when the selection is valid, else a one-line reason: month outside 1-12, day
// outside 1-31 or not in its month (30 February), a day without a month, a year outside
// first_table_year..last_table_year (e.g. --year 98), a range mixed with --year/--month/--day,
// --end without --start, or --end before --start.
std::string validate(const DateSelection& selection);

// First and last day a valid selection can match, when it is bounded (a year or a range);
// nothing for a selection without a year.
std::optional<std::pair<CalendarDate, CalendarDate>> date_bounds(const DateSelection& selection);

// The batch output name of the reference: potential_batch_<YYYY>[_MM][_DD].npz with only the
// given parts (e.g. --month 6 alone gives potential_batch_06.npz), or potential_batch_all.npz;
// a range gives potential_batch_<YYYY>_<MM>_<DD>_to_<YYYY>_<MM>_<DD>.npz (inclusive ends).
std::string batch_output_name(const DateSelection& selection);

}  // namespace lpm::io
