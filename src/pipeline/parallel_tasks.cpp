#include "pipeline/parallel_tasks.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

namespace lpm::pipeline {

void run_tasks(const std::vector<std::function<void()>>& tasks, int threads) {
  threads = std::clamp(threads, 1, static_cast<int>(std::max<std::size_t>(tasks.size(), 1)));
  if (threads == 1) {
    for (const auto& task : tasks) task();
    return;
  }
  // Each thread takes the next task not yet taken, so they start in order (largest first, as
  // the caller sorted them) whichever thread is free; after a failure no more are taken.
  std::atomic<std::size_t> next{0};
  const auto take_tasks = [&] {
    for (std::size_t k = next++; k < tasks.size(); k = next++) {
      try {
        tasks[k]();
      } catch (...) {
        next = tasks.size();
        throw;
      }
    }
  };
  // As in the file loop: without this TBB caps its workers at the core count.
  tbb::global_control allow_threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::task_group group;
    for (int t = 0; t < threads; ++t) group.run(take_tasks);
    group.wait();
  });
}

}  // namespace lpm::pipeline
