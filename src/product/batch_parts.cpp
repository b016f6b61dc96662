#include "product/batch_parts.hpp"

#include <algorithm>

#include "base/calendar.hpp"

namespace lpm::product {
namespace {

std::int64_t day_number(const CalendarDate& d) { return days_since_1970(d.year, d.month, d.day); }

io::DateSelection month_part(const io::ErFileRef& table, const io::DateSelection& selection) {
  io::DateSelection part;
  const CalendarDate first{table.year, table.month, 1};
  const CalendarDate last{table.year, table.month, days_in_month(table.year, table.month)};
  if (selection.start) {
    const CalendarDate end = selection.end.value_or(*selection.start);
    const CalendarDate a = day_number(*selection.start) > day_number(first) ? *selection.start : first;
    const CalendarDate b = day_number(end) < day_number(last) ? end : last;
    if (day_number(a) != day_number(first) || day_number(b) != day_number(last)) {
      part.start = a;
      part.end = b;
      return part;
    }
  }
  part.year = table.year;
  part.month = table.month;
  if (selection.day) part.day = table.day;
  return part;
}

io::DateSelection part_of(const io::ErFileRef& table, const io::DateSelection& selection, BatchSplit split) {
  if (split == BatchSplit::month) return month_part(table, selection);
  io::DateSelection part;
  part.year = table.year;
  part.month = table.month;
  part.day = table.day;
  return part;
}

}  // namespace

std::vector<BatchPart> split_batch(const std::vector<io::ErFileRef>& tables, const io::DateSelection& selection,
                                   BatchSplit split) {
  if (split == BatchSplit::none) return {BatchPart{selection, tables}};
  std::vector<BatchPart> parts;
  for (const auto& table : tables) {
    const bool same = !parts.empty() && parts.back().tables.back().year == table.year &&
                      parts.back().tables.back().month == table.month &&
                      (split == BatchSplit::month || parts.back().tables.back().day == table.day);
    if (!same) parts.push_back({part_of(table, selection, split), {}});
    parts.back().tables.push_back(table);
  }
  return parts;
}

}  // namespace lpm::product
