#include "io/date_selection.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace lpm::io {
namespace {

std::int64_t day_number(const CalendarDate& d) { return days_since_1970(d.year, d.month, d.day); }

std::string date_text(const CalendarDate& d) { return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day); }

std::string year_problem(int year, const char* flag) {
  if (year >= first_table_year && year <= last_table_year) return {};
  return fmt::format("{} year {} is outside {}-{} (the years an ER table name can hold; give all four digits)", flag,
                     year, first_table_year, last_table_year);
}

CalendarDate range_end(const DateSelection& selection) { return selection.end.value_or(*selection.start); }

}  // namespace

bool DateSelection::matches(int y, int m, int d) const {
  if (start) {
    const std::int64_t n = days_since_1970(y, m, d);
    return n >= day_number(*start) && n <= day_number(range_end(*this));
  }
  return (!year || *year == y) && (!month || *month == m) && (!day || *day == d);
}

std::optional<CalendarDate> parse_date(std::string_view text) {
  CalendarDate d;
  char extra = 0;
  const std::string copy(text);
  if (copy.size() != 10 || std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &extra) != 3 ||
      copy[4] != '-' || copy[7] != '-' || !is_valid_date(d.year, d.month, d.day))
    return std::nullopt;
  return d;
}

std::string validate(const DateSelection& selection) {
  const bool by_range = selection.start || selection.end;
  if (by_range && (selection.year || selection.month || selection.day))
    return "give either --year/--month/--day or --start/--end, not both";
  if (by_range) {
    if (!selection.start) return "--end needs --start";
    if (auto problem = year_problem(selection.start->year, "--start"); !problem.empty()) return problem;
    if (auto problem = year_problem(range_end(selection).year, "--end"); !problem.empty()) return problem;
    if (day_number(range_end(selection)) < day_number(*selection.start))
      return fmt::format("--end {} is before --start {}", date_text(range_end(selection)), date_text(*selection.start));
    return {};
  }
  if (selection.year)
    if (auto problem = year_problem(*selection.year, "--year"); !problem.empty()) return problem;
  if (selection.month && (*selection.month < 1 || *selection.month > 12))
    return fmt::format("--month must be within 1-12, got {}", *selection.month);
  if (selection.day && (*selection.day < 1 || *selection.day > 31))
    return fmt::format("--day must be within 1-31, got {}", *selection.day);
  if (selection.day && !selection.month) return "--day needs --month";
  // Without a year, 29 February exists (in a leap year); with one, the day must exist in it.
  const int year = selection.year.value_or(2000);
  if (selection.day && *selection.day > days_in_month(year, *selection.month))
    return selection.year ? fmt::format("--day {} does not exist in {}-{:02d}", *selection.day, year, *selection.month)
                          : fmt::format("--day {} does not exist in month {}", *selection.day, *selection.month);
  return {};
}

std::optional<std::pair<CalendarDate, CalendarDate>> date_bounds(const DateSelection& selection) {
  if (selection.start) return std::pair{*selection.start, range_end(selection)};
  if (!selection.year) return std::nullopt;
  const int year = *selection.year, m0 = selection.month.value_or(1), m1 = selection.month.value_or(12);
  return std::pair{CalendarDate{year, m0, selection.day.value_or(1)},
                   CalendarDate{year, m1, selection.day.value_or(days_in_month(year, m1))}};
}

std::string batch_output_name(const DateSelection& selection) {
  if (selection.start) {
    const CalendarDate a = *selection.start, b = range_end(selection);
    return fmt::format("potential_batch_{:04d}_{:02d}_{:02d}_to_{:04d}_{:02d}_{:02d}.npz", a.year, a.month, a.day,
                       b.year, b.month, b.day);
  }
  std::string parts;
  auto append = [&parts](const std::string& part) {
    if (!parts.empty()) parts += '_';
    parts += part;
  };
  if (selection.year) append(fmt::format("{}", *selection.year));
  if (selection.month) append(fmt::format("{:02d}", *selection.month));
  if (selection.day) append(fmt::format("{:02d}", *selection.day));
  if (parts.empty()) parts = "all";
  return "potential_batch_" + parts + ".npz";
}

}  // namespace lpm::io
