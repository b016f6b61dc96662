// The spectrum-level geometry keys of a batch cache (issue 18 item 1), checked by numpy on a
// simulated day: footpoint row, SZA vs the sunlit flag, local time, field/normal angle, time.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using lpm::test::run_command;
using lpm::test::TempDir;

TEST(SpectrumGeometryKeys, AgreeWithRowsAndWithEachOtherOnASimulatedDay) {
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "15", 300, 3);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const auto check =
      run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_spectrum_geometry.py").string() +
                  " " + day.cache);
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

}  // namespace
