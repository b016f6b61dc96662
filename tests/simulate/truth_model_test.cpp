// The pieces of the simulation's truth: surface potential, spacecraft charging, plasma
// regions, instrument layout and sweep tables.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "io/instrument_tables.hpp"
#include "physics/charging.hpp"
#include "physics_oracle.hpp"
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

// The nightside charging factor: within ±20 %, smooth on the ≈ 50 km between spectra (gradient
// ≤ 0.2/3·Σ|k| ≈ 6.5 per lunar radius: ≤ 0.019 over 5 km), and varying over the surface
// (three unit sines averaged: standard deviation 0.2/3·√1.5 ≈ 0.082).
TEST(SurfacePotential, NightsideChargingVariesSmoothlyByAFifthOverTheSurface) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  double sum = 0.0, sum2 = 0.0;
  const int n = 20000;
  for (int k = 0; k < n; ++k) {
    std::array<double, 3> x{normal(rng), normal(rng), normal(rng)};
    const double len = std::hypot(x[0], x[1], x[2]);
    for (double& c : x) c /= len;
    const double f = surface_charging_variation(x);
    ASSERT_GE(f, 0.8);
    ASSERT_LE(f, 1.2);
    sum += f;
    sum2 += f * f;
    const double step = 5.0 / 1737.4;  // 5 km along the first tangent direction
    std::array<double, 3> y{x[0] - step * x[1], x[1] + step * x[0], x[2]};
    EXPECT_LE(std::abs(surface_charging_variation(y) - f), 0.02);
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, 1.0, 0.01);
  EXPECT_NEAR(sd, 0.2 / 3.0 * std::sqrt(1.5), 0.01);
}

