#include "product/cache_merge.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "io/file_discovery.hpp"
#include "io/npy_le_bytes.hpp"
#include "io/npz.hpp"
#include "pipeline/cancellation.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t piece_bytes = std::size_t{1} << 20;  // copied per piece: whole i8/i4 values to shift

// Run-level keys: the same in every part (they say how it was made) and written once.
constexpr const Key* run_level_keys[] = {&keys::meta_version,
                                         &keys::meta_fit_method,
                                         &keys::meta_u_spacecraft_override,
                                         &keys::meta_settings,
                                         &keys::meta_kernel_names,
                                         &keys::meta_kernel_sha1,
                                         &keys::u_width_lhs_delta_reduced,
                                         &keys::u_width_lhs_identifiable_max_v};

// Keys a file must hold to be merged as a cache of `batch`.
constexpr const Key* required_keys[] = {&keys::meta_version, &keys::meta_settings,    &keys::meta_input_paths,
                                        &keys::files,        &keys::spec_spec_no,     &keys::spec_file_index,
                                        &keys::rows_spec_no, &keys::meta_kernel_names};

bool is_run_level(std::string_view key) {
  return std::any_of(std::begin(run_level_keys), std::end(run_level_keys),
                     [&](const Key* k) { return k->name == key; });
}

// Discovery order of an ER table (io::discover_er_files: date, then path).
using TableOrder = std::tuple<int, int, int, std::string>;
TableOrder table_order(const std::string& path) {
  const auto ref = io::parse_er_file_name(fs::path(path).filename().string());
  return ref ? TableOrder{ref->year, ref->month, ref->day, path} : TableOrder{0, 0, 0, path};
}

struct Part {
  explicit Part(io::NpzReader opened) : reader(std::move(opened)) {}
  io::NpzReader reader;
  std::vector<std::string> inputs;  // meta_input_paths, in discovery order
  std::size_t file_count = 0;
  bool has_spectra = false;
  std::int64_t spec_min = 0, spec_max = 0;
  std::int64_t next_offset = 0;  // the P§1.5 offset the part's run would give a following file
  std::int64_t spec_shift = 0;   // added to its spec_no in the merged cache
  std::int32_t file_shift = 0;   // added to its spec_file_index

  std::string name() const { return reader.path().string(); }
};

Part read_part(const fs::path& path) {
  Part part(io::NpzReader{path});
  for (const Key* key : required_keys)
    if (!part.reader.contains(key->name))
      throw MergeInputError(
          fmt::format("{}: not a potential cache written by batch (it has no '{}')", path.string(), key->name));
  part.inputs = part.reader.read(keys::meta_input_paths.name).as_strings();
  if (part.inputs.empty()) throw MergeInputError(fmt::format("{}: records no input ER table", path.string()));
  part.file_count = part.reader.layout(keys::files.name).size();
  const auto spec_no = part.reader.read(keys::spec_spec_no.name).as_i8();
  const auto file_index = part.reader.read(keys::spec_file_index.name).as_i4();
  if (spec_no.size() != file_index.size())
    throw MergeInputError(fmt::format("{}: spec_spec_no and spec_file_index differ in length", path.string()));
  part.has_spectra = !spec_no.empty();
  if (!part.has_spectra) return part;
  part.spec_min = *std::min_element(spec_no.begin(), spec_no.end());
  part.spec_max = *std::max_element(spec_no.begin(), spec_no.end());
  // P§1.5: the offset after a run is 1 + the largest spec_no of its last file that had spectra.
  const std::int32_t last_file = *std::max_element(file_index.begin(), file_index.end());
  std::int64_t largest = spec_no.front();
  bool first = true;
  for (std::size_t i = 0; i < spec_no.size(); ++i)
    if (file_index[i] == last_file && (first || spec_no[i] > largest)) {
      largest = spec_no[i];
      first = false;
    }
  part.next_offset = largest + 1;
  return part;
}

void check_same_product(const Part& first, const Part& part) {
  if (part.reader.keys() != first.reader.keys())
    throw MergeInputError(
        fmt::format("{}: holds other keys than {} (made with other settings or version)", part.name(), first.name()));
  for (const Key* key : run_level_keys) {
    if (!first.reader.contains(key->name)) continue;
    const io::NpyArray a = first.reader.read(key->name), b = part.reader.read(key->name);
    if (a.dtype != b.dtype || a.unicode_width != b.unicode_width || a.shape != b.shape || a.data != b.data)
      throw MergeInputError(fmt::format(
          "{}: made with other settings, version or kernels than {} ({} differs): merge only parts of one job",
          part.name(), first.name(), key->name));
  }
}

// read_part, with every error of a part as MergeInputError naming it.
Part open_part(const fs::path& path) {
  try {
    return read_part(path);
  } catch (const MergeInputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    throw MergeInputError(what.find(path.string()) != std::string::npos ? what
                                                                        : fmt::format("{}: {}", path.string(), what));
  }
}

