// The KernelSet façade: kernel kinds by content, UTC/ET, states in rotating frames vs CSPICE
// spkezr (reference_states*.csv), meta-kernels and concurrent use.
#include "spice/kernel_set.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "error_of.hpp"
#include "reference_csv.hpp"
#include "spice/error.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::spice::KernelSet;
using lpm::spice::SpiceError;
using lpm::spice::StateVector;
using ::testing::HasSubstr;

std::filesystem::path kernel(const std::string& name) { return lpm::test::kernels_dir() / name; }

KernelSet kernels_of(std::initializer_list<const char*> names) {
  KernelSet set;
  for (const char* n : names) set.load(kernel(n));
  return set;
}

using lpm::test::spice_error_of;

void expect_state(const StateVector& s, const lpm::test::ReferenceTable& t, std::size_t row, const std::string& prefix,
                  double position_tolerance_km, double velocity_tolerance_km_s) {
  const char* axes[3] = {"x", "y", "z"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.position_km[i], t.number(row, prefix + axes[i] + "_km"), position_tolerance_km)
        << prefix << axes[i] << " at " << t.text(row, "input");
    EXPECT_NEAR(s.velocity_km_s[i], t.number(row, prefix + "v" + axes[i] + "_kms"), velocity_tolerance_km_s)
        << prefix << "v" << axes[i] << " at " << t.text(row, "input");
  }
}

TEST(KernelSet, LunarProspectorStatesInJ2000AndIauMoonMatchCspice) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto table = lpm::test::read_reference_table(kernel("reference_states.csv").string());
  for (const auto& [file, tag] :
       {std::pair{"synthetic_lp_type13.bsp", "t13"}, std::pair{"synthetic_lp_type9.bsp", "t9"}}) {
    const KernelSet set = kernels_of({"naif0012.tls", "pck00010.tpc", file});
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const double et = set.utc_to_et(table.text(r, "input"));
      EXPECT_NEAR(et, table.number(r, "et_tdb"), 1e-6);
      const double ref_et = table.number(r, "et_tdb");
      expect_state(set.state(-25, 301, "J2000", ref_et), table, r, std::string("-25_wrt_MOON_J2000_") + tag + "_", 1e-6,
                   1e-9);
      expect_state(set.state(-25, 301, "IAU_MOON", ref_et), table, r, std::string("-25_wrt_MOON_IAU_MOON_") + tag + "_",
                   1e-6, 1e-9);
    }
  }
}

TEST(KernelSet, PlanetaryStatesAndEclipticFrameMatchCspice) {
  LPM_REQUIRE_SHARED_KERNELS();
  for (const auto& [csv, spk] : {std::pair{"reference_states_de440s_j2000.csv", "de440s-j2000.bsp"},
                                 std::pair{"reference_states_de441_1969.csv", "de441-1969.bsp"},
                                 std::pair{"reference_states_de430_2015.csv", "de430-2015-03-02.bsp"}}) {
    auto table = lpm::test::read_reference_table(kernel(csv).string());
    const KernelSet set = kernels_of({"naif0012.tls", "pck00010.tpc", spk});
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const double et = table.number(r, "et_tdb");
      expect_state(set.state(301, 399, "J2000", et), table, r, "MOON_wrt_EARTH_J2000_", 1e-6, 1e-9);
      expect_state(set.state(10, 301, "J2000", et), table, r, "SUN_wrt_MOON_J2000_", 1e-4, 1e-9);
      expect_state(set.state(399, 10, "ECLIPJ2000", et), table, r, "EARTH_wrt_SUN_ECLIPJ2000_", 1e-4, 1e-9);
    }
  }
}

