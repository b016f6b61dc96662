#pragma once
// Progress on stderr: a redrawn bar (files, spectra, rate, ETA) on a terminal, else one log
// line every few seconds; nothing when quiet.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace lpm::pipeline {

enum class ProgressStyle { automatic, bar, log_lines, none };

class Progress {
 public:
  // `total_bytes` (sum of the input file sizes) drives the ETA.
  Progress(std::size_t total_files, std::uintmax_t total_bytes, ProgressStyle style);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void file_started(const std::string& name, std::size_t spectra_in_file, std::uintmax_t file_bytes);
  void spectra_done(std::size_t count);  // thread-safe
  void file_done();
  void finish();

 private:
  void draw(bool force);
  using Clock = std::chrono::steady_clock;
  std::mutex mutex_;
  ProgressStyle style_;
  std::size_t total_files_, files_done_ = 0, spectra_done_ = 0, spectra_in_file_ = 0, done_in_file_ = 0;
  std::uintmax_t total_bytes_, bytes_done_ = 0, current_file_bytes_ = 0;
  std::string current_;
  Clock::time_point start_ = Clock::now(), last_draw_{};
  bool finished_ = false;
};

}  // namespace lpm::pipeline
