#pragma once
// Finding the daily ER tables in the archive layout <data-dir>/<YYYY>/<DDD_DDDMON>/3DYYMMDD.TAB
// (D§1.2) and building that layout's names.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/date_selection.hpp"

namespace lpm::io {

struct ErFileRef {
  std::filesystem::path path;
  int year = 0, month = 0, day = 0;  // parsed from the file name
};

// The date of a file name "3DYYMMDD.TAB" (upper case; YY > 50 -> 19YY else 20YY), or nothing if
// the name does not match the pattern or is not a calendar date.
std::optional<ErFileRef> parse_er_file_name(std::string_view file_name);

// Every ER table under data_dir (recursive, each folder visited once) whose file-name date passes
// `selection`, sorted by date then path. Files whose names do not match 3DYYMMDD.TAB are ignored.
// Symbolic links are followed while they stay inside data_dir; a link leading out of it, and a
// kernel pseudo file system (/proc, /sys, ...) inside it, is skipped with a warning (issue 23).
// Throws std::runtime_error naming the path if data_dir is not an existing folder, or a folder
// under it cannot be listed or an entry examined (a table there would be missed), and
// std::invalid_argument if the selection is invalid (see validate()).
std::vector<ErFileRef> discover_er_files(const std::filesystem::path& data_dir, const DateSelection& selection);

// Month folder "DDD_DDDMON": first and last day of year of the month, e.g. (1998, 6) ->
// "152_181JUN", (2000, 2) -> "032_060FEB". Throws std::invalid_argument for a month outside 1-12.
std::string month_folder_name(int year, int month);

// "YYYY/DDD_DDDMON/3DYYMMDD.TAB", e.g. (1998, 6, 15) -> "1998/152_181JUN/3D980615.TAB".
// Throws std::invalid_argument for an invalid date or a year outside 1951-2050 (the two-digit
// year of the file name could not be read back).
std::filesystem::path er_table_relative_path(int year, int month, int day);

}  // namespace lpm::io
