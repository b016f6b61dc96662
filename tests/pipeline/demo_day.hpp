#pragma once
// The demo day (`simulate` 1998-06-15, default seed) read for the pipeline's tests: its mission
// (kernels, attitude, instrument tables) and its one ER table.

#include <gtest/gtest.h>

#include <optional>

#include "io/er_table.hpp"
#include "io/file_discovery.hpp"
#include "pipeline/mission.hpp"
#include "test_support.hpp"

namespace lpm::test {

struct DemoDay {
  TempDir dir;
  std::optional<pipeline::Mission> mission;
  io::ErFile file;
};

// Simulates and reads the day into `day` (a fatal failure where that fails: call it under
// ASSERT_NO_FATAL_FAILURE).
inline void load_demo_day(DemoDay& day) {
  const auto data = day.dir.path() / "data";
  const auto sim =
      run_command(binary().string() + " simulate -q --data-dir " + data.string() + " --year 1998 --month 6 --day 15");
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  day.mission = pipeline::load_mission(data);
  const auto files = io::discover_er_files(data, io::DateSelection{1998, 6, 15});
  ASSERT_EQ(files.size(), 1u);
  day.file = io::read_er_table(files[0].path);
}

}  // namespace lpm::test
