// Issue 23 (reliability, round 2), items 8-14: outputs, signals, network and kernels, against
// the real `potential-mapper`. Moments a test cannot hit from outside (a pid that repeats, a
// signal or another program's file just before the output is put in place) are made to happen
// on cue by tests/support/fault_shim.cpp, preloaded into the binary.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "acquire/archive_server.hpp"
#include "io/atomic_output.hpp"
#include "io/npz.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::ArchiveServer;
using lpm::test::CommandResult;
using lpm::test::folder_names;
using lpm::test::read_bytes;
using lpm::test::run_command;
using lpm::test::TempDir;

namespace {

const std::string bin = lpm::test::binary().string();
constexpr const char* day = " --year 1998 --month 6 --day 15";
const std::string output_name = "potential_batch_1998_06_15.npz";

// The fault shim preloaded, with its settings ("LPM_SHIM_ON=fsync LPM_SHIM_DO=signal:2").
std::string with_shim(const std::string& settings) {
  return "ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0 LD_PRELOAD=" + std::string(LPM_FAULT_SHIM) + " " +
         settings + " ";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t line_count(const std::string& text) {
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

// One simulated day (the red team's: seed 7) and its clean output, shared by the tests of this file.
class Round2 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    day_ = new lpm::test::SimulatedDayCache(lpm::test::simulate_and_batch(dir_->path(), "1998", "06", "15", 60, 7));
  }
  static void TearDownTestSuite() {
    delete day_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(day_->failure.empty()) << day_->failure; }
  static fs::path data() { return day_->data; }
  static std::string clean_bytes() { return read_bytes(day_->cache); }
  static CommandResult batch(const fs::path& out, const std::string& prefix = "", const std::string& extra = "",
                             const fs::path& data_dir = {}) {
    return run_command(prefix + bin + " batch -q --threads 2 --data-dir " +
                       (data_dir.empty() ? data() : data_dir).string() + " --output-dir " + out.string() + day + " " +
                       extra);
  }
  // A copy of the data folder to damage.
  static fs::path copy_of_data(const TempDir& dir) {
    const fs::path copy = dir.path() / "data";
    fs::copy(data(), copy, fs::copy_options::recursive);
    return copy;
  }

  static TempDir* dir_;
  static lpm::test::SimulatedDayCache* day_;
};
TempDir* Round2::dir_ = nullptr;
lpm::test::SimulatedDayCache* Round2::day_ = nullptr;

// ---- 8: fetch against a server that trickles, never ends, sends too much, or a full disk ----

struct FetchRun {
  TempDir work;
  fs::path data = work.path() / "data";
  CommandResult run(const ArchiveServer& server, const std::string& extra, const std::string& prefix = "") {
    return run_command(prefix + "LPM_FETCH_RETRY_BASE_MS=10 LPM_FETCH_MAX_TRIES=2 " + bin + " fetch -q --mirror " +
                       server.url() + " --data-dir " + data.string() + " --kernels-lock " + server.lock().string() +
                       " " + extra);
  }
  std::vector<std::string> part_files() const {
    std::vector<std::string> parts;
    for (const auto& entry : fs::recursive_directory_iterator(data))
      if (entry.path().extension() == ".part") parts.push_back(entry.path().string());
    return parts;
  }
};

TEST(Round2Fetch, TrickleBelowTheMinimumRateIsAbandoned) {
  FetchRun fetch;
  ArchiveServer server(fetch.work.path(), {"--trickle", "3D980615.TAB"});  // 2 bytes/s
  auto r = fetch.run(server, "--min-rate 100 --min-rate-window 1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "3D980615.TAB")) << r.output;
  EXPECT_TRUE(contains(r.output, "too slow")) << r.output;
  EXPECT_EQ(server.requests_for("3D980615.TAB").size(), 2u) << "abandoned, then retried once (LPM_FETCH_MAX_TRIES=2)";
  EXPECT_TRUE(fs::exists(fetch.data / "1998/152_181JUN/3D980616.TAB")) << "the other files are fetched";
}

TEST(Round2Fetch, FileTimeLimitEndsATransferFastEnoughButTooLong) {
  FetchRun fetch;
  ArchiveServer server(fetch.work.path(), {"--slow", "3D980616.TAB"});  // 40 KiB/s: 7.5 s for the table
  auto r = fetch.run(server, "--min-rate 100 --min-rate-window 1 --file-timeout 2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "3D980616.TAB")) << r.output;
  EXPECT_TRUE(contains(r.output, "not complete within the 2 s allowed per file")) << r.output;
  EXPECT_TRUE(fs::exists(fetch.data / "1998/152_181JUN/3D980615.TAB")) << "the other files are fetched";
}

TEST(Round2Fetch, ResponseLargerThanTheLimitIsRefusedAndNotKept) {
  FetchRun fetch;
  ArchiveServer server(fetch.work.path(), {"--oversize-announced", "3D980615.TAB", "--oversize-unannounced",
                                           "3D980616.TAB"});  // 2 GiB announced; 4 MiB without a length
  auto r = fetch.run(server, "--max-file-mb 1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  for (const char* name : {"3D980615.TAB", "3D980616.TAB"}) {
    EXPECT_TRUE(contains(r.output, std::string(name) + ": ")) << r.output;
    EXPECT_FALSE(fs::exists(fetch.data / "1998/152_181JUN" / name)) << name;
  }
  EXPECT_TRUE(contains(r.output, "larger than the 1 MiB allowed for one file")) << r.output;
  EXPECT_TRUE(fetch.part_files().empty()) << "a refused file leaves no .part";
  EXPECT_TRUE(fs::exists(fetch.data / "1998/182_212JUL/3D980701.TAB")) << "the other files are fetched";
}

TEST(Round2Fetch, FullDiskRemovesThePartFileAndSaysWhy) {
  FetchRun fetch;
  ArchiveServer server(fetch.work.path());
  // A file size limit stands in for a full disk (SIGXFSZ ignored → EFBIG): the 20 kB kernels fit,
  // the 300 kB tables do not.
  auto r = fetch.run(server, "", "trap '' XFSZ; ulimit -f 200; ");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "3D980615.TAB.part: write failed: File too large; removed the partial file"))
      << r.output;
  EXPECT_TRUE(fetch.part_files().empty()) << "no partial file is left to fill the disk";
}

// ---- 9: threads that cannot be created ----

TEST_F(Round2, ThreadCreationFailureIsOneLineNotAnAbort) {
  if (lpm::test::built_with_asan) GTEST_SKIP() << "ulimit -v cannot be combined with AddressSanitizer";
  for (const char* limit_kb : {"300000", "400000", "600000"}) {
    TempDir out;
    auto r = run_command(std::string("ulimit -v ") + limit_kb + "; " + bin + " batch -q --threads 16 --data-dir " +
                         data().string() + " --output-dir " + out.path().string() + day);
    SCOPED_TRACE(limit_kb);
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "exit " << r.exit_code << ": " << r.output;
    if (r.exit_code == 0) {
      EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
    } else {
      EXPECT_EQ(line_count(r.output), 1u) << r.output;
      EXPECT_TRUE(r.output.starts_with("error: ")) << r.output;
      EXPECT_TRUE(folder_names(out.path()).empty());
    }
  }
}

// ---- 10: temp names that cannot collide; leftovers of killed runs removed ----

TEST_F(Round2, StaleTempFileOfARepeatedPidNeitherBlocksARerunNorStays) {
  TempDir out;
  // What a SIGKILL during the write left, named as the writer named temp files by pid, in a
  // container whose next run gets the same pid (the shim makes getpid() say 4242).
  const fs::path by_pid = out.path() / ("." + output_name + ".tmp-4242-0");
  const fs::path random = out.path() / ("." + output_name + ".tmp-0123456789abcdef");
  std::ofstream(by_pid, std::ios::binary) << "PK\x03\x04 half an archive";
  std::ofstream(random, std::ios::binary) << "PK\x03\x04 half an archive";
  auto r = batch(out.path(), with_shim("LPM_SHIM_PID=4242"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
  EXPECT_EQ(folder_names(out.path()), std::vector<std::string>{output_name}) << "leftovers of dead runs are removed";
}

TEST_F(Round2, TempFileOfALiveWriterIsLeftAlone) {
  TempDir out;
  // A temp file another running writer holds (its write lock): not a leftover.
  const fs::path busy = out.path() / ("." + output_name + ".tmp-fedcba9876543210");
  const int fd = ::open(busy.c_str(), O_RDWR | O_CREAT | O_EXCL, 0644);
  ASSERT_GE(fd, 0);
  struct flock lock {};
  lock.l_type = F_WRLCK;
  ASSERT_EQ(::fcntl(fd, F_OFD_SETLK, &lock), 0);
  auto r = batch(out.path());
  ::close(fd);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(busy));
  EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
}

TEST(Round2Output, EveryWriterUsesTheOneAtomicOutput) {
  TempDir dir;
  const fs::path path = dir.path() / "x.txt";
  {
    lpm::io::AtomicOutput a(path), b(path);  // two writers of one name at once: no clash
    EXPECT_NE(a.temp_path(), b.temp_path());
    EXPECT_EQ(folder_names(dir.path()).size(), 2u);
  }
  EXPECT_TRUE(folder_names(dir.path()).empty()) << "uncommitted: both temp files removed";
  lpm::io::write_file_atomically(path, "one");
  lpm::io::write_file_atomically(path, "two");
  EXPECT_EQ(read_bytes(path), "two");
  EXPECT_THROW(lpm::io::write_file_atomically(path, "three", lpm::io::ExistingOutput::keep),
               lpm::io::OutputExistsError);
  EXPECT_EQ(read_bytes(path), "two");
  EXPECT_EQ(folder_names(dir.path()), std::vector<std::string>{"x.txt"});
}

// The one owner: no file of src/ names temp files (by pid or otherwise) or renames files into
// place but atomic_output.cpp; fetch's resumable NAME.part and its NAME.bad are not outputs.
TEST(Round2Output, NoWriterHasItsOwnTempFilesOrRenames) {
  const std::vector<std::string> allowed = {"src/io/atomic_output.hpp", "src/io/atomic_output.cpp",
                                            "src/acquire/http_session.cpp", "src/acquire/fetch.cpp"};
  for (const auto& entry : fs::recursive_directory_iterator(lpm::test::source_dir() / "src")) {
    const std::string relative = fs::relative(entry.path(), lpm::test::source_dir()).generic_string();
    if (!entry.is_regular_file() || std::find(allowed.begin(), allowed.end(), relative) != allowed.end()) continue;
    const std::string source = read_bytes(entry.path());
    for (const char* word : {"getpid(", "rename(", "renameat", "mkstemp", ".tmp\"", "tmp-"})
      EXPECT_FALSE(contains(source, word)) << relative << " has its own '" << word << "'";
  }
}

// ---- 11: without --overwrite, a file that appears during the run is kept ----

TEST_F(Round2, FileAppearingDuringTheRunIsKeptWithoutOverwrite) {
  TempDir out;
  const fs::path target = out.path() / output_name;
  // Another program writes the output path just before this run puts its file there.
  auto r = batch(out.path(), with_shim("LPM_SHIM_ON=fsync LPM_SHIM_DO=create:" + target.string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "appeared at this path")) << r.output;
  EXPECT_EQ(read_bytes(target), "foreign\n") << "the other program's file is not replaced";
  EXPECT_EQ(folder_names(out.path()), std::vector<std::string>{output_name}) << "no temp file left";

  TempDir out2;  // with --overwrite it is replaced, as asked
  const fs::path target2 = out2.path() / output_name;
  r = batch(out2.path(), with_shim("LPM_SHIM_ON=fsync LPM_SHIM_DO=create:" + target2.string()), "--overwrite");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(target2), clean_bytes());
}

// ---- 12: Ctrl-C / SIGTERM while the output is written: exit 1, no file ----

TEST_F(Round2, SignalDuringTheOutputWriteExitsOneWithoutWriting) {
  // scratch-write: while the columns are compressed on the two threads, before the output is begun.
  for (const char* moment : {"scratch-write", "temp-write", "fsync"})
    for (const char* signal : {"2", "15"}) {  // SIGINT, SIGTERM
      SCOPED_TRACE(std::string(moment) + " signal " + signal);
      TempDir out;
      auto r = batch(out.path(), with_shim(std::string("LPM_SHIM_ON=") + moment + " LPM_SHIM_DO=signal:" + signal));
      EXPECT_EQ(r.exit_code, 1) << r.output;
      EXPECT_TRUE(contains(r.output, "interrupted: no output written")) << r.output;
      EXPECT_TRUE(folder_names(out.path()).empty()) << "neither the output nor a temp file";
    }
  TempDir out;  // the same run without a signal writes the file
  auto r = batch(out.path(), with_shim("LPM_SHIM_ON=fsync"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
}

// Where the file system has no unnamed temporary files (O_TMPFILE), the NPZ columns compressed
// on the run's threads go to named temp files that are unlinked at once: the same bytes, and
// nothing left in the output folder.
TEST_F(Round2, OutputFolderWithoutUnnamedTempFilesGivesTheSameBytes) {
  TempDir out, notes;
  const fs::path asked = notes.path() / "tmpfile-refused";
  auto r = batch(out.path(), with_shim("LPM_SHIM_NO_TMPFILE=" + asked.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(asked)) << "the run never asked for an unnamed temp file: the fallback was not exercised";
  EXPECT_EQ(read_bytes(out.path() / output_name), clean_bytes());
  EXPECT_EQ(folder_names(out.path()), std::vector<std::string>{output_name}) << "no temp file left";
}

// ---- 13: kernels.lock: a missing kernel or a damaged lock stops the run ----

TEST_F(Round2, MissingKernelOrDamagedLockStopsTheRun) {
  struct Case {
    const char* name;
    void (*damage)(const fs::path& kernels);
    const char* message;  // the file the one-line error names
  };
  const Case cases[] = {
      {"kernel_deleted", [](const fs::path& k) { fs::remove(k / "planets_simulated.bsp"); },
       "planets_simulated.bsp: missing or not a regular file, but listed in"},
      {"lock_garbage",
       [](const fs::path& k) { std::ofstream(k / "kernels.lock", std::ios::binary) << "\x01\x02garbage\xff\n\x7f\n"; },
       "kernels.lock: lists no kernel"},
      {"lock_empty", [](const fs::path& k) { std::ofstream(k / "kernels.lock", std::ios::trunc); },
       "kernels.lock: lists no kernel"},
      {"lock_bad_hash",
       [](const fs::path& k) { std::ofstream(k / "kernels.lock", std::ios::trunc) << "xyz  lp_simulated.bsp\n"; },
       "kernels.lock:1: 'xyz' is not a 40-digit SHA-1"},
      {"lock_directory",
       [](const fs::path& k) {
         fs::remove(k / "kernels.lock");
         fs::create_directory(k / "kernels.lock");
       },
       "kernels.lock: not a regular file"},
      {"lock_fifo",
       [](const fs::path& k) {
         fs::remove(k / "kernels.lock");
         ::mkfifo((k / "kernels.lock").c_str(), 0644);
       },
       "kernels.lock: not a regular file"},
      {"lock_dangling_link",
       [](const fs::path& k) {
         fs::remove(k / "kernels.lock");
         fs::create_symlink("nowhere.lock", k / "kernels.lock");
       },
       "kernels.lock: not a regular file"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir, out;
    const fs::path data_dir = copy_of_data(dir);
    c.damage(data_dir / "spice_kernels");
    auto r = batch(out.path(), "", "", data_dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_EQ(line_count(r.output), 1u) << r.output;
    EXPECT_TRUE(contains(r.output, c.message)) << r.output;
    EXPECT_TRUE(folder_names(out.path()).empty());
    std::cout << c.name << ": " << r.output;
  }
  TempDir dir, out;  // no lock at all: the kernels are used unverified, as before
  const fs::path data_dir = copy_of_data(dir);
  fs::remove(data_dir / "spice_kernels/kernels.lock");
  auto r = batch(out.path(), "", "", data_dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

// ---- 14: messages and usage checks ----

TEST_F(Round2, OutOfMemoryReadingATableNamesTheTable) {
  if (lpm::test::built_with_asan) GTEST_SKIP() << "ulimit -v cannot be combined with AddressSanitizer";
  TempDir dir, out;
  const fs::path data_dir = copy_of_data(dir);
  // A sparse 512 MiB table next to the good one, read with 400 MB of address space.
  const fs::path huge = data_dir / "1998/152_181JUN/3D980616.TAB";
  { std::ofstream(huge, std::ios::binary); }
  fs::resize_file(huge, std::uintmax_t{512} << 20);
  auto r = run_command("ulimit -v 400000; " + bin + " batch --threads 2 --data-dir " + data_dir.string() +
                       " --output-dir " + out.path().string() + " --year 1998 --month 6");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(contains(r.output, "skipping std::bad_alloc")) << r.output;
  EXPECT_TRUE(contains(r.output, "3D980616.TAB: ")) << "the message names the table: " << r.output;
}

TEST(Round2Usage, ImpossibleDatesAndNonFiniteNumbersAreUsageErrors) {
  TempDir out;
  for (const std::string& args :
       {std::string("batch --month 2 --day 31"), std::string("batch --year 1999 --month 2 --day 29"),
        std::string("batch --year 1998 --u-spacecraft nan"), std::string("batch --year 1998 --u-spacecraft inf"),
        std::string("batch --year 1998 --u-spacecraft -inf"), std::string("map --year 1998 --u-spacecraft NaN"),
        std::string("plot x.npz -o x.png --vmin nan"), std::string("stats x.npz -o x.csv --grid-deg inf")}) {
    SCOPED_TRACE(args);
    auto r = run_command(bin + " " + args + " --data-dir " + out.path().string() + "/none");
    EXPECT_EQ(r.exit_code, 2) << r.output;
  }
}

TEST_F(Round2, UtcOfAnEtBeyondTheYearsUtcCanHoldIsAnError) {
  const std::string lsk = (data() / "spice_kernels/simulated.tls").string();
  for (const char* et : {"1e300", "-1e300", "1e12", "-1e12"}) {
    SCOPED_TRACE(et);
    auto r = run_command(bin + " spice utc --kernel " + lsk + " -- " + et);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "outside the years 0000-9999")) << r.output;
  }
  auto r = run_command(bin + " spice utc --kernel " + lsk + " -- 0 2.5e11");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(r.output.starts_with("2000-01-01T11:58:55.816")) << r.output;
}

}  // namespace
