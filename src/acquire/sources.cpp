#include "acquire/sources.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "io/data_folder.hpp"

namespace lpm::acquire {
namespace {

constexpr std::string_view naif_lp_spk = "https://naif.jpl.nasa.gov/pub/naif/LPM/kernels/spk/";
constexpr std::string_view naif_generic = "https://naif.jpl.nasa.gov/pub/naif/generic_kernels/";
constexpr std::string_view lp_spice = "https://pds-geosciences.wustl.edu/missions/lunarp/spice/";
constexpr std::string_view attitude_base = "https://pds-geosciences.wustl.edu/lunar/prospectorcd/lp_0019/geometry/";
constexpr std::string_view theta_base = "https://pds-ppi.igpp.ucla.edu/data/lp-er-calibrated/data-3deleflux-anc/theta/";
constexpr std::string_view https_prefix = "https://";

std::string_view trim_trailing_slashes(std::string_view text) {
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string join_url(std::string_view base, std::string_view relative) {
  return fmt::format("{}/{}", trim_trailing_slashes(base), relative);
}

std::vector<RemoteFile> kernel_files() {
  std::vector<RemoteFile> files;
  auto add = [&files](std::string_view base, std::string_view relative) {
    std::filesystem::path name = std::filesystem::path(relative).filename();  // flattened (D§1.1)
    files.push_back({join_url(base, relative), io::kernels_dir("") / name, FileKind::kernel});
  };
  for (std::string_view spk :
       {"lp_ask_980111-980531.bsp", "lp_ask_980601-981031.bsp", "lp_ask_981101-990331.bsp", "lp_ask_990401-990730.bsp"})
    add(naif_lp_spk, spk);
  add(naif_generic, "lsk/latest_leapseconds.tls");
  add(naif_generic, "pck/pck00011.tpc");
  add(lp_spice, "lpephemu.bsp");
  return files;
}

std::vector<RemoteFile> instrument_table_files() {
  return {{join_url(attitude_base, io::attitude_table_name), io::attitude_table_path(""), FileKind::instrument_table},
          {join_url(theta_base, io::theta_table_name), io::theta_table_path(""), FileKind::instrument_table}};
}

RemoteFile er_table_file(std::string_view year, std::string_view month_folder, std::string_view name) {
  std::string relative = fmt::format("{}/{}/{}", year, month_folder, name);
  return {join_url(er_tables_base_url, relative), relative, FileKind::er_table};
}

void check_mirror_url(std::string_view mirror) {
  if (mirror.empty()) return;
  std::string_view rest;
  if (mirror.starts_with("http://"))
    rest = mirror.substr(7);
  else if (mirror.starts_with(https_prefix))
    rest = mirror.substr(https_prefix.size());
  else
    throw std::invalid_argument(fmt::format("--mirror must be an http:// or https:// URL, got '{}'", mirror));
  if (rest.empty() || rest.front() == '/' || rest.find_first_of("?#") != std::string_view::npos)
    throw std::invalid_argument(fmt::format("--mirror needs a host and no query or fragment, got '{}'", mirror));
}

std::string mirrored_url(std::string_view url, std::string_view mirror) {
  if (!url.starts_with(https_prefix))
    throw std::invalid_argument(fmt::format("refusing a non-https archive URL '{}'", url));
  if (mirror.empty()) return std::string(url);
  return join_url(mirror, url.substr(https_prefix.size()));
}

}  // namespace lpm::acquire
