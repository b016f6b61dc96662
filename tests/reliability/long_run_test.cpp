// Short version of bench/long_run.sh (issue 11): five simulated days through `batch --threads 2`;
// the multi-day arrays must equal the single-day runs' (spec_no offsets removed). The script
// also prints peak RSS per run (figures only, never asserted).
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

TEST(LongRun, FiveDaysGiveTheSameResultsAsTheDaysOneAtATime) {
  auto r = lpm::test::run_command("bash " + (lpm::test::source_dir() / "bench/long_run.sh").string() + " " +
                                  lpm::test::binary().string() + " 5 40");
  std::cout << r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("month vs single-day runs: identical"), std::string::npos) << r.output;
}
