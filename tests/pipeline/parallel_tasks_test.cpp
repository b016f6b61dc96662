// pipeline::run_tasks: every task once, on several threads at a time, and a failure stops the
// tasks not yet started.
#include "pipeline/parallel_tasks.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace lpm::pipeline {
namespace {

TEST(RunTasks, EveryTaskRunsExactlyOnceForAnyThreadCount) {
  for (const int threads : {0, 1, 2, 3, 8}) {
    for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{57}}) {
      std::vector<std::atomic<int>> runs(count);
      std::vector<std::function<void()>> tasks;
      for (std::size_t i = 0; i < count; ++i) tasks.emplace_back([&runs, i] { ++runs[i]; });
      run_tasks(tasks, threads);
      for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(runs[i].load(), 1) << threads << " threads, task " << i;
    }
  }
}

TEST(RunTasks, TwoThreadsRunTwoTasksAtTheSameTime) {
  // Each task waits (a while at most) for the other to have started: both see it only if they
  // run at once.
  std::mutex mutex;
  std::condition_variable changed;
  int started = 0;
  std::atomic<int> saw_other{0};
  const auto task = [&] {
    std::unique_lock lock(mutex);
    ++started;
    changed.notify_all();
    if (changed.wait_for(lock, std::chrono::seconds(30), [&] { return started == 2; })) ++saw_other;
  };
  run_tasks({task, task}, 2);
  EXPECT_EQ(saw_other.load(), 2);
}

TEST(RunTasks, AFailureIsRethrownAndTasksNotStartedAreNotRun) {
  for (const int threads : {1, 2}) {
    std::atomic<int> ran{0};
    std::vector<std::function<void()>> tasks;
    for (int i = 0; i < 1000; ++i)
      tasks.emplace_back([&ran, i] {
        ++ran;
        if (i == 3) throw std::runtime_error("task 3 failed");
        // Not instant, so that the other thread cannot run them all while task 3 throws.
        if (i > 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      });
    try {
      run_tasks(tasks, threads);
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "task 3 failed");
    }
    if (threads == 1)
      EXPECT_EQ(ran.load(), 4);
    else
      EXPECT_LT(ran.load(), 1000);  // the other thread stops after the task it had taken
  }
}

}  // namespace
}  // namespace lpm::pipeline
