#pragma once
// fontconfig (loaded by Cairo's text drawing) leaks a few small allocations once per process,
// which LeakSanitizer reports in sanitizer builds. Include this in exactly one file per test
// program; child processes (the CLI) get the same rule through LSAN_OPTIONS.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig\n"; }

namespace lpm::test {

// Makes commands started by this test process (potential-mapper under ASan) ignore the leak.
inline void suppress_fontconfig_leaks_in_children() {
  if (const char* given = std::getenv("LSAN_OPTIONS"); given && *given) return;  // e.g. the Debug test preset's
  // One file per test process: test programs run in parallel must not rewrite each other's file.
  static const std::filesystem::path file = [] {
    auto path =
        std::filesystem::temp_directory_path() / ("lpm_plot_lsan_fontconfig." + std::to_string(::getpid()) + ".supp");
    std::ofstream(path) << "leak:libfontconfig\n";
    return path;
  }();
  ::setenv("LSAN_OPTIONS", ("suppressions=" + file.string()).c_str(), 1);
}

}  // namespace lpm::test
