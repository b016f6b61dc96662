// plot/explain_plot: the one-page figure of `explain` is written as a PNG for a fitted spectrum
// (every panel drawn) and for one that stopped before the loss cone (empty panels say why).
#include <cmath>
#include <filesystem>
#include <limits>

#include <gtest/gtest.h>

#include "plot/explain_plot.hpp"
#include "plot/lsan_fontconfig.hpp"
#include "plot/png_pixels.hpp"
#include "test_support.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

lpm::product::Explanation fitted_spectrum() {
  lpm::product::Explanation e;
  e.spec_no = 42;
  e.status_name = "fitted";
  e.status_meaning = "a loss-cone fit was made and accepted";
  e.reproduced = true;
  auto& r = e.rerun;
  r.u_surface_v = -120;
  r.u_surface_lower_v = -150;
  r.u_surface_upper_v = -95;
  r.u_spacecraft_v = 8;
  r.beam_amp = 0.6;
  r.bs_over_bm = 0.7;
  for (int i = 0; i < 15; ++i) {
    const double energy = 40 * std::pow(1.45, i);
    e.kappa.energy_ev.push_back(energy);
    e.kappa.data_flux.push_back(1e7 / energy);
    e.kappa.model_flux.push_back(1.1e7 / energy);
    e.kappa.used.push_back(i > 1);
    auto& lc = e.losscone;
    lc.data.energy_ev[i] = energy;
    lc.boundary_pitch_deg[i] = 120 + 3 * i;
    lc.beam_energy_factor[i] = i == 3 ? 0.9 : 0.0;
    for (int c = 0; c < 88; ++c) {
      lc.data.pitch_deg[i][c] = 2.0 * c + 0.5;
      lc.data.norm[i][c] = lc.data.pitch_deg[i][c] > lc.boundary_pitch_deg[i] ? 0.05 : 1.0;
      lc.data.mask[i][c] = c % 7 != 0;
      lc.model[i][c] = lc.data.norm[i][c];
    }
  }
  e.kappa.model_available = true;
  e.kappa.statistic = "Poisson deviance";
  auto& lc = e.losscone;
  lc.ran = true;
  lc.n_valid = 1100;
  lc.best_sum = 50;
  lc.threshold = 50 + 50.0 / 1097;
  lc.profile_lower_v = -140;
  lc.profile_upper_v = -100;
  for (double u = -2000; u <= 20; u += 5) {
    lc.profile_u_v.push_back(u);
    lc.profile_sum.push_back(50 + 1e-3 * (u + 120) * (u + 120));
  }
  return e;
}

TEST(ExplainPlot, WritesEveryPanelOfAFittedSpectrum) {
  lpm::test::TempDir dir;
  const auto out = dir.path() / "fit.png";
  lpm::plot::render_explanation_figure(fitted_spectrum(), out);
  const lpm::test::PngImage image(out);
  EXPECT_EQ(image.width(), lpm::plot::explain_width);
  EXPECT_EQ(image.height(), lpm::plot::explain_height);
  EXPECT_EQ(lpm::test::folder_names(dir.path()), std::vector<std::string>{"fit.png"});
}

TEST(ExplainPlot, ASpectrumThatStoppedEarlyStillGetsAFigure) {
  lpm::product::Explanation e;
  e.spec_no = 7;
  e.status_name = "not_connected";
  e.status_meaning = "no row's field line reaches the Moon";
  e.rerun.u_surface_v = e.rerun.u_surface_lower_v = e.rerun.u_surface_upper_v = nan;
  e.rerun.status = lpm::fit::FitStatus::not_connected;
  e.losscone.data.energy_ev.fill(nan);
  e.losscone.best_sum = e.losscone.threshold = nan;
  e.decisions = {"geometry: 0 of 15 rows connected", "stopped before the loss cone: not_connected"};
  lpm::test::TempDir dir;
  const auto out = dir.path() / "stopped.png";
  lpm::plot::render_explanation_figure(e, out);
  EXPECT_NO_THROW(lpm::test::PngImage{out});
}

}  // namespace
