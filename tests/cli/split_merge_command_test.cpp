// End-to-end tests of `batch --split day|month` and `merge` (issue 22) on three small simulated
// days: the parts merged give the bytes of one batch over the three days.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::read_bytes;
using lpm::test::run_command;
using lpm::test::TempDir;

namespace {

const std::string bin = lpm::test::binary().string();
constexpr const char* days = " --start 1998-06-14 --end 1998-06-16";
const char* const part_names[] = {"potential_batch_1998_06_14.npz", "potential_batch_1998_06_15.npz",
                                  "potential_batch_1998_06_16.npz"};

class SplitMerge : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir;
    whole_ = new TempDir;
    auto r = run_command(bin + " simulate -q --data-dir " + data().string() + days + " --spectra-per-day 30 --seed 5");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = batch(whole_->path());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() {
    delete data_;
    delete whole_;
    data_ = whole_ = nullptr;
  }
  static fs::path data() { return data_->path(); }
  // The one batch over the three days.
  static fs::path whole() { return whole_->path() / "potential_batch_1998_06_14_to_1998_06_16.npz"; }

  static lpm::test::CommandResult batch(const fs::path& out, const std::string& extra = "") {
    return run_command(bin + " batch -q --data-dir " + data().string() + " --output-dir " + out.string() + days + " " +
                       extra);
  }
  static lpm::test::CommandResult merge(const std::vector<fs::path>& parts, const fs::path& output,
                                        const std::string& extra = "") {
    std::string command = bin + " merge -q -o " + output.string() + " " + extra;
    for (const auto& part : parts) command.append(" ").append(part.string());
    return run_command(command);
  }
  static std::vector<fs::path> parts_in(const fs::path& folder) {
    std::vector<fs::path> parts;
    for (const char* name : part_names) parts.push_back(folder / name);
    return parts;
  }

  static TempDir* data_;
  static TempDir* whole_;
};
TempDir* SplitMerge::data_ = nullptr;
TempDir* SplitMerge::whole_ = nullptr;

}  // namespace

TEST_F(SplitMerge, SplitByDayThenMergeGivesTheBytesOfOneRun) {
  TempDir out;
  auto r = batch(out.path(), "--split day");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto parts = parts_in(out.path());
  for (const auto& part : parts) ASSERT_TRUE(fs::exists(part)) << part;
  // Given out of order: merge puts the parts in the order of their tables.
  const fs::path merged = out.path() / "all.npz";
  r = merge({parts[2], parts[0], parts[1]}, merged);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(read_bytes(merged) == read_bytes(whole()));
}

TEST_F(SplitMerge, SplitByMonthGivesTheRangeInsideTheMonth) {
  TempDir out;
  auto r = batch(out.path(), "--split month --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(lpm::test::folder_names(out.path()),
            std::vector<std::string>{"potential_batch_1998_06_14_to_1998_06_16.npz"});
  EXPECT_TRUE(read_bytes(out.path() / "potential_batch_1998_06_14_to_1998_06_16.npz") == read_bytes(whole()));
}

TEST_F(SplitMerge, CompletePartIsSkippedChangedOrCutPartIsRunAgain) {
  TempDir out;
  ASSERT_EQ(batch(out.path(), "--split day").exit_code, 0);
  const auto parts = parts_in(out.path());
  const std::string first = read_bytes(parts[0]), second = read_bytes(parts[1]);
  const auto time_of_second = fs::last_write_time(parts[1]);

  // Cut the first part: it is run again; the others are complete and skipped with a log line.
  fs::resize_file(parts[0], first.size() / 2);
  auto r = run_command(bin + " batch --data-dir " + data().string() + " --output-dir " + out.path().string() + days +
                       " --split day");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("running this part again"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("left untouched"), std::string::npos) << r.output;
  EXPECT_TRUE(read_bytes(parts[0]) == first);
  EXPECT_EQ(fs::last_write_time(parts[1]), time_of_second);

  // Another setting runs every part again, with the new setting recorded.
  r = batch(out.path(), "--split day --losscone-fit-method lillis");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(read_bytes(parts[1]) == second);
  r = batch(out.path(), "--split day --losscone-fit-method lillis -v");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(lpm::test::folder_names(out.path()).size(), 3u);  // no temp file left
}

TEST_F(SplitMerge, PartsOfOtherSettingsAreRefusedNamingTheFile) {
  TempDir a, b;
  ASSERT_EQ(batch(a.path(), "--split day").exit_code, 0);
  ASSERT_EQ(batch(b.path(), "--split day --losscone-fit-method lillis").exit_code, 0);
  const fs::path other = b.path() / part_names[1];
  auto r = merge({a.path() / part_names[0], other}, a.path() / "all.npz");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(other.string()), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("other settings"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(a.path() / "all.npz"));
}

TEST_F(SplitMerge, OverlappingPartsAreRefused) {
  TempDir out;
  ASSERT_EQ(batch(out.path(), "--split day").exit_code, 0);
  const auto parts = parts_in(out.path());
  // The same day twice, and a part whose days surround another's.
  auto r = merge({parts[0], parts[0]}, out.path() / "all.npz");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("overlapping"), std::string::npos) << r.output;
  r = merge({whole(), parts[1]}, out.path() / "all.npz");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("overlapping"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out.path() / "all.npz"));
}

TEST_F(SplitMerge, ANonCacheIsRefusedNamingTheFile) {
  TempDir out;
  const fs::path text = out.path() / "notes.npz";
  std::ofstream(text) << "not a zip";
  auto r = merge({whole(), text}, out.path() / "all.npz");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(text.string()), std::string::npos) << r.output;

  // An NPZ that is not a cache of batch.
  const fs::path plain = out.path() / "plain.npz";
  ASSERT_EQ(run_command("/usr/bin/python3 -c \"import numpy; numpy.savez('" + plain.string() + "', a=numpy.zeros(3))\"")
                .exit_code,
            0);
  r = merge({plain}, out.path() / "all.npz");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("not a potential cache"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out.path() / "all.npz"));
}

TEST_F(SplitMerge, ExistingOutputNeedsOverwrite) {
  TempDir out;
  const fs::path output = out.path() / "all.npz";
  std::ofstream(output) << "old";
  auto r = merge({whole()}, output);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(read_bytes(output), "old");
  r = merge({whole()}, output, "--overwrite");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(read_bytes(output) == read_bytes(whole()));  // one part merges to itself
}