// Orders the parts as their tables and checks that no table is in two parts and no part's
// tables fall between another's.
void order_parts(std::vector<Part>& parts) {
  std::map<std::string, std::string> owner;  // table → part
  for (const Part& part : parts)
    for (const auto& table : part.inputs)
      if (auto [it, fresh] = owner.emplace(table, part.name()); !fresh)
        throw MergeInputError(
            fmt::format("{}: ER table {} is also in {} (overlapping parts)", part.name(), table, it->second));
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return table_order(a.inputs.front()) < table_order(b.inputs.front());
  });
  for (std::size_t i = 1; i < parts.size(); ++i)
    if (!(table_order(parts[i - 1].inputs.back()) < table_order(parts[i].inputs.front())))
      throw MergeInputError(fmt::format("{}: its ER tables overlap in time with those of {} (overlapping parts)",
                                        parts[i].name(), parts[i - 1].name()));
}

// The shifts of P§1.5 across parts, as across the files of one run.
void number_parts(std::vector<Part>& parts) {
  std::int64_t offset = 0;
  std::int32_t files = 0;
  const Part* previous = nullptr;  // the last part with spectra
  for (Part& part : parts) {
    part.spec_shift = offset;
    part.file_shift = files;
    files += static_cast<std::int32_t>(part.file_count);
    if (!part.has_spectra) continue;
    if (previous && part.spec_min + part.spec_shift <= previous->spec_max + previous->spec_shift)
      throw MergeInputError(fmt::format(
          "{}: its spec_no range interleaves with that of {} (negative spec_no in the tables?): run these days in one "
          "batch",
          part.name(), previous->name()));
    offset = part.spec_shift + part.next_offset;
    previous = &part;
  }
}

template <typename Int, typename UInt>
void shift_values(std::vector<std::uint8_t>& data, std::int64_t shift) {
  if (shift == 0) return;
  for (std::size_t at = 0; at + sizeof(UInt) <= data.size(); at += sizeof(UInt)) {
    const auto value = static_cast<Int>(io::load_le<UInt>(data.data() + at));
    io::store_le<UInt>(data.data() + at, static_cast<UInt>(static_cast<Int>(value + shift)));
  }
}

// One array of every part after the other, with spec_no and file indices shifted.
void add_joined(io::NpzWriter& writer, const std::vector<Part>& parts, const std::string& key) {
  io::NpyArray layout = parts.front().reader.layout(key);
  std::size_t total = 0;
  for (const Part& part : parts) {
    const io::NpyArray own = part.reader.layout(key);
    if (own.shape.size() != 1 || own.dtype != layout.dtype || own.unicode_width != layout.unicode_width)
      throw MergeInputError(fmt::format("{}: '{}' is {} of shape ({}), not a column like that of {}", part.name(), key,
                                        own.descr(), fmt::join(own.shape, ","), parts.front().name()));
    total += own.shape.front();
  }
  layout.shape = {total};
  std::size_t next = 0;            // the next part to open
  io::NpzReader::DataPieces open;  // the part being copied
  const Part* part = nullptr;
  writer.add_streamed(key, layout, [&](std::vector<std::uint8_t>& chunk) {
    while (chunk.empty()) {  // an empty chunk would end the entry
      if (pipeline::cancellation_requested()) throw std::runtime_error("interrupted");
      if (!open) {
        if (next == parts.size()) return;
        part = &parts[next++];
        open = part->reader.data_pieces(key);
      }
      chunk = open(piece_bytes);  // whole elements: a multiple of every item size
      if (chunk.empty()) open = nullptr;
    }
    if (key == keys::spec_spec_no.name || key == keys::rows_spec_no.name)
      shift_values<std::int64_t, std::uint64_t>(chunk, part->spec_shift);
    else if (key == keys::spec_file_index.name)
      shift_values<std::int32_t, std::uint32_t>(chunk, part->file_shift);
  });
}

}  // namespace

bool merge_caches(const std::vector<fs::path>& paths, const fs::path& output, io::ExistingOutput existing) {
  if (paths.empty()) throw MergeInputError("merge: no part given");
  std::vector<Part> parts;
  for (const auto& path : paths) {
    parts.push_back(open_part(path));
    std::error_code ec;
    if (fs::equivalent(path, output, ec)) throw MergeInputError(fmt::format("{}: is also the output", path.string()));
  }
  for (const Part& part : parts) check_same_product(parts.front(), part);
  order_parts(parts);
  number_parts(parts);

  io::NpzWriteOptions options;
  options.existing = existing;
  io::NpzWriter writer(output, options);
  try {
    for (const std::string& key : parts.front().reader.keys()) {
      if (pipeline::cancellation_requested()) return false;  // the writer's destructor removes the temp file
      if (is_run_level(key))
        writer.add(key, parts.front().reader.read(key));
      else
        add_joined(writer, parts, key);
    }
  } catch (const std::exception&) {
    if (pipeline::cancellation_requested()) return false;
    throw;
  }
  return writer.commit(pipeline::cancellation_requested);
}

}  // namespace lpm::product
