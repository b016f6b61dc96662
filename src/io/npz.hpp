#pragma once
// numpy `.npz` archives (SPEC §5, P§5.5-5.6): a zip file with one "<key>.npy" entry per array.
// Writing is deterministic (same archive → same bytes) and atomic (temp file, fsync, rename);
// reading accepts our own files and those of numpy's savez / savez_compressed, and rejects
// malformed input with a one-line std::runtime_error naming the file and the entry.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/atomic_output.hpp"
#include "io/npy_array.hpp"

namespace lpm::io {

class NpzArchive {
 public:
  // Throws std::runtime_error on an empty or duplicate key.
  void add(std::string key, NpyArray array);
  bool contains(std::string_view key) const;
  const NpyArray& at(std::string_view key) const;  // throws std::runtime_error naming the key
  const std::vector<std::pair<std::string, NpyArray>>& entries() const { return entries_; }  // insertion order

 private:
  std::vector<std::pair<std::string, NpyArray>> entries_;
  std::map<std::string, std::size_t, std::less<>> index_;  // key → position in entries_
};

struct NpzWriteOptions {
  bool force_zip64 = false;                           // ZIP64 records for every entry and the end of the archive
  int compression_level = 6;                          // zlib deflate level 1-9; 0 stores the entries uncompressed
  ExistingOutput existing = ExistingOutput::replace;  // keep: fail (OutputExistsError) if `path` appeared
};

// Writes an NPZ one entry at a time, so the caller need not hold every array at once (a
// year's output is several GB as arrays). The constructor creates the folder if needed and starts
// an AtomicOutput (temp file beside `path`, atomic_output.hpp); add() compresses one entry into it; commit() writes the
// zip directory and commits the output. Without commit() (an exception, a cancelled run) the destructor removes the
// temp file and `path` is left as it was. Errors are one-line std::runtime_errors naming `path` (and the entry at
// fault).
class NpzWriter {
 public:
  explicit NpzWriter(std::filesystem::path path, NpzWriteOptions options = {});
  ~NpzWriter();
  NpzWriter(const NpzWriter&) = delete;
  NpzWriter& operator=(const NpzWriter&) = delete;

  // Throws on an empty or duplicate key, or an array whose data does not match its shape.
  void add(std::string_view key, const NpyArray& array);

  // Fills `chunk` with the next data bytes of a streamed entry; leaving it empty ends the data.
  using ChunkProducer = std::function<void(std::vector<std::uint8_t>& chunk)>;
  // An entry too large to hold at once: dtype and shape from `layout` (its data is not used), data
  // bytes from `produce`, called until it leaves the chunk empty. Throws if they do not add up to
  // the size the shape implies. Same bytes on disk as add() of the whole array.
  void add_streamed(std::string_view key, const NpyArray& layout, const ChunkProducer& produce);

  // A streamed entry whose producer is made (`open`) only when the entry's turn comes, so that
  // a producer holding memory (or a file) holds it only while its entry is written.
  struct StreamedEntry {
    std::string key;
    NpyArray layout;  // dtype and shape; data not used
    std::function<ChunkProducer()> open;
  };
  // Calls every task once, each on some thread, starting them in the order given, and returns
  // when all have returned (rethrowing an exception one of them let through).
  using TaskRunner = std::function<void(const std::vector<std::function<void()>>& tasks)>;
  // add_streamed of each entry, in the order given: the same bytes on disk. With a `run`, the
  // entries are compressed concurrently by its tasks (the largest first, so that no long one is
  // left for the end), each into an unnamed temporary file beside `path` (io::unnamed_temp_file),
  // then copied into the archive in order: memory is about one piece and one deflate stream per
  // running task, disk meanwhile the compressed entries. After a failure the other entries stop
  // at their next piece and the error names the failed entry that comes first. Without `run`,
  // one entry after the other straight into the archive.
  void add_streamed(std::vector<StreamedEntry> entries, const TaskRunner& run = {});
  // Returns false, with nothing written, when `abandon` (see AtomicOutput::commit) says so.
  bool commit(const std::function<bool()>& abandon = {});

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Streams the entries (insertion order) through an NpzWriter: a temp file beside `path`, fsync,
// rename, fsync of the folder.
// On error the temp file is removed, `path` is left as it was, and a one-line
// std::runtime_error names `path` (and the entry, if one is at fault).
void write_npz(const std::filesystem::path& path, const NpzArchive& archive, const NpzWriteOptions& options = {});

NpzArchive read_npz(const std::filesystem::path& path);

// One array at a time from an NPZ file, so a large archive need not be in memory at once
// (`merge`, the reuse check). The constructor opens the file and checks its directory (entry
// names, declared sizes) as read_npz does; read() inflates one entry and checks it. Errors are
// read_npz's one-line std::runtime_errors naming the file (and the entry).
class NpzReader {
 public:
  explicit NpzReader(const std::filesystem::path& path);
  ~NpzReader();
  NpzReader(NpzReader&&) noexcept;
  NpzReader& operator=(NpzReader&&) noexcept;

  const std::vector<std::string>& keys() const;  // entry order
  bool contains(std::string_view key) const;
  NpyArray read(std::string_view key) const;    // throws for a key it does not hold
  NpyArray layout(std::string_view key) const;  // dtype and shape from the entry's header; no data
  // The data bytes of `key` (after its .npy header), at most max_bytes a call, empty at the end;
  // memory is one piece. The entry's size and CRC-32 are checked when its last piece is taken.
  using DataPieces = std::function<std::vector<std::uint8_t>(std::size_t max_bytes)>;
  DataPieces data_pieces(std::string_view key) const;
  const std::filesystem::path& path() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lpm::io
