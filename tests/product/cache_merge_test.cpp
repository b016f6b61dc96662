// `merge` (issue 22) on hand-made parts: the spec_no of P§1.5 continue across parts as across
// the files of one run, file indices follow the joined `files`, and the bytes are those of the
// cache written from the whole run.
#include "product/cache_merge.hpp"

#include <gtest/gtest.h>

#include "../support/test_support.hpp"
#include "product/cache_writer.hpp"

using namespace lpm::product;
namespace fs = std::filesystem;
using lpm::pipeline::PipelineSettings;
using lpm::pipeline::SpectrumResult;
using lpm::test::read_bytes;
using lpm::test::TempDir;

namespace {

// A spectrum of the day its U says (U -1..-3: day 14, else day 16).
SpectrumResult make_result(std::int64_t spec_no, std::int32_t file_index, double u) {
  SpectrumResult s;
  s.spec_no = spec_no;
  s.file_index = file_index;
  s.u_surface_v = u;
  const std::string day = u >= -3 ? "14" : "16";
  for (int i = 0; i < 15; ++i) s.rows[i].utc = "1998-06-" + day + "T00:00:" + std::to_string(i);
  return s;
}

std::string table(int day) { return "/d/1998/152_181JUN/3D9806" + std::to_string(day) + ".TAB"; }

RunInputs inputs_of(const std::vector<std::string>& tables) {
  RunInputs inputs;
  inputs.table_paths = tables;
  inputs.table_sha1.assign(tables.size(), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  inputs.kernel_names = {"moon.bsp"};
  inputs.kernel_sha1 = {"0000"};
  return inputs;
}

void write(const fs::path& path, const std::vector<SpectrumResult>& results, const std::vector<std::string>& tables,
           const PipelineSettings& settings = {}) {
  ASSERT_TRUE(write_payload(path, results, tables, settings, inputs_of(tables)));
}

}  // namespace

TEST(CacheMerge, PartsGiveTheBytesOfOneRunWithSpecNoAndFileIndexContinued) {
  TempDir dir;
  // Day 14: spec_no 0-2 (file 0). Day 15: a table without spectra. Day 16: its own spec_no 0, 4.
  write(dir.path() / "a.npz", {make_result(0, 0, -1), make_result(1, 0, -2), make_result(2, 0, -3)}, {table(14)});
  write(dir.path() / "b.npz", {}, {table(15)});
  write(dir.path() / "c.npz", {make_result(0, 0, -4), make_result(4, 0, -5)}, {table(16)});
  // One run: day 16's numbers shifted by 3 (1 + the largest of day 14; day 15 adds none), and
  // its file index by the two files before it.
  write(dir.path() / "whole.npz",
        {make_result(0, 0, -1), make_result(1, 0, -2), make_result(2, 0, -3), make_result(3, 2, -4),
         make_result(7, 2, -5)},
        {table(14), table(15), table(16)});
  ASSERT_TRUE(
      merge_caches({dir.path() / "c.npz", dir.path() / "a.npz", dir.path() / "b.npz"}, dir.path() / "merged.npz"));
  const auto merged = lpm::io::read_npz(dir.path() / "merged.npz");
  EXPECT_EQ(merged.at("spec_spec_no").as_i8(), (std::vector<std::int64_t>{0, 1, 2, 3, 7}));
  EXPECT_EQ(merged.at("spec_file_index").as_i4(), (std::vector<std::int32_t>{0, 0, 0, 2, 2}));
  EXPECT_EQ(merged.at("rows_spec_no").as_i8()[15 * 4], 7);
  EXPECT_EQ(merged.at("meta_input_paths").as_strings(), (std::vector<std::string>{table(14), table(15), table(16)}));
  EXPECT_TRUE(read_bytes(dir.path() / "merged.npz") == read_bytes(dir.path() / "whole.npz"));
}

TEST(CacheMerge, OnePartMergesToItsOwnBytes) {
  TempDir dir;
  write(dir.path() / "a.npz", {make_result(5, 0, -1), make_result(9, 0, -2)}, {table(14)});
  ASSERT_TRUE(merge_caches({dir.path() / "a.npz"}, dir.path() / "merged.npz"));
  EXPECT_TRUE(read_bytes(dir.path() / "a.npz") == read_bytes(dir.path() / "merged.npz"));
}

TEST(CacheMerge, PartsOfOtherSettingsOrSharedTablesAreRefused) {
  TempDir dir;
  PipelineSettings other;
  other.emit_u_width_qc = true;
  write(dir.path() / "a.npz", {make_result(0, 0, -1)}, {table(14)});
  write(dir.path() / "b.npz", {make_result(0, 0, -1)}, {table(15)}, other);
  write(dir.path() / "ab.npz", {make_result(0, 0, -1)}, {table(14), table(16)});
  const auto refused = [&](std::vector<fs::path> parts, const std::string& says) {
    try {
      merge_caches(parts, dir.path() / "merged.npz");
      ADD_FAILURE() << "merged";
    } catch (const MergeInputError& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(dir.path() / "merged.npz"));
  };
  refused({dir.path() / "a.npz", dir.path() / "b.npz"}, (dir.path() / "b.npz").string());
  refused({dir.path() / "a.npz", dir.path() / "a.npz"}, "overlapping");
  refused({dir.path() / "ab.npz", dir.path() / "b.npz"}, "");  // other settings, or overlap in time
  refused({dir.path() / "a.npz", dir.path() / "missing.npz"}, "missing.npz");
}
