// Spectra per second of the κ fit alone and with the spacecraft potential (day, night).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "../tests/fit/kappa_test_spectra.hpp"  // the tests' forward-model spectrum simulator
#include "fit/spacecraft_potential.hpp"

namespace {

using namespace lpm;

// 16 Poisson spectra over a spread of plasma conditions (n 1e6–3e7 m⁻³, T 8–200 eV).
const std::vector<fit::KappaInput>& spectra() {
  static const std::vector<fit::KappaInput> inputs = [] {
    std::vector<fit::KappaInput> v;
    std::mt19937_64 rng(7);
    const double cases[4][3] = {{1e7, 4.0, 20.0}, {5e6, 3.0, 50.0}, {3e7, 4.5, 8.0}, {2e6, 5.0, 200.0}};
    for (int repeat = 0; repeat < 4; ++repeat)
      for (const auto& c : cases)
        v.push_back(test::simulated_kappa_input({c[0], c[1], physics::theta_from_temperature_ev(c[2], c[1])},
                                                test::reference_test_field, &rng));
    return v;
  }();
  return inputs;
}

void BM_KappaFit(benchmark::State& state) {
  const auto& inputs = spectra();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(fit::fit_kappa(inputs[i++ % inputs.size()]));
  state.SetItemsProcessed(state.iterations());
}

void BM_KappaFitAndSpacecraftPotential(benchmark::State& state) {
  const bool in_sun = state.range(0) != 0;
  const auto& inputs = spectra();
  std::size_t i = 0;
  for (auto _ : state) {
    const fit::KappaInput& input = inputs[i++ % inputs.size()];
    const fit::KappaFit initial = fit::fit_kappa(input);
    benchmark::DoNotOptimize(fit::spacecraft_potential(input, initial, in_sun));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(in_sun ? "day" : "night");
}

}  // namespace

BENCHMARK(BM_KappaFit)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_KappaFitAndSpacecraftPotential)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
