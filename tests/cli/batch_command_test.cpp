// End-to-end tests of `potential-mapper batch` and `map` on a simulated day (issue 7).
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::read_bytes;
using lpm::test::run_command;
using lpm::test::TempDir;

namespace {

const std::string bin = lpm::test::binary().string();
constexpr const char* day = " --year 1998 --month 6 --day 15";
const char* output_name = "potential_batch_1998_06_15.npz";

// One simulated day shared by the tests of this file (simulating is cheap but not free).
class BatchEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir;
    auto r = run_command(bin + " simulate -q --data-dir " + data().string() + day + " --spectra-per-day 120 --seed 7");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  static fs::path data() { return data_->path(); }

  lpm::test::CommandResult batch(const fs::path& out, const std::string& extra = "") {
    return run_command(bin + " batch -q --data-dir " + data().string() + " --output-dir " + out.string() + day + " " +
                       extra);
  }

  static TempDir* data_;
};
TempDir* BatchEndToEnd::data_ = nullptr;

}  // namespace

TEST_F(BatchEndToEnd, WritesEveryKeyThatNumpyLoadsAndRecoversTheTruth) {
  TempDir out;
  auto r = batch(out.path());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto cache = out.path() / output_name;
  ASSERT_TRUE(fs::exists(cache));
  auto check = run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_batch_npz.py").string() +
                           " " + cache.string() + " " + (data() / "truth/3D980615_truth.npz").string());
  EXPECT_EQ(check.exit_code, 0) << check.output;
  std::cout << check.output;
}

TEST_F(BatchEndToEnd, OutputIsByteIdenticalForOneAndThreeThreads) {
  TempDir one, three;
  ASSERT_EQ(batch(one.path(), "--threads 1").exit_code, 0);
  ASSERT_EQ(batch(three.path(), "--threads 3").exit_code, 0);
  EXPECT_EQ(read_bytes(one.path() / output_name), read_bytes(three.path() / output_name));
}

TEST_F(BatchEndToEnd, ExistingOutputIsLeftUntouchedWithoutOverwrite) {
  TempDir out;
  auto cache = out.path() / output_name;
  std::ofstream(cache) << "old";
  auto r = batch(out.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(cache), "old");
  r = batch(out.path(), "--overwrite");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(read_bytes(cache), "old");
}

TEST_F(BatchEndToEnd, NothingMatchedExitsZeroAndWritesNothing) {
  TempDir out;
  auto r = run_command(bin + " batch -q --data-dir " + data().string() + " --output-dir " + out.path().string() +
                       " --year 1999");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::is_empty(out.path()));
}

TEST_F(BatchEndToEnd, InvalidMonthIsAUsageError) {
  TempDir out;
  auto r = batch(out.path(), "--month 13");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST_F(BatchEndToEnd, StandardModeGivesTheSameNumbersAsBatch) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  auto map_out = out.path() / "map.npz";
  auto png = out.path() / "map.png";
  auto r = run_command(bin + " map -q --data-dir " + data().string() + day + " --output " + map_out.string() +
                       " --plot " + png.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(png));
  EXPECT_NE(r.output.find("3D980615.TAB"), std::string::npos) << r.output;
  EXPECT_EQ(read_bytes(map_out), read_bytes(out.path() / output_name));
}

TEST_F(BatchEndToEnd, InspectSummarisesTheCache) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  auto r = run_command(bin + " inspect " + (out.path() / output_name).string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("fit fraction"), std::string::npos);
  EXPECT_NE(r.output.find("rows_projected_potential"), std::string::npos);
  EXPECT_NE(r.output.find("meta_fit_method = halekas"), std::string::npos) << r.output;
}

// A corrupted line and a gap in the attitude table are counted, not fatal.
TEST(BatchDamagedInput, CorruptLineAndMissingAttitudeGiveCountedStatuses) {
  TempDir data, out;
  auto r = run_command(bin + " simulate -q --data-dir " + data.path().string() + day + " --spectra-per-day 60");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto table = data.path() / "1998/152_181JUN/3D980615.TAB";
  std::string text = read_bytes(table);
  auto line2 = text.find('\n') + 1;
  auto field = text.find(' ', line2 + 25);  // inside the second line, after UTC and time
  text.replace(field + 1, 3, "abc");
  std::ofstream(table, std::ios::binary) << text;
  // Keep only attitude records up to 1998-06-15T06:00, so later rows have no spin axis.
  auto attitude = data.path() / "attitude.tab";
  std::istringstream lines(read_bytes(attitude));
  std::string line, kept;
  while (std::getline(lines, line))
    if (line.substr(0, 16) <= "1998-06-15T06:00") kept += line + "\n";
  std::ofstream(attitude, std::ios::binary) << kept;

  r = run_command(bin + " batch --data-dir " + data.path().string() + " --output-dir " + out.path().string() + day);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("malformed_line"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("attitude_unavailable"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out.path() / output_name));
}

// SIGTERM mid-run: non-zero exit and nothing in the output folder.
TEST(BatchInterrupted, TerminatedRunLeavesNoOutputFile) {
  TempDir data, out;
  auto r = run_command(bin + " simulate -q --data-dir " + data.path().string() + day + " --spectra-per-day 1080");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_command("timeout -s TERM 0.4 " + bin + " batch -q --threads 1 --data-dir " + data.path().string() +
                  " --output-dir " + out.path().string() + day);
  if (r.exit_code == 0) GTEST_SKIP() << "the run finished before the signal; nothing to check";
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(fs::exists(out.path() / output_name));
  EXPECT_TRUE(!fs::exists(out.path()) || fs::is_empty(out.path())) << "a temp file was left behind";
}
