#include "product/cache_writer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "base/calendar.hpp"
#include "base/version.hpp"
#include "pipeline/cancellation.hpp"
#include "pipeline/parallel_tasks.hpp"
#include "product/cache_columns.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {

using pipeline::PipelineSettings;
using pipeline::SpectrumResult;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A row-level <U64 array (256 bytes per row) handed over in pieces of this many spectra, so that
// a long run's strings never exist all at once as UTF-32.
constexpr std::size_t string_chunk_spectra = 1024;

// Every array goes in under its schema key; a dtype other than the key's is a bug of this file.
void check_dtype(const Key& key, const io::NpyArray& array) {
  if (array.dtype != key.dtype || (key.unicode_width && array.unicode_width != key.unicode_width))
    throw std::logic_error(fmt::format("cache key {}: built as {}, schema says otherwise", key.name, array.descr()));
}

void add(PayloadSink& sink, const Key& key, io::NpyArray array) {
  check_dtype(key, array);
  sink.add(key.name, std::move(array));
}

void add_row_strings(PayloadSink& sink, const Column& column, const std::vector<SpectrumResult>& results) {
  const Key& key = *column.key;
  const io::NpyArray layout{key.dtype, key.unicode_width, {column.elements(results.size())}, {}};
  std::size_t next = 0;  // first spectrum of the next piece
  sink.add_streamed(key.name, layout, [&](std::vector<std::uint8_t>& chunk) {
    const std::size_t end = std::min(results.size(), next + string_chunk_spectra);
    if (next == end) return;
    const std::vector<SpectrumResult> piece(results.begin() + static_cast<std::ptrdiff_t>(next),
                                            results.begin() + static_cast<std::ptrdiff_t>(end));
    next = end;
    chunk = column_array(column, piece).data;
  });
}

// Sinks: the whole archive in memory, or an NPZ file written entry by entry.
class ArchiveSink final : public PayloadSink {
 public:
  void add(std::string_view key, io::NpyArray array) override { archive.add(std::string(key), std::move(array)); }
  void add_streamed(std::string_view key, const io::NpyArray& layout,
                    const io::NpzWriter::ChunkProducer& produce) override {
    io::NpyArray whole = layout;
    std::vector<std::uint8_t> chunk;
    do {
      chunk.clear();
      produce(chunk);
      whole.data.insert(whole.data.end(), chunk.begin(), chunk.end());
    } while (!chunk.empty());
    add(key, std::move(whole));
  }
  io::NpzArchive archive;
};

// Writes into an NPZ file and stops, by throwing, as soon as a cancellation is requested (between
// entries and between the pieces of a streamed one, on whichever thread compresses it).
class FileSink final : public PayloadSink {
 public:
  explicit FileSink(io::NpzWriter& writer) : writer_(writer) {}
  void add(std::string_view key, io::NpyArray array) override {
    stop_if_cancelled();
    writer_.add(key, array);
  }
  void add_streamed(std::string_view key, const io::NpyArray& layout,
                    const io::NpzWriter::ChunkProducer& produce) override {
    stop_if_cancelled();
    writer_.add_streamed(key, layout, stopping(produce));
  }
  // Streamed entries compressed on `threads` threads (io::NpzWriter::add_streamed).
  void add_streamed(std::vector<io::NpzWriter::StreamedEntry> entries, int threads) {
    stop_if_cancelled();
    for (auto& entry : entries) entry.open = [this, open = std::move(entry.open)] { return stopping(open()); };
    io::NpzWriter::TaskRunner run;
    if (threads > 1) run = [threads](const auto& tasks) { pipeline::run_tasks(tasks, threads); };
    writer_.add_streamed(std::move(entries), run);
  }
  bool cancelled() const { return cancelled_; }

 private:
  void stop_if_cancelled() {
    if (!pipeline::cancellation_requested()) return;
    cancelled_ = true;
    throw std::runtime_error("interrupted");
  }
  io::NpzWriter::ChunkProducer stopping(io::NpzWriter::ChunkProducer produce) {
    return [this, produce = std::move(produce)](std::vector<std::uint8_t>& chunk) {
      stop_if_cancelled();
      produce(chunk);
    };
  }
  io::NpzWriter& writer_;
  std::atomic<bool> cancelled_ = false;
};

}  // namespace

