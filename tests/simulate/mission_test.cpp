// `simulate` end to end: one simulated day (150 spectra) written once per test program, then
// read back by the project's readers and checked against the analytic models and physics.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "geometry/compute_geometry.hpp"
#include "io/attitude.hpp"
#include "io/checksum.hpp"
#include "io/data_folder.hpp"
#include "io/er_table.hpp"
#include "io/instrument_tables.hpp"
#include "io/npz.hpp"
#include "io/text_file.hpp"
#include "simulate/analytic_ephemeris.hpp"
#include "simulate/mission.hpp"
#include "simulate/simulated_kernels.hpp"
#include "simulate/surface_truth.hpp"
#include "spice/kernel_set.hpp"
#include "support/test_support.hpp"

namespace lpm::simulate {
namespace {

namespace fs = std::filesystem;

constexpr int test_spectra = 150;

SimulationOptions test_options(std::uint64_t seed) {
  SimulationOptions options;
  options.seed = seed;
  options.spectra_per_day = test_spectra;
  return options;
}

class SimulatedMission : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    reports_ = new std::vector<DayReport>(simulate_mission(dir_->path(), {{1998, 6, 15}}, test_options(7)));
  }
  static void TearDownTestSuite() {
    delete reports_;
    delete dir_;
  }
  static const fs::path& dir() { return dir_->path(); }
  static fs::path kernels() { return dir() / "spice_kernels"; }
  static spice::KernelSet load_kernels() {
    spice::KernelSet set;
    for (const char* name : {leapseconds_file, moon_pck_file, planets_spk_file, lp_spk_file})
      set.load(kernels() / name);
    return set;
  }
  static io::NpzArchive truth() { return io::read_npz(dir() / "truth" / "3D980615_truth.npz"); }

  static test::TempDir* dir_;
  static std::vector<DayReport>* reports_;
};
test::TempDir* SimulatedMission::dir_ = nullptr;
std::vector<DayReport>* SimulatedMission::reports_ = nullptr;

std::vector<fs::path> files_under(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), root));
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(SimulatedMission, WritesTheArchiveLayout) {
  ASSERT_EQ(reports_->size(), 1u);
  EXPECT_EQ(reports_->front().table_path, dir() / "1998" / "152_181JUN" / "3D980615.TAB");
  for (const char* name :
       {"theta.tab", "solid_angles.tab", "attitude.tab", "truth/3D980615_truth.npz", "spice_kernels/simulated.tls",
        "spice_kernels/simulated_moon.tpc", "spice_kernels/lp_simulated.bsp", "spice_kernels/planets_simulated.bsp",
        "spice_kernels/kernels.lock"})
    EXPECT_TRUE(fs::exists(dir() / name)) << name;
}

TEST_F(SimulatedMission, SameSeedGivesByteIdenticalFilesAndAnotherSeedOtherTables) {
  test::TempDir again, other;
  simulate_mission(again.path(), {{1998, 6, 15}}, test_options(7));
  simulate_mission(other.path(), {{1998, 6, 15}}, test_options(8));
  auto files = files_under(dir());
  ASSERT_EQ(files, files_under(again.path()));
  for (const auto& f : files) EXPECT_EQ(io::sha1_file(dir() / f), io::sha1_file(again.path() / f)) << f;
  EXPECT_NE(io::sha1_file(dir() / "1998/152_181JUN/3D980615.TAB"),
            io::sha1_file(other.path() / "1998/152_181JUN/3D980615.TAB"));
  // The shared files do not depend on the seed.
  EXPECT_EQ(io::sha1_file(dir() / "attitude.tab"), io::sha1_file(other.path() / "attitude.tab"));
  EXPECT_EQ(io::sha1_file(kernels() / lp_spk_file), io::sha1_file(other.path() / "spice_kernels" / lp_spk_file));
}

