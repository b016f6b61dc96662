// SPK segment evaluation and ephemeris chaining against CSPICE N0066 reference states
// (../shared/kernels/reference_states_*.csv; D§4.4, D§4.5).
#include "spice/spk.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spice/ephemeris.hpp"
#include "spice/error.hpp"
#include "spice/inertial_frames.hpp"
#include "spice/reference_csv.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::spice::Ephemeris;
using lpm::spice::SpiceError;
using lpm::spice::SpkFile;
using lpm::spice::StateVector;
using lpm::spice::Vec3;
using ::testing::HasSubstr;
using lpm::spice::operator*;

std::filesystem::path kernel(const std::string& name) { return lpm::test::kernels_dir() / name; }

// "-236_wrt_199" -> (-236, 199)
std::pair<int, int> parse_pair(const std::string& s) {
  auto at = s.find("_wrt_");
  return {std::stoi(s.substr(0, at)), std::stoi(s.substr(at + 5))};
}

Vec3 vec(const lpm::test::ReferenceTable& t, std::size_t row, const std::string& prefix, const char* a, const char* b,
         const char* c) {
  return {t.number(row, prefix + a), t.number(row, prefix + b), t.number(row, prefix + c)};
}

// Rows "kernel,target_observer,input,et_tdb,...,x_km..vz_kms": every row within 1e-6 km / 1e-9 km/s
// (type 5 positions: 7e9 km from the SSB, where 1e-6 km is one ulp: relative 1e-15 instead).
void check_kernel_rows(const std::string& table) {
  auto t = lpm::test::read_reference_table(kernel(table).string());
  ASSERT_FALSE(t.rows.empty());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string name = t.text(r, "kernel");
    auto [target, observer] = parse_pair(t.text(r, "target_observer"));
    Ephemeris eph;
    eph.load(kernel(name));
    const double et = t.number(r, "et_tdb");
    StateVector s = eph.state_j2000(target, observer, et);
    Vec3 p = vec(t, r, "", "x_km", "y_km", "z_km");
    Vec3 v = vec(t, r, "", "vx_kms", "vy_kms", "vz_kms");
    const bool huge = lpm::spice::norm(p) > 1e8;
    const double ptol = huge ? 1e-15 * lpm::spice::norm(p) : 1e-6;
    const double vtol = 1e-9;
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(s.position_km[k], p[k], ptol) << name << " row " << r << " et " << et << " axis " << k;
      EXPECT_NEAR(s.velocity_km_s[k], v[k], vtol) << name << " row " << r << " et " << et << " axis " << k;
    }
  }
}

TEST(SpkReference, ReproducesEveryPicanteTypesRow) {
  LPM_REQUIRE_SHARED_KERNELS();
  check_kernel_rows("reference_states_picante_types.csv");
}

TEST(SpkReference, ReproducesEveryMdaAndBigEndianRow) {
  LPM_REQUIRE_SHARED_KERNELS();
  check_kernel_rows("reference_states_mda_bigendian.csv");
}

void expect_relative(const Vec3& got, const Vec3& want, double rel, const std::string& what) {
  const double scale = lpm::spice::norm(want);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], want[k], rel * scale) << what << " axis " << k;
}

// MOON wrt EARTH and SUN wrt MOON in J2000, EARTH wrt SUN in ECLIPJ2000: relative 1e-12.
void check_planetary(const std::string& spk, const std::string& table) {
  auto t = lpm::test::read_reference_table(kernel(table).string());
  Ephemeris eph;
  eph.load(kernel(spk));
  const auto j2000_to_ecl = lpm::spice::transpose(lpm::spice::rotation_to_j2000(17));
  ASSERT_FALSE(t.rows.empty());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const double et = t.number(r, "et_tdb");
    struct Case {
      int target, observer;
      std::string prefix;
      bool ecliptic;
    };
    for (const Case& c : {Case{301, 399, "MOON_wrt_EARTH_J2000_", false}, Case{10, 301, "SUN_wrt_MOON_J2000_", false},
                          Case{399, 10, "EARTH_wrt_SUN_ECLIPJ2000_", true}}) {
      StateVector s = eph.state_j2000(c.target, c.observer, et);
      if (c.ecliptic) s = {j2000_to_ecl * s.position_km, j2000_to_ecl * s.velocity_km_s};
      const std::string what = table + " row " + std::to_string(r) + " " + c.prefix;
      expect_relative(s.position_km, vec(t, r, c.prefix, "x_km", "y_km", "z_km"), 1e-12, what);
      expect_relative(s.velocity_km_s, vec(t, r, c.prefix, "vx_kms", "vy_kms", "vz_kms"), 1e-12, what);
    }
  }
}

TEST(SpkReference, ReproducesDe440sJ2000Table) {
  LPM_REQUIRE_SHARED_KERNELS();
  check_planetary("de440s-j2000.bsp", "reference_states_de440s_j2000.csv");
}
TEST(SpkReference, ReproducesDe441Table) {
  LPM_REQUIRE_SHARED_KERNELS();
  check_planetary("de441-1969.bsp", "reference_states_de441_1969.csv");
}
TEST(SpkReference, ReproducesDe430TableFromFileWithPartialLastRecord) {
  LPM_REQUIRE_SHARED_KERNELS();
  check_planetary("de430-2015-03-02.bsp", "reference_states_de430_2015.csv");
}

