#include "acquire/transfer_progress.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace lpm::acquire {
namespace {

std::string byte_text(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024.0 && unit < 4) {
    bytes /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", bytes, units[unit]);
}

std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
}

}  // namespace

TransferProgress::TransferProgress(std::size_t total_files, ProgressDisplay display)
    : display_(total_files == 0 ? ProgressDisplay::none : display), total_files_(total_files) {
  last_shown_ = start_;
  if (display_ == ProgressDisplay::automatic)
    display_ = isatty(STDERR_FILENO) ? ProgressDisplay::bar : ProgressDisplay::log_lines;
}

TransferProgress::~TransferProgress() { finish(); }

void TransferProgress::bytes_received(std::size_t count) {
  bytes_ += count;
  show(false);
}

void TransferProgress::file_finished() {
  ++files_done_;
  show(false);
}

void TransferProgress::finish() {
  show(true);
  std::lock_guard lock(mutex_);
  if (!finished_ && display_ == ProgressDisplay::bar) std::fputc('\n', stderr);
  finished_ = true;
}

void TransferProgress::show(bool force) {
  if (display_ == ProgressDisplay::none) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  const auto now = Clock::now();
  const auto interval = display_ == ProgressDisplay::bar ? std::chrono::milliseconds(250) : std::chrono::seconds(10);
  if (!force && now - last_shown_ < interval) return;
  last_shown_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::size_t done = files_done_;
  const double bytes = static_cast<double>(bytes_.load());
  // ETA from the mean time per finished file: the ER tables are of similar size.
  std::string eta = done > 0 && done < total_files_
                        ? duration_text(elapsed / static_cast<double>(done) * static_cast<double>(total_files_ - done))
                        : std::string("--:--:--");
  std::string text = fmt::format("fetch: {}/{} files, {}, {}/s, ETA {}", done, total_files_, byte_text(bytes),
                                 byte_text(elapsed > 0 ? bytes / elapsed : 0.0), eta);
  if (display_ == ProgressDisplay::bar)
    std::fprintf(stderr, "\r%-78s", text.c_str());
  else
    spdlog::info("{}", text);
}

}  // namespace lpm::acquire
