// The spilled write path of batch (issue 22): tables' results appended one block at a time and
// streamed back give the same cache bytes as the whole run written from memory.
#include "product/result_spill.hpp"

#include <fcntl.h>

#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../support/test_support.hpp"
#include "io/atomic_output.hpp"
#include "pipeline/spec_order.hpp"
#include "product/cache_writer.hpp"

using namespace lpm::product;
namespace fs = std::filesystem;
using lpm::pipeline::PipelineSettings;
using lpm::pipeline::SpectrumResult;
using lpm::test::read_bytes;
using lpm::test::TempDir;

namespace {

// A result whose every value depends on spec_no, with UTF-8 in its strings.
SpectrumResult make_result(std::int64_t spec_no, std::int32_t file_index) {
  SpectrumResult s;
  s.spec_no = spec_no;
  s.file_index = file_index;
  s.status = spec_no % 3 ? lpm::fit::FitStatus::fitted : lpm::fit::FitStatus::rejected_by_chi2;
  s.u_surface_v = -2.5 * static_cast<double>(spec_no);
  s.u_spacecraft_v = 0.25 * static_cast<double>(spec_no);
  s.u_identifiable = spec_no % 2 == 0;
  for (int i = 0; i < 15; ++i) {
    s.rows[i].utc = fmt::format("1998-06-15T00:{}:{}", 10 + spec_no % 50, 10 + i);
    s.rows[i].time = fmt::format("t{}\xc2\xb5{}", spec_no, std::string(static_cast<std::size_t>(i), 'x'));
    s.rows[i].projection_lat_deg = static_cast<double>(spec_no + i);
    s.rows[i].polarity = static_cast<std::int8_t>(i % 3 - 1);
    s.rows[i].projection_in_sun = i % 2 == 0;
  }
  return s;
}

std::vector<SpectrumResult> block(std::vector<std::int64_t> spec_nos, std::int32_t file_index) {
  std::vector<SpectrumResult> out;
  for (auto n : spec_nos) out.push_back(make_result(n, file_index));
  return out;
}

// Writes `blocks` both ways, the spilled one with its columns compressed on 1, 2 and 3 threads,
// and expects the same file, byte for byte.
void expect_same_bytes(const std::vector<std::vector<SpectrumResult>>& blocks, const PipelineSettings& settings) {
  TempDir dir;
  const std::vector<std::string> files = {"a", "b", "c"};
  RunInputs inputs;
  inputs.table_paths = {"/d/3D980615.TAB"};
  inputs.table_sha1 = {"0123"};
  std::vector<SpectrumResult> all;
  for (const auto& b : blocks) all.insert(all.end(), b.begin(), b.end());
  lpm::pipeline::sort_and_check(all);
  ASSERT_TRUE(write_payload(dir.path() / "memory.npz", all, files, settings, inputs));
  {
    ResultSpill spill(dir.path() / "spilled1.npz", settings);
    EXPECT_EQ(spill.folder().parent_path(), dir.path());
    for (const auto& b : blocks) spill.append(b);
    EXPECT_EQ(spill.spectra(), all.size());
    for (const int threads : {1, 2, 3})
      ASSERT_TRUE(write_spilled_payload(dir.path() / fmt::format("spilled{}.npz", threads), spill, files, settings,
                                        inputs, lpm::io::ExistingOutput::replace, threads));
  }
  const std::string memory = read_bytes(dir.path() / "memory.npz");
  EXPECT_FALSE(memory.empty());
  for (const int threads : {1, 2, 3})
    EXPECT_TRUE(memory == read_bytes(dir.path() / fmt::format("spilled{}.npz", threads))) << threads << " threads";
  // Nothing of the spill, nor of the compressed columns, is left beside the outputs.
  EXPECT_EQ(lpm::test::folder_names(dir.path()),
            (std::vector<std::string>{"memory.npz", "spilled1.npz", "spilled2.npz", "spilled3.npz"}));
}

}  // namespace

TEST(ResultSpill, BlocksInOrderGiveTheBytesOfTheInMemoryWrite) {
  // Unsorted inside a table (sorted on append), ascending across tables, one empty table.
  expect_same_bytes({block({2, 0, 1}, 0), {}, block({5, 3, 4, 7}, 2)}, {});
}

TEST(ResultSpill, QualityKeysAndLongRunsInManyPiecesGiveTheSameBytes) {
  PipelineSettings settings;
  settings.emit_u_width_qc = true;
  std::vector<std::int64_t> first, second;
  for (std::int64_t n = 0; n < 5000; ++n) (n < 2500 ? first : second).push_back(n);  // more than a piece of strings
  expect_same_bytes({block(first, 0), block(second, 1)}, settings);
}

TEST(ResultSpill, InterleavedSpecNoRangesAreSortedAsInMemory) {
  // Negative spec_no in a later table put its spectra before the earlier table's.
  expect_same_bytes({block({10, 11, 12}, 0), block({-3, 5, 20}, 1), block({13}, 2)}, {});
}

TEST(ResultSpill, ASpecNoInTwoTablesFailsTheIntegrityCheck) {
  TempDir dir;
  ResultSpill spill(dir.path() / "out.npz", {});
  spill.append(block({1, 2}, 0));
  spill.append(block({2, 3}, 1));
  EXPECT_THROW(spill.column_data(0), std::runtime_error);
}

TEST(ResultSpill, FolderIsRemovedWhenTheRunFails) {
  TempDir dir;
  fs::path folder;
  try {
    ResultSpill spill(dir.path() / "out.npz", {});
    folder = spill.folder();
    spill.append(block({1, 2}, 0));
    EXPECT_TRUE(fs::is_directory(folder));
    throw std::runtime_error("fit failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(folder.empty());
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_TRUE(lpm::test::folder_names(dir.path()).empty());
}

// As io::AtomicOutput's temp files: a spill folder whose lock nobody holds was left by a killed
// run and goes; one whose lock is held (a live run), or that has no lock file yet, stays.
TEST(ResultSpill, LeftoverOfAKilledRunIsRemovedALiveRunsFolderStays) {
  TempDir dir;
  const fs::path dead = dir.path() / ".out.npz.spill-dead00", live = dir.path() / ".out.npz.spill-live00",
                 young = dir.path() / ".out.npz.spill-young0", other = dir.path() / ".other.npz.spill-dead00";
  for (const auto& folder : {dead, live, young, other}) fs::create_directories(folder);
  for (const auto& folder : {dead, live, other}) std::ofstream(folder / "lock") << "";
  const lpm::io::UniqueFd held(::open((live / "lock").c_str(), O_RDWR | O_CLOEXEC));
  ASSERT_EQ(lpm::io::lock_whole_file(held.get(), false), 0);
  {
    ResultSpill spill(dir.path() / "out.npz", {});
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(young));
    EXPECT_TRUE(fs::exists(other));  // another output's
  }
  EXPECT_EQ(lpm::test::folder_names(dir.path()).size(), 3u);  // its own folder is gone too
}