TEST_F(SimulatedMission, TableReadsBackWithTheDefectsOfRealTables) {
  io::ErFile table = io::read_er_table(reports_->front().table_path);
  EXPECT_EQ(table.malformed_lines, 0u);
  const auto bad_field = table.dropped[static_cast<int>(io::DropReason::bad_field_magnitude)];
  const auto short_spectra = table.dropped[static_cast<int>(io::DropReason::wrong_row_count)];
  EXPECT_GE(bad_field, 1u);
  EXPECT_GE(short_spectra, 1u);
  EXPECT_EQ(table.spectra.size() + bad_field + short_spectra, static_cast<std::size_t>(test_spectra));
  std::size_t fill_flux = 0, fill_phi = 0;
  std::set<double> energies;
  for (const auto& s : table.spectra) {
    ASSERT_EQ(s.rows.size(), 15u);
    for (const auto& row : s.rows) {
      energies.insert(row.energy_ev);
      double b = std::hypot(row.b_scd_nt[0], row.b_scd_nt[1], row.b_scd_nt[2]);
      EXPECT_TRUE(b > 2.0 && b < 30.0) << "|B| " << b;
      for (int k = 0; k < er_channels; ++k) {
        fill_flux += std::isnan(row.flux[k]);
        fill_phi += std::isnan(row.phi_deg[k]);
        if (!std::isnan(row.flux[k])) {
          EXPECT_GE(row.flux[k], 0.0);
        }
      }
    }
  }
  EXPECT_GE(fill_flux, 1u);
  EXPECT_EQ(fill_flux, fill_phi);
  ASSERT_EQ(energies.size(), 15u);  // one sweep table, ≈40 eV – 20 keV in 1998
  EXPECT_NEAR(*energies.begin(), 40.0, 0.01);
  EXPECT_NEAR(*energies.rbegin(), 20000.0, 0.01);
}

TEST_F(SimulatedMission, InstrumentAndAttitudeTablesReadBack) {
  io::InstrumentTables tables = io::read_theta_table(dir() / "theta.tab");
  auto theta = tables.theta_deg;
  EXPECT_FALSE(
      std::is_sorted(theta.begin(), theta.end(), [](double a, double b) { return std::abs(a) < std::abs(b); }));
  EXPECT_NE(theta, io::mock_theta_layout_deg());
  std::string solid = io::read_whole_file(dir() / "solid_angles.tab");
  EXPECT_EQ(std::count(solid.begin(), solid.end(), '\n'), er_channels);

  auto records = io::read_attitude_table(dir() / "attitude.tab");
  ASSERT_GT(records.size(), 2000u);  // 1998-01-01 … 2000-01-01 every 6 h
  EXPECT_EQ(records.front().utc, "1998-01-01T00:00");
  EXPECT_EQ(records.back().utc, "2000-01-01T00:00");
  for (const auto& r : records) {
    EXPECT_GT(r.dec_deg, 85.0);
    EXPECT_NEAR(r.rpm, 12.0, 0.2);
  }
}

TEST_F(SimulatedMission, TruthArchiveHasTheBatchKeysAndOneEntryPerSpectrum) {
  io::NpzArchive t = truth();
  const std::vector<std::pair<const char*, io::DType>> keys{{"spec_spec_no", io::DType::i8},
                                                            {"spec_u_surface", io::DType::f8},
                                                            {"spec_bs_over_bm", io::DType::f8},
                                                            {"spec_beam_amp", io::DType::f8},
                                                            {"spec_u_spacecraft", io::DType::f8},
                                                            {"spec_electron_density", io::DType::f8},
                                                            {"spec_electron_temperature", io::DType::f8},
                                                            {"spec_kappa_value", io::DType::f8},
                                                            {"spec_environment_class", io::DType::i1},
                                                            {"spec_projection_latitude", io::DType::f8},
                                                            {"spec_projection_longitude", io::DType::f8},
                                                            {"spec_projection_polarity", io::DType::i1},
                                                            {"spec_spacecraft_in_sun", io::DType::b1},
                                                            {"spec_projection_in_sun", io::DType::b1},
                                                            {"spec_plasma_region", io::DType::i1}};
  for (const auto& [key, dtype] : keys) {
    ASSERT_TRUE(t.contains(key)) << key;
    EXPECT_EQ(t.at(key).dtype, dtype) << key;
    EXPECT_EQ(t.at(key).size(), static_cast<std::size_t>(test_spectra)) << key;
  }
  ASSERT_TRUE(t.contains("rows_utc"));
  EXPECT_EQ(t.at("rows_utc").descr(), "<U64");
  EXPECT_EQ(t.at("rows_utc").size(), reports_->front().rows);
  io::ErFile table = io::read_er_table(reports_->front().table_path);
  EXPECT_EQ(t.at("rows_utc").as_strings().front(), table.spectra.front().rows.front().utc);
}

