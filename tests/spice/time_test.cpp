// UTC <-> ET with the leap-second kernel, checked against CSPICE str2et/et2utc (D§4.6).
#include "spice/time.hpp"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/calendar.hpp"
#include "reference_csv.hpp"
#include "spice/error.hpp"
#include "spice/text_kernel.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::spice::LeapSeconds;
using lpm::spice::SpiceError;
using ::testing::HasSubstr;

const LeapSeconds& naif0012() {
  static const LeapSeconds ls = [] {
    lpm::spice::TextKernelPool pool;
    pool.load(lpm::test::kernels_dir() / "naif0012.tls");
    return LeapSeconds::from_pool(pool);
  }();
  return ls;
}

std::string kernel_path(const std::string& name) { return (lpm::test::kernels_dir() / name).string(); }

TEST(Time, MatchesCspiceOnEveryUtcRowOfTheReferenceTables) {
  LPM_REQUIRE_SHARED_KERNELS();
  int checked = 0;
  for (const char* name :
       {"reference_frames_1998_1999.csv", "reference_states.csv", "reference_states_de440s_j2000.csv",
        "reference_states_de441_1969.csv", "reference_states_de430_2015.csv"}) {
    auto table = lpm::test::read_reference_table(kernel_path(name));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const std::string& input = table.text(r, "input");
      const double et = table.number(r, "et_tdb");
      const std::string& isoc = table.text(r, "utc_isoc");
      EXPECT_NEAR(naif0012().utc_to_et(input), et, 1e-6) << name << " " << input;
      EXPECT_EQ(naif0012().et_to_utc(et), isoc) << name << " " << input;
      EXPECT_NEAR(naif0012().utc_to_et(naif0012().et_to_utc(et)), et, 1e-6) << name << " " << input;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 66);
}

