#pragma once
// Paths and helpers shared by the tests.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lpm::test {

// Built with AddressSanitizer (g++ defines __SANITIZE_ADDRESS__, clang answers __has_feature).
// ASan reserves terabytes of address space, so a run under `ulimit -v`/`prlimit --as` cannot start.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool built_with_asan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool built_with_asan = true;
#else
inline constexpr bool built_with_asan = false;
#endif
#else
inline constexpr bool built_with_asan = false;
#endif

// ../shared (read-only reference data), from $LPM_SHARED_DIR or the CMake setting.
inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("LPM_SHARED_DIR"); env && *env) return env;
  return LPM_SHARED_DIR_DEFAULT;
}
inline std::filesystem::path kernels_dir() { return shared_dir() / "kernels"; }
inline std::filesystem::path source_dir() { return LPM_SOURCE_DIR; }
inline std::filesystem::path binary() { return LPM_BINARY; }

// A fresh, empty folder removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("lpm-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The whole content of a file ("" if it cannot be read).
inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Names of the entries of a folder, sorted (tests check that no temp file is left behind).
inline std::vector<std::string> folder_names(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line and captures its output and exit code.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// One simulated day fitted end to end: `simulate` into DIR/data, `batch` into DIR/out.
struct SimulatedDayCache {
  std::string data;     // the simulated data folder (its truth under data/truth/)
  std::string cache;    // the batch output
  std::string failure;  // empty, or the output of the command that failed
};
inline SimulatedDayCache simulate_and_batch(const std::filesystem::path& dir, const std::string& year,
                                            const std::string& month, const std::string& day, int spectra_per_day,
                                            int seed) {
  SimulatedDayCache r{(dir / "data").string(), "", ""};
  const std::string out = (dir / "out").string();
  const std::string selection = " --year " + year + " --month " + month + " --day " + day;
  const std::string bin = binary().string();
  for (const std::string& command : {bin + " simulate -q --data-dir " + r.data + selection + " --spectra-per-day " +
                                         std::to_string(spectra_per_day) + " --seed " + std::to_string(seed),
                                     bin + " batch -q --data-dir " + r.data + " --output-dir " + out + selection}) {
    const CommandResult c = run_command(command);
    if (c.exit_code != 0) {
      r.failure = command + ": " + c.output;
      return r;
    }
  }
  r.cache = out + "/potential_batch_" + year + "_" + month + "_" + day + ".npz";
  return r;
}

}  // namespace lpm::test

// Skips the current test with a message when ../shared/kernels is not there.
#define LPM_REQUIRE_SHARED_KERNELS()                                                                           \
  do {                                                                                                         \
    if (!std::filesystem::exists(::lpm::test::kernels_dir() / "README.txt"))                                   \
      GTEST_SKIP() << "shared kernels not found at " << ::lpm::test::kernels_dir() << " (set LPM_SHARED_DIR)"; \
  } while (0)
