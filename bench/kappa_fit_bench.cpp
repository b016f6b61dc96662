// Spectra per second of the κ fit alone and with the spacecraft potential (day, night): the
// reference method (fit_kappa + spacecraft_potential) and the joint fit (fit_plasma).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "../tests/fit/kappa_test_spectra.hpp"  // the tests' forward-model spectrum simulator
#include "fit/plasma_fit.hpp"
#include "fit/spacecraft_potential.hpp"
#include "physics/spacecraft_sheath.hpp"

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

// 16 Poisson spectra of an ambient plasma seen through the sheath of a spacecraft at U_sc (the
// joint fit's model: physics::measured_flux_cm2), on a sweep from 10 eV up; sunlit U_sc > 0,
// shaded U_sc < 0.
std::vector<fit::KappaInput> sheath_spectra(bool in_sun) {
  std::vector<fit::KappaInput> v;
  std::mt19937_64 rng(in_sun ? 11 : 13);
  const test::ChannelLayout layout = test::reference_test_layout();
  const auto pitch = test::pitch_angles_deg(layout, test::reference_test_field);
  const std::vector<double> energies = physics::log_spaced_grid(10.0, 2e4, fit::kappa_steps);
  const double cases[4][4] = {{1e7, 4.0, 20.0, 8.0},
                              {5e6, 3.0, 50.0, 15.0},
                              {3e7, 4.5, 8.0, 4.0},
                              {2e5, 5.0, 200.0, 30.0}};  // n, κ, T [eV], |U_sc| [V]
  for (int repeat = 0; repeat < 4; ++repeat)
    for (const auto& c : cases) {
      const physics::KappaParams ambient{c[0], c[1], physics::theta_from_temperature_ev(c[2], c[1])};
      const double u_sc = in_sun ? c[3] : -4.0 * c[3];
      fit::KappaInput in;
      in.solid_angle_sr = layout.solid_angle_sr;
      in.channels_in_ring = layout.ring_size;
      for (int row = 0; row < fit::kappa_steps; ++row) {
        const double e = energies[fit::kappa_steps - 1 - row];  // the sweep runs high → low
        const double flux = physics::measured_flux_cm2(ambient, u_sc, e);
        in.energy_ev[row] = e;
        in.pitch_deg[row] = pitch;
        for (int ch = 0; ch < fit::kappa_channels; ++ch) {
          const double per_count = er_geometric_factor_cm2_sr * e * er_accumulation_time_s / layout.ring_size[ch];
          std::poisson_distribution<long long> draw(flux * per_count);
          in.flux[row][ch] = static_cast<double>(draw(rng)) / per_count;
        }
      }
      v.push_back(in);
    }
  return v;
}

void BM_PlasmaFit(benchmark::State& state) {
  const bool in_sun = state.range(0) != 0;
  static const std::vector<fit::KappaInput> day = sheath_spectra(true), night = sheath_spectra(false);
  const auto& inputs = in_sun ? day : night;
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(fit::fit_plasma(inputs[i++ % inputs.size()], in_sun));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(in_sun ? "joint, sunlit" : "joint, shaded");
}

}  // namespace

BENCHMARK(BM_KappaFit)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_KappaFitAndSpacecraftPotential)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlasmaFit)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
