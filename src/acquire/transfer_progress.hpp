#pragma once
// Progress of the downloads on stderr: a redrawn line (files done, bytes, rate, ETA) when stderr
// is a terminal, else a log line every few seconds. Thread-safe.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace lpm::acquire {

enum class ProgressDisplay { automatic, bar, log_lines, none };

class TransferProgress {
 public:
  TransferProgress(std::size_t total_files, ProgressDisplay display);
  ~TransferProgress();
  TransferProgress(const TransferProgress&) = delete;
  TransferProgress& operator=(const TransferProgress&) = delete;

  void bytes_received(std::size_t count);
  void file_finished();
  void finish();  // final redraw and newline; idempotent

 private:
  using Clock = std::chrono::steady_clock;
  void show(bool force);
  std::mutex mutex_;
  ProgressDisplay display_;
  std::size_t total_files_;
  std::atomic<std::size_t> files_done_{0};
  std::atomic<std::uintmax_t> bytes_{0};
  Clock::time_point start_ = Clock::now(), last_shown_{};
  bool finished_ = false;
};

}  // namespace lpm::acquire