TEST(Time, MatchesCspiceEt2utcOnEveryEtRowOfTheSpkTables) {
  LPM_REQUIRE_SHARED_KERNELS();
  int checked = 0;
  for (const char* name : {"reference_states_picante_types.csv", "reference_states_mda_bigendian.csv"}) {
    auto table = lpm::test::read_reference_table(kernel_path(name));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const double et = table.number(r, "et_tdb");
      EXPECT_EQ(naif0012().et_to_utc(et), table.text(r, "utc_isoc")) << name << " ET " << et;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(Time, NoonOfJ2000IsAbout64Point184SecondsOfEt) {
  EXPECT_NEAR(naif0012().utc_to_et("2000-01-01T12:00:00"), 64.1839, 1e-4);
}

TEST(Time, DeltaAtStepsFrom31To32SecondsAt1999January1) {
  LPM_REQUIRE_SHARED_KERNELS();
  EXPECT_EQ(naif0012().delta_at_for_day(lpm::days_since_2000(1998, 12, 31)), 31.0);
  EXPECT_EQ(naif0012().delta_at_for_day(lpm::days_since_2000(1999, 1, 1)), 32.0);
  EXPECT_EQ(naif0012().delta_at_for_day(lpm::days_since_2000(1965, 1, 1)), 9.0);  // before the table
  // The last UTC second of 1998 lasts two SI seconds (23:59:59 and 23:59:60).
  EXPECT_NEAR(naif0012().utc_to_et("1999-01-01T00:00:00") - naif0012().utc_to_et("1998-12-31T23:59:59"), 2.0, 1e-6);
  EXPECT_NEAR(naif0012().utc_to_et("1999-01-01T00:00:00") - naif0012().utc_to_et("1998-12-31T23:59:60"), 1.0, 1e-6);
}

TEST(Time, PrintsLeapSecondAndCarriesRoundingIntoNextDay) {
  LPM_REQUIRE_SHARED_KERNELS();
  const auto& ls = naif0012();
  EXPECT_EQ(ls.et_to_utc(ls.utc_to_et("1998-12-31T23:59:60.25")), "1998-12-31T23:59:60.250000");
  EXPECT_EQ(ls.et_to_utc(ls.utc_to_et("1998-12-31T23:59:60.9999999")), "1999-01-01T00:00:00.000000");
  EXPECT_EQ(ls.et_to_utc(ls.utc_to_et("1998-06-30T23:59:59.9999999")), "1998-07-01T00:00:00.000000");
  EXPECT_EQ(ls.et_to_utc(ls.utc_to_et("1998-06-15T01:02:03.456789"), 0), "1998-06-15T01:02:03");
  EXPECT_EQ(ls.et_to_utc(ls.utc_to_et("1998-06-15T01:02:03.456789"), 3), "1998-06-15T01:02:03.457");
  EXPECT_EQ(ls.et_to_utc(ls.utc_to_et("1998-12-31T23:59:60.6"), 0), "1999-01-01T00:00:00");
}

TEST(Time, AcceptsTheProjectsIsoForms) {
  LPM_REQUIRE_SHARED_KERNELS();
  const auto& ls = naif0012();
  const double et = ls.utc_to_et("1998-06-15T12:00:00");
  EXPECT_EQ(ls.utc_to_et("1998-06-15T12:00"), et);
  EXPECT_EQ(ls.utc_to_et("1998-06-15T12:00Z"), et);
  EXPECT_EQ(ls.utc_to_et("1998-06-15T12:00:00Z"), et);
  EXPECT_EQ(ls.utc_to_et("1998-06-15T12:00:00.000"), et);
  EXPECT_EQ(ls.utc_to_et("1998-06-15"), ls.utc_to_et("1998-06-15T00:00:00"));
  EXPECT_NEAR(ls.utc_to_et("1998-06-15T12:00:00.123456789012345678999") - et, 0.123456789012345678, 1e-7);
}

TEST(Time, RejectsOtherStringsNamingThem) {
  LPM_REQUIRE_SHARED_KERNELS();
  for (const char* bad : {"",
                          "1998",
                          "1998-6-15",
                          "1998-06-15 12:00:00",
                          "1998-06-15T12:00:60",
                          "1998-06-31",
                          "1998-13-01",
                          "1998-00-10",
                          "1998-06-15T24:00:00",
                          "1998-06-15T12:60",
                          "1998-06-15T12:00:00.",
                          "1998-06-15T12:00:00.5x",
                          "1998-06-15T12",
                          "1998-06-15Z",
                          "1998-06-15T12:00:5",
                          "1998-12-31T23:59:61",
                          "1998-12-31T23:58:60",
                          "1998-06-15T12:00:00ZZ",
                          "1998-06-15T12:00:00+00:00",
                          "x998-06-15",
                          "1999-02-29"}) {
    try {
      naif0012().utc_to_et(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const SpiceError& e) {
      EXPECT_THAT(e.what(), HasSubstr(std::string("'") + bad + "'"));
    }
  }
}

TEST(Time, MissingLeapSecondVariableIsNamed) {
  lpm::spice::TextKernelPool pool;
  pool.parse("\\begindata\nDELTET/DELTA_T_A = 32.184\nDELTET/K = 1.657D-3\nDELTET/EB = 1.671D-2\n", "partial.tls");
  try {
    LeapSeconds::from_pool(pool);
    FAIL();
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("DELTET/M"));
  }
}

TEST(Time, CalendarDaysRoundTripOverCenturies) {
  for (long long d = -200000; d <= 200000; d += 37) {
    auto date = lpm::date_from_days_since_2000(d);
    ASSERT_EQ(lpm::days_since_2000(date.year, date.month, date.day), d);
  }
  EXPECT_EQ(lpm::days_since_2000(2000, 1, 1), 0);
  EXPECT_EQ(lpm::days_since_2000(1999, 12, 31), -1);
  EXPECT_EQ(lpm::days_since_2000(2000, 3, 1), 60);
}

}  // namespace
