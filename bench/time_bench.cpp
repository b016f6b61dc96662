// UTC -> ET throughput (called once per ER row, ~16 000 rows per day) and the reverse.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "spice/text_kernel.hpp"
#include "spice/time.hpp"

namespace {

const lpm::spice::LeapSeconds& leap_seconds() {
  static const lpm::spice::LeapSeconds ls = [] {
    lpm::spice::TextKernelPool pool;
    pool.load(std::filesystem::path(LPM_SHARED_DIR_DEFAULT) / "kernels" / "naif0012.tls");
    return lpm::spice::LeapSeconds::from_pool(pool);
  }();
  return ls;
}

// One day of ER-like row times, 5 s apart.
std::vector<std::string> row_times() {
  std::vector<std::string> times;
  for (int s = 0; s < 86400; s += 5) {
    char text[32];
    std::snprintf(text, sizeof text, "1998-06-15T%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    times.emplace_back(text);
  }
  return times;
}

void BM_UtcToEt(benchmark::State& state) {
  const auto& ls = leap_seconds();
  const auto times = row_times();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ls.utc_to_et(times[i]));
    if (++i == times.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_UtcToEt);

void BM_EtToUtc(benchmark::State& state) {
  const auto& ls = leap_seconds();
  double et = -48859136.8;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ls.et_to_utc(et));
    et += 5.0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_EtToUtc);

}  // namespace

BENCHMARK_MAIN();