TEST_F(SimulatedMission, TruthValuesLieInTheirStatedRanges) {
  io::NpzArchive t = truth();
  auto u = t.at("spec_u_surface").as_f8(), r = t.at("spec_bs_over_bm").as_f8(), a = t.at("spec_beam_amp").as_f8();
  auto usc = t.at("spec_u_spacecraft").as_f8(), temp = t.at("spec_electron_temperature").as_f8();
  auto kappa = t.at("spec_kappa_value").as_f8(), n = t.at("spec_electron_density").as_f8();
  auto env = t.at("spec_environment_class").as_i1(), pol = t.at("spec_projection_polarity").as_i1();
  auto sc_sun = t.at("spec_spacecraft_in_sun").as_bool(), fp_sun = t.at("spec_projection_in_sun").as_bool();
  auto region = t.at("spec_plasma_region").as_i1();
  for (std::size_t i = 0; i < u.size(); ++i) {
    EXPECT_TRUE(region[i] >= 1 && region[i] <= 4);
    // P§5.4 on the truth: wake (5) when the footpoint is dark, else by T: 30/80/150 eV.
    const double te = temp[i];
    const int expected_env = !fp_sun[i] ? 5 : te < 30 ? 1 : te < 80 ? 2 : te < 150 ? 3 : 4;
    EXPECT_EQ(env[i], expected_env);
    EXPECT_TRUE(kappa[i] >= 2.5 && kappa[i] <= 6.0);
    EXPECT_TRUE(n[i] > 1e3 && n[i] < 1e8);
    EXPECT_TRUE(temp[i] > 5 && temp[i] < 2500);
    if (sc_sun[i]) {
      EXPECT_TRUE(usc[i] >= 0 && usc[i] <= 150) << usc[i];
    } else {
      EXPECT_TRUE(usc[i] > -1500 && usc[i] < 50) << usc[i];  // a hot plasma floats a few V positive
    }
    if (pol[i] == 0) {
      EXPECT_TRUE(std::isnan(u[i]) && std::isnan(r[i]) && std::isnan(a[i]));
      continue;
    }
    EXPECT_TRUE(u[i] >= tail_night_floor_v && u[i] <= sunlit_potential_max_v) << u[i];
    EXPECT_TRUE(r[i] >= 0.3 && r[i] <= 1.1);
    EXPECT_TRUE(a[i] >= 0 && a[i] <= 3);
    if (usc[i] <= u[i]) {
      EXPECT_EQ(a[i], 0.0);
    }
  }
}

TEST_F(SimulatedMission, KernelsLoadAndLockListsEveryKernelWithItsSha1) {
  spice::KernelSet set = load_kernels();
  EXPECT_TRUE(set.has_leap_seconds());
  std::istringstream lock(io::read_whole_file(io::kernels_lock_path(kernels())));
  std::string line;
  int entries = 0;
  while (std::getline(lock, line)) {
    if (line.empty() || line[0] == '#') continue;
    ASSERT_EQ(line.size() > 42 && line.substr(40, 2) == "  ", true) << line;
    EXPECT_EQ(line.substr(0, 40), io::sha1_file(kernels() / line.substr(42)));
    ++entries;
  }
  EXPECT_EQ(entries, 4);
}

TEST_F(SimulatedMission, PlanetarySpkMatchesTheAnalyticTheoryWithinOneKilometre) {
  spice::KernelSet set = load_kernels();
  const double et0 = set.utc_to_et("1998-01-02T00:00:00"), et1 = set.utc_to_et("1999-12-30T00:00:00");
  double worst_moon = 0, worst_sun = 0;
  for (int k = 0; k <= 400; ++k) {
    double et = et0 + (et1 - et0) * k / 400.0 + 1234.5;
    worst_moon =
        std::max(worst_moon, spice::norm(set.state(301, 399, "J2000", et).position_km - moon_geocentric_j2000_km(et)));
    worst_sun =
        std::max(worst_sun, spice::norm(set.state(10, 399, "J2000", et).position_km - sun_geocentric_j2000_km(et)));
    double moon_sun_au = spice::norm(set.state(10, 301, "J2000", et).position_km) / astronomical_unit_km;
    EXPECT_TRUE(moon_sun_au > 0.98 && moon_sun_au < 1.02) << moon_sun_au;
  }
  EXPECT_LT(worst_moon, 1.0);
  EXPECT_LT(worst_sun, 1.0);
}

