#pragma once
// The output NPZ payload (SPEC §5, P§5.5): every key of the reference with the same dtype and
// meaning, plus intervals, status codes, file provenance and metadata.

#include <filesystem>
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
class PayloadSink {
 public:
  virtual ~PayloadSink() = default;
  virtual void add(std::string_view key, io::NpyArray array) = 0;
  // A large array handed over in pieces (as io::NpzWriter::add_streamed).
  virtual void add_streamed(std::string_view key, const io::NpyArray& layout,
                            const io::NpzWriter::ChunkProducer& produce) = 0;
};

// Builds every array, one after the other, and hands each to `sink`; the two row-level string
// arrays (256 bytes per row) go in pieces. `results` must be sorted (sort_and_check).
void emit_payload(const std::vector<SpectrumResult>& results, const std::vector<std::string>& files,
                  const PipelineSettings& settings, PayloadSink& sink);

// The whole payload in memory (tests, `map --keep-payload`).
io::NpzArchive build_payload(const std::vector<SpectrumResult>& results,
                             const std::vector<std::string>& files, const PipelineSettings& settings);

// Streams the payload into the NPZ at `path` (atomic: temp file, rename). Peak memory is the
// results plus one row-level number array, not the whole archive.
void write_payload(const std::filesystem::path& path, const std::vector<SpectrumResult>& results,
                   const std::vector<std::string>& files, const PipelineSettings& settings);

}  // namespace lpm::pipeline
