// `potential-mapper stats` on a simulated day: netCDF (read by xarray) and CSV equal numpy's own
// binning of the same cache (check_stats.py); bad usage is one line, exit 2, nothing written.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using lpm::test::run_command;
using lpm::test::TempDir;

class StatsEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    day_ = new lpm::test::SimulatedDayCache(lpm::test::simulate_and_batch(dir_->path(), "1998", "06", "15", 300, 5));
  }
  static void TearDownTestSuite() {
    delete day_;
    delete dir_;
  }
  static std::string stats(const std::string& args) {
    return lpm::test::binary().string() + " stats " + day_->cache + " " + args;
  }
  static void check(const std::string& by, const std::string& illumination, const std::string& start = "-",
                    const std::string& end = "-") {
    ASSERT_TRUE(day_->failure.empty()) << day_->failure;
    TempDir out;
    const std::string nc = (out.path() / "s.nc").string(), csv = (out.path() / "s.csv").string();
    std::string extra = " --by " + by + " --illumination " + illumination;
    if (start != "-") extra += " --start " + start;
    if (end != "-") extra += " --end " + end;
    auto a = run_command(stats("-o " + nc + extra));
    ASSERT_EQ(a.exit_code, 0) << a.output;
    auto b = run_command(stats("-o " + csv + extra));
    ASSERT_EQ(b.exit_code, 0) << b.output;
    EXPECT_FALSE(std::filesystem::exists(nc + ".tmp"));
    auto c = run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_stats.py").string() + " " +
                         day_->cache + " " + by + " " + nc + " " + csv + " " + illumination + " " + start + " " + end);
    EXPECT_EQ(c.exit_code, 0) << c.output;
  }
  static TempDir* dir_;
  static lpm::test::SimulatedDayCache* day_;
};
TempDir* StatsEndToEnd::dir_ = nullptr;
lpm::test::SimulatedDayCache* StatsEndToEnd::day_ = nullptr;

TEST_F(StatsEndToEnd, GridEqualsNumpyBinning) { check("grid", "all"); }
TEST_F(StatsEndToEnd, SolarZenithDayEqualsNumpyBinning) { check("sza", "day"); }
TEST_F(StatsEndToEnd, LocalTimeEqualsNumpyBinning) { check("local-time", "all"); }
// The simulated day is 1998-06-15: a range holding it keeps every spectrum, one ending the day
// before or starting the day after keeps none (numpy filters by the footpoint row's date).
TEST_F(StatsEndToEnd, DateRangeHoldingTheDayKeepsEverySpectrum) { check("grid", "all", "1998-06-15", "1998-06-15"); }
TEST_F(StatsEndToEnd, DateRangeAfterTheDayKeepsNone) { check("sza", "all", "1998-06-16", "-"); }
TEST_F(StatsEndToEnd, DateRangeBeforeTheDayKeepsNone) { check("local-time", "all", "-", "1998-06-14"); }

// Environment class × illumination with p5/p95, the summary of Halekas et al. (2008).
TEST_F(StatsEndToEnd, RegionEqualsNumpyBinning) { check("region", "all"); }

TEST_F(StatsEndToEnd, BadUsageIsOneLineExitTwoAndWritesNothing) {
  TempDir out;
  const std::string nc = (out.path() / "x.nc").string();
  for (const std::string& command :
       {stats("--by nonsense -o " + nc), stats("-o " + (out.path() / "x.txt").string()),
        stats("--start 1998-02-30 -o " + nc), stats("--start 1998-06-16 --end 1998-06-15 -o " + nc),
        lpm::test::binary().string() + " stats -o " + nc}) {
    auto r = run_command(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
  EXPECT_TRUE(std::filesystem::is_empty(out.path()));
}

}  // namespace
