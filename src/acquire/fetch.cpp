#include "acquire/fetch.hpp"

#include <atomic>

#include <memory>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "acquire/default_kernels_lock.hpp"
#include "acquire/listing.hpp"
#include "acquire/parallel.hpp"
#include "io/checksum.hpp"
#include "io/checksum_list.hpp"
#include "io/data_folder.hpp"
#include "io/file_discovery.hpp"
#include "io/instrument_tables.hpp"
#include "io/text_file.hpp"

namespace lpm::acquire {
namespace {

namespace fs = std::filesystem;

// Problems found by several threads, logged as they come.
class ProblemList {
 public:
  void add(std::string problem) {
    spdlog::error("{}", problem);
    std::lock_guard lock(mutex_);
    problems_.push_back(std::move(problem));
  }
  std::vector<std::string> take() {
    std::lock_guard lock(mutex_);
    return std::move(problems_);
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> problems_;
};

// Checks files against the kernel lock and the ER manifest; records new ER tables in the manifest.
class Checksums {
 public:
  Checksums(io::ChecksumList lock, std::string lock_name, fs::path data_dir)
      : lock_(std::move(lock)), lock_name_(std::move(lock_name)), data_dir_(std::move(data_dir)) {
    if (fs::exists(manifest_path()))
      manifest_ = io::parse_manifest(io::read_whole_file(manifest_path()), manifest_path().string());
  }

  fs::path manifest_path() const { return data_dir_ / io::er_manifest_name; }
  const io::ChecksumList& lock() const { return lock_; }
  const io::ChecksumList& manifest() const { return manifest_; }

  // Empty when the file is fine (or has no checksum to check); else the problem. A file whose
  // checksum differs is moved to NAME.bad. An ER table not yet in the manifest is recorded when
  // `record_new`, else only reported in the log.
  std::string check(const fs::path& relative, FileKind kind, bool record_new, std::size_t& verified) {
    const fs::path path = data_dir_ / relative;
    try {
      if (kind == FileKind::kernel) {
        const std::string name = relative.filename().string();
        auto expected = lock_.find(name);
        if (expected == lock_.end())
          return fmt::format("{}: kernel not in the lock {}, cannot verify it", path.string(), lock_name_);
        return compare("SHA-1", io::sha1_file(path), expected->second, path, lock_name_, verified);
      }
      if (kind != FileKind::er_table) return {};
      const std::string key = relative.generic_string();
      std::optional<std::string> expected;
      {
        std::lock_guard lock(mutex_);
        if (auto it = manifest_.find(key); it != manifest_.end()) expected = it->second;
      }
      const std::string actual = io::sha256_file(path);
      if (expected) return compare("SHA-256", actual, *expected, path, manifest_path().string(), verified);
      if (!record_new) {
        spdlog::warn("{}: not in {}, nothing to compare with", path.string(), manifest_path().string());
        return {};
      }
      std::lock_guard lock(mutex_);
      manifest_[key] = actual;
      manifest_changed_ = true;
      return {};
    } catch (const std::exception& e) {
      return fmt::format("{}: {}", path.string(), e.what());
    }
  }

  void save_manifest() {
    std::lock_guard lock(mutex_);
    if (!manifest_changed_) return;
    const char* header = "SHA-256 of the ER tables fetched (sha256sum format)";
    io::write_file_atomically(manifest_path(), io::format_checksum_list(manifest_, header));
    manifest_changed_ = false;
  }

 private:
  static std::string compare(std::string_view algorithm, const std::string& actual, const std::string& expected,
                             const fs::path& path, const std::string& list_name, std::size_t& verified) {
    if (actual == expected) {
      ++verified;
      return {};
    }
    fs::path aside = path;
    aside += ".bad";
    fs::rename(path, aside);
    return fmt::format("{}: {} is {} but {} says {}; moved aside to {}", path.string(), algorithm, actual, list_name,
                       expected, aside.string());
  }

