#pragma once
// A tiny worker pool for `fetch`: `workers` threads take the indices 0..count-1 in order; each
// thread makes its own state once (e.g. its HTTP session). work(state, i) must not throw.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace lpm::acquire {

template <class MakeState, class Work>
void for_each_index_in_parallel(std::size_t count, int workers, MakeState make_state, Work work) {
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    auto state = make_state();
    for (std::size_t i = next++; i < count; i = next++) work(state, i);
  };
  const std::size_t threads = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(workers, 1)));
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(run);
  if (count > 0) run();
  // pool joins on destruction
}

}  // namespace lpm::acquire
