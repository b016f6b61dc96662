#include "io/npz.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "io/npy_format.hpp"
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

std::filesystem::path temp_path_beside(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  return path.parent_path() /
         fmt::format(".{}.tmp-{}-{}", path.filename().string(), ::getpid(), counter.fetch_add(1));
}

void fsync_folder(const std::filesystem::path& folder) {
  UniqueFd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open folder for fsync");
  if (::fsync(fd.get()) != 0) throw_errno("folder fsync failed");
  fd.close_checked();
}

void write_entries(int fd, const NpzArchive& archive, const NpzWriteOptions& options) {
  ZipWriter zip(fd, {options.force_zip64, options.compression_level});
  for (const auto& [key, array] : archive.entries()) {
    try {
      const std::vector<std::uint8_t> header = npy_header(array);  // also checks data vs shape
      const std::span<const std::uint8_t> parts[] = {header, array.data};
      zip.add(key + std::string(npy_suffix), parts);
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("entry '{}': {}", printable(key), e.what()));
    }
  }
  zip.finish();
}

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

void write_npz(const std::filesystem::path& path, const NpzArchive& archive, const NpzWriteOptions& options) {
  const auto failure = [&path](const std::string& reason) {
    return std::runtime_error(fmt::format("cannot write NPZ '{}': {}", path.string(), reason));
  };
  if (path.filename().empty()) throw failure("path has no file name");
  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw failure(fmt::format("cannot create folder '{}': {}", folder.string(), ec.message()));

  const std::filesystem::path temp = temp_path_beside(folder / path.filename());
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw failure(fmt::format("cannot create temp file '{}': {}", temp.string(), std::strerror(errno)));
  try {
    write_entries(fd.get(), archive, options);
    if (::fsync(fd.get()) != 0) throw_errno("fsync failed");
    fd.close_checked();
    if (::rename(temp.c_str(), path.c_str()) != 0) throw_errno("cannot rename the temp file over it");
  } catch (const std::exception& e) {
    fd = UniqueFd();
    ::unlink(temp.c_str());
    throw failure(e.what());
  }
  try {
    fsync_folder(folder);
  } catch (const std::exception& e) {
    throw failure(fmt::format("written, but not made durable: {}", e.what()));
  }
}

NpzArchive read_npz(const std::filesystem::path& path) {
  const auto failure = [&path](const std::string& reason) {
    return std::runtime_error(fmt::format("NPZ '{}': {}", path.string(), reason));
  };
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw failure(fmt::format("cannot open: {}", std::strerror(errno)));
  std::optional<ZipReader> zip;
  try {
    zip.emplace(fd.get());
  } catch (const std::exception& e) {
    throw failure(e.what());
  }
  NpzArchive archive;
  for (const ZipEntry& entry : zip->entries()) {
    try {
      const std::string_view name = entry.name;
      if (!name.ends_with(npy_suffix) || name.size() == npy_suffix.size())
        throw std::runtime_error("not a '<key>.npy' entry");
      std::string key(name.substr(0, name.size() - npy_suffix.size()));
      if (archive.contains(key)) throw std::runtime_error("appears twice in the archive");
      archive.add(std::move(key), parse_npy(zip->read(entry)));
    } catch (const std::exception& e) {
      throw failure(fmt::format("entry '{}': {}", printable(entry.name), e.what()));
    }
  }
  return archive;
}

}  // namespace lpm::io