TEST(SpkReference, ReproducesLunarProspectorJ2000ColumnsOfTypes13And9) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto t = lpm::test::read_reference_table(kernel("reference_states.csv").string());
  for (const char* type : {"13", "9"}) {
    Ephemeris eph;
    eph.load(kernel(std::string("synthetic_lp_type") + type + ".bsp"));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      StateVector s = eph.state_j2000(-25, 301, t.number(r, "et_tdb"));
      const std::string prefix = std::string("-25_wrt_MOON_J2000_t") + type + "_";
      expect_relative(s.position_km, vec(t, r, prefix, "x_km", "y_km", "z_km"), 1e-12, prefix);
      expect_relative(s.velocity_km_s, vec(t, r, prefix, "vx_kms", "vy_kms", "vz_kms"), 1e-12, prefix);
    }
  }
}

TEST(SpkFile, ListsSegmentsAsInTheDafSummaries) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto spk = SpkFile::open(kernel("picante_type3.bsp"));
  ASSERT_EQ(spk.segments().size(), 1u);
  const auto& s = spk.segments()[0];
  EXPECT_EQ(s.target, 699);
  EXPECT_EQ(s.center, 6);
  EXPECT_EQ(s.frame_code, 1);
  EXPECT_EQ(s.type, 3);
  EXPECT_EQ(s.start_et, 228960001);
  EXPECT_EQ(s.end_et, 229996800);
  EXPECT_EQ(s.name, "SATXXX");
  EXPECT_EQ(s.begin_addr, 513);
  EXPECT_EQ(s.end_addr, 856);
}

TEST(SpkFile, CoverageIsInclusiveAndEtOutsideThrowsNamingTimeAndFile) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto spk = SpkFile::open(kernel("synthetic_lp_type1.bsp"));
  const auto& s = spk.segments()[0];
  EXPECT_NO_THROW(spk.evaluate(0, s.start_et));
  EXPECT_NO_THROW(spk.evaluate(0, s.end_et));
  try {
    spk.evaluate(0, s.end_et + 1);
    FAIL() << "no error";
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("synthetic_lp_type1.bsp"));
    EXPECT_THAT(e.what(), HasSubstr("-48772799"));
    EXPECT_THAT(e.what(), HasSubstr("outside"));
  }
}

TEST(Ephemeris, LaterSegmentWinsAtTheType21SegmentBoundary) {
  LPM_REQUIRE_SHARED_KERNELS();
  const double boundary = -48816000;
  auto spk = SpkFile::open(kernel("synthetic_lp_type21.bsp"));
  ASSERT_EQ(spk.segments().size(), 2u);
  Ephemeris eph;
  eph.load(kernel("synthetic_lp_type21.bsp"));
  StateVector chosen = eph.state_j2000(-25, 301, boundary);
  StateVector second = spk.evaluate(1, boundary);
  StateVector first = spk.evaluate(0, boundary);
  EXPECT_EQ(chosen.position_km, second.position_km);
  EXPECT_NE(chosen.position_km, first.position_km);
}

TEST(Ephemeris, LaterLoadedFileTakesPrecedence) {
  LPM_REQUIRE_SHARED_KERNELS();
  const double et = -48830000;
  Ephemeris a;
  a.load(kernel("synthetic_lp_type13.bsp"));
  a.load(kernel("synthetic_lp_type9.bsp"));
  Ephemeris b;
  b.load(kernel("synthetic_lp_type9.bsp"));
  EXPECT_EQ(a.state_j2000(-25, 301, et).position_km, b.state_j2000(-25, 301, et).position_km);
  EXPECT_EQ(a.files().size(), 2u);
}

TEST(Ephemeris, BigEndianCopiesGiveBitIdenticalStates) {
  LPM_REQUIRE_SHARED_KERNELS();
  const std::vector<std::pair<std::string, std::pair<int, int>>> pairs = {{"synthetic_lp_type1", {-25, 301}},
                                                                          {"synthetic_lp_type21", {-25, 301}},
                                                                          {"synthetic_lp_type13", {-25, 301}},
                                                                          {"de440s-j2000", {10, 301}}};
  for (const auto& [name, bodies] : pairs) {
    Ephemeris little, big;
    little.load(kernel(name + ".bsp"));
    big.load(kernel(name + "_big.bsp"));
    const auto seg = little.segments().back().segment;
    for (int i = 0; i <= 200; ++i) {
      const double et = seg.start_et + (seg.end_et - seg.start_et) * i / 200.0;
      auto a = little.state_j2000(bodies.first, bodies.second, et);
      auto b = big.state_j2000(bodies.first, bodies.second, et);
      EXPECT_EQ(a.position_km, b.position_km) << name << " et " << et;
      EXPECT_EQ(a.velocity_km_s, b.velocity_km_s) << name << " et " << et;
    }
  }
}