TEST_F(SimulatedMission, PlanetarySpkIsReadByJplephem) {
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const fs::path script = test::source_dir() / "tests" / "simulate" / "jplephem_positions.py";
  spice::KernelSet set = load_kernels();
  const double et = set.utc_to_et("1998-06-15T12:00:00");
  for (auto [center, target] : {std::pair{3, 301}, std::pair{3, 399}, std::pair{0, 3}}) {
    std::ostringstream cmd;
    cmd.precision(17);
    cmd << python << " " << script << " " << kernels() / planets_spk_file << " " << center << " " << target;
    for (int k = 0; k < 5; ++k) cmd << " " << et + k * 7200.0;
    test::CommandResult result = test::run_command(cmd.str());
    ASSERT_EQ(result.exit_code, 0) << result.output;
    std::istringstream lines(result.output);
    for (int k = 0; k < 5; ++k) {
      Vec3 p{};
      ASSERT_TRUE(lines >> p[0] >> p[1] >> p[2]) << result.output;
      double t = et + k * 7200.0;
      Vec3 expected = target == 301 ? moon_wrt_emb_km(t) : target == 399 ? earth_wrt_emb_km(t) : emb_wrt_sun_km(t);
      EXPECT_LT(spice::norm(p - expected), 1.0) << center << "->" << target;
    }
  }
}

TEST_F(SimulatedMission, LunarProspectorFliesItsMissionAltitudes) {
  spice::KernelSet set = load_kernels();
  const LpOrbit orbit = simulated_lp_orbit();
  auto altitude_range = [&](const char* first_utc) {
    double et0 = set.utc_to_et(first_utc), lo = 1e9, hi = -1e9;
    for (int k = 0; k < 2000; ++k) {
      double et = et0 + k * 43.3;
      Vec3 p = set.state(-25, 301, "J2000", et).position_km;
      EXPECT_LT(spice::norm(p - orbit.state(et).position_km), 1e-3);
      lo = std::min(lo, spice::norm(p) - lunar_radius_km);
      hi = std::max(hi, spice::norm(p) - lunar_radius_km);
    }
    return std::pair{lo, hi};
  };
  auto [lo98, hi98] = altitude_range("1998-06-15T00:00:00");
  EXPECT_GT(lo98, 75.0);
  EXPECT_LT(hi98, 125.0);
  auto [lo99, hi99] = altitude_range("1999-04-01T00:00:00");
  EXPECT_GT(lo99, 15.0);
  EXPECT_LT(hi99, 50.0);
  // Period ≈ 2 h: the polar orbit passes both poles in one period.
  double et = set.utc_to_et("1998-06-15T00:00:00");
  double max_lat = 0;
  spice::Mat3 to_moon = set.rotation("J2000", "IAU_MOON", et);
  for (int k = 0; k < 120; ++k) {
    Vec3 p = to_moon * set.state(-25, 301, "J2000", et + k * 60.0).position_km;
    max_lat = std::max(max_lat, std::abs(std::asin(p[2] / spice::norm(p))) * 180 / pi);
  }
  EXPECT_GT(max_lat, 80.0);
}

TEST_F(SimulatedMission, PipelineGeometryOfTheTableReproducesTheTruthFootpoints) {
  spice::KernelSet set = load_kernels();
  io::ErFile table = io::read_er_table(reports_->front().table_path);
  auto attitude = io::make_attitude_series(io::read_attitude_table(dir() / "attitude.tab"),
                                           [&](std::string_view utc) { return set.utc_to_et(utc); });
  io::NpzArchive t = truth();
  auto spec_no = t.at("spec_spec_no").as_i8();
  auto lat = t.at("spec_projection_latitude").as_f8(), lon = t.at("spec_projection_longitude").as_f8();
  auto pol = t.at("spec_projection_polarity").as_i1();
  auto fp_sun = t.at("spec_projection_in_sun").as_bool();
  std::size_t connected = 0, sunlit = 0;
  for (const auto& s : table.spectra) {
    std::size_t i = static_cast<std::size_t>(std::find(spec_no.begin(), spec_no.end(), s.spec_no) - spec_no.begin());
    ASSERT_LT(i, spec_no.size());
    auto geo = geometry::compute_geometry(std::span(s.rows.data(), 1), set, attitude);
    ASSERT_EQ(geo[0].status, geometry::GeometryStatus::ok);
    EXPECT_EQ(geo[0].polarity, pol[i]);
    if (pol[i] == 0) {
      EXPECT_TRUE(std::isnan(lat[i]));
      continue;
    }
    ++connected;
    sunlit += fp_sun[i];
    EXPECT_NEAR(geo[0].fp_lat_deg, lat[i], 1e-9);
    EXPECT_NEAR(geo[0].fp_lon_deg, lon[i], 1e-9);
    EXPECT_NEAR(spice::norm(geo[0].footpoint_km), lunar_radius_km, 1e-6);
  }
  // Over a day the footpoints sample day and night alike: sunlit fraction ½ ± 0.2.
  ASSERT_GT(connected, 50u);
  double fraction = static_cast<double>(sunlit) / connected;
  EXPECT_GT(fraction, 0.3);
  EXPECT_LT(fraction, 0.7);
}

