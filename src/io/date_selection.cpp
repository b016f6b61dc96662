#include "io/date_selection.hpp"

#include <fmt/format.h>

namespace lpm::io {

bool DateSelection::matches(int y, int m, int d) const {
  return (!year || *year == y) && (!month || *month == m) && (!day || *day == d);
}

std::string validate(const DateSelection& selection) {
  if (selection.month && (*selection.month < 1 || *selection.month > 12))
    return fmt::format("--month must be within 1-12, got {}", *selection.month);
  if (selection.day && (*selection.day < 1 || *selection.day > 31))
    return fmt::format("--day must be within 1-31, got {}", *selection.day);
  if (selection.day && !selection.month) return "--day needs --month";
  return {};
}

std::string batch_output_name(const DateSelection& selection) {
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
