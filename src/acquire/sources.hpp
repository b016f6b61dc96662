#pragma once
// What `fetch` downloads and where it goes (D§1.1-1.2): the fixed kernels and instrument tables,
// the base of the ER table tree, and the --mirror rewriting of URLs.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lpm::acquire {

enum class FileKind { kernel, instrument_table, er_table };

struct RemoteFile {
  std::string url;                      // the archive's own https URL (before --mirror)
  std::filesystem::path relative_path;  // destination under --data-dir
  FileKind kind = FileKind::kernel;
};

inline constexpr std::string_view er_tables_base_url =
    "https://pds-ppi.igpp.ucla.edu/data/lp-er-calibrated/data-3deleflux/";

// base.rstrip('/') + '/' + relative (D§1.1).
std::string join_url(std::string_view base, std::string_view relative);

// The seven kernels (to <data>/spice_kernels/<basename>) and attitude.tab, theta.tab (to <data>/).
std::vector<RemoteFile> kernel_files();
std::vector<RemoteFile> instrument_table_files();

// The ER table YEAR/FOLDER/NAME (names already checked by listing.hpp).
RemoteFile er_table_file(std::string_view year, std::string_view month_folder, std::string_view name);

// Throws std::invalid_argument unless `mirror` is empty or an http:// or https:// URL with a host
// and without query or fragment.
void check_mirror_url(std::string_view mirror);

// https://HOST/PATH -> MIRROR/HOST/PATH (SPEC §2 --mirror); `url` unchanged when mirror is empty.
// Throws std::invalid_argument if `url` is not https.
std::string mirrored_url(std::string_view url, std::string_view mirror);

}  // namespace lpm::acquire
