// `potential-mapper fetch`: data acquisition from the public archives (SPEC §2, D§1).
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "acquire/fetch.hpp"
#include "cli/commands.hpp"

namespace lpm::cli {
namespace {

// Test knobs, deliberately not flags: LPM_FETCH_RETRY_BASE_MS (first backoff wait),
// LPM_FETCH_MAX_TRIES.
std::optional<long> positive_env(const char* name) {
  const char* text = std::getenv(name);
  if (!text || !*text) return std::nullopt;
  std::string_view value(text);
  long number = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() || number < 1)
    throw UsageError(fmt::format("environment variable {} must be a positive whole number, got '{}'", name, value));
  return number;
}

std::string size_text(std::uintmax_t bytes) {
  return bytes >= (1u << 20) ? fmt::format("{:.1f} MiB ({} bytes)", static_cast<double>(bytes) / (1 << 20), bytes)
                             : fmt::format("{} bytes", bytes);
}

void print_dry_run(const acquire::FetchReport& report) {
  std::uintmax_t total = 0;
  std::size_t unknown = 0;
  std::printf("would fetch %zu files (%zu already present):\n", report.to_fetch.size(), report.already_present);
  for (const acquire::PlannedFile& planned : report.to_fetch) {
    std::printf("  %s -> %s  %s\n", planned.request_url.c_str(), planned.file.relative_path.generic_string().c_str(),
                planned.size ? size_text(*planned.size).c_str() : "size unknown");
    if (planned.size)
      total += *planned.size;
    else
      ++unknown;
  }
  std::printf("total: %s", size_text(total).c_str());
  if (unknown > 0) std::printf(", plus %zu files of unknown size", unknown);
  std::printf("\n");
}

}  // namespace

Command add_fetch_command(CLI::App& root) {
  struct Flags {
    CommonOptions common;
    io::DateSelection selection;
    int max_workers = 8;
    bool kernels_only = false, dry_run = false, verify = false;
    std::string mirror, kernels_lock;
    long min_rate = acquire::default_min_rate_bytes_per_s, min_rate_window = acquire::default_min_rate_window_s;
    long file_timeout = acquire::default_file_timeout_s;
    long max_file_mb = static_cast<long>(acquire::default_max_file_bytes >> 20);
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand("fetch",
                                      "Download the ER flux tables and SPICE kernels from the public archives into\n"
                                      "--data-dir: parallel, resumable, checksummed.");
  add_common_options(*sub, f->common);
  add_selection_options(*sub, f->selection, "Only ER tables of");
  sub->add_option("--max-workers", f->max_workers, "Parallel downloads")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_flag("--kernels-only", f->kernels_only, "Only the SPICE kernels and instrument tables");
  sub->add_flag("--dry-run", f->dry_run, "List what would be fetched and its size; write nothing");
  sub->add_flag("--verify", f->verify, "Recheck every checksum without downloading");
  sub->add_option("--mirror", f->mirror, "Send each request for https://HOST/PATH to URL/HOST/PATH");
  sub->add_option("--kernels-lock", f->kernels_lock,
                  "SHA-1 lock file of the kernels (default: the lock of the real archive's kernels)");
  sub->add_option("--min-rate", f->min_rate,
                  "Abandon (and retry) a transfer slower than this many bytes/s over --min-rate-window")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--min-rate-window", f->min_rate_window, "Seconds over which --min-rate is averaged")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--file-timeout", f->file_timeout, "Give up a file not complete after this many seconds (all tries)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--max-file-mb", f->max_file_mb, "Refuse a file larger than this many MiB")
      ->check(CLI::Range(1L, 1L << 20))
      ->capture_default_str();
  return {sub, [f]() -> int {
            check_selection(f->selection);
            setup_logging(f->common);
            acquire::FetchOptions options;
            options.data_dir = f->common.data_dir;
            options.selection = f->selection;
            options.max_workers = f->max_workers;
            options.kernels_only = f->kernels_only;
            options.dry_run = f->dry_run;
            options.verify_only = f->verify;
            options.mirror = f->mirror;
            if (!f->kernels_lock.empty()) options.kernels_lock = f->kernels_lock;
            if (f->common.quiet) options.progress = acquire::ProgressDisplay::none;
            if (auto ms = positive_env("LPM_FETCH_RETRY_BASE_MS"))
              options.http.retry.base_delay = std::chrono::milliseconds(*ms);
            options.http.min_rate_bytes_per_s = f->min_rate;
            options.http.min_rate_window_s = f->min_rate_window;
            options.http.file_timeout_s = f->file_timeout;
            options.http.max_file_bytes = static_cast<std::uintmax_t>(f->max_file_mb) << 20;
            if (auto n = positive_env("LPM_FETCH_MAX_TRIES")) options.http.retry.max_tries = static_cast<int>(*n);
            if (f->dry_run && f->verify) throw UsageError("--dry-run and --verify cannot be combined");

            acquire::FetchReport report;
            try {
              report = acquire::run_fetch(options);
            } catch (const std::invalid_argument& e) {
              throw UsageError(e.what());
            }
            if (!report.unreachable.empty()) {
              std::fprintf(stderr,
                           "error: the archive cannot be reached (%s); check the network or --mirror, or write "
                           "offline data with `potential-mapper simulate`\n",
                           report.unreachable.c_str());
              return exit_failure;
            }
            if (options.dry_run)
              print_dry_run(report);
            else if (options.verify_only)
              spdlog::info("verified {} files", report.verified);
            else
              spdlog::info("fetched {} files ({}), {} already present, {} checksums verified", report.downloaded,
                           size_text(report.bytes_received), report.already_present, report.verified);
            if (report.problems.empty()) return exit_ok;
            std::fprintf(stderr, "fetch: %zu problem(s):\n", report.problems.size());
            for (const std::string& problem : report.problems) std::fprintf(stderr, "  %s\n", problem.c_str());
            if (!options.verify_only && !options.dry_run)
              std::fprintf(stderr, "Run `potential-mapper fetch` again to resume.\n");
            return exit_failure;
          }};
}

}  // namespace lpm::cli