TEST(SurfacePotential, SunlitIsFiveToFifteenVoltsAndNightIsNegative) {
  PlasmaState wind = plasma(Region::solar_wind, 12, 5);
  EXPECT_NEAR(surface_potential_v(1.0, wind), 15.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(std::cos(80 * pi / 180), wind), 5.0, 1e-9);
  EXPECT_NEAR(surface_potential_v(0.0, wind), -20.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(-1.0, wind), -60.0, 1e-12);  // −night_factor·T
  EXPECT_NEAR(surface_potential_v(-1.0, plasma(Region::solar_wind, 40, 10)), -300.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(-1.0, plasma(Region::plasma_sheet, 800, 3)), -1800.0, 1e-12);
  EXPECT_NEAR(surface_potential_v(-1.0, plasma(Region::plasma_sheet, 400, 1.2)), -480.0, 1e-12);
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

TEST(SurfacePotential, NightTruthOfEveryRegionIsTensToHundredsOfVoltsWithKilovoltsRare) {
  // Halekas et al. 2008 (JGR 113 A09102): ~−100 V in the lobes, −200 V … −1 kV in the plasma
  // sheet; kV only rarely. Deep night (cos SZA = −1) for 4000 draws per region.
  std::mt19937_64 rng(5);
  for (Region region : {Region::solar_wind, Region::magnetosheath, Region::tail_lobes, Region::plasma_sheet}) {
    int kilovolt = 0;
    std::vector<double> u;
    for (int k = 0; k < 4000; ++k) {
      u.push_back(surface_potential_v(-1.0, draw_plasma_state(region, rng)));
      kilovolt += u.back() < -1000.0;
      EXPECT_TRUE(u.back() <= -20.0 && u.back() >= -2000.0) << u.back();
    }
    std::sort(u.begin(), u.end());
    const double median = u[u.size() / 2];
    EXPECT_TRUE(median < -40.0 && median > -600.0) << static_cast<int>(region) << " median " << median;
    EXPECT_LT(kilovolt, 4000 * 0.05) << static_cast<int>(region);
  }
}

// --- Spacecraft charging -----------------------------------------------------------------

TEST(SpacecraftPotential, SunlitTruthBalancesPhotoemissionAgainstTheWholeOneSidedCurrent) {
  for (auto [n, t, kappa] : {std::tuple{5e6, 12.0, 4.0}, std::tuple{2e6, 45.0, 3.5}, std::tuple{0.1e6, 110.0, 3.0},
                             std::tuple{0.3e6, 400.0, 4.5}}) {
    physics::KappaParams p{n, kappa, physics::theta_from_temperature_ev(t, kappa)};
    fit::JuInversion truth = spacecraft_charging(p, true);
    ASSERT_EQ(truth.status, fit::UscStatus::ok) << n << " " << t;
    EXPECT_GT(truth.u_v, 0.0);
    EXPECT_LT(truth.u_v, 150.0);
    // Independent: one-sided current of the κ flux by a fine trapezoid, J–U curve by hand.
    const oracle::Plasma o{n, kappa, t};
    const double je = oracle::one_sided_current([&](double e) { return oracle::kappa_flux(o, e); }, 1e-4, 1e6, 60000);
    EXPECT_NEAR(oracle::photo_current(truth.u_v) / je, 1.0, 2e-3) << n << " " << t;
  }
}

TEST(SpacecraftPotential, ShadedTruthIsTheRootOfTheShadedCurrentBalance) {
  // A wake-like solar wind (negative root) and a hot plasma-sheet plasma (floats positive).
  for (auto [n, t, kappa] :
       {std::tuple{0.3e6, 30.0, 4.0}, std::tuple{0.05e6, 80.0, 3.5}, std::tuple{0.3e6, 400.0, 4.0}}) {
    physics::KappaParams p{n, kappa, physics::theta_from_temperature_ev(t, kappa)};
    fit::JuInversion truth = spacecraft_charging(p, false);
    ASSERT_EQ(truth.status, fit::UscStatus::ok);
    const oracle::Plasma o{n, kappa, t};
    // A root (sign change within the code's 500-point energy grid: 2.4 % spacing in E, so a
    // few percent in U) and the highest one: the balance is negative all the way down from
    // +50 V, which is how a spacecraft entering the shadow meets it.
    const double tolerance = 2.0 + 0.03 * std::abs(truth.u_v);
    EXPECT_GT(oracle::shaded_balance(o, truth.u_v - tolerance), 0.0) << t << " U " << truth.u_v;
    EXPECT_LT(oracle::shaded_balance(o, truth.u_v + tolerance), 0.0) << t << " U " << truth.u_v;
    // Every 0.5 V: the balance bends on the scale of T (≥ 30 eV here), so it cannot cross
    // zero and back between two samples; each oracle evaluation is three 40 000-point integrals.
    for (double u = 50.0; u > truth.u_v + tolerance; u -= 0.5)
      ASSERT_LT(oracle::shaded_balance(o, u), 0.0) << t << " at " << u << " above the root " << truth.u_v;
    if (t < 50) {
      EXPECT_LT(truth.u_v, -20.0);
    }
    if (t > 300) {
      EXPECT_GT(truth.u_v, 0.0);
    }
  }
}

TEST(SpacecraftPotential, SunlitTruthRarelySaturatesInAnyRegion) {
  std::mt19937_64 rng(9);
  for (Region region : {Region::solar_wind, Region::magnetosheath, Region::tail_lobes, Region::plasma_sheet}) {
    int at_limit = 0;
    const int draws = 1500;
    for (int k = 0; k < draws; ++k) {
      fit::JuInversion u = spacecraft_charging(draw_plasma_state(region, rng).kappa_params(), true);
      at_limit += u.status != fit::UscStatus::ok;
      EXPECT_TRUE(u.u_v >= 0.0 && u.u_v <= 150.0);
    }
    EXPECT_LT(at_limit, draws * 0.02) << static_cast<int>(region);
  }
}

// --- Flux at the spacecraft ----------------------------------------------------------------

TEST(SpacecraftFlux, AmbientFluxIsLiouvilleMappedAndWindowAveraged) {
  const oracle::Plasma o{5e6, 4.0, 10.0};
  physics::KappaParams p{o.n_m3, o.kappa, physics::theta_from_temperature_ev(o.t_ev, o.kappa)};
  // Liouville factor by hand at E = 100 eV, U = +10 V: E/(E − U) = 100/90.
  EXPECT_NEAR(oracle::at_spacecraft(o, 10.0, 100.0) / oracle::kappa_flux(o, 90.0), 100.0 / 90.0, 1e-12);
  EXPECT_NEAR(oracle::kappa_flux(o, 90.0) / physics::directional_flux_cm2(p, 90.0), 1.0, 1e-9);
  // The window's outer node factor by hand: exp(sqrt(3)·asinh(¼)/sqrt(2 ln 2)) = 1.43913.
  EXPECT_NEAR(oracle::window_node(), 1.43913, 1e-5);
  EXPECT_NEAR(photoelectron_contamination_limit_ev(10.0), 14.3913, 1e-4);
  for (double u : {-40.0, 0.0, 10.0}) {
    for (double e : {7.0, 12.0, 40.0, 100.0, 2000.0}) {
      const double expected = oracle::windowed([&](double x) { return oracle::at_spacecraft(o, u, x); }, e);
      const StepFlux sunlit = step_flux_cm2(p, u, true, e), shaded = step_flux_cm2(p, u, false, e);
      EXPECT_NEAR(sunlit.ambient_cm2 / expected, 1.0, 1e-9) << u << " " << e;
      EXPECT_EQ(shaded.photo_cm2, 0.0);
      EXPECT_EQ(shaded.ambient_cm2, sunlit.ambient_cm2);
    }
  }
  // No ambient electron below a positive spacecraft's potential (all three nodes below U).
  EXPECT_EQ(step_flux_cm2(p, 20.0, true, 12.0).ambient_cm2, 0.0);
}

TEST(SpacecraftFlux, PhotoelectronsFillTheStepsBelowTheSpacecraftPotential) {
  // By hand: U = 20 V, E = 5 eV: (A/e)·1e-4/(π·25)·5·e^{−1} + (C/e)·1e-4/(π·3600)·5·e^{−5/60}
  //   = 1.56408e7 + 4.06196e3 = 1.564486e7 cm⁻² s⁻¹ sr⁻¹ eV⁻¹.
  EXPECT_NEAR(photoelectron_flux_cm2(20.0, 5.0), 1.5644864e7, 1e2);
  EXPECT_EQ(photoelectron_flux_cm2(20.0, 20.0), 0.0);  // escapes
  EXPECT_EQ(photoelectron_flux_cm2(20.0, 25.0), 0.0);
  EXPECT_EQ(photoelectron_flux_cm2(-5.0, 2.0), 0.0);
  // The returning current: a component (J, T) emitted with the flux spectrum E e^{−E/T}/T²
  // returns below U: J·∫_0^U E e^{−E/T}/T² dE = J·[1 − (1 + U/T) e^{−U/T}] (by hand).
  for (double u : {3.0, 20.0, 120.0}) {
    const double returning =
        oracle::one_sided_current([&](double e) { return photoelectron_flux_cm2(u, e); }, 1e-6, u * (1 - 1e-12), 40000);
    auto part = [&](double j, double t) { return j * (1.0 - (1.0 + u / t) * std::exp(-u / t)); };
    EXPECT_NEAR(returning / (part(1.07e-6, 5.0) + part(1.6e-8, 60.0)), 1.0, 1e-4) << u;
  }
  // A sunlit step: window average of the photoelectrons; none from 1.4391·U up.
  physics::KappaParams p{5e6, 4.0, physics::theta_from_temperature_ev(10.0, 4.0)};
  const double u = 8.0;
  for (double e : {4.0, 7.0, 10.0, 11.5, 11.6, 20.0}) {
    const double expected = oracle::windowed([&](double x) { return oracle::photo_flux(u, x); }, e);
    EXPECT_NEAR(step_flux_cm2(p, u, true, e).photo_cm2, expected, 1e-9 * expected + 1e-300) << e;
    if (e >= u * oracle::window_node()) {
      EXPECT_EQ(expected, 0.0);
    }
  }
  // Steps below U: photoelectrons dominate whatever ambient flux leaks in through the window.
  for (double e : {4.0, 7.0}) {
    const StepFlux f = step_flux_cm2(p, u, true, e);
    EXPECT_GT(f.photo_cm2, 3.0 * f.ambient_cm2) << e;
  }
}

// --- Wake and classification ---------------------------------------------------------------

TEST(LunarWake, DepthIsZeroOutsideTheShadowCylinderAndOneOnItsAxis) {
  const spice::Vec3 sun{1.5e8, 0, 0};
  const double r = lunar_radius_km + 100.0;
  EXPECT_NEAR(wake_depth({-r, 0, 0}, sun), 1.0, 1e-12);
  EXPECT_NEAR(wake_depth({-1000.0, 868.7, 0}, sun), 1.0 - 868.7 / 1737.4, 1e-12);
  EXPECT_EQ(wake_depth({r, 0, 0}, sun), 0.0);       // day side
  EXPECT_EQ(wake_depth({-200.0, 0, r}, sun), 0.0);  // behind the Moon but outside R_M
  EXPECT_EQ(wake_depth({0, r, 0}, sun), 0.0);       // terminator plane
}

TEST(LunarWake, DepletesAndHeatsByTheDocumentedFactors) {
  PlasmaState wind = plasma(Region::solar_wind, 12, 5);
  // By hand: depth 0 → n·0.3, T·1.5; depth 1 → n·0.01, T·3; depth ½ → n·sqrt(0.003), T·2.25.
  EXPECT_NEAR(wake_plasma(wind, 0.0).density_m3, 5e6 * 0.3, 1e-6);
  EXPECT_NEAR(wake_plasma(wind, 0.0).temperature_ev, 18.0, 1e-12);
  EXPECT_NEAR(wake_plasma(wind, 1.0).density_m3, 5e4, 1e-6);
  EXPECT_NEAR(wake_plasma(wind, 1.0).temperature_ev, 36.0, 1e-12);
  EXPECT_NEAR(wake_plasma(wind, 0.5).density_m3, 5e6 * 0.0547722557505, 1e-3);
  EXPECT_NEAR(wake_plasma(wind, 0.5).temperature_ev, 27.0, 1e-12);
  EXPECT_EQ(wake_plasma(wind, 0.5).kappa, wind.kappa);
  EXPECT_TRUE(region_has_wake(Region::solar_wind));
  EXPECT_TRUE(region_has_wake(Region::magnetosheath));
  EXPECT_FALSE(region_has_wake(Region::tail_lobes));
  EXPECT_FALSE(region_has_wake(Region::plasma_sheet));
}

TEST(EnvironmentClass, FollowsTheP54ThresholdsAndWakeWhenTheFootpointIsDark) {
  EXPECT_EQ(environment_class(12.0, true), 1);
  EXPECT_EQ(environment_class(29.999, true), 1);
  EXPECT_EQ(environment_class(30.0, true), 2);
  EXPECT_EQ(environment_class(79.9, true), 2);
  EXPECT_EQ(environment_class(80.0, true), 3);
  EXPECT_EQ(environment_class(149.9, true), 3);
  EXPECT_EQ(environment_class(150.0, true), 4);
  EXPECT_EQ(environment_class(400.0, false), 5);
  EXPECT_EQ(environment_class(std::nan(""), true), 0);
  EXPECT_EQ(environment_class(-1.0, true), 0);
}

TEST(PlasmaRegion, FollowsTheMoonAroundTheEarthSunLine) {
  const spice::Vec3 sun{1.5e8, 0, 0}, pole{0, 0, 1};
  const double d = 384400;
  auto at = [&](double deg, double z_km = 0.0) {
    double a = deg * pi / 180;
    return region_of_moon({d * std::cos(a), d * std::sin(a), z_km}, sun, pole, 0.0);
  };
  EXPECT_EQ(at(0), Region::solar_wind);  // new Moon, upstream
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
  EXPECT_FALSE(
      std::is_sorted(theta.begin(), theta.end(), [](double a, double b) { return std::abs(a) < std::abs(b); }));
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
