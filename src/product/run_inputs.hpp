#pragma once
// What a cache is made from (issue 20): the selected ER tables and the SPICE kernels, each with
// its SHA-1, written as the meta_input_* / meta_kernel_* keys; and the reuse rule of `batch`
// and `map`: an existing output stands for a new run only if it is the same product.

#include <filesystem>
#include <string>
#include <vector>

#include "io/file_discovery.hpp"
#include "pipeline/settings.hpp"

namespace lpm::product {

struct RunInputs {
  std::vector<std::string> table_paths;   // absolute, in selection order
  std::vector<std::string> table_sha1;    // "" for a table that cannot be read
  std::vector<std::string> kernel_names;  // file names, in load order
  std::vector<std::string> kernel_sha1;
};

// Checksums every selected table and every kernel of data_dir (pipeline::mission_kernel_files).
RunInputs collect_run_inputs(const std::vector<io::ErFileRef>& tables, const std::filesystem::path& data_dir);

// Empty when the cache at `existing` is the same product as a run with `inputs` and `settings`:
// the same meta_version, meta_settings, input tables (file names and SHA-1) and kernels.
// Otherwise one line naming the first difference (e.g. "meta_settings differ: ...").
std::string reuse_difference(const std::filesystem::path& existing, const RunInputs& inputs,
                             const pipeline::PipelineSettings& settings);

// The message of a refused reuse: `output` exists and `difference`; names the remedies
// (--overwrite, or another `elsewhere_flag`: "--output-dir" for batch, "--output" for map).
std::string refused_reuse_message(const std::filesystem::path& output, const std::string& difference,
                                  const char* elsewhere_flag);

// Throws std::runtime_error naming `folder` when it exists and is not a folder or cannot be
// written, or when it does not exist and its nearest existing parent is not a writable folder.
// Called before the work, so that a bad --output-dir fails before the first fit.
void check_output_folder(const std::filesystem::path& folder);

}  // namespace lpm::product
