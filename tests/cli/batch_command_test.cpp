// End-to-end tests of `potential-mapper batch` and `map` on a simulated day (issue 7).
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "io/checksum.hpp"
#include "io/npz.hpp"
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

// glibc's libm takes FMA/AVX2 variants of exp, log, sin, ... on CPUs that have them and SSE2 ones
// elsewhere, and the two differ in the last bit for some arguments; the program's own functions
// (base/portable_math.hpp) make both the simulated inputs and the product the same bytes either
// way. GLIBC_TUNABLES makes this machine take the SSE2 variants.
TEST_F(BatchEndToEnd, OutputIsByteIdenticalWhenLibmTakesItsSse2PathsInsteadOfFma) {
  const std::string sse2_only = "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX ";
  TempDir data_sse2, fma, sse2;
  auto sim = run_command(sse2_only + bin + " simulate -q --data-dir " + data_sse2.path().string() + day +
                         " --spectra-per-day 120 --seed 7");
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  for (const auto& entry : fs::recursive_directory_iterator(data())) {
    if (!entry.is_regular_file()) continue;
    const fs::path twin = data_sse2.path() / fs::relative(entry.path(), data());
    EXPECT_EQ(read_bytes(entry.path()), read_bytes(twin)) << entry.path();
  }
  ASSERT_EQ(batch(fma.path()).exit_code, 0);
  auto r = run_command(sse2_only + bin + " batch -q --data-dir " + data().string() + " --output-dir " +
                       sse2.path().string() + day);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(fma.path() / output_name), read_bytes(sse2.path() / output_name));
}

// An existing file that is not this run's product is refused (exit 2), never passed off as the
// answer; --overwrite replaces it (issue 20).
TEST_F(BatchEndToEnd, ExistingOtherFileIsRefusedWithoutOverwrite) {
  TempDir out;
  auto cache = out.path() / output_name;
  std::ofstream(cache) << "old";
  auto r = batch(out.path());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--overwrite"), std::string::npos) << r.output;
  EXPECT_EQ(read_bytes(cache), "old");
  r = batch(out.path(), "--overwrite");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(read_bytes(cache), "old");
}

// The same run again is skipped (exit 0); a changed setting or input table is refused with one
// line naming the difference and the remedy, and the old output stays.
TEST_F(BatchEndToEnd, ReuseOnlyTheSameProduct) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  const auto cache = out.path() / output_name;
  const std::string first = read_bytes(cache);
  auto r = batch(out.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(cache), first);

  r = batch(out.path(), "--losscone-fit-method lillis");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("losscone_fit_method"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--output-dir"), std::string::npos) << r.output;
  EXPECT_EQ(read_bytes(cache), first);

  TempDir copy;
  fs::copy(data(), copy.path(), fs::copy_options::recursive);
  std::ofstream(copy.path() / "1998/152_181JUN/3D980615.TAB", std::ios::app) << "\n";
  r = run_command(bin + " batch -q --data-dir " + copy.path().string() + " --output-dir " + out.path().string() + day);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("3D980615.TAB"), std::string::npos) << r.output;
  EXPECT_EQ(read_bytes(cache), first);
}

// The cache records absolute input paths and checksums, and the kernels with their SHA-1.
TEST_F(BatchEndToEnd, CacheRecordsInputsAndKernels) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  const auto npz = lpm::io::read_npz(out.path() / output_name);
  const auto paths = npz.at("meta_input_paths").as_strings();
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_TRUE(fs::path(paths[0]).is_absolute());
  EXPECT_EQ(npz.at("meta_input_sha1").as_strings()[0], lpm::io::sha1_file(paths[0]));
  const auto kernels = npz.at("meta_kernel_names").as_strings();
  const auto sha1 = npz.at("meta_kernel_sha1").as_strings();
  ASSERT_FALSE(kernels.empty());
  ASSERT_EQ(kernels.size(), sha1.size());
  EXPECT_EQ(sha1[0], lpm::io::sha1_file(data() / "spice_kernels" / kernels[0]));
}

// --start/--end: the range's name, and the same bytes as the same day chosen by --day.
TEST_F(BatchEndToEnd, DateRangeNamesItsEndsAndGivesTheSameProduct) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  auto r = run_command(bin + " batch -q --data-dir " + data().string() + " --output-dir " + out.path().string() +
                       " --start 1998-06-14 --end 1998-06-16");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto ranged = out.path() / "potential_batch_1998_06_14_to_1998_06_16.npz";
  ASSERT_TRUE(fs::exists(ranged));
  EXPECT_EQ(read_bytes(ranged), read_bytes(out.path() / output_name));
}