  io::ChecksumList lock_;
  std::string lock_name_;
  fs::path data_dir_;
  std::mutex mutex_;
  io::ChecksumList manifest_;
  bool manifest_changed_ = false;
};

struct LockSource {
  std::string text, name;
};

LockSource load_lock(const FetchOptions& options) {
  if (!options.kernels_lock) return {std::string(default_kernels_lock), "(the lock shipped with potential-mapper)"};
  try {
    return {io::read_whole_file(*options.kernels_lock), options.kernels_lock->string()};
  } catch (const std::exception& e) {
    throw std::invalid_argument(fmt::format("--kernels-lock: {}", e.what()));
  }
}

// A malformed --kernels-lock is the user's argument, so a usage error.
io::ChecksumList parse_lock(const LockSource& source) {
  try {
    return io::parse_kernel_lock(source.text, source.name);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
}

std::map<std::string, std::uint64_t> parse_lock_sizes(const LockSource& source) {
  try {
    return io::parse_kernel_lock_sizes(source.text, source.name);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
}

// The ER tables of the selection, read from the archive's folder listings (D§1.3). A listing
// that cannot be read is a problem; the crawl goes on with the other folders.
std::vector<RemoteFile> crawl_er_tables(HttpSession& http, const FetchOptions& options, ProblemList& problems) {
  const io::DateSelection& selection = options.selection;
  std::vector<RemoteFile> tables;
  auto listing = [&](const std::string& relative) -> std::optional<std::string> {
    const std::string url = mirrored_url(join_url(er_tables_base_url, relative), options.mirror);
    try {
      spdlog::debug("listing {}", url);
      return http.get_text(url);
    } catch (const UnreachableError&) {
      throw;  // the whole fetch stops: run_fetch
    } catch (const std::exception& e) {
      problems.add(fmt::format("cannot read the folder listing {}", e.what()));
      return std::nullopt;
    }
  };
  std::optional<std::string> top = listing("");
  if (!top) return tables;
  for (const std::string& year : listed_year_folders(*top)) {
    if (selection.year && std::stoi(year) != *selection.year) continue;
    std::optional<std::string> year_listing = listing(year + "/");
    if (!year_listing) continue;
    for (const std::string& folder : listed_month_folders(*year_listing)) {
      const int month = month_of_folder(folder);
      if (selection.month && month != *selection.month) continue;
      std::optional<std::string> folder_listing = listing(fmt::format("{}/{}/", year, folder));
      if (!folder_listing) continue;
      for (const std::string& name : listed_er_tables(*folder_listing)) {
        const std::optional<io::ErFileRef> date = io::parse_er_file_name(name);
        if (std::to_string(date->year) != year || date->month != month) {
          spdlog::warn("ignoring {} listed in {}/{}: its date belongs elsewhere", name, year, folder);
          continue;
        }
        if (selection.matches(date->year, date->month, date->day)) tables.push_back(er_table_file(year, folder, name));
      }
    }
  }
  return tables;
}

// The first UnreachableError of the parallel requests: the others are not started.
class Unreachable {
 public:
  void set(const std::string& message) {
    std::lock_guard lock(mutex_);
    if (message_.empty()) message_ = message;
    hit_ = true;
  }
  bool hit() const { return hit_; }
  std::string message() const {
    std::lock_guard lock(mutex_);
    return message_;
  }

 private:
  mutable std::mutex mutex_;
  std::string message_;
  std::atomic<bool> hit_ = false;
};

std::unique_ptr<HttpSession> open_session(const HttpSettings& settings, ProblemList& problems) {
  try {
    return std::make_unique<HttpSession>(settings);
  } catch (const std::exception& e) {
    problems.add(e.what());
    return nullptr;
  }
}

// --verify: every kernel of the lock and every ER table of the selection on disk (plus the
// manifest's entries of the selection) is checked; nothing is downloaded.
void verify_on_disk(const FetchOptions& options, Checksums& checksums, ProblemList& problems, FetchReport& report) {
  struct Item {
    fs::path relative;
    FileKind kind;
  };
  std::vector<Item> items;
  const fs::path kernels_dir = io::kernels_dir(options.data_dir);
  for (const auto& [name, digest] : checksums.lock()) {
    fs::path relative = io::kernels_dir("") / name;
    if (fs::exists(options.data_dir / relative))
      items.push_back({relative, FileKind::kernel});
    else
      problems.add(fmt::format("{}: kernel named in the lock is missing", (options.data_dir / relative).string()));
  }
  if (fs::is_directory(kernels_dir))
    for (const auto& entry : fs::directory_iterator(kernels_dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name != io::kernels_lock_name && !name.ends_with(".part") &&
          !name.ends_with(".bad") && !checksums.lock().contains(name))
        spdlog::warn("{}: not in the lock, not verified", entry.path().string());
    }
  std::set<std::string> on_disk;
  if (fs::is_directory(options.data_dir) && !options.kernels_only)
    for (const io::ErFileRef& ref : io::discover_er_files(options.data_dir, options.selection)) {
      fs::path relative = fs::relative(ref.path, options.data_dir);
      on_disk.insert(relative.generic_string());
      items.push_back({relative, FileKind::er_table});
    }
  if (!options.kernels_only)
    for (const auto& [key, digest] : checksums.manifest()) {
      std::optional<io::ErFileRef> date = io::parse_er_file_name(fs::path(key).filename().string());
      if (date && options.selection.matches(date->year, date->month, date->day) && !on_disk.contains(key))
        problems.add(fmt::format("{}: listed in {} but missing", (options.data_dir / key).string(),
                                 checksums.manifest_path().string()));
    }
  std::mutex count_mutex;
  for_each_index_in_parallel(
      items.size(), options.max_workers, [] { return 0; },
      [&](int, std::size_t i) {
        std::size_t verified = 0;
        std::string problem = checksums.check(items[i].relative, items[i].kind, false, verified);
        if (!problem.empty()) problems.add(problem);
        std::lock_guard lock(count_mutex);
        report.verified += verified;
      });
}

// solid_angles.tab is computed from theta.tab, never downloaded (D§2.4).
void write_solid_angles(const fs::path& data_dir, bool theta_is_new, ProblemList& problems) {
  const fs::path theta = io::theta_table_path(data_dir), solid = io::solid_angles_table_path(data_dir);
  if (!fs::exists(theta) || (!theta_is_new && fs::exists(solid))) return;
  try {
    io::write_solid_angles_table(solid, io::read_theta_table(theta));
    spdlog::info("wrote {} from {}", solid.string(), theta.string());
  } catch (const std::exception& e) {
    problems.add(fmt::format("cannot compute {}: {}", solid.string(), e.what()));
  }
}

}  // namespace

FetchReport run_fetch(const FetchOptions& options) {
  if (std::string reason = io::validate(options.selection); !reason.empty()) throw std::invalid_argument(reason);
  if (options.max_workers < 1) throw std::invalid_argument("--max-workers must be at least 1");
  check_mirror_url(options.mirror);
  HttpSettings http = options.http;
  // Plain http only when the user's mirror is http itself; the archives are reached by https only.
  http.protocols = options.mirror.starts_with("http://") ? "http,https" : "https";
  const LockSource lock_source = load_lock(options);
  Checksums checksums(parse_lock(lock_source), lock_source.name, options.data_dir);
  ProblemList problems;
  FetchReport report;

  if (options.verify_only) {
    verify_on_disk(options, checksums, problems, report);
    report.problems = problems.take();
    return report;
  }

  std::vector<RemoteFile> files = kernel_files();
  for (RemoteFile& table : instrument_table_files()) files.push_back(std::move(table));
  if (!options.kernels_only) {
    std::unique_ptr<HttpSession> session = open_session(http, problems);
    try {
      if (session)
        for (RemoteFile& table : crawl_er_tables(*session, options, problems)) files.push_back(std::move(table));
    } catch (const UnreachableError& e) {
      report.unreachable = e.what();
      report.problems = problems.take();
      return report;
    }
  }
  Unreachable unreachable;

  // What is already there is checked; a file that fails its checksum is moved aside and left
  // for the next run (the problem is reported now).
  std::vector<std::size_t> present;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (fs::exists(options.data_dir / files[i].relative_path))
      present.push_back(i);
    else
      report.to_fetch.push_back({files[i], mirrored_url(files[i].url, options.mirror), std::nullopt});
  }
  report.already_present = present.size();
  std::mutex report_mutex;
  if (!options.dry_run)
    for_each_index_in_parallel(
        present.size(), options.max_workers, [] { return 0; },
        [&](int, std::size_t i) {
          const RemoteFile& file = files[present[i]];
          std::size_t verified = 0;
          std::string problem = checksums.check(file.relative_path, file.kind, true, verified);
          if (!problem.empty()) problems.add(problem + " (fetch again to download it anew)");
          std::lock_guard lock(report_mutex);
          report.verified += verified;
        });

  std::vector<PlannedFile>& planned = report.to_fetch;
  if (options.dry_run) {
    // Sizes the lock knows need no network; the archive is asked (HEAD) for the others only.
    const auto known_sizes = parse_lock_sizes(lock_source);
    std::vector<std::size_t> ask;
    for (std::size_t i = 0; i < planned.size(); ++i) {
      const auto known = known_sizes.find(planned[i].file.relative_path.filename().string());
      if (planned[i].file.kind == FileKind::kernel && known != known_sizes.end())
        planned[i].size = known->second;
      else
        ask.push_back(i);
    }
    for_each_index_in_parallel(
        ask.size(), options.max_workers, [&] { return open_session(http, problems); },
        [&](std::unique_ptr<HttpSession>& session, std::size_t k) {
          const std::size_t i = ask[k];
          if (!session || unreachable.hit()) return;
          try {
            planned[i].size = session->remote_size(planned[i].request_url);
          } catch (const UnreachableError& e) {
            unreachable.set(e.what());
          } catch (const std::exception& e) {
            spdlog::warn("size unknown: {}", e.what());
          }
        });
    report.unreachable = unreachable.message();
    report.problems = problems.take();
    return report;
  }

  bool theta_is_new = false;
  {
    TransferProgress progress(planned.size(), options.progress);
    for_each_index_in_parallel(
        planned.size(), options.max_workers, [&] { return open_session(http, problems); },
        [&](std::unique_ptr<HttpSession>& session, std::size_t i) {
          if (!session || unreachable.hit()) return;
          const RemoteFile& file = planned[i].file;
          const fs::path dest = options.data_dir / file.relative_path;
          std::size_t verified = 0;
          std::uintmax_t bytes = 0;
          std::string problem;
          try {
            bytes = session->download(planned[i].request_url, dest,
                                      [&progress](std::size_t n) { progress.bytes_received(n); });
            problem = checksums.check(file.relative_path, file.kind, true, verified);
          } catch (const UnreachableError& e) {
            unreachable.set(e.what());
            return;
          } catch (const std::exception& e) {
            fs::path part = dest;
            part += ".part";
            problem = fmt::format("{}: {}", dest.string(), e.what());
            if (fs::exists(part)) problem += fmt::format("; partial data kept in {}", part.string());
          }
          progress.file_finished();
          if (!problem.empty()) problems.add(problem);
          std::lock_guard lock(report_mutex);
          report.verified += verified;
          report.bytes_received += bytes;
          if (problem.empty()) ++report.downloaded;
          if (problem.empty() && file.relative_path == io::theta_table_name) theta_is_new = true;
        });
  }

  if (unreachable.hit() && report.downloaded == 0) {
    report.unreachable = unreachable.message();
    report.problems = problems.take();
    return report;
  }
  if (unreachable.hit()) problems.add(unreachable.message());
  try {
    checksums.save_manifest();
    const fs::path kernels_dir = io::kernels_dir(options.data_dir);
    if (fs::is_directory(kernels_dir) && !fs::exists(io::kernels_lock_path(kernels_dir)))
      io::write_kernel_lock(kernels_dir, lock_source.text);
  } catch (const std::exception& e) {
    problems.add(e.what());
  }
  write_solid_angles(options.data_dir, theta_is_new, problems);
  report.problems = problems.take();
  return report;
}

}  // namespace lpm::acquire
