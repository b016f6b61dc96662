// Folder listings are untrusted input (D§1.3): only the three expected shapes pass.
#include <gtest/gtest.h>

#include "acquire/listing.hpp"

using namespace lpm::acquire;
using Names = std::vector<std::string>;

TEST(Listing, ExtractsHrefsWithAnyQuotingAndCase) {
  EXPECT_EQ(extract_hrefs(R"(<a href="1998/">x</a><A HREF='1999/'>y</A><a class=c href=3D980615.TAB>z</a>)"),
            (Names{"1998/", "1999/", "3D980615.TAB"}));
  EXPECT_EQ(extract_hrefs(R"(<abbr href="no/"><link href="x/"><a name="top">)"), Names{});
}

TEST(Listing, KeepsOnlyYearFoldersFromTheReferenceExample) {
  // D§1.3 test: mixed hrefs yield exactly 1998 and 1999.
  const char* html = R"(<a href="/data/lp-er-calibrated">p</a><a href="../">u</a>
      <a href="https://example.com/other/">o</a><a href="1998/">a</a><a href="1999/">b</a><a href="file.TAB">f</a>)";
  EXPECT_EQ(listed_year_folders(html), (Names{"1998", "1999"}));
}

TEST(Listing, RejectsHostileHrefsOfEveryShape) {
  for (const char* href : {"../",
                           "./",
                           "/etc/",
                           "http://evil/",
                           "a/../../x.TAB",
                           "3D980615.TAB?x=1",
                           "..\\3D980615.TAB",
                           "../3D980615.TAB",
                           "/3D980615.TAB",
                           "1998/152_181JUN/3D980615.TAB",
                           "3d980615.tab",
                           "3D980615.TAB/",
                           "3D981332.TAB",
                           "%2e%2e/",
                           "1998/../",
                           "19980/",
                           "152_181XYZ/",
                           "152_181JUN",
                           "3D980615.TAB#x",
                           " 3D980615.TAB",
                           ""}) {
    EXPECT_FALSE(is_er_table_href(href)) << href;
    EXPECT_FALSE(is_year_folder_href(href)) << href;
    EXPECT_FALSE(is_month_folder_href(href)) << href;
  }
}

TEST(Listing, AcceptsTheArchiveShapes) {
  EXPECT_TRUE(is_year_folder_href("1998/"));
  EXPECT_TRUE(is_month_folder_href("152_181JUN/"));
  EXPECT_TRUE(is_er_table_href("3D980615.TAB"));
  EXPECT_EQ(month_of_folder("152_181JUN"), 6);
  EXPECT_EQ(month_of_folder("335_365DEC/"), 12);
  EXPECT_EQ(month_of_folder("335_365DEX"), 0);
}

TEST(Listing, ListsMonthFoldersAndTablesDeduplicatedInOrder) {
  const char* html = R"(<a href="?C=N;O=D">n</a><a href="152_181JUN/">j</a><a href="152_181JUN/">j</a>
      <a href="121_151MAY/">m</a><a href="3D980615.TAB">t</a><a href="3D980615.xml">l</a><a href="3D980616.TAB">t</a>)";
  EXPECT_EQ(listed_month_folders(html), (Names{"152_181JUN", "121_151MAY"}));
  EXPECT_EQ(listed_er_tables(html), (Names{"3D980615.TAB", "3D980616.TAB"}));
}