// Impossible dates are usage errors for every subcommand that selects days.
TEST_F(BatchEndToEnd, ImpossibleDatesAreUsageErrorsEverywhere) {
  TempDir out;
  const std::string where = " --data-dir " + data().string();
  for (const std::string& command :
       {bin + " batch -q" + where + " --output-dir " + out.path().string() + " --year 1998 --month 2 --day 30",
        bin + " batch -q" + where + " --output-dir " + out.path().string() + " --year 98",
        bin + " batch -q" + where + " --output-dir " + out.path().string() + " --start 1998-02-30",
        bin + " batch -q" + where + " --output-dir " + out.path().string() + " --start 1998-06-16 --end 1998-06-15",
        bin + " batch -q" + where + " --output-dir " + out.path().string() + " --start 1998-06-15 --year 1998",
        bin + " map -q" + where + " --year 1998 --month 2 --day 30", bin + " map -q" + where + " --end 1998-06-15",
        bin + " fetch -q --dry-run --data-dir " + out.path().string() +
            " --start 1998-02-30 --mirror http://127.0.0.1:9",
        bin + " fetch -q --dry-run --data-dir " + out.path().string() + " --year 98 --mirror http://127.0.0.1:9",
        bin + " simulate -q --data-dir " + out.path().string() + " --start 1999-02-29"}) {
    auto r = run_command(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
  }
  EXPECT_TRUE(fs::is_empty(out.path()));
}

// An --output-dir that is a file fails before the first fit (exit 1, no report).
TEST_F(BatchEndToEnd, OutputFolderThatIsAFileFailsBeforeTheWork) {
  TempDir out;
  const auto file = out.path() / "not_a_folder";
  std::ofstream(file) << "x";
  auto r = run_command(bin + " batch --data-dir " + data().string() + " --output-dir " + file.string() + day);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not a folder"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("spectra per status"), std::string::npos) << r.output;
  r = run_command(bin + " map -q --data-dir " + data().string() + day + " --output " + (file / "x.npz").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output.find("3D980615.TAB"), std::string::npos) << "the table was processed: " << r.output;
}

// The end report gives the fit fraction among connected spectra beside the overall one.
TEST_F(BatchEndToEnd, ReportGivesTheConnectedFitFraction) {
  TempDir out;
  auto r = run_command(bin + " batch --data-dir " + data().string() + " --output-dir " + out.path().string() + day);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("fit fraction (a U_surface value"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fit fraction among connected spectra"), std::string::npos) << r.output;
}

// map takes batch's fit options, refuses to replace another product without --overwrite and
// has --illumination all.
TEST_F(BatchEndToEnd, MapTakesFitOptionsAndRefusesToOverwrite) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  const auto cache = out.path() / output_name;
  const std::string halekas = read_bytes(cache);
  const std::string map = bin + " map -q --data-dir " + data().string() + day + " --output " + cache.string();
  auto r = run_command(map + " --illumination all");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(cache), halekas);
  r = run_command(map + " --losscone-fit-method lillis --moon-frame pa --u-spacecraft 5");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--overwrite"), std::string::npos) << r.output;
  EXPECT_EQ(read_bytes(cache), halekas);
  r = run_command(map + " --losscone-fit-method lillis --moon-frame pa --u-spacecraft 5 --overwrite");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto npz = lpm::io::read_npz(cache);
  EXPECT_EQ(npz.at("meta_fit_method").string_at(0), "lillis");
  EXPECT_EQ(npz.at("meta_u_spacecraft_override").as_f8()[0], 5.0);
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

// Several files: counts per spec_status with names and meanings, per table, kernels, --json.
TEST_F(BatchEndToEnd, InspectTakesSeveralFilesAndWritesJson) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  ASSERT_EQ(batch(out.path() / "lillis", "--losscone-fit-method lillis").exit_code, 0);
  std::string files = " ";
  files += (out.path() / output_name).string();
  files += " ";
  files += (out.path() / "lillis" / output_name).string();
  auto r = run_command(bin + " inspect -q" + files);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("spectra per spec_status"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a fit was made and accepted"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("3D980615.TAB"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("kernels used"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("all 2 files"), std::string::npos) << r.output;
  r = run_command(bin + " inspect --json" + files + " > " + (out.path() / "inspect.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto check = run_command(
      "/usr/bin/python3 -c \"import json,sys; d=json.load(open(sys.argv[1])); "
      "assert len(d)==2, d; f=d[0]; assert f['spectra']==sum(s['count'] for s in f['spec_status']); "
      "assert f['tables'][0]['spectra']==f['spectra']; assert f['kernels'] and len(f['kernels'][0]['sha1'])==40; "
      "assert all(s['name'] and s['meaning'] for s in f['spec_status'])\" " +
      (out.path() / "inspect.json").string());
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

// -q and -v are taken by every subcommand.
TEST_F(BatchEndToEnd, QuietAndVerboseOnEverySubcommand) {
  TempDir out;
  ASSERT_EQ(batch(out.path()).exit_code, 0);
  const std::string cache = (out.path() / output_name).string();
  auto r = run_command(bin + " plot -q " + cache + " -o " + (out.path() / "m.png").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "") << "-q leaves only errors";
  r = run_command(bin + " inspect -v " + cache);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* sub : {"batch", "map", "fetch", "simulate", "plot", "inspect", "spice"}) {
    r = run_command(bin + " " + std::string(sub) + " --help");
    EXPECT_NE(r.output.find("--quiet"), std::string::npos) << sub;
    EXPECT_NE(r.output.find("--verbose"), std::string::npos) << sub;
  }
  r = run_command(bin + " spice -q segments " + (data() / "spice_kernels").string() + "/*.bsp");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = run_command(bin + " spice segments -q " + (data() / "spice_kernels").string() + "/*.bsp");
  EXPECT_EQ(r.exit_code, 0) << r.output;
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

// A mistyped flag or subcommand gets "did you mean" (exit 2 as before).
TEST(CommandLine, MistypedFlagsAndSubcommandsGetASuggestion) {
  auto r = run_command(bin + " bach --year 1998");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("did you mean batch?"), std::string::npos) << r.output;
  r = run_command(bin + " batch --losscone-fit-metod lillis");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("did you mean --losscone-fit-method?"), std::string::npos) << r.output;
  r = run_command(bin + " map --overwite");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("did you mean --overwrite?"), std::string::npos) << r.output;
  r = run_command(bin + " batch --zzzzzzzzzz");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output.find("did you mean"), std::string::npos) << r.output;
}
