#include "pipeline/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace lpm::pipeline {
namespace {

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "--:--:--";
  const long s = std::lround(seconds);
  return fmt::format("{:02d}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
}

}  // namespace

Progress::Progress(std::size_t total_files, std::uintmax_t total_bytes, ProgressStyle style)
    : style_(style), total_files_(total_files), total_bytes_(total_bytes) {
  if (style_ == ProgressStyle::automatic)
    style_ = isatty(STDERR_FILENO) ? ProgressStyle::bar : ProgressStyle::log_lines;
  if (spdlog::get_level() > spdlog::level::info) style_ = ProgressStyle::none;
}

Progress::~Progress() { finish(); }

void Progress::file_started(const std::string& name, std::size_t spectra_in_file, std::uintmax_t file_bytes) {
  std::lock_guard lock(mutex_);
  current_ = name;
  current_file_bytes_ = file_bytes;
  spectra_in_file_ = spectra_in_file;
  done_in_file_ = 0;
  draw(false);
}

void Progress::spectra_done(std::size_t count) {
  std::lock_guard lock(mutex_);
  spectra_done_ += count;
  done_in_file_ += count;
  draw(false);
}

void Progress::file_done() {
  std::lock_guard lock(mutex_);
  ++files_done_;
  bytes_done_ += current_file_bytes_;
  current_file_bytes_ = 0;
  spectra_in_file_ = done_in_file_ = 0;
  draw(files_done_ == total_files_);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (style_ == ProgressStyle::bar) std::fputc('\n', stderr);
}

void Progress::draw(bool force) {
  if (style_ == ProgressStyle::none || finished_) return;
  auto now = Clock::now();
  auto interval = style_ == ProgressStyle::bar ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (!force && now - last_draw_ < interval) return;
  last_draw_ = now;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  double rate = elapsed > 0 ? spectra_done_ / elapsed : 0;
  // Fraction of the input done, by bytes, counting the current file by its spectra.
  double in_file = spectra_in_file_ ? static_cast<double>(done_in_file_) / spectra_in_file_ : 0;
  double fraction = total_bytes_ ? (bytes_done_ + in_file * current_file_bytes_) / static_cast<double>(total_bytes_)
                                 : static_cast<double>(files_done_) / std::max<std::size_t>(total_files_, 1);
  double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : -1;
  if (style_ == ProgressStyle::bar) {
    constexpr int width = 30;
    const int filled = static_cast<int>(std::lround(fraction * width));
    std::fprintf(stderr, "\r[%s%s] files %zu/%zu  spectra %zu  %.0f/s  ETA %s ", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), files_done_, total_files_, spectra_done_, rate,
                 clock_text(eta).c_str());
    std::fflush(stderr);
  } else {
    spdlog::info("progress: files {}/{}, spectra {}, {:.0f} spectra/s, ETA {}", files_done_, total_files_,
                 spectra_done_, rate, clock_text(eta));
  }
}

}  // namespace lpm::pipeline
