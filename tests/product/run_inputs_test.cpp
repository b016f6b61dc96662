// The reuse rule of an existing output and the provenance keys (issue 20).
#include "product/run_inputs.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "../support/test_support.hpp"
#include "io/checksum.hpp"
#include "io/npz.hpp"
#include "product/cache_schema.hpp"
#include "product/cache_writer.hpp"

namespace fs = std::filesystem;
using namespace lpm::product;
using lpm::pipeline::PipelineSettings;
using lpm::pipeline::SpectrumResult;
using lpm::test::TempDir;

namespace {

// A data folder with one table and one kernel, and a cache made from it.
struct Fixture {
  TempDir dir;
  fs::path table = dir.path() / "data/1998/152_181JUN/3D980615.TAB";
  fs::path cache = dir.path() / "out/cache.npz";
  RunInputs inputs;

  Fixture() {
    fs::create_directories(table.parent_path());
    fs::create_directories(dir.path() / "data/spice_kernels");
    std::ofstream(table) << "table\n";
    std::ofstream(dir.path() / "data/spice_kernels/naif0012.tls") << "lsk\n";
    inputs = collect_run_inputs({{table, 1998, 6, 15}}, dir.path() / "data");
  }
  void write(const PipelineSettings& settings, const RunInputs& with) {
    SpectrumResult s;
    s.spec_no = 1;
    write_payload(cache, {s}, {table.string()}, settings, with);
  }
};

}  // namespace

TEST(RunInputs, RecordsAbsolutePathsAndSha1OfTablesAndKernels) {
  Fixture f;
  ASSERT_EQ(f.inputs.table_paths.size(), 1u);
  EXPECT_TRUE(fs::path(f.inputs.table_paths[0]).is_absolute());
  EXPECT_EQ(f.inputs.table_sha1[0], lpm::io::sha1_file(f.table));
  EXPECT_EQ(f.inputs.kernel_names, std::vector<std::string>{"naif0012.tls"});
  EXPECT_EQ(f.inputs.kernel_sha1[0], lpm::io::sha1_hex("lsk\n"));
  f.write({}, f.inputs);
  const auto npz = lpm::io::read_npz(f.cache);
  EXPECT_EQ(npz.at(keys::meta_input_paths.name).as_strings(), f.inputs.table_paths);
  EXPECT_EQ(npz.at(keys::meta_input_sha1.name).as_strings(), f.inputs.table_sha1);
  EXPECT_EQ(npz.at(keys::meta_kernel_names.name).as_strings(), f.inputs.kernel_names);
  EXPECT_EQ(npz.at(keys::meta_kernel_sha1.name).as_strings(), f.inputs.kernel_sha1);
}

TEST(ReuseDifference, SameProductIsReusable) {
  Fixture f;
  f.write({}, f.inputs);
  EXPECT_EQ(reuse_difference(f.cache, f.inputs, {}), "");
}

TEST(ReuseDifference, OtherSettingNamesTheSetting) {
  Fixture f;
  f.write({}, f.inputs);
  PipelineSettings lillis;
  lillis.fit_method = lpm::pipeline::FitMethod::lillis;
  const std::string d = reuse_difference(f.cache, f.inputs, lillis);
  EXPECT_NE(d.find("losscone_fit_method"), std::string::npos) << d;
  EXPECT_NE(d.find("lillis"), std::string::npos) << d;
}

TEST(ReuseDifference, ChangedTableOrKernelIsNamed) {
  Fixture f;
  f.write({}, f.inputs);
  RunInputs changed = f.inputs;
  changed.table_sha1[0] = std::string(40, '0');
  EXPECT_NE(reuse_difference(f.cache, changed, {}).find("3D980615.TAB"), std::string::npos);
  changed = f.inputs;
  changed.kernel_sha1[0] = std::string(40, '0');
  EXPECT_NE(reuse_difference(f.cache, changed, {}).find("naif0012.tls"), std::string::npos);
}

TEST(ReuseDifference, CacheWithoutChecksumsOrUnreadableIsNotReused) {
  Fixture f;
  f.write({}, {});
  EXPECT_NE(reuse_difference(f.cache, f.inputs, {}).find("no input table checksums"), std::string::npos);
  std::ofstream(f.cache) << "not a zip";
  EXPECT_NE(reuse_difference(f.cache, f.inputs, {}).find("cannot be read"), std::string::npos);
  const std::string message = refused_reuse_message(f.cache, "x", "--output-dir");
  EXPECT_NE(message.find("--overwrite"), std::string::npos);
  EXPECT_NE(message.find("--output-dir"), std::string::npos);
}

TEST(CheckOutputFolder, AFileIsNotAFolderAndMissingFoldersAreFine) {
  TempDir dir;
  const fs::path file = dir.path() / "file";
  std::ofstream(file) << "x";
  EXPECT_THROW(check_output_folder(file), std::runtime_error);
  EXPECT_THROW(check_output_folder(file / "sub"), std::runtime_error);
  EXPECT_NO_THROW(check_output_folder(dir.path() / "new/deeper"));
  EXPECT_NO_THROW(check_output_folder(dir.path()));
  EXPECT_FALSE(fs::exists(dir.path() / "new")) << "checking must not create the folder";
}
