// Independent geometry check (issue 17, item 3): `simulate` a short day, `batch` it, and recompute
// every row's spacecraft lat/lon, footpoint lat/lon, polarity and sun flags with numpy from SPICE
// primitives only (`potential-mapper spice et|state|rotate`, the ER table text, attitude.tab),
// following D§5 (docs/data-geometry.md) - not through geometry::. The simulator's
// truth footpoints come from the pipeline's own geometry code, so a geometry error shared by both
// would cancel in the truth-recovery tests; here it cannot. The checker also runs deliberately
// wrong variants of its own geometry and fails if any of them goes unnoticed.
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using lpm::test::run_command;
using lpm::test::TempDir;

const std::string bin = lpm::test::binary().string();

void check_day(const std::string& y, const std::string& m, const std::string& d) {
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), y, m, d, 60, 3);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  auto check =
      run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/geometry/independent_geometry.py").string() +
                  " " + bin + " " + day.data + " " + day.cache);
  std::cout << check.output;
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("independent geometry: OK"), std::string::npos) << check.output;
}

TEST(IndependentGeometry, DayOf1998MatchesNumpyFromSpicePrimitives) { check_day("1998", "06", "15"); }

// Another season, attitude and LP segment (the 1999 sweep table, near the end of the mission).
TEST(IndependentGeometry, DayOf1999MatchesNumpyFromSpicePrimitives) { check_day("1999", "06", "28"); }

}  // namespace
