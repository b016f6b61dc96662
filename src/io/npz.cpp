#include "io/npz.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "io/atomic_output.hpp"
#include "io/input_limits.hpp"
#include "io/npy_format.hpp"
#include "io/regular_file.hpp"
#include "io/zip_entry_encoder.hpp"
#include "io/zip_posix_file.hpp"
#include "io/zip_reader.hpp"
#include "io/zip_writer.hpp"

namespace lpm::io {
namespace {

constexpr std::string_view npy_suffix = ".npy";

// Names from a hostile file may hold control bytes; keep error messages on one line.
std::string printable(std::string_view name) {
  std::string out;
  for (char c : name) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c);
  return out;
}

// An entry may inflate only to what its .npy header implies, and to no more than a sane limit:
// the header is inflated alone first, so a deflate bomb is refused before it takes memory.
void check_entry_size(const ZipReader& zip, const ZipEntry& entry) {
  const NpyLayout layout = parse_npy_header(zip.read_start(entry, max_npy_header_bytes));
  if (layout.total_bytes() != entry.uncompressed_size)
    throw std::runtime_error(fmt::format(
        "declared size {} bytes does not match shape {} of dtype {} in its .npy "
        "header ({} bytes with the header)",
        entry.uncompressed_size, npy_shape_repr(layout.array.shape), layout.array.descr(), layout.total_bytes()));
  if (layout.total_bytes() > max_npz_entry_bytes)
    throw std::runtime_error(fmt::format("{} bytes, more than any array of a cache (at most {})", layout.total_bytes(),
                                         size_text(max_npz_entry_bytes)));
}

std::string entry_name(std::string_view key) { return std::string(key) + std::string(npy_suffix); }

// The data bytes a layout's dtype and shape imply.
std::uint64_t npy_data_bytes(const NpyArray& layout) {
  std::uint64_t elements = 1;
  for (const std::size_t n : layout.shape) elements *= n;
  return elements * item_size(layout.dtype, layout.unicode_width);
}

// Hands a streamed entry's .npy contents to `write`: its header, then the producer's pieces.
template <typename Write>
void stream_npy(const std::vector<std::uint8_t>& header, const NpzWriter::ChunkProducer& produce, const Write& write) {
  write(std::span<const std::uint8_t>(header));
  std::vector<std::uint8_t> chunk;
  for (;;) {
    chunk.clear();
    produce(chunk);
    if (chunk.empty()) break;
    write(std::span<const std::uint8_t>(chunk));
  }
}

// Thrown inside an entry's compression when another entry has failed: not an error of its own.
struct StoppedByOtherEntry {};

}  // namespace

void NpzArchive::add(std::string key, NpyArray array) {
  if (key.empty()) throw std::runtime_error("NPZ key must not be empty");
  if (index_.contains(key)) throw std::runtime_error(fmt::format("NPZ key '{}' added twice", printable(key)));
  index_.emplace(key, entries_.size());
  entries_.emplace_back(std::move(key), std::move(array));
}

bool NpzArchive::contains(std::string_view key) const { return index_.find(key) != index_.end(); }

const NpyArray& NpzArchive::at(std::string_view key) const {
  const auto it = index_.find(key);
  if (it == index_.end()) throw std::runtime_error(fmt::format("NPZ archive has no key '{}'", printable(key)));
  return entries_[it->second].second;
}

struct NpzWriter::State {
  std::filesystem::path path;
  NpzWriteOptions options;
  std::optional<AtomicOutput> output;
  std::optional<ZipWriter> zip;
  std::set<std::string, std::less<>> keys;
  bool committed = false;

  std::runtime_error failure(const std::string& reason) const {
    return std::runtime_error(fmt::format("cannot write NPZ '{}': {}", path.string(), reason));
  }
  // Any failure while the temp file exists: remove it, then report.
  [[noreturn]] void abandon(const std::string& reason) {
    discard();
    throw failure(reason);
  }
  // Checks that an entry may be added under `key` and records the key.
  void claim(std::string_view key) {
    if (committed || !zip) throw failure("entry added after commit or after a failure");
    if (key.empty()) abandon("NPZ key must not be empty");
    if (!keys.emplace(key).second) abandon(fmt::format("NPZ key '{}' added twice", printable(key)));
  }
  void discard() {
    zip.reset();
    output.reset();
  }
};

NpzWriter::NpzWriter(std::filesystem::path path, NpzWriteOptions options) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = std::move(path);
  s.options = options;
  const std::filesystem::path folder = folder_of(s.path);
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw s.failure(fmt::format("cannot create folder '{}': {}", folder.string(), ec.message()));
  try {
    s.output.emplace(s.path, options.existing);
    s.zip.emplace(s.output->fd(), ZipWriterOptions{options.force_zip64, options.compression_level});
  } catch (const std::exception& e) {
    s.abandon(e.what());
  }
}