TEST(Ephemeris, ChainsThroughCommonAncestorAndSelfIsZero) {
  LPM_REQUIRE_SHARED_KERNELS();
  Ephemeris eph;
  eph.load(kernel("de440s-j2000.bsp"));
  // README sanity value: MOON wrt EARTH at ET 0.
  auto m = eph.state_j2000(301, 399, 0);
  EXPECT_NEAR(m.position_km[0], -291608.38468, 1e-4);
  EXPECT_NEAR(m.position_km[1], -266716.83335, 1e-4);
  EXPECT_NEAR(m.position_km[2], -76102.48708, 1e-4);
  auto back = eph.state_j2000(399, 301, 0);
  for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(back.position_km[k], -m.position_km[k]);
  auto self = eph.state_j2000(399, 399, 0);
  EXPECT_EQ(self.position_km, (Vec3{0, 0, 0}));
  EXPECT_NO_THROW(eph.state_j2000(0, 10, 0));  // SSB has no segment of its own: chain root
}

TEST(Ephemeris, UnknownBodyThrowsNamingBodyTimeAndFiles) {
  LPM_REQUIRE_SHARED_KERNELS();
  Ephemeris eph;
  eph.load(kernel("de440s-j2000.bsp"));
  try {
    eph.state_j2000(-25, 301, 0);
    FAIL() << "no error";
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("-25"));
    EXPECT_THAT(e.what(), HasSubstr("ET 0.000000"));
    EXPECT_THAT(e.what(), HasSubstr("de440s-j2000.bsp"));
  }
  // Known body, ET outside every segment.
  EXPECT_THROW(eph.state_j2000(301, 399, 1e9), SpiceError);
}

TEST(SpkFile, RejectsNonSpkDafAndNonDafFiles) {
  LPM_REQUIRE_SHARED_KERNELS();
  try {
    SpkFile::open(kernel("moon_pa_de421_1900-2050.bpc"));
    FAIL() << "no error";
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("not an SPK"));
    EXPECT_THAT(e.what(), HasSubstr("moon_pa_de421"));
  }
  EXPECT_THROW(SpkFile::open(kernel("pck00010.tpc")), SpiceError);
}

TEST(SpkFile, UnsupportedSegmentTypeThrowsNamingTypeSegmentAndFile) {
  LPM_REQUIRE_SHARED_KERNELS();
  // A copy of picante_type2.bsp whose summary claims type 4.
  lpm::test::TempDir dir;
  std::ifstream in(kernel("picante_type2.bsp"), std::ios::binary);
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // Summary record 3 (fward=3): 3 control doubles, then ND=2 doubles, then ints target, center, frame, type.
  const std::size_t type_offset = 2 * 1024 + 24 + 16 + 12;
  std::int32_t four = 4;
  std::memcpy(bytes.data() + type_offset, &four, 4);
  auto path = dir.path() / "type4.bsp";
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  auto spk = SpkFile::open(path);
  ASSERT_EQ(spk.segments()[0].type, 4);
  try {
    spk.evaluate(0, spk.segments()[0].start_et);
    FAIL() << "no error";
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("type 4"));
    EXPECT_THAT(e.what(), HasSubstr("type4.bsp"));
    EXPECT_THAT(e.what(), HasSubstr("segment 0"));
  }
}

TEST(InertialFrames, NamesCodesAndRotations) {
  EXPECT_EQ(lpm::spice::inertial_frame_code("J2000"), 1);
  EXPECT_EQ(lpm::spice::inertial_frame_code("eclipj2000"), 17);
  EXPECT_EQ(lpm::spice::inertial_frame_code("B1950"), 2);
  EXPECT_FALSE(lpm::spice::inertial_frame_code("IAU_MOON").has_value());
  EXPECT_EQ(lpm::spice::inertial_frame_name(18), "ECLIPB1950");
  // CSPICE pxform("J2000","ECLIPJ2000") (reference tables): rows (1,0,0), (0,c,s), (0,-s,c).
  auto m = lpm::spice::transpose(lpm::spice::rotation_to_j2000(17));
  EXPECT_NEAR(m[1][1], 0.91748206206918181, 1e-16);
  EXPECT_NEAR(m[1][2], 0.39777715593191371, 1e-16);
  EXPECT_NEAR(m[2][1], -0.39777715593191371, 1e-16);
  // J2000 -> B1950 (SPICE pxform): first row 0.99992570795236291, 0.011178938126427691, 0.0048590038414544293.
  auto b = lpm::spice::transpose(lpm::spice::rotation_to_j2000(2));
  EXPECT_NEAR(b[0][0], 0.99992570795236291, 1e-15);
  EXPECT_NEAR(b[0][1], 0.011178938126427691, 1e-12);
  EXPECT_NEAR(b[0][2], 0.0048590038414544293, 1e-12);
  EXPECT_THROW(lpm::spice::rotation_to_j2000(10020), SpiceError);
}

}  // namespace
