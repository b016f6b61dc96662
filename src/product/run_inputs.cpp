#include "product/run_inputs.hpp"

#include <unistd.h>

#include <stdexcept>

#include <fmt/format.h>

#include "io/checksum.hpp"
#include "io/npz.hpp"
#include "pipeline/mission.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {
namespace fs = std::filesystem;
namespace {

std::string sha1_or_empty(const fs::path& path) {
  try {
    return io::sha1_file(path);
  } catch (const std::runtime_error&) {
    return {};
  }
}

// One key at a time: the check reads a few small entries, not a whole (maybe year-long) cache.
std::vector<std::string> strings_of(const io::NpzReader& cache, const Key& key) {
  return cache.contains(key.name) ? cache.read(key.name).as_strings() : std::vector<std::string>{};
}

// The first ", "-separated piece of two JSON texts that differs, as "ours (was theirs)".
std::string first_json_difference(const std::string& now, const std::string& before) {
  auto pieces = [](const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(", ", start)) != std::string::npos; start = at + 2)
      out.push_back(text.substr(start, at - start));
    out.push_back(text.substr(start));
    return out;
  };
  const auto a = pieces(now), b = pieces(before);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "", y = i < b.size() ? b[i] : "";
    if (x != y) return fmt::format("now {}, the file has {}", x.empty() ? "nothing" : x, y.empty() ? "nothing" : y);
  }
  return "differ";
}

// "" when the named files with their digests are the same lists, else what differs.
std::string list_difference(const char* what, const std::vector<std::string>& names_now,
                            const std::vector<std::string>& sha1_now, const std::vector<std::string>& names_before,
                            const std::vector<std::string>& sha1_before) {
  if (names_before.empty() && !names_now.empty())
    return fmt::format("it records no {} checksums (made by an older version)", what);
  if (names_now != names_before)
    return fmt::format("other {}: {} now, {} in the file", what, names_now.size(), names_before.size());
  for (std::size_t i = 0; i < names_now.size(); ++i)
    if (i >= sha1_before.size() || sha1_now[i] != sha1_before[i])
      return fmt::format("{} {} changed since (SHA-1 differs)", what, names_now[i]);
  return {};
}

std::vector<std::string> file_names(const std::vector<std::string>& paths) {
  std::vector<std::string> names;
  names.reserve(paths.size());
  for (const auto& p : paths) names.push_back(fs::path(p).filename().string());
  return names;
}

}  // namespace

RunInputs collect_run_inputs(const std::vector<io::ErFileRef>& tables, const fs::path& data_dir) {
  RunInputs inputs;
  for (const auto& table : tables) {
    std::error_code ec;
    fs::path absolute = fs::absolute(table.path, ec);
    inputs.table_paths.push_back((ec ? table.path : absolute.lexically_normal()).string());
    inputs.table_sha1.push_back(sha1_or_empty(table.path));
  }
  for (const auto& kernel : pipeline::mission_kernel_files(data_dir)) {
    inputs.kernel_names.push_back(kernel.filename().string());
    inputs.kernel_sha1.push_back(sha1_or_empty(kernel));
  }
  return inputs;
}

namespace {

// reuse_difference on an opened cache.
std::string cache_difference(const io::NpzReader& cache, const RunInputs& inputs,
                             const pipeline::PipelineSettings& settings) {
  const auto version = strings_of(cache, keys::meta_version);
  if (version.empty() || version.front() != program_version)
    return fmt::format("it was made by version {}, this is {}", version.empty() ? "unknown" : version.front(),
                       program_version);
  const auto recorded_settings = strings_of(cache, keys::meta_settings);
  const std::string json = pipeline::settings_json(settings);
  if (recorded_settings.empty() || recorded_settings.front() != json)
    return "other settings (meta_settings: " +
           first_json_difference(json, recorded_settings.empty() ? "" : recorded_settings.front()) + ")";
  if (auto d = list_difference("input table", file_names(inputs.table_paths), inputs.table_sha1,
                               file_names(strings_of(cache, keys::meta_input_paths)),
                               strings_of(cache, keys::meta_input_sha1));
      !d.empty())
    return d;
  return list_difference("kernel", inputs.kernel_names, inputs.kernel_sha1, strings_of(cache, keys::meta_kernel_names),
                         strings_of(cache, keys::meta_kernel_sha1));
}

}  // namespace

std::string reuse_difference(const fs::path& existing, const RunInputs& inputs,
                             const pipeline::PipelineSettings& settings) {
  try {
    return cache_difference(io::NpzReader(existing), inputs, settings);
  } catch (const std::runtime_error& e) {
    return fmt::format("it cannot be read as a cache ({})", e.what());
  }
}

std::string refused_reuse_message(const fs::path& output, const std::string& difference, const char* elsewhere_flag) {
  return fmt::format("{} exists but is not this run's product: {}; use --overwrite to replace it or another {}",
                     output.string(), difference, elsewhere_flag);
}

void check_output_folder(const fs::path& folder) {
  const fs::path target = folder.empty() ? fs::path(".") : folder;
  std::error_code ec;
  fs::path probe = target;
  while (!fs::exists(probe, ec) && probe.has_parent_path() && probe.parent_path() != probe) probe = probe.parent_path();
  if (!fs::exists(probe, ec)) probe = ".";
  if (!fs::is_directory(probe, ec))
    throw std::runtime_error(fmt::format("{}: not a folder, cannot write the output there{}", probe.string(),
                                         probe == target ? "" : fmt::format(" (needed for {})", target.string())));
  if (::access(probe.c_str(), W_OK | X_OK) != 0)
    throw std::runtime_error(fmt::format("{}: folder is not writable{}", probe.string(),
                                         probe == target ? "" : fmt::format(" (needed for {})", target.string())));
}

}  // namespace lpm::product
