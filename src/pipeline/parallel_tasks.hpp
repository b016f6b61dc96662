#pragma once
// Work besides the fits that splits into independent tasks (the compression of a cache's
// entries, io::NpzWriter::add_streamed), run on the threads the fits ran on.

#include <functional>
#include <vector>

namespace lpm::pipeline {

// Runs every task once on up to `threads` threads (this one included; the count the file loop
// found it can start, FileLoopResult::threads), starting them in the order given as threads
// become free, and returns when all have returned. An exception a task lets through is rethrown
// here; tasks not started by then are not run.
void run_tasks(const std::vector<std::function<void()>>& tasks, int threads);

}  // namespace lpm::pipeline
