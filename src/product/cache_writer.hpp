#pragma once
// Writes the potential cache (SPEC §5, P§5.5): every key of the reference with the same dtype and
// meaning, plus intervals, status codes, file provenance and metadata. Key names and dtypes come
// from cache_schema.hpp.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "io/npz.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"
#include "product/result_spill.hpp"
#include "product/run_inputs.hpp"

namespace lpm::product {

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
// arrays (256 bytes per row) go in pieces. `results` must be sorted (pipeline::sort_and_check).
void emit_payload(const std::vector<pipeline::SpectrumResult>& results, const std::vector<std::string>& files,
                  const pipeline::PipelineSettings& settings, PayloadSink& sink, const RunInputs& inputs = {});

// The whole payload in memory (tests, `map --plot`).
io::NpzArchive build_payload(const std::vector<pipeline::SpectrumResult>& results,
                             const std::vector<std::string>& files, const pipeline::PipelineSettings& settings,
                             const RunInputs& inputs = {});

// Streams the payload into the NPZ at `path` (atomic: io::AtomicOutput). Peak memory is the
// results plus one row-level number array, not the whole archive. A cancellation (Ctrl-C,
// SIGTERM) requested before the file is in place, also while it is being written, stops it:
// returns false and nothing is written. With io::ExistingOutput::keep a file that appeared at
// `path` meanwhile is kept and io::OutputExistsError thrown.
bool write_payload(const std::filesystem::path& path, const std::vector<pipeline::SpectrumResult>& results,
                   const std::vector<std::string>& files, const pipeline::PipelineSettings& settings,
                   const RunInputs& inputs = {}, io::ExistingOutput existing = io::ExistingOutput::replace);

// write_payload from results spilled to disk (result_spill.hpp): the same bytes, with memory
// bounded by a piece of one column per thread. The columns are compressed on `threads` threads
// (pipeline::run_tasks; those of interleaved tables, held whole, one at a time).
bool write_spilled_payload(const std::filesystem::path& path, const ResultSpill& spill,
                           const std::vector<std::string>& files, const pipeline::PipelineSettings& settings,
                           const RunInputs& inputs = {}, io::ExistingOutput existing = io::ExistingOutput::replace,
                           int threads = 1);

}  // namespace lpm::product
