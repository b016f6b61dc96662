// Truth recovery end to end: `simulate` two days around full moon (every plasma region, day and
// night, both sweep tables), `batch` each, and check every reported quantity against the truth
// with tests/cli/check_truth_recovery.py (numpy, independent of the C++).
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using lpm::test::run_command;
using lpm::test::TempDir;

void check_day(const std::string& date, const std::string& table) {
  TempDir dir;
  const auto day =
      lpm::test::simulate_and_batch(dir.path(), date.substr(0, 4), date.substr(5, 2), date.substr(8, 2), 600, 15);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  auto check =
      run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_truth_recovery.py").string() + " " +
                  day.cache + " " + day.data + "/truth/" + table + "_truth.npz");
  std::cout << check.output;
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

// 1998 sweep (40 eV floor). Around full moon the Moon crosses the magnetotail (lobes, plasma
// sheet); three days later it is in the sheath and then the solar wind.
TEST(TruthRecovery, TailDayOf1998RecoversEveryQuantity) { check_day("1998-06-10", "3D980610"); }
TEST(TruthRecovery, SheathAndSolarWindDayOf1998RecoversEveryQuantity) { check_day("1998-06-13", "3D980613"); }

// 1999 sweep (7 eV floor: sunlit steps below U_sc hold spacecraft photoelectrons).
TEST(TruthRecovery, TailDayOf1999RecoversEveryQuantity) { check_day("1999-06-28", "3D990628"); }
TEST(TruthRecovery, SheathAndSolarWindDayOf1999RecoversEveryQuantity) { check_day("1999-06-25", "3D990625"); }

}  // namespace
