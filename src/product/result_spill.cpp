#include "product/result_spill.hpp"

#include <fcntl.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "io/atomic_output.hpp"
#include "io/npy_le_bytes.hpp"
#include "pipeline/spec_order.hpp"

namespace lpm::product {
namespace fs = std::filesystem;

struct ResultSpill::File {
  fs::path path;
  std::FILE* out = nullptr;
  ~File() {
    if (out) std::fclose(out);
  }
};

namespace {

constexpr std::size_t piece_bytes = std::size_t{1} << 20;  // numbers handed over per piece
constexpr const char* lock_name = "lock";                  // beside the column files, named by cache keys
constexpr std::size_t piece_strings = 4096;                // strings handed over per piece (1 MiB as <U64)

std::runtime_error spill_error(const fs::path& path, const char* what) {
  return std::runtime_error(
      fmt::format("{}: cannot {} the temporary column file: {}", path.string(), what, std::strerror(errno)));
}

// A string column on disk: each value as a little-endian uint32 length and its UTF-8 bytes,
// far smaller than the <U64 of the cache (256 bytes a value).
std::vector<std::uint8_t> string_records(const Column& column, const ResultBlock& block) {
  std::vector<std::string_view> views;
  column.strings(block, views);
  std::vector<std::uint8_t> out;
  for (const auto view : views) {
    io::append_le(out, static_cast<std::uint32_t>(view.size()));
    out.insert(out.end(), view.begin(), view.end());
  }
  return out;
}

using SharedFile = std::shared_ptr<std::FILE>;

SharedFile open_for_reading(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw spill_error(path, "open");
  return SharedFile(f, [](std::FILE* file) { std::fclose(file); });
}

// The next string record, or false at the end of the file.
bool read_record(std::FILE* in, const fs::path& path, std::string& value) {
  std::uint8_t size_bytes[4];
  const std::size_t got = std::fread(size_bytes, 1, sizeof size_bytes, in);
  if (got == 0 && !std::ferror(in)) return false;
  if (got != sizeof size_bytes) throw spill_error(path, "read");
  value.resize(io::load_le<std::uint32_t>(size_bytes));
  if (!value.empty() && std::fread(value.data(), 1, value.size(), in) != value.size()) throw spill_error(path, "read");
  return true;
}

std::vector<std::uint8_t> read_all(std::FILE* in, const fs::path& path) {
  std::vector<std::uint8_t> all;
  std::vector<std::uint8_t> piece(piece_bytes);
  while (std::size_t n = std::fread(piece.data(), 1, piece.size(), in))
    all.insert(all.end(), piece.begin(), piece.begin() + static_cast<std::ptrdiff_t>(n));
  if (std::ferror(in)) throw spill_error(path, "read");
  return all;
}

// The column as written, in spill order: sequential pieces.
io::NpzWriter::ChunkProducer in_spill_order(const Column& column, const fs::path& path) {
  SharedFile in = open_for_reading(path);
  if (column.build)
    return [in, path](std::vector<std::uint8_t>& chunk) {
      chunk.resize(piece_bytes);
      chunk.resize(std::fread(chunk.data(), 1, chunk.size(), in.get()));
      if (std::ferror(in.get())) throw spill_error(path, "read");
    };
  return [in, path, width = column.key->unicode_width](std::vector<std::uint8_t>& chunk) {
    std::vector<std::string> values;
    std::string value;
    while (values.size() < piece_strings && read_record(in.get(), path, value)) values.push_back(value);
    if (!values.empty()) chunk = io::make_unicode(values, width).data;
  };
}

// The column reordered by `order` (spill positions of the spectra in ascending spec_no), held
// in memory: only for tables whose spec_no ranges interleave.
io::NpzWriter::ChunkProducer reordered(const Column& column, const fs::path& path,
                                       std::shared_ptr<const std::vector<std::size_t>> order) {
  SharedFile in = open_for_reading(path);
  const std::size_t per_spectrum = column.per_row ? er_rows_per_spectrum : 1;
  auto next = std::make_shared<std::size_t>(0);  // next position in `order`
  if (column.build) {
    auto all = std::make_shared<std::vector<std::uint8_t>>(read_all(in.get(), path));
    const std::size_t item = io::item_size(column.key->dtype, column.key->unicode_width) * per_spectrum;
    return [all, order, next, item](std::vector<std::uint8_t>& chunk) {
      for (; *next < order->size() && chunk.size() < piece_bytes; ++*next) {
        const auto from = all->begin() + static_cast<std::ptrdiff_t>((*order)[*next] * item);
        chunk.insert(chunk.end(), from, from + static_cast<std::ptrdiff_t>(item));
      }
    };
  }
  auto all = std::make_shared<std::vector<std::string>>();
  for (std::string value; read_record(in.get(), path, value);) all->push_back(value);
  return [all, order, next, per_spectrum, width = column.key->unicode_width](std::vector<std::uint8_t>& chunk) {
    std::vector<std::string_view> values;
    for (; *next < order->size() && values.size() < piece_strings; ++*next)
      for (std::size_t k = 0; k < per_spectrum; ++k) values.push_back((*all)[(*order)[*next] * per_spectrum + k]);
    if (!values.empty()) chunk = io::make_unicode(values, width).data;
  };
}

std::string spill_prefix(const fs::path& output) { return fmt::format(".{}.spill-", output.filename().string()); }

}  // namespace

// The folder of a run that died (SIGKILL, power loss) holds a lock file nobody holds locked:
// remove it. A folder without its lock file yet may be a live run's, just created: left alone.
void remove_left_over_spills(const fs::path& output) {
  const fs::path beside = io::folder_of(output);
  const std::string prefix = spill_prefix(output);
  std::error_code ec;
  for (fs::directory_iterator it(beside, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->path().filename().string().starts_with(prefix) || !it->is_directory(ec)) continue;
    const io::UniqueFd lock(::open((it->path() / lock_name).c_str(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    std::error_code ignored;
    if (lock.get() >= 0 && io::lock_whole_file(lock.get(), false) == 0) fs::remove_all(it->path(), ignored);
  }
}

ResultSpill::ResultSpill(const fs::path& output, const pipeline::PipelineSettings& settings)
    : columns_(&cache_columns(settings)) {
  const fs::path beside = io::folder_of(output);
  std::error_code ec;
  fs::create_directories(beside, ec);  // as io::NpzWriter does for the output
  remove_left_over_spills(output);
  std::string pattern = (beside / (spill_prefix(output) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error(fmt::format("{}: cannot create the temporary folder of the results: {}", beside.string(),
                                         std::strerror(errno)));
  folder_ = pattern;
  try {
    // Locked while this run lives: the next run of the same output tells a leftover by it.
    lock_ = io::UniqueFd(::open((folder_ / lock_name).c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (lock_.get() < 0) throw spill_error(folder_ / lock_name, "create");
    io::lock_whole_file(lock_.get(), true);
    for (const Column& column : *columns_) {
      auto file = std::make_unique<File>();
      file->path = folder_ / std::string(column.key->name);
      file->out = std::fopen(file->path.c_str(), "wb");
      if (!file->out) throw spill_error(file->path, "create");
      files_.push_back(std::move(file));
    }
  } catch (...) {
    files_.clear();
    fs::remove_all(folder_, ec);
    throw;
  }
}

ResultSpill::~ResultSpill() {
  files_.clear();  // closes them
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

void ResultSpill::append(ResultBlock block) {
  if (block.empty()) return;
  pipeline::sort_and_check(block);
  if (!spec_no_.empty() && block.front().spec_no <= largest_spec_no_) in_order_ = false;
  largest_spec_no_ = spec_no_.empty() ? block.back().spec_no : std::max(largest_spec_no_, block.back().spec_no);
  for (std::size_t i = 0; i < columns_->size(); ++i) {
    const Column& column = (*columns_)[i];
    const std::vector<std::uint8_t> bytes = column.build ? column.build(block).data : string_records(column, block);
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), files_[i]->out) != bytes.size())
      throw spill_error(files_[i]->path, "write");
  }
  for (const auto& result : block) spec_no_.push_back(result.spec_no);
}

io::NpzWriter::ChunkProducer ResultSpill::column_data(std::size_t index) const {
  const File& file = *files_.at(index);
  if (std::fflush(file.out) != 0) throw spill_error(file.path, "write");
  const Column& column = (*columns_)[index];
  if (in_order_) return in_spill_order(column, file.path);
  auto order = std::make_shared<std::vector<std::size_t>>(spec_no_.size());
  std::iota(order->begin(), order->end(), std::size_t{0});
  std::stable_sort(order->begin(), order->end(),
                   [this](std::size_t a, std::size_t b) { return spec_no_[a] < spec_no_[b]; });
  for (std::size_t i = 1; i < order->size(); ++i)
    if (spec_no_[(*order)[i]] == spec_no_[(*order)[i - 1]])
      throw std::runtime_error(fmt::format("integrity check: spec_no {} appears twice", spec_no_[(*order)[i]]));
  return reordered(column, file.path, std::move(order));
}

}  // namespace lpm::product
