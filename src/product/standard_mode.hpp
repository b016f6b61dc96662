#pragma once
// Standard mode (`map`): the selected ER tables one at a time, on one thread, with a summary
// line per file and overall. Same numbers as batch for the same files.

#include <filesystem>
#include <optional>
#include <string>

#include "io/date_selection.hpp"
#include "io/npz.hpp"
#include "pipeline/settings.hpp"
#include "product/illumination.hpp"

namespace lpm::product {

struct StandardModeOptions {
  std::filesystem::path data_dir = "data";
  io::DateSelection selection;
  std::optional<std::filesystem::path> output;  // write the batch payload here too
  bool overwrite = false;                       // replace an existing `output` made otherwise
  bool keep_payload = false;                    // return the payload (for `map --plot`)
  Illumination illumination = Illumination::all;
  pipeline::PipelineSettings settings;
};

struct StandardModeResult {
  bool nothing_matched = false;
  bool cancelled = false;
  std::string refusal;                    // `output` exists, is another product and overwrite is off: nothing ran
  bool output_kept = false;               // `output` exists and is this very product: not written again
  std::string table;                      // the per-file summary table and the overall line
  std::optional<io::NpzArchive> payload;  // when options.keep_payload
};

// The output folder and an existing `output` (run_inputs.hpp's reuse rule) are checked before
// the first fit; a folder that cannot take the output throws std::runtime_error.
StandardModeResult run_standard_mode(const StandardModeOptions& options);

}  // namespace lpm::product
