#include "io/file_discovery.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include <fmt/format.h>
#include <linux/magic.h>
#include <spdlog/spdlog.h>
#include <sys/vfs.h>

#include "base/calendar.hpp"

namespace lpm::io {
namespace {

namespace fs = std::filesystem;

int two_digits(std::string_view text) { return (text[0] - '0') * 10 + (text[1] - '0'); }

// Kernel pseudo file systems (/proc, /sys and the like): endless or self-referencing trees that
// hold no data. Discovery never enters them, even when the data folder contains one.
bool is_pseudo_file_system(const fs::path& folder) {
  struct statfs info {};
  if (::statfs(folder.c_str(), &info) != 0) return false;  // the listing that follows reports the error
  switch (static_cast<unsigned long>(info.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEVPTS_SUPER_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
    case BPF_FS_MAGIC:
    case PSTOREFS_MAGIC: return true;
    default: return false;
  }
}

bool is_inside(const fs::path& path, const fs::path& folder) {
  return std::mismatch(folder.begin(), folder.end(), path.begin(), path.end()).first == folder.end();
}

[[noreturn]] void fail_to_read(const fs::path& path, const char* what, const std::error_code& error) {
  throw std::runtime_error(
      fmt::format("{}: cannot {}: {}; ER tables there would be missed", path.string(), what, error.message()));
}

// Depth-first walk collecting matching files. Links are followed only while they stay inside the
// data folder (`root`, canonical), and `visited` holds canonical folder paths, so a cycle is
// entered once. A folder that cannot be listed, or an entry that cannot be examined, is an error:
// skipping it would look like a smaller archive (issue 23).
struct Walk {
  fs::path root;
  const DateSelection& selection;
  std::set<fs::path> visited;
  std::vector<ErFileRef> found;

  void folder(const fs::path& folder, const fs::path& canonical) {
    if (!visited.insert(canonical).second) return;
    if (is_pseudo_file_system(canonical)) {
      if (canonical == root)
        throw std::runtime_error(
            fmt::format("ER data folder '{}' is on a kernel pseudo file system such as /proc", folder.string()));
      spdlog::warn("{}: not searched for ER tables: a kernel pseudo file system such as /proc", folder.string());
      return;
    }
    std::error_code error;
    fs::directory_iterator it(folder, error);
    if (error) fail_to_read(folder, "list the folder", error);
    for (; it != fs::directory_iterator(); it.increment(error)) {
      if (error) fail_to_read(folder, "list the folder", error);
      entry(it->path());
    }
    if (error) fail_to_read(folder, "list the folder", error);
  }

  void entry(const fs::path& path) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);  // follows a link
    if (is_gone(error)) return;
    if (error) fail_to_read(path, "examine", error);
    std::optional<ErFileRef> ref = parse_er_file_name(path.filename().string());
    const bool is_subfolder = fs::is_directory(status) && !ref;
    // Whatever is named like a wanted table is listed (a folder, a FIFO), so that reading it
    // reports what it is.
    const bool is_wanted_table = ref && selection.matches(ref->year, ref->month, ref->day);
    if (!is_subfolder && !is_wanted_table) return;
    const bool is_link = fs::is_symlink(fs::symlink_status(path, error));
    if (error) fail_to_read(path, "examine", error);
    const fs::path target = fs::canonical(path, error);
    if (is_gone(error)) return;
    if (error) fail_to_read(path, "resolve the path", error);
    if (is_link && !is_inside(target, root)) {
      spdlog::warn("{}: link not followed: it leads out of the data folder, to {}", path.string(), target.string());
      return;
    }
    if (is_subfolder) {
      folder(path, target);
    } else {
      ref->path = path;
      found.push_back(std::move(*ref));
    }
  }

  // An entry removed since the folder was listed (a download renamed into place), or a link to
  // nothing, holds no table; every other error is reported.
  static bool is_gone(const std::error_code& error) {
    return error == std::errc::no_such_file_or_directory || error == std::errc::too_many_symbolic_link_levels;
  }

  static fs::path canonical_of(const fs::path& path) {
    std::error_code error;
    fs::path canonical = fs::canonical(path, error);
    if (error) fail_to_read(path, "resolve the path", error);
    return canonical;
  }
};

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
  Walk walk{Walk::canonical_of(data_dir), selection, {}, {}};
  walk.folder(data_dir, walk.root);
  std::sort(walk.found.begin(), walk.found.end(), [](const ErFileRef& a, const ErFileRef& b) {
    return std::tie(a.year, a.month, a.day, a.path) < std::tie(b.year, b.month, b.day, b.path);
  });
  return std::move(walk.found);
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
