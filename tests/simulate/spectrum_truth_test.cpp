// The simulated ER spectra against an independent forward model of the truth: the ambient κ
// flux through the spacecraft sheath (Liouville), the analyser's energy window and, for a
// sunlit spacecraft, its own photoelectrons in the steps below U_sc. One 1999 day (sweep down
// to 7 eV, Moon in the solar wind) with Poisson noise; spectra not magnetically connected to
// the Moon are isotropic, so the 88 cells of a row sum to counts with a known mean.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "base/constants.hpp"
#include "io/er_table.hpp"
#include "io/instrument_tables.hpp"
#include "io/npz.hpp"
#include "physics_oracle.hpp"
#include "simulate/mission.hpp"
#include "support/test_support.hpp"

namespace lpm::simulate {
namespace {

namespace fs = std::filesystem;

class SimulatedSpectra : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    SimulationOptions options;
    options.seed = 1;  // a day with sunlit, unconnected spectra at U_sc > 7 eV (the lowest step)
    options.spectra_per_day = 1500;
    simulate_mission(dir_->path(), {{1999, 1, 17}}, options);
  }
  static void TearDownTestSuite() { delete dir_; }
  static test::TempDir* dir_;
};
test::TempDir* SimulatedSpectra::dir_ = nullptr;

struct RowCheck {
  double observed_counts = 0, expected_counts = 0, expected_photo_counts = 0;
};

TEST_F(SimulatedSpectra, IsotropicSpectraFollowTheSheathAndPhotoelectronModel) {
  const fs::path root = dir_->path();
  io::ErFile table = io::read_er_table(root / "1999/001_031JAN/3D990117.TAB");
  io::InstrumentTables tables = io::read_theta_table(root / "theta.tab");
  io::NpzArchive t = io::read_npz(root / "truth/3D990117_truth.npz");
  auto spec_no = t.at("spec_spec_no").as_i8();
  auto n = t.at("spec_electron_density").as_f8(), temp = t.at("spec_electron_temperature").as_f8();
  auto kappa = t.at("spec_kappa_value").as_f8(), usc = t.at("spec_u_spacecraft").as_f8();
  auto pol = t.at("spec_projection_polarity").as_i1();
  auto sc_sun = t.at("spec_spacecraft_in_sun").as_bool();

  int photo_steps = 0, clean_sunlit_steps = 0, clean_shaded_steps = 0, between_steps = 0;
  for (const auto& s : table.spectra) {
    const std::size_t i =
        static_cast<std::size_t>(std::find(spec_no.begin(), spec_no.end(), s.spec_no) - spec_no.begin());
    ASSERT_LT(i, spec_no.size());
    if (pol[i] != 0) continue;  // loss cone shapes connected spectra
    const oracle::Plasma p{n[i], kappa[i], temp[i]};
    const double u = usc[i];
    for (const auto& row : s.rows) {
      const double e = row.energy_ev;
      const double ambient = oracle::windowed([&](double x) { return oracle::at_spacecraft(p, u, x); }, e);
      const double photo = sc_sun[i] ? oracle::windowed([&](double x) { return oracle::photo_flux(u, x); }, e) : 0.0;
      RowCheck c;
      for (int k = 0; k < er_channels; ++k) {
        if (std::isnan(row.flux[k])) continue;  // fill cells
        const double exposure = er_geometric_factor_cm2_sr * e * er_accumulation_time_s / tables.bins_in_ring[k];
        c.observed_counts += std::round(row.flux[k] * exposure);
        c.expected_counts += (ambient + photo) * exposure;
        c.expected_photo_counts += photo * exposure;
      }
      // Poisson (5σ) plus the 4-significant-digit rounding of the written flux.
      const double tolerance = 5.0 * std::sqrt(c.expected_counts) + 1e-3 * c.expected_counts + 3.0;
      EXPECT_NEAR(c.observed_counts, c.expected_counts, tolerance)
          << "spectrum " << s.spec_no << " E " << e << " U " << u << " sunlit " << sc_sun[i];
      if (sc_sun[i] && e < u) {
        ++photo_steps;  // below U_sc: the spacecraft's photoelectrons dominate
        EXPECT_GT(c.expected_photo_counts, 0.75 * c.expected_counts);
      } else if (sc_sun[i] && e >= u * oracle::window_node()) {
        ++clean_sunlit_steps;  // no photoelectron reaches the step's window
        EXPECT_EQ(c.expected_photo_counts, 0.0);
      } else if (sc_sun[i]) {
        ++between_steps;
      } else {
        ++clean_shaded_steps;
      }
    }
  }
  EXPECT_GE(photo_steps, 3);
  EXPECT_GE(clean_sunlit_steps, 100);
  EXPECT_GE(clean_shaded_steps, 100);
  EXPECT_GE(between_steps, 5);
}

}  // namespace
}  // namespace lpm::simulate