TEST(KernelSet, RotationsAndTimesGoThroughTheFacade) {
  LPM_REQUIRE_SHARED_KERNELS();
  const KernelSet set = kernels_of({"naif0012.tls", "pck00010.tpc", "moon_080317.tf", "moon_pa_de421_1900-2050.bpc"});
  auto table = lpm::test::read_reference_table(kernel("reference_frames_1998_1999.csv").string());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const double et = set.utc_to_et(table.text(r, "input"));
    EXPECT_NEAR(et, table.number(r, "et_tdb"), 1e-6);
    EXPECT_EQ(set.et_to_utc(table.number(r, "et_tdb")), table.text(r, "utc_isoc"));
    const auto m = set.rotation("J2000", "MOON_ME", table.number(r, "et_tdb"));
    EXPECT_NEAR(m[2][2], table.number(r, "J2000_to_MOON_ME_m33"), 1e-12);
  }
  EXPECT_EQ(set.files().size(), 4u);
}

TEST(KernelSet, RejectsFilesThatAreNotKernelsAndTimesWithoutLeapSeconds) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  const auto junk = dir.path() / "junk.bin";
  std::ofstream(junk, std::ios::binary).write("\x01\x02\0\0binary", 10);
  KernelSet set;
  EXPECT_THAT(spice_error_of([&] { set.load(junk); }), HasSubstr("junk.bin"));
  EXPECT_THAT(spice_error_of([&] { set.load(dir.path() / "missing.bsp"); }), HasSubstr("missing.bsp"));
  EXPECT_THAT(spice_error_of([&] { set.utc_to_et("1998-06-15T00:00:00"); }), HasSubstr("no leap-second kernel"));
  set.load(kernel("synthetic_lp_type13.bsp"));
  EXPECT_THAT(spice_error_of([&] { set.state(-25, 301, "IAU_MOON", -48859000.0); }), HasSubstr("IAU_MOON"));
  EXPECT_THAT(spice_error_of([&] { set.state(-25, 301, "NO_SUCH_FRAME", -48859000.0); }), HasSubstr("NO_SUCH_FRAME"));
  // A bad text kernel leaves the set as it was.
  const auto bad = dir.path() / "bad.tpc";
  std::ofstream(bad) << "KPL/PCK\n\\begindata\nBODY301_POLE_RA = ( 1 2\n";
  EXPECT_THAT(spice_error_of([&] { set.load(bad); }), HasSubstr("bad.tpc"));
  EXPECT_EQ(set.files().size(), 1u);
}

TEST(KernelSet, MetaKernelLoadsItsListWithPathSymbols) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  const auto mk = dir.path() / "lp.tm";
  std::ofstream(mk) << "KPL/MK\n\\begindata\nPATH_VALUES = ( '" << lpm::test::kernels_dir().string()
                    << "' )\nPATH_SYMBOLS = ( 'K' )\nKERNELS_TO_LOAD = ( '$K/naif0012.tls' '$K/pck00010.tpc'\n"
                    << "  '$K/synthetic_lp_type13.bsp' )\n\\begintext\n";
  KernelSet set;
  set.load(mk);
  EXPECT_EQ(set.files().size(), 3u);
  EXPECT_TRUE(set.has_leap_seconds());
  EXPECT_NO_THROW(set.state(-25, 301, "IAU_MOON", -48859000.0));
}

TEST(KernelSet, ConcurrentQueriesGiveTheSameAnswersAsOneThread) {
  LPM_REQUIRE_SHARED_KERNELS();
  const KernelSet set = kernels_of(
      {"naif0012.tls", "pck00010.tpc", "moon_080317.tf", "moon_pa_de421_1900-2050.bpc", "synthetic_lp_type13.bsp"});
  constexpr int n = 400;
  auto evaluate = [&](int i) {
    const double et = set.utc_to_et("1998-06-15T00:00:00") + 200.0 * i;
    const auto s = set.state(-25, 301, "MOON_ME", et);
    return s.position_km[0] + s.velocity_km_s[2] + set.rotation("ECLIPJ2000", "IAU_MOON", et)[1][2];
  };
  std::vector<double> serial(n), parallel(n);
  for (int i = 0; i < n; ++i) serial[i] = evaluate(i);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < n; i += 4) parallel[i] = evaluate(i);
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(serial, parallel);
}

}  // namespace
