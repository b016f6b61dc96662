#pragma once
// The output NPZ payload (SPEC §5, P§5.5): every key of the reference with the same dtype and
// meaning, plus intervals, status codes, file provenance and metadata.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/npz.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

inline constexpr int npz_string_width = 64;   // <U64, as the reference
inline constexpr int npz_path_width = 256;    // <U256 for `files`

// Sorts results by spec_no (stable) and checks the integrity rules of P§5.5: spec_no unique,
// every spectrum 15 rows. Throws std::runtime_error on a violation (never writes a bad file).
void sort_and_check(std::vector<SpectrumResult>& results);

// Receives the payload's arrays one at a time, in the order of SPEC §5.
using PayloadSink = std::function<void(std::string_view key, io::NpyArray array)>;

// Builds every array, one after the other, and hands each to `sink` (so only one array exists
// at a time); `results` must be sorted (sort_and_check).
void emit_payload(const std::vector<SpectrumResult>& results, const std::vector<std::string>& files,
                  const PipelineSettings& settings, const PayloadSink& sink);

// The whole payload in memory (tests, `map --keep-payload`).
io::NpzArchive build_payload(const std::vector<SpectrumResult>& results,
                             const std::vector<std::string>& files, const PipelineSettings& settings);

// Streams the payload into the NPZ at `path` (atomic: temp file, rename). Peak memory is the
// results plus the largest single array, not the whole archive.
void write_payload(const std::filesystem::path& path, const std::vector<SpectrumResult>& results,
                   const std::vector<std::string>& files, const PipelineSettings& settings);

}  // namespace lpm::pipeline
