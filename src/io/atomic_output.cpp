#include "io/atomic_output.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lpm::io {
namespace {

namespace fs = std::filesystem;

// Names are random, so a clash means another writer holds the name; a few tries are plenty.
constexpr int max_create_attempts = 16;

std::string temp_prefix(const fs::path& path) { return fmt::format(".{}.tmp-", path.filename().string()); }

std::string random_suffix() {
  std::uint64_t bits = 0;
  if (::getrandom(&bits, sizeof bits, 0) != static_cast<ssize_t>(sizeof bits)) bits = std::random_device{}();
  return fmt::format("{:016x}", bits);
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// A temp file of ours that no writer holds locked was left by a run that died (SIGKILL, power
// loss, or an older version that named temp files by pid): remove it. Anything else is left.
void remove_if_left_over(const fs::path& file) {
  UniqueFd fd(::open(file.c_str(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));  // a write lock needs write access
  struct stat opened {
  }, named{};
  if (fd.get() < 0 || ::fstat(fd.get(), &opened) != 0 || !S_ISREG(opened.st_mode)) return;
  if (lock_whole_file(fd.get(), false) != 0) return;  // its writer is alive (or no locks here)
  if (::lstat(file.c_str(), &named) == 0 && same_file(named, opened)) ::unlink(file.c_str());
}

void remove_left_over_temps(const fs::path& folder, const std::string& prefix) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().starts_with(prefix)) remove_if_left_over(it->path());
}

void fsync_folder(const fs::path& folder) {
  UniqueFd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open the folder for fsync");
  if (::fsync(fd.get()) != 0) throw_errno("folder fsync failed");
  fd.close_checked();
}

[[noreturn]] void throw_exists() {
  throw OutputExistsError("a file appeared at this path while the output was being made; it is left as it is");
}

// Puts `temp` at `path` only if nothing is there: renameat2(RENAME_NOREPLACE), or on a file
// system without it link(), which fails on an existing name just as atomically.
void rename_without_replacing(const fs::path& temp, const fs::path& path) {
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw_exists();
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) throw_errno("cannot rename the temp file to it");
  if (::link(temp.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) throw_exists();
    throw_errno("cannot link the temp file to it");
  }
  ::unlink(temp.c_str());
}

}  // namespace

int lock_whole_file(int fd, bool wait) {
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;  // from 0, length 0: the whole file
  int status;
  do status = ::fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &lock);
  while (status != 0 && errno == EINTR);
  return status;
}

fs::path folder_of(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path("."); }

AtomicOutput::AtomicOutput(fs::path path, ExistingOutput existing) : path_(std::move(path)), existing_(existing) {
  if (path_.filename().empty()) throw std::runtime_error("the path has no file name");
  folder_ = folder_of(path_);
  const std::string prefix = temp_prefix(path_);
  remove_left_over_temps(folder_, prefix);
  for (int attempt = 1;; ++attempt) {
    const fs::path temp = folder_ / (prefix + random_suffix());
    UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0) {
      if (errno == EEXIST && attempt < max_create_attempts) continue;
      throw_errno(fmt::format("cannot create temp file '{}'", temp.string()));
    }
    // Between open() and the lock another run may take the file for a leftover and remove it;
    // then the file has no name any more and we start again. Without locks (some network file
    // systems) nobody removes anything, and the file is used unlocked.
    lock_whole_file(fd.get(), true);
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && info.st_nlink == 0 && attempt < max_create_attempts) continue;
    fd_ = std::move(fd);
    temp_ = temp;
    return;
  }
}

void remove_left_over_temp_files(const fs::path& path) { remove_left_over_temps(folder_of(path), temp_prefix(path)); }

UniqueFd unnamed_temp_file(const fs::path& path) {
  const fs::path folder = folder_of(path);
  UniqueFd fd(::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd.get() >= 0) return fd;
  // Kernels and file systems without O_TMPFILE say so with one of these; others are real failures.
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
    throw_errno(fmt::format("cannot create a temporary file in '{}'", folder.string()));
  for (int attempt = 1;; ++attempt) {
    const fs::path temp = folder / (temp_prefix(path) + random_suffix());
    fd = UniqueFd(::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() >= 0) {
      ::unlink(temp.c_str());
      return fd;
    }
    if (errno != EEXIST || attempt == max_create_attempts)
      throw_errno(fmt::format("cannot create temp file '{}'", temp.string()));
  }
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) discard();
}

void AtomicOutput::discard() {
  fd_ = UniqueFd();
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

bool AtomicOutput::commit(const std::function<bool()>& abandon) {
  if (committed_ || temp_.empty()) throw std::runtime_error("output committed twice or after a failure");
  try {
    if (::fsync(fd_.get()) != 0) throw_errno("fsync failed");
    // A library writing by name may have made a new file under the temp name; sync that too.
    struct stat held {
    }, named{};
    if (::fstat(fd_.get(), &held) == 0 && ::stat(temp_.c_str(), &named) == 0 && !same_file(held, named)) {
      UniqueFd by_name(::open(temp_.c_str(), O_RDONLY | O_CLOEXEC));
      if (by_name.get() < 0 || ::fsync(by_name.get()) != 0) throw_errno("fsync failed");
    }
    if (abandon && abandon()) {
      discard();
      return false;
    }
    // The descriptor (and its lock) stays open until the rename, so no other run can take the
    // temp file for a leftover in between.
    if (existing_ == ExistingOutput::keep)
      rename_without_replacing(temp_, path_);
    else if (::rename(temp_.c_str(), path_.c_str()) != 0)
      throw_errno("cannot rename the temp file over it");
  } catch (...) {
    discard();
    throw;
  }
  committed_ = true;
  temp_.clear();
  fd_ = UniqueFd();  // fsync'ed above: a close error cannot lose data any more
  try {
    fsync_folder(folder_);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("written, but not made durable: {}", e.what()));
  }
  return true;
}

void write_file_atomically(const fs::path& path, std::string_view content, ExistingOutput existing) {
  try {
    AtomicOutput output(path, existing);
    write_all(output.fd(), {reinterpret_cast<const std::uint8_t*>(content.data()), content.size()});
    output.commit();
  } catch (const OutputExistsError& e) {
    throw OutputExistsError(fmt::format("{}: {}", path.string(), e.what()));
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
  }
}

}  // namespace lpm::io
