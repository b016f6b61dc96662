#pragma once
// The one owner of output files (NPZ caches, netCDF, CSV, JSON, PNG, text tables, SPK kernels):
// a writer fills a temp file beside the target, and only commit() puts it under the target's
// name (fsync, rename, fsync of the folder), so no reader ever sees half a file.
//
// Temp names are ".<name>.tmp-<16 random hex digits>", created with O_EXCL (a name left by
// another run can never be reused), and write-locked for as long as their writer lives. A temp
// file of the same target that nobody holds locked is a leftover of a killed run: it is removed
// when the next output of that name is started.

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string_view>

#include "io/zip_posix_file.hpp"

namespace lpm::io {

// What commit() does when a file is at the target path by then.
enum class ExistingOutput {
  replace,  // replace it (atomically: readers see the old file or the new one)
  keep,     // keep it and fail (the promise of running without --overwrite, kept atomically)
};

// commit() with ExistingOutput::keep found a file at the target: nothing was written there.
struct OutputExistsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class AtomicOutput {
 public:
  // Removes leftover temp files of `path` (see above) and creates a new temp file; the folder
  // must exist. Errors here and in commit() are std::runtime_errors with the reason only
  // (e.g. "cannot create temp file 'F': Permission denied"); callers add the path and the kind.
  explicit AtomicOutput(std::filesystem::path path, ExistingOutput existing = ExistingOutput::replace);
  ~AtomicOutput();  // removes the temp file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The temp file, open for writing; for libraries that write by name (netCDF, cairo), its name.
  int fd() const { return fd_.get(); }
  const std::filesystem::path& temp_path() const { return temp_; }

  // fsyncs and closes the temp file; then, unless `abandon()` is true (asked after the fsync,
  // the slow part, so a cancellation during it still counts), puts it at the path and fsyncs
  // the folder. Returns false when abandoned (the temp file is removed). On an error (an
  // OutputExistsError for ExistingOutput::keep) the temp file is removed and the path left as
  // it was, except that a failed fsync of the folder comes after the file is in place.
  bool commit(const std::function<bool()>& abandon = {});
  // Removes the temp file now (idempotent).
  void discard();

 private:
  std::filesystem::path path_, folder_, temp_;
  ExistingOutput existing_;
  UniqueFd fd_;
  bool committed_ = false;
};

// Write-locks the whole file open at `fd`: an open-file-description lock, which the kernel drops
// when its last descriptor closes (also when the process dies by SIGKILL), and which unlike
// flock() does not collide with the flock() HDF5 takes on the temp files netCDF writes. With
// `wait`, waits through signals (our SIGINT/SIGTERM handlers do not restart calls); without, fails
// at once when another holds it. Returns 0, or -1 with errno. The mark of a temp file (or a
// spill folder, product/result_spill.hpp) whose writer is alive.
int lock_whole_file(int fd, bool wait);

// The folder a file at `path` is in: its parent, or "." for a bare file name (where temp files,
// spill folders and created folders of an output go).
std::filesystem::path folder_of(const std::filesystem::path& path);

// Removes the leftover temp files of `path` (see above), as starting an AtomicOutput of it does:
// for a run that keeps an existing `path` instead (an --overwrite run killed while writing it
// leaves one beside the old file).
void remove_left_over_temp_files(const std::filesystem::path& path);

// A file without a name in the folder of `path`, open for reading and writing, for data kept on
// disk only while the writer of `path` needs it (NPZ entries compressed ahead of their turn,
// npz.hpp): nothing to remove afterwards however the process ends. O_TMPFILE; on a file system
// without it, a temp name of `path` removed at once (if the process dies in between, the next
// output of `path` removes it as a leftover). Errors: std::runtime_error with the reason only.
UniqueFd unnamed_temp_file(const std::filesystem::path& path);

// A whole file from one string: AtomicOutput, write, commit. Errors: "<path>: <reason>".
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           ExistingOutput existing = ExistingOutput::replace);

}  // namespace lpm::io
