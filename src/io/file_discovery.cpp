#include "io/file_discovery.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include <fmt/format.h>

#include "base/calendar.hpp"

namespace lpm::io {
namespace {

namespace fs = std::filesystem;

int two_digits(std::string_view text) { return (text[0] - '0') * 10 + (text[1] - '0'); }

// Depth-first walk collecting matching files; `visited` holds canonical folder paths so a
// symlink cycle is entered only once. Unreadable subfolders are skipped.
void walk(const fs::path& folder, const DateSelection& selection, std::set<fs::path>& visited,
          std::vector<ErFileRef>& found) {
  std::error_code error;
  fs::path canonical = fs::canonical(folder, error);
  if (error || !visited.insert(canonical).second) return;
  fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    std::error_code status_error;
    fs::file_status status = fs::status(path, status_error);  // follows symlinks
    if (status_error) continue;                               // dangling link
    std::optional<ErFileRef> ref = parse_er_file_name(path.filename().string());
    if (fs::is_directory(status) && !ref) {
      walk(path, selection, visited, found);
    } else if (fs::is_regular_file(status) || fs::is_directory(status)) {
      // A folder named like a table is listed too, so that reading it reports the damage.
      if (ref && selection.matches(ref->year, ref->month, ref->day)) {
        ref->path = path;
        found.push_back(std::move(*ref));
      }
    }
  }
}

}  // namespace

std::optional<ErFileRef> parse_er_file_name(std::string_view name) {
  constexpr std::string_view prefix = "3D", suffix = ".TAB";
  if (name.size() != prefix.size() + 6 + suffix.size() || name.substr(0, 2) != prefix || name.substr(8) != suffix)
    return std::nullopt;
  std::string_view digits = name.substr(2, 6);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  int yy = two_digits(digits.substr(0, 2));
  ErFileRef ref;
  ref.year = yy > 50 ? 1900 + yy : 2000 + yy;  // D§1.2
  ref.month = two_digits(digits.substr(2, 2));
  ref.day = two_digits(digits.substr(4, 2));
  if (!is_valid_date(ref.year, ref.month, ref.day)) return std::nullopt;
  return ref;
}

std::vector<ErFileRef> discover_er_files(const fs::path& data_dir, const DateSelection& selection) {
  if (std::string reason = validate(selection); !reason.empty())
    throw std::invalid_argument("invalid date selection: " + reason);
  std::error_code error;
  if (!fs::is_directory(data_dir, error))
    throw std::runtime_error(fmt::format("ER data folder '{}' does not exist or is not a folder", data_dir.string()));
  std::set<fs::path> visited;
  std::vector<ErFileRef> found;
  walk(data_dir, selection, visited, found);
  std::sort(found.begin(), found.end(), [](const ErFileRef& a, const ErFileRef& b) {
    return std::tie(a.year, a.month, a.day, a.path) < std::tie(b.year, b.month, b.day, b.path);
  });
  return found;
}

std::string month_folder_name(int year, int month) {
  static constexpr std::array<const char*, 12> names = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                        "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  if (month < 1 || month > 12) throw std::invalid_argument(fmt::format("month {} is outside 1-12", month));
  int first = 1;
  for (int m = 1; m < month; ++m) first += days_in_month(year, m);
  int last = first + days_in_month(year, month) - 1;
  return fmt::format("{:03d}_{:03d}{}", first, last, names[static_cast<std::size_t>(month - 1)]);
}

fs::path er_table_relative_path(int year, int month, int day) {
  if (year < 1951 || year > 2050)
    throw std::invalid_argument(fmt::format("year {} cannot be named by a two-digit 3DYYMMDD file (1951-2050)", year));
  if (!is_valid_date(year, month, day))
    throw std::invalid_argument(fmt::format("{:04d}-{:02d}-{:02d} is not a calendar date", year, month, day));
  return fs::path(fmt::format("{:04d}", year)) / month_folder_name(year, month) /
         fmt::format("3D{:02d}{:02d}{:02d}.TAB", year % 100, month, day);
}

}  // namespace lpm::io
