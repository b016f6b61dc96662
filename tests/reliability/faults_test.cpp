// Faults around the real `potential-mapper batch` (issue 11): a run killed with SIGKILL, a
// stale temp file from such a run, and a full disk. In every case the output folder holds
// either the complete file or nothing, and a rerun succeeds.
// (A server dropping connections mid-file is covered by tests/acquire/fetch_test.cpp:
// TruncatedBodyKeepsThePartFileFailsAndARerunResumes and StalledTransferTimesOutAndResumes.)
#include <sys/mount.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

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

// One simulated day and its clean output, shared by the tests of this file.
class BatchFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir;
    auto r = run_command(bin + " simulate -q --data-dir " + data().string() + day + " --spectra-per-day 240");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    clean_ = new TempDir;
    r = batch(clean_->path());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() {
    delete clean_;
    delete data_;
  }
  static fs::path data() { return data_->path(); }
  static std::string clean_bytes() { return read_bytes(clean_->path() / output_name); }
  static lpm::test::CommandResult batch(const fs::path& out, const std::string& prefix = "") {
    return run_command(prefix + bin + " batch -q --threads 2 --data-dir " + data().string() + " --output-dir " +
                       out.string() + day);
  }

  static TempDir* data_;
  static TempDir* clean_;
};
TempDir* BatchFaults::data_ = nullptr;
TempDir* BatchFaults::clean_ = nullptr;

TEST_F(BatchFaults, KillNineMidRunLeavesNoOutputAndARerunSucceeds) {
  int killed = 0;
  // SIGKILL cannot be caught: whatever the run had in flight is simply gone. Each attempt has a
  // folder of its own: a run that finished before its kill must not leave an output that the
  // next, killed, attempt would then be blamed for.
  for (double delay : {0.2, 0.6, 1.2}) {
    TempDir out;
    auto r = run_command("( " + bin + " batch -q --threads 2 --data-dir " + data().string() + " --output-dir " +
                         out.path().string() + day + " & pid=$!; sleep " + std::to_string(delay) +
                         "; kill -9 $pid; wait $pid; echo status=$? )");
    if (r.output.find("status=137") == std::string::npos) continue;  // finished before the kill
    ++killed;
    // A run killed between its output's rename and its exit leaves the whole output; any other
    // kill leaves none. Never a part of one.
    if (fs::exists(out.path() / output_name)) {
      EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes()) << "a killed run left a partial output";
    }
    auto rerun = batch(out.path());
    ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
    EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
    // The killed run's temp file and spill folder are gone after the rerun, also where the
    // rerun kept the output it found.
    EXPECT_EQ(lpm::test::folder_names(out.path()), std::vector<std::string>{output_name});
  }
  if (killed == 0) GTEST_SKIP() << "every run finished before its kill; nothing to check";
  std::cout << killed << " of 3 runs killed mid-way\n";
}

// What a SIGKILL between the output's rename and the exit leaves: the whole output and the
// run's spill folder (product/result_spill.hpp); what an --overwrite run killed while writing
// leaves: the old output and a temp file (io/atomic_output.hpp). The rerun keeps the output and
// removes both.
TEST_F(BatchFaults, RerunThatKeepsTheOutputRemovesTheLeftoversOfKilledRuns) {
  TempDir out;
  fs::copy_file(clean_->path() / output_name, out.path() / output_name);
  const fs::path spill = out.path() / (std::string(".") + output_name + ".spill-dead00");
  fs::create_directories(spill);
  std::ofstream(spill / "lock") << "";  // nobody holds it: the run that made it is gone
  std::ofstream(spill / "u_surface") << "half a column";
  std::ofstream(out.path() / (std::string(".") + output_name + ".tmp-00000000dead0000")) << "PK\x03\x04 half";
  auto rerun = batch(out.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
  EXPECT_EQ(lpm::test::folder_names(out.path()), std::vector<std::string>{output_name});
}

TEST_F(BatchFaults, StaleTempFileOfAKilledWriteDoesNotDisturbARerun) {
  TempDir out;
  // What a SIGKILL during the final write leaves: a temp file named as the NPZ writer names it.
  const fs::path stale = out.path() / (std::string(".") + output_name + ".tmp-999999-0");
  std::ofstream(stale, std::ios::binary) << "PK\x03\x04 half an archive";
  auto rerun = batch(out.path());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
  EXPECT_NO_THROW(lpm::io::read_npz(out.path() / output_name));
}

// A full disk: the output folder is a 64 KiB tmpfs, already nearly full.
TEST_F(BatchFaults, FullDiskIsAClearErrorAndLeavesNoPartialFile) {
  TempDir work;
  fs::path out = work.path() / "small";
  fs::create_directories(out);
  if (::mount("tmpfs", out.c_str(), "tmpfs", 0, "size=64k") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root); the injected-error test below covers this path";
  struct Unmount {
    fs::path path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{out};
  {
    std::ofstream filler(out / "filler", std::ios::binary);
    filler << std::string(56 * 1024, 'x');
  }
  auto r = batch(out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(output_name), std::string::npos) << r.output;
  EXPECT_EQ(lpm::test::folder_names(out), std::vector<std::string>{"filler"}) << "no partial or temp file may remain";
  std::cout << "full disk message: " << r.output;
}

// The same without root: a file size limit makes the write fail (SIGXFSZ ignored → EFBIG).
TEST_F(BatchFaults, InjectedWriteErrorIsAClearErrorAndLeavesNoPartialFile) {
  TempDir out;
  auto r = batch(out.path(), "trap '' XFSZ; ulimit -f 8; ");  // 8 blocks of 512 bytes
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("File too large"), std::string::npos) << r.output;
  EXPECT_TRUE(lpm::test::folder_names(out.path()).empty()) << "no partial or temp file may remain";
  std::cout << "write error message: " << r.output;
}

}  // namespace
