// The pieces of the simulation's truth: surface potential, spacecraft charging, plasma
// regions, instrument layout and sweep tables.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "io/instrument_tables.hpp"
#include "physics/charging.hpp"
#include "simulate/day_simulation.hpp"
#include "simulate/instrument_layout.hpp"
#include "simulate/lp_orbit.hpp"
#include "simulate/plasma_environment.hpp"
#include "simulate/surface_truth.hpp"

namespace lpm::simulate {
namespace {

PlasmaState plasma(Region region, double temperature_ev, double night_factor) {
  PlasmaState p;
  p.region = region;
  p.density_m3 = 5e6;
  p.temperature_ev = temperature_ev;
  p.kappa = 4;
  p.night_factor = night_factor;
  return p;
}

TEST(SurfacePotential, SunlitIsFiveToFifteenVoltsAndNightIsNegative) {
  PlasmaState wind = plasma(Region::solar_wind, 12, 5);
  EXPECT_NEAR(surface_potential_v(1.0, wind), 15.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(std::cos(80 * pi / 180), wind), 5.0, 1e-9);
  EXPECT_NEAR(surface_potential_v(0.0, wind), -20.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(-1.0, wind), -60.0, 1e-12);  // −night_factor·T
  EXPECT_NEAR(surface_potential_v(-1.0, plasma(Region::solar_wind, 24, 10)), -200.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(-1.0, plasma(Region::plasma_sheet, 800, 3)), -1800.0, 1e-12);
  EXPECT_TRUE(std::isnan(surface_potential_v(std::nan(""), wind)));
}

TEST(SurfacePotential, IsContinuousAndMonotoneInTheSolarZenithAngle) {
  PlasmaState sheet = plasma(Region::plasma_sheet, 400, 2);
  double previous = surface_potential_v(-1.0, sheet);
  for (int k = 1; k <= 2000; ++k) {
    double u = surface_potential_v(-1.0 + k * 1e-3, sheet);
    EXPECT_GE(u, previous - 1e-12);
    EXPECT_LT(u - previous, 10.0) << "jump at cos " << -1.0 + k * 1e-3;
    previous = u;
  }
}

TEST(SpacecraftPotential, PositiveInSunlightNegativeInShadow) {
  physics::KappaParams wind{5e6, 4.0, physics::theta_from_temperature_ev(10.0, 4.0)};
  double day = spacecraft_potential_v(wind, true);
  EXPECT_GT(day, 0.0);
  EXPECT_LT(day, 150.0);
  // Day: the photoemission current equals the collected current at the root.
  EXPECT_NEAR(physics::photoemission_current_density_a_m2(day) /
                  physics::electron_current_density_a_m2(wind, 10.0, 2e4, 100), 1.0, 1e-6);
  double night = spacecraft_potential_v(wind, false);
  EXPECT_LT(night, 0.0);
  EXPECT_GT(night, -1500.0);
}

TEST(SpacecraftPotential, IncidentFluxIsTheAmbientFluxShiftedByTheSpacecraftPotential) {
  physics::KappaParams p{5e6, 4.0, physics::theta_from_temperature_ev(10.0, 4.0)};
  EXPECT_DOUBLE_EQ(incident_flux_cm2(p, 10.0, 100.0), physics::directional_flux_cm2(p, 90.0));
  EXPECT_DOUBLE_EQ(incident_flux_cm2(p, -50.0, 100.0), physics::directional_flux_cm2(p, 150.0));
  EXPECT_DOUBLE_EQ(incident_flux_cm2(p, 10.0, 7.0), physics::directional_flux_cm2(p, 7.0));
}

TEST(PlasmaRegion, FollowsTheMoonAroundTheEarthSunLine) {
  const spice::Vec3 sun{1.5e8, 0, 0}, pole{0, 0, 1};
  const double d = 384400;
  auto at = [&](double deg, double z_km = 0.0) {
    double a = deg * pi / 180;
    return region_of_moon({d * std::cos(a), d * std::sin(a), z_km}, sun, pole, 0.0);
  };
  EXPECT_EQ(at(0), Region::solar_wind);     // new Moon, upstream
  EXPECT_EQ(at(90), Region::solar_wind);
  EXPECT_EQ(at(150), Region::magnetosheath);
  EXPECT_EQ(at(180), Region::plasma_sheet);  // full Moon on the neutral sheet
  EXPECT_EQ(at(180, 10 * earth_radius_km), Region::tail_lobes);
}

TEST(PlasmaRegion, DrawnTemperaturesStayInTheClassificationBands) {
  std::mt19937_64 rng(3);
  const std::map<Region, std::pair<double, double>> bands{{Region::solar_wind, {0, 30}},
                                                          {Region::magnetosheath, {30, 80}},
                                                          {Region::tail_lobes, {80, 150}},
                                                          {Region::plasma_sheet, {150, 1e9}}};
  for (const auto& [region, band] : bands)
    for (int k = 0; k < 200; ++k) {
      PlasmaState s = draw_plasma_state(region, rng);
      EXPECT_GE(s.temperature_ev, band.first);
      EXPECT_LT(s.temperature_ev, band.second);
      EXPECT_TRUE(s.kappa >= 2.5 && s.kappa <= 6.0);
    }
}

TEST(InstrumentLayout, ThetaOrderIsValidButNotSortedByMagnitude) {
  auto theta = simulated_theta_layout_deg();
  EXPECT_NO_THROW(io::make_instrument_tables(theta));
  EXPECT_FALSE(std::is_sorted(theta.begin(), theta.end(), [](double a, double b) { return std::abs(a) < std::abs(b); }));
  auto phi = cell_azimuths_deg(theta, 359.999);
  for (double v : phi) {
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 360.0);
  }
  // Cells of one ring are spread evenly around the spin.
  std::vector<double> ring;
  for (std::size_t k = 0; k < theta.size(); ++k)
    if (theta[k] == 78.75) ring.push_back(cell_azimuths_deg(theta, 0.0)[k]);
  ASSERT_EQ(ring.size(), 4u);
  std::sort(ring.begin(), ring.end());
  for (std::size_t k = 1; k < ring.size(); ++k) EXPECT_NEAR(ring[k] - ring[k - 1], 90.0, 0.011);
}

TEST(SweepTables, FifteenLogSpacedStepsFromHighToLow) {
  for (int year : {1998, 1999}) {
    auto e = sweep_energies_ev(year);
    ASSERT_EQ(e.size(), 15u);
    EXPECT_NEAR(e.front(), 20000.0, 1e-9);
    EXPECT_NEAR(e.back(), year == 1998 ? 40.0 : 7.0, 1e-9);
    for (std::size_t i = 1; i < e.size(); ++i) EXPECT_NEAR(e[i - 1] / e[i], e[0] / e[1], 1e-3);
  }
}

TEST(LpOrbitModel, VelocityIsTheTimeDerivativeOfPosition) {
  LpOrbit orbit(-3.3e7, -2.9e7);
  for (double et : {-5e7, -3.1e7, -1e7}) {
    auto s = orbit.state(et);
    auto a = orbit.state(et - 0.5).position_km, b = orbit.state(et + 0.5).position_km;
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(s.velocity_km_s[c], b[c] - a[c], 1e-6);
    EXPECT_NEAR(spice::norm(s.velocity_km_s), 1.63, 0.08);  // circular speed at 30-100 km
  }
}

}  // namespace
}  // namespace lpm::simulate
