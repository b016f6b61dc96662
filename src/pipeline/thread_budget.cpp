#include "pipeline/thread_budget.hpp"

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include <pthread.h>
#include <sys/mman.h>

namespace lpm::pipeline {
namespace {

// A worker's first allocation makes its arena; this is one such allocation.
constexpr std::size_t touch_bytes = std::size_t{64} * 1024;

struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0;
  bool release = false;
};

extern "C" void* probe_thread(void* arg) {
  auto& gate = *static_cast<Gate*>(arg);
  // volatile: the allocation must happen, not be folded away with its free().
  if (auto* bytes = static_cast<volatile char*>(std::malloc(touch_bytes))) {
    bytes[0] = 1;
    std::free(const_cast<char*>(bytes));
  }
  std::unique_lock lock(gate.mutex);
  ++gate.running;
  gate.changed.notify_all();
  gate.changed.wait(lock, [&] { return gate.release; });
  return nullptr;
}

}  // namespace

ThreadBudget probe_thread_budget(int wanted, std::size_t min_stack_bytes) {
  ThreadBudget budget;
  // Counts against an address-space limit (RLIMIT_AS) without using memory.
  void* headroom =
      mmap(nullptr, thread_probe_headroom_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (headroom == MAP_FAILED) {
    budget.reason = std::string("no address space left for the run: ") + std::strerror(errno);
    return budget;
  }
  Gate gate;
  std::vector<pthread_t> started;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  std::size_t stack_bytes = 0;
  if (pthread_attr_getstacksize(&attributes, &stack_bytes) == 0 && min_stack_bytes > stack_bytes)
    pthread_attr_setstacksize(&attributes, min_stack_bytes);
  for (int i = 0; i < wanted; ++i) {
    pthread_t thread;
    if (const int error = pthread_create(&thread, &attributes, probe_thread, &gate); error != 0) {
      budget.reason = std::strerror(error);
      break;
    }
    started.push_back(thread);
    // One at a time, each with its arena, as the real workers will be.
    std::unique_lock lock(gate.mutex);
    gate.changed.wait(lock, [&] { return gate.running == static_cast<int>(started.size()); });
  }
  pthread_attr_destroy(&attributes);
  {
    std::lock_guard lock(gate.mutex);
    gate.release = true;
  }
  gate.changed.notify_all();
  for (pthread_t thread : started) pthread_join(thread, nullptr);
  munmap(headroom, thread_probe_headroom_bytes);
  budget.threads = static_cast<int>(started.size());
  return budget;
}

}  // namespace lpm::pipeline
