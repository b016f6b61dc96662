#include "pipeline/cancellation.hpp"

#include <atomic>
#include <csignal>

namespace lpm::pipeline {
namespace {

std::atomic<bool> cancel_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_signal(int) { cancel_flag.store(true, std::memory_order_relaxed); }

}  // namespace

void install_cancellation_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool cancellation_requested() { return cancel_flag.load(std::memory_order_relaxed); }
void request_cancellation() { cancel_flag.store(true, std::memory_order_relaxed); }
void reset_cancellation() { cancel_flag.store(false, std::memory_order_relaxed); }

}  // namespace lpm::pipeline