TEST_F(SimulatedMission, WakeDepletesAndHeatsOnlyShadedSolarWindAndSheathSpectra) {
  // Region ranges (docs/simulator.md) with the 5 % density wobble (±4σ); the wake multiplies
  // n by 0.01–0.3 and T by 1.5–3 when the spacecraft is shaded in the solar wind or sheath.
  io::NpzArchive t = truth();
  auto n = t.at("spec_electron_density").as_f8(), temp = t.at("spec_electron_temperature").as_f8();
  auto region = t.at("spec_plasma_region").as_i1();
  auto sc_sun = t.at("spec_spacecraft_in_sun").as_bool();
  struct Band {
    double n_lo, n_hi, t_lo, t_hi;
  };
  const std::map<int, Band> bands{
      {1, {2e6, 10e6, 8, 20}}, {2, {1e6, 5e6, 32, 60}}, {3, {0.03e6, 0.3e6, 85, 145}}, {4, {0.1e6, 0.6e6, 160, 800}}};
  const double wobble = std::exp(4 * 0.05);
  std::size_t waked = 0, undisturbed = 0;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const Band b = bands.at(region[i]);
    const bool wake = !sc_sun[i] && (region[i] == 1 || region[i] == 2);
    const double nf_lo = wake ? 0.01 : 1.0, nf_hi = wake ? 0.3 : 1.0;
    const double tf_lo = wake ? 1.5 : 1.0, tf_hi = wake ? 3.0 : 1.0;
    EXPECT_TRUE(n[i] >= b.n_lo * nf_lo / wobble && n[i] <= b.n_hi * nf_hi * wobble) << i << " n " << n[i];
    EXPECT_TRUE(temp[i] >= b.t_lo * tf_lo && temp[i] <= b.t_hi * tf_hi) << i << " T " << temp[i];
    if (wake) {
      ++waked;
      EXPECT_LT(n[i], b.n_hi * 0.3 * wobble);
    } else {
      ++undisturbed;
    }
  }
  EXPECT_GT(waked, 10u);  // 1998-06-15: the Moon is in the solar wind / sheath
  EXPECT_GT(undisturbed, 10u);
}

TEST_F(SimulatedMission, CommandLinePrintsOneLinePerDayAndRejectsBadSelections) {
  test::TempDir out;
  std::string base = test::binary().string() + " simulate --data-dir " + out.path().string();
  auto ok = test::run_command(base + " --start 1999-01-30 --end 1999-01-31 --spectra-per-day 20 --noise none");
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(std::count(ok.output.begin(), ok.output.end(), '\n'), 2) << ok.output;
  EXPECT_TRUE(fs::exists(out.path() / "1999/001_031JAN/3D990131.TAB"));
  EXPECT_EQ(test::run_command(base + " --year 1998 --day 3").exit_code, 2);
  EXPECT_EQ(test::run_command(base).exit_code, 2);
  EXPECT_EQ(test::run_command(base + " --year 1998 --month 2 --day 30").exit_code, 2);
  EXPECT_EQ(test::run_command(base + " --start 1998-13-01").exit_code, 2);
  EXPECT_EQ(test::run_command(base + " --year 1998 --start 1998-01-01").exit_code, 2);
  EXPECT_EQ(test::run_command(base + " --year 2040 --month 1 --day 1").exit_code, 2);
}

}  // namespace
}  // namespace lpm::simulate
