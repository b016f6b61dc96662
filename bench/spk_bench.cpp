// States per second of the SPK reader for segment types 1, 2 and 13 (shared kernels), through
// SpkFile::evaluate and through Ephemeris::state_j2000 (chained). Skips when kernels are absent.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "spice/ephemeris.hpp"
#include "spice/spk.hpp"

namespace {

std::filesystem::path kernels() {
  if (const char* env = std::getenv("LPM_SHARED_DIR"); env && *env) return std::filesystem::path(env) / "kernels";
  return std::filesystem::path(LPM_SHARED_DIR_DEFAULT) / "kernels";
}

void evaluate_segment(benchmark::State& state, const char* file, std::size_t segment) {
  const auto path = kernels() / file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("shared kernels not found");
    return;
  }
  auto spk = lpm::spice::SpkFile::open(path);
  const auto& seg = spk.segments().at(segment);
  const double span = seg.end_et - seg.start_et;
  double et = seg.start_et, step = span / 100003.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(spk.evaluate(segment, et));
    et += step;
    if (et > seg.end_et) et = seg.start_et;
  }
  state.SetItemsProcessed(state.iterations());
}

void chained_moon_sun(benchmark::State& state) {
  const auto path = kernels() / "de440s-j2000.bsp";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("shared kernels not found");
    return;
  }
  lpm::spice::Ephemeris eph;
  eph.load(path);
  double et = -43000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(eph.state_j2000(10, 301, et));  // Sun wrt Moon: 301->3->0 and 10->0
    et += 0.8;
    if (et > 43000) et = -43000;
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(evaluate_segment, type1_mda, "synthetic_lp_type1.bsp", 0);
BENCHMARK_CAPTURE(evaluate_segment, type2_moon_de440s, "de440s-j2000.bsp", 3);
BENCHMARK_CAPTURE(evaluate_segment, type13_hermite, "synthetic_lp_type13.bsp", 0);
BENCHMARK(chained_moon_sun);
BENCHMARK_MAIN();