NpzWriter::~NpzWriter() {
  if (state_ && !state_->committed) state_->discard();
}

void NpzWriter::add(std::string_view key, const NpyArray& array) {
  State& s = *state_;
  s.claim(key);
  try {
    const std::vector<std::uint8_t> header = npy_header(array);  // also checks data vs shape
    const std::span<const std::uint8_t> parts[] = {header, array.data};
    s.zip->add(std::string(key) + std::string(npy_suffix), parts);
  } catch (const std::exception& e) {
    s.abandon(fmt::format("entry '{}': {}", printable(key), e.what()));
  }
}

void NpzWriter::add_streamed(std::string_view key, const NpyArray& layout, const ChunkProducer& produce) {
  State& s = *state_;
  s.claim(key);
  try {
    const std::vector<std::uint8_t> header = npy_header_for_layout(layout);
    s.zip->begin_entry(entry_name(key), header.size() + npy_data_bytes(layout));
    stream_npy(header, produce, [&](std::span<const std::uint8_t> bytes) { s.zip->write(bytes); });
    s.zip->end_entry();
  } catch (const std::exception& e) {
    s.abandon(fmt::format("entry '{}': {}", printable(key), e.what()));
  }
}

void NpzWriter::add_streamed(std::vector<StreamedEntry> entries, const TaskRunner& run) {
  State& s = *state_;
  if (!run) {
    for (const StreamedEntry& entry : entries) {
      ChunkProducer produce;
      try {
        produce = entry.open();
      } catch (const std::exception& e) {
        s.abandon(fmt::format("entry '{}': {}", printable(entry.key), e.what()));
      }
      add_streamed(entry.key, entry.layout, produce);
    }
    return;
  }
  for (const StreamedEntry& entry : entries) s.claim(entry.key);

  struct Encoded {
    UniqueFd file;  // the compressed entry (unnamed temporary file)
    EncodedSizes sizes;
    std::string error;  // why it failed, or empty
  };
  std::vector<Encoded> encoded(entries.size());
  std::atomic<bool> failed{false};
  const auto encode = [&](std::size_t i) {
    Encoded& out = encoded[i];
    if (failed) return;
    try {
      const std::vector<std::uint8_t> header = npy_header_for_layout(entries[i].layout);
      out.file = unnamed_temp_file(s.path);
      ZipEntryEncoder encoder(entry_name(entries[i].key), s.options.compression_level,
                              header.size() + npy_data_bytes(entries[i].layout),
                              [&](std::span<const std::uint8_t> bytes) { write_all(out.file.get(), bytes); });
      stream_npy(header, entries[i].open(), [&](std::span<const std::uint8_t> bytes) {
        if (failed) throw StoppedByOtherEntry{};
        encoder.write(bytes);
      });
      out.sizes = encoder.finish();
    } catch (const StoppedByOtherEntry&) {
    } catch (const std::exception& e) {
      out.error = e.what();
      failed = true;
    }
  };
  // The largest first: the last entries to start are then short ones.
  std::vector<std::size_t> order(entries.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return npy_data_bytes(entries[a].layout) > npy_data_bytes(entries[b].layout);
  });
  std::vector<std::function<void()>> tasks;
  for (const std::size_t i : order) tasks.emplace_back([&encode, i] { encode(i); });
  try {
    run(tasks);
  } catch (const std::exception& e) {
    s.abandon(e.what());
  }

  for (std::size_t i = 0; i < entries.size(); ++i)
    if (!encoded[i].error.empty())
      s.abandon(fmt::format("entry '{}': {}", printable(entries[i].key), encoded[i].error));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    try {
      if (encoded[i].file.get() < 0) throw std::logic_error("not compressed: a task was not run");
      s.zip->add_encoded(entry_name(entries[i].key), encoded[i].sizes, encoded[i].file.get());
      encoded[i].file = UniqueFd();  // frees its disk space
    } catch (const std::exception& e) {
      s.abandon(fmt::format("entry '{}': {}", printable(entries[i].key), e.what()));
    }
  }
}

bool NpzWriter::commit(const std::function<bool()>& abandon) {
  State& s = *state_;
  if (s.committed || !s.zip) throw s.failure("committed twice or after a failure");
  bool written = false;
  try {
    s.zip->finish();
    s.zip.reset();
    written = s.output->commit(abandon);
  } catch (const OutputExistsError& e) {
    s.discard();
    throw OutputExistsError(s.failure(e.what()).what());
  } catch (const std::exception& e) {
    s.abandon(e.what());
  }
  s.committed = written;
  s.output.reset();
  return written;
}

