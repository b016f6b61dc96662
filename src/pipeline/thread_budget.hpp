#pragma once
// How many threads a run can really have. Under a memory or process limit (ulimit -v, -u, a
// cgroup's pids.max) a thread that cannot be created is fatal inside TBB: its workers start one
// another, and the exception of a failed pthread_create ends the program (abort, exit 134).
// So the run first starts its threads itself, where a failure can be caught, and asks TBB only
// for as many as could run at once.

#include <cstddef>
#include <string>

namespace lpm::pipeline {

struct ThreadBudget {
  int threads = 0;     // how many of the wanted threads ran at once (0: not even one)
  std::string reason;  // why not more (strerror of the failed pthread_create), or empty
};

// Starts up to `wanted` threads with the default stack or `min_stack_bytes` if larger (what
// TBB gives its workers), each touching the allocator as a
// worker does (glibc gives every thread its own arena, which is what an address-space limit
// runs out of), waits until all of them run, then ends them. Meanwhile it holds
// thread_probe_headroom_bytes of address space unused, so that the threads counted leave that
// much for the run's own allocations (the tables, the results, the workers' scratch): counted to
// the last byte, the last TBB worker's stack could fail after the probe (seen under ctest -j2 at
// ulimit -v 400000: terminate, exit 134). Where not even that can be held: 0 threads.
inline constexpr std::size_t thread_probe_headroom_bytes = std::size_t{64} << 20;
ThreadBudget probe_thread_budget(int wanted, std::size_t min_stack_bytes);

}  // namespace lpm::pipeline
