// Regression test of issue 16 on whole-pipeline spectra: on the demo day (simulate 1998-06-15,
// default seed) the capped box search once stopped in a local minimum of the loss-cone χ² on
// spectra with U above U_sc (narrow dips of the profile) and with U below U_sc and the beam
// reaching the lowest steps, where brute force and LHS+DE went lower (spectra 346, 440 and 628
// of that day until the simulator's nightside charging changed the random sequence). The first
// three fitted spectra of each kind go through the pipeline (geometry, U_sc, masks) and the χ²
// of their search's point must not exceed the oracles' (evaluated by the independent
// OracleObjective).
#include <gtest/gtest.h>

#include "../fit/losscone_oracles.hpp"
#include "demo_day.hpp"
#include "pipeline/spectrum_trace.hpp"
#include "test_support.hpp"

namespace lpm {
namespace {

TEST(LossConeDayRegression, DemoDaySpectraOnceMissedReachTheOracleMinimum) {
  LPM_REQUIRE_SHARED_KERNELS();
  test::DemoDay day;
  ASSERT_NO_FATAL_FAILURE(test::load_demo_day(day));
  const pipeline::PipelineSettings settings;
  int above = 0, beam = 0;
  for (const io::ErSpectrum& spectrum : day.file.spectra) {
    if (above == 3 && beam == 3) break;
    pipeline::SpectrumTrace trace;
    const auto result = pipeline::trace_spectrum(spectrum, *day.mission, settings, trace);
    const fit::LossConeInput& input = trace.losscone_input;
    if (result.status != fit::FitStatus::fitted) continue;
    if (result.u_surface_v > input.u_spacecraft_v) {
      if (above == 3) continue;
      ++above;
    } else if (result.beam_amp > 0.0) {
      if (beam == 3) continue;
      ++beam;
    } else {
      continue;
    }
    // The search is under test: its point is what the fitter reports without the counts (with
    // them, the Poisson posterior's median).
    fit::LossConeInput uncounted = input;
    uncounted.counts.reset();
    const fit::LossConeFit searched = fit::fit_losscone(uncounted, trace.losscone_settings);
    const fit::LossConeData lc = fit::prepare_losscone_data(input, fit::LossConeMethod::halekas);
    const test::OracleObjective f(fit::LossConeMethod::halekas, lc);
    const double ours = f(searched.u_surface_v, searched.bs_over_bm, searched.beam_amp);
    EXPECT_NEAR(ours, searched.chi2_minimum, 1e-9 * ours);
    const double brute = test::brute_force(f).chi2, de = test::lhs_de(f).chi2;
    EXPECT_LE(ours, brute * (1.0 + 1e-9) + 1e-12) << "spec " << spectrum.spec_no << " U " << searched.u_surface_v;
    EXPECT_LE(ours, de * (1.0 + 1e-9) + 1e-12) << "spec " << spectrum.spec_no << " U " << searched.u_surface_v;
  }
  EXPECT_EQ(above, 3);
  EXPECT_EQ(beam, 3);
}

}  // namespace
}  // namespace lpm