namespace {

// The arrays of the run as a whole, after the columns.
void emit_run_level(const std::vector<std::string>& files, const PipelineSettings& settings, PayloadSink& sink,
                    const RunInputs& inputs) {
  using io::make_unicode;
  if (settings.emit_u_width_qc) {
    add(sink, keys::u_width_lhs_delta_reduced, io::scalar_f8(0.001));
    add(sink, keys::u_width_lhs_identifiable_max_v, io::scalar_f8(settings.u_width_identifiable_max_v));
  }
  add(sink, keys::files, make_unicode(files, path_width));
  add(sink, keys::meta_version, io::scalar_unicode(program_version, string_width));
  add(sink, keys::meta_fit_method, io::scalar_unicode(pipeline::to_string(settings.fit_method), string_width));
  add(sink, keys::meta_u_spacecraft_override, io::scalar_f8(settings.u_spacecraft_override_v.value_or(nan)));
  std::string json = pipeline::settings_json(settings);
  add(sink, keys::meta_settings, io::scalar_unicode(json, static_cast<int>(json.size())));
  add(sink, keys::meta_input_paths, make_unicode(inputs.table_paths, path_width));
  add(sink, keys::meta_input_sha1, make_unicode(inputs.table_sha1, string_width));
  add(sink, keys::meta_kernel_names, make_unicode(inputs.kernel_names, string_width));
  add(sink, keys::meta_kernel_sha1, make_unicode(inputs.kernel_sha1, string_width));
}

}  // namespace

void emit_payload(const std::vector<SpectrumResult>& results, const std::vector<std::string>& files,
                  const PipelineSettings& settings, PayloadSink& sink, const RunInputs& inputs) {
  for (const Column& column : cache_columns(settings)) {
    if (column.strings && column.per_row)
      add_row_strings(sink, column, results);
    else
      add(sink, *column.key, column_array(column, results));
  }
  emit_run_level(files, settings, sink, inputs);
}

io::NpzArchive build_payload(const std::vector<SpectrumResult>& results, const std::vector<std::string>& files,
                             const PipelineSettings& settings, const RunInputs& inputs) {
  ArchiveSink sink;
  emit_payload(results, files, settings, sink, inputs);
  return std::move(sink.archive);
}

namespace {

// Streams what `emit` hands over into the NPZ at `path` (see write_payload).
bool write_with(const std::filesystem::path& path, io::ExistingOutput existing,
                const std::function<void(FileSink&)>& emit) {
  io::NpzWriteOptions options;
  options.existing = existing;
  io::NpzWriter writer(path, options);
  FileSink sink(writer);
  try {
    emit(sink);
  } catch (const std::exception&) {
    if (sink.cancelled()) return false;  // the writer's destructor removes the temp file
    throw;
  }
  return writer.commit(pipeline::cancellation_requested);
}

}  // namespace

bool write_payload(const std::filesystem::path& path, const std::vector<SpectrumResult>& results,
                   const std::vector<std::string>& files, const PipelineSettings& settings, const RunInputs& inputs,
                   io::ExistingOutput existing) {
  return write_with(path, existing, [&](FileSink& sink) { emit_payload(results, files, settings, sink, inputs); });
}

bool write_spilled_payload(const std::filesystem::path& path, const ResultSpill& spill,
                           const std::vector<std::string>& files, const PipelineSettings& settings,
                           const RunInputs& inputs, io::ExistingOutput existing, int threads) {
  return write_with(path, existing, [&](FileSink& sink) {
    std::vector<io::NpzWriter::StreamedEntry> entries;
    for (std::size_t i = 0; i < spill.columns().size(); ++i) {
      const Key& key = *spill.columns()[i].key;
      const io::NpyArray layout{key.dtype, key.unicode_width, {spill.columns()[i].elements(spill.spectra())}, {}};
      entries.push_back({std::string(key.name), layout, [&spill, i] { return spill.column_data(i); }});
    }
    // Columns of interleaved tables are each held whole (result_spill.hpp): one at a time.
    sink.add_streamed(std::move(entries), spill.in_spec_order() ? threads : 1);
    emit_run_level(files, settings, sink, inputs);
  });
}

}  // namespace lpm::product
