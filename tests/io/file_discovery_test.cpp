#include "io/file_discovery.hpp"

#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using lpm::io::DateSelection;
using lpm::io::discover_er_files;
using lpm::io::ErFileRef;

void touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "x\n";
}

std::vector<std::string> names(const std::vector<ErFileRef>& refs) {
  std::vector<std::string> out;
  for (const auto& ref : refs) out.push_back(ref.path.filename().string());
  return out;
}

TEST(MonthFolderName, MatchesTheArchiveFoldersOf1998) {
  const std::vector<std::string> expected = {"001_031JAN", "032_059FEB", "060_090MAR", "091_120APR",
                                             "121_151MAY", "152_181JUN", "182_212JUL", "213_243AUG",
                                             "244_273SEP", "274_304OCT", "305_334NOV", "335_365DEC"};
  for (int month = 1; month <= 12; ++month) EXPECT_EQ(lpm::io::month_folder_name(1998, month), expected[month - 1]);
}

TEST(MonthFolderName, HandlesLeapYears) {
  EXPECT_EQ(lpm::io::month_folder_name(2000, 2), "032_060FEB");
  EXPECT_EQ(lpm::io::month_folder_name(2000, 3), "061_091MAR");
  EXPECT_EQ(lpm::io::month_folder_name(2000, 12), "336_366DEC");
  EXPECT_EQ(lpm::io::month_folder_name(1900, 2), "032_059FEB");  // century, not leap
  EXPECT_THROW(lpm::io::month_folder_name(1998, 13), std::invalid_argument);
}

TEST(ErTableRelativePath, FollowsTheArchiveLayout) {
  EXPECT_EQ(lpm::io::er_table_relative_path(1998, 6, 15), fs::path("1998/152_181JUN/3D980615.TAB"));
  EXPECT_EQ(lpm::io::er_table_relative_path(1999, 1, 5), fs::path("1999/001_031JAN/3D990105.TAB"));
  EXPECT_EQ(lpm::io::er_table_relative_path(2004, 2, 29), fs::path("2004/032_060FEB/3D040229.TAB"));
  EXPECT_THROW(lpm::io::er_table_relative_path(1998, 2, 29), std::invalid_argument);
  EXPECT_THROW(lpm::io::er_table_relative_path(1950, 1, 1), std::invalid_argument);
}

TEST(ParseErFileName, ReadsTheDateWithTheTwoDigitYearRule) {
  auto ref = lpm::io::parse_er_file_name("3D980615.TAB");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->year, 1998);
  EXPECT_EQ(ref->month, 6);
  EXPECT_EQ(ref->day, 15);
  EXPECT_EQ(lpm::io::parse_er_file_name("3D510101.TAB")->year, 1951);
  EXPECT_EQ(lpm::io::parse_er_file_name("3D500101.TAB")->year, 2050);
  EXPECT_EQ(lpm::io::parse_er_file_name("3D010101.TAB")->year, 2001);
}

TEST(ParseErFileName, RejectsOtherNames) {
  for (const char* name : {"3D980615.tab", "3d980615.TAB", "3D98061.TAB", "3D9806150.TAB", "3D98061x.TAB",
                           "3D981301.TAB", "3D980230.TAB", "3D980615.xml", "theta.tab", "X3D980615.TAB"})
    EXPECT_FALSE(lpm::io::parse_er_file_name(name)) << name;
}

// A fake archive whose own path contains "1999" and "JUN" (substring filters would be fooled).
class DiscoverErFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = temp_.path() / "JUN1999" / "data";
    touch(root_ / "1998/152_181JUN/3D980615.TAB");
    touch(root_ / "1998/152_181JUN/3D980601.TAB");
    touch(root_ / "1998/152_181JUN/3D980601.xml");
    touch(root_ / "1998/152_181JUN/notes.TAB");
    touch(root_ / "1998/152_181JUN/3d980602.TAB");
    touch(root_ / "1998/182_212JUL/3D980701.TAB");
    touch(root_ / "1999/001_031JAN/3D990105.TAB");
    touch(root_ / "misc/3D980616.TAB");  // date comes from the name, not the folder
    touch(root_ / "theta.tab");
    touch(root_ / "attitude.tab");
    fs::create_directories(root_ / "empty_dir.TAB");
    touch(temp_.path() / "elsewhere/3D980620.TAB");
    fs::create_directory_symlink(temp_.path() / "elsewhere", root_ / "linked");  // leaves the folder: not followed
    touch(root_ / "misc/kept_under_another_name");
    fs::create_symlink(root_ / "misc/kept_under_another_name", root_ / "3D980622.TAB");  // stays inside: followed
    fs::create_directory_symlink(root_, root_ / "1998/loop");                  // a cycle must not loop forever
    fs::create_symlink(temp_.path() / "nowhere.TAB", root_ / "3D980621.TAB");  // dangling
  }
  lpm::test::TempDir temp_;
  fs::path root_;
};

TEST_F(DiscoverErFiles, FindsAllTablesSortedByDateFollowingOnlyLinksThatStayInside) {
  auto refs = discover_er_files(root_, {});
  EXPECT_EQ(names(refs), (std::vector<std::string>{"3D980601.TAB", "3D980615.TAB", "3D980616.TAB", "3D980622.TAB",
                                                   "3D980701.TAB", "3D990105.TAB"}));
  EXPECT_EQ(refs[3].path, root_ / "3D980622.TAB");
  EXPECT_EQ(refs[5].year, 1999);
  EXPECT_EQ(refs[5].month, 1);
  EXPECT_EQ(refs[5].day, 5);
}

TEST_F(DiscoverErFiles, FiltersOnTheDateInTheFileName) {
  EXPECT_EQ(names(discover_er_files(root_, {{}, 6, {}})),
            (std::vector<std::string>{"3D980601.TAB", "3D980615.TAB", "3D980616.TAB", "3D980622.TAB"}));
  EXPECT_EQ(names(discover_er_files(root_, {1999, {}, {}})), (std::vector<std::string>{"3D990105.TAB"}));
  EXPECT_EQ(names(discover_er_files(root_, {1998, 6, 15})), (std::vector<std::string>{"3D980615.TAB"}));
  EXPECT_TRUE(discover_er_files(root_, {1999, 6, {}}).empty());
}

TEST_F(DiscoverErFiles, SameDateInTwoPlacesIsSortedByPath) {
  touch(root_ / "0copy/3D980615.TAB");
  auto refs = discover_er_files(root_, {1998, 6, 15});
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].path, root_ / "0copy/3D980615.TAB");
  EXPECT_EQ(refs[1].path, root_ / "1998/152_181JUN/3D980615.TAB");
}

TEST(DiscoverErFilesErrors, MissingFolderThrowsNamingIt) {
  lpm::test::TempDir temp;
  auto missing = temp.path() / "no-data";
  EXPECT_THAT([&] { discover_er_files(missing, {}); },
              ::testing::ThrowsMessage<std::runtime_error>(::testing::HasSubstr(missing.string())));
  EXPECT_THROW(discover_er_files(temp.path(), {1998, 13, {}}), std::invalid_argument);
}

TEST(DiscoverErFilesErrors, PseudoFileSystemIsNoDataFolder) {
  EXPECT_THAT([] { discover_er_files("/proc/self/net", {}); },
              ::testing::ThrowsMessage<std::runtime_error>(::testing::HasSubstr("pseudo file system")));
}

}  // namespace