void write_npz(const std::filesystem::path& path, const NpzArchive& archive, const NpzWriteOptions& options) {
  NpzWriter writer(path, options);
  for (const auto& [key, array] : archive.entries()) writer.add(key, array);
  writer.commit();
}

struct NpzReader::State {
  std::filesystem::path path;
  RegularFile file;
  std::optional<ZipReader> zip;
  std::vector<std::string> keys;                                 // entry order
  std::map<std::string, std::size_t, std::less<>> entry_of_key;  // key → entry index

  std::runtime_error failure(const std::string& reason) const {
    return std::runtime_error(fmt::format("NPZ '{}': {}", path.string(), reason));
  }
  // `use` on the entry of `key` after its size check; errors name the file and the entry.
  template <typename Use>
  auto with_entry(std::string_view key, const Use& use) const {
    const auto it = entry_of_key.find(key);
    if (it == entry_of_key.end()) throw failure(fmt::format("has no key '{}'", printable(key)));
    const ZipEntry& entry = zip->entries()[it->second];
    try {
      check_entry_size(*zip, entry);
      return use(entry);
    } catch (const std::exception& e) {
      throw failure(fmt::format("entry '{}': {}", printable(entry.name), e.what()));
    }
  }
};

NpzReader::NpzReader(const std::filesystem::path& path) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.file = open_regular_file(path, max_npz_file_bytes, "NPZ file");  // its errors name the path
  try {
    s.zip.emplace(s.file.fd.get());
  } catch (const std::exception& e) {
    throw s.failure(e.what());
  }
  std::uint64_t total = 0;
  for (const ZipEntry& entry : s.zip->entries()) {
    total += std::min(entry.uncompressed_size, max_npz_arrays_bytes + 1);  // cannot overflow
    if (total > max_npz_arrays_bytes)
      throw s.failure(fmt::format("its entries declare more than {} of arrays, more than any cache holds",
                                  size_text(max_npz_arrays_bytes)));
  }
  for (std::size_t i = 0; i < s.zip->entries().size(); ++i) {
    const std::string_view name = s.zip->entries()[i].name;
    const auto bad = [&](const char* reason) {
      return s.failure(fmt::format("entry '{}': {}", printable(name), reason));
    };
    if (!name.ends_with(npy_suffix) || name.size() == npy_suffix.size()) throw bad("not a '<key>.npy' entry");
    std::string key(name.substr(0, name.size() - npy_suffix.size()));
    if (!s.entry_of_key.emplace(key, i).second) throw bad("appears twice in the archive");
    s.keys.push_back(std::move(key));
  }
}

NpzReader::~NpzReader() = default;
NpzReader::NpzReader(NpzReader&&) noexcept = default;
NpzReader& NpzReader::operator=(NpzReader&&) noexcept = default;

const std::vector<std::string>& NpzReader::keys() const { return state_->keys; }

bool NpzReader::contains(std::string_view key) const {
  return state_->entry_of_key.find(key) != state_->entry_of_key.end();
}

const std::filesystem::path& NpzReader::path() const { return state_->path; }

NpyArray NpzReader::read(std::string_view key) const {
  return state_->with_entry(
      key, [this](const ZipEntry& entry) { return parse_npy(state_->zip->read(entry, EntrySize::checked)); });
}

NpyArray NpzReader::layout(std::string_view key) const {
  return state_->with_entry(key, [this](const ZipEntry& entry) {
    return parse_npy_header(state_->zip->read_start(entry, max_npy_header_bytes)).array;
  });
}

NpzReader::DataPieces NpzReader::data_pieces(std::string_view key) const {
  return state_->with_entry(key, [this](const ZipEntry& entry) -> DataPieces {
    const State* s = state_.get();
    const NpyLayout layout = parse_npy_header(s->zip->read_start(entry, max_npy_header_bytes));
    auto stream = std::make_shared<ZipEntryStream>(*s->zip, entry);
    if (stream->next(layout.header_bytes).size() != layout.header_bytes) throw std::runtime_error("truncated header");
    return [s, stream, name = entry.name](std::size_t max_bytes) {
      try {
        return stream->next(max_bytes);
      } catch (const std::exception& e) {
        throw s->failure(fmt::format("entry '{}': {}", printable(name), e.what()));
      }
    };
  });
}

NpzArchive read_npz(const std::filesystem::path& path) {
  const NpzReader reader(path);
  NpzArchive archive;
  for (const std::string& key : reader.keys()) archive.add(key, reader.read(key));
  return archive;
}

}  // namespace lpm::io
