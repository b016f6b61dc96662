// The parts of `batch --split` (issue 22) and the names their outputs get from
// io::batch_output_name.
#include "product/batch_parts.hpp"

#include <gtest/gtest.h>

using namespace lpm::product;
using lpm::io::DateSelection;
using lpm::io::ErFileRef;

namespace {

ErFileRef table(int year, int month, int day, const char* name = "3D.TAB") { return {name, year, month, day}; }

std::vector<std::string> names(const std::vector<BatchPart>& parts) {
  std::vector<std::string> out;
  for (const auto& part : parts) out.push_back(lpm::io::batch_output_name(part.selection));
  return out;
}

const std::vector<ErFileRef> tables = {table(1998, 5, 31), table(1998, 6, 1, "a"), table(1998, 6, 1, "b"),
                                       table(1998, 6, 30), table(1999, 1, 2)};

}  // namespace

TEST(BatchParts, NoSplitIsOnePartNamedByTheSelection) {
  DateSelection all;
  const auto parts = split_batch(tables, all, BatchSplit::none);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].tables.size(), tables.size());
  EXPECT_EQ(names(parts), std::vector<std::string>{"potential_batch_all.npz"});
}

TEST(BatchParts, DaysAreNamedByTheirDateAndKeepEveryTableOfTheDay) {
  const auto parts = split_batch(tables, {}, BatchSplit::day);
  EXPECT_EQ(names(parts),
            (std::vector<std::string>{"potential_batch_1998_05_31.npz", "potential_batch_1998_06_01.npz",
                                      "potential_batch_1998_06_30.npz", "potential_batch_1999_01_02.npz"}));
  EXPECT_EQ(parts[1].tables.size(), 2u);
}

TEST(BatchParts, MonthsAreNamedByMonthUnlessTheSelectionTakesOnlyPartOfIt) {
  EXPECT_EQ(names(split_batch(tables, {}, BatchSplit::month)),
            (std::vector<std::string>{"potential_batch_1998_05.npz", "potential_batch_1998_06.npz",
                                      "potential_batch_1999_01.npz"}));
  DateSelection range;
  range.start = lpm::CalendarDate{1998, 5, 1};
  range.end = lpm::CalendarDate{1998, 6, 15};
  EXPECT_EQ(names(split_batch({table(1998, 5, 31), table(1998, 6, 1)}, range, BatchSplit::month)),
            (std::vector<std::string>{"potential_batch_1998_05.npz", "potential_batch_1998_06_01_to_1998_06_15.npz"}));
  DateSelection fifteenth;
  fifteenth.month = 6;
  fifteenth.day = 15;
  EXPECT_EQ(names(split_batch({table(1998, 6, 15), table(1999, 6, 15)}, fifteenth, BatchSplit::month)),
            (std::vector<std::string>{"potential_batch_1998_06_15.npz", "potential_batch_1999_06_15.npz"}));
}
