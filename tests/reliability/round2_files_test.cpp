// Issue 23, items 3, 5, 6 and 7: what the program may read. Each case runs the real binary on a
// copy of one small simulated day (1998-06-15) after damaging one thing, and checks the exit code
// and the one-line message. The cases whose unfixed behaviour is a hang or runaway memory run
// under a guard (`timeout`, an address-space limit) so that a regression fails instead of stalling
// the suite; no assertion is about time. docs/reliability.md lists the cases.
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/input_limits.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::CommandResult;
using lpm::test::run_command;
using lpm::test::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const std::string bin = lpm::test::binary().string();
const char* month_folder = "1998/152_181JUN";
const char* table = "1998/152_181JUN/3D980615.TAB";

// Stops a run that would hang (a blocking read of a FIFO) or eat the machine's memory.
std::string guard() {
  if (lpm::test::built_with_asan) return "timeout 120 ";  // no --as limit under ASan
  return "timeout 120 prlimit --as=3000000000 ";
}

// Prefix that runs a command as user nobody (mode 000 does not stop root), or "" if not root.
std::string as_nobody() { return ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""; }

bool have(const char* program) { return run_command(std::string("command -v ") + program).exit_code == 0; }

void make_fifo(const fs::path& path) {
  fs::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0644), 0) << path;
}

void link_to(const fs::path& target, const fs::path& link) {
  fs::remove(link);
  fs::create_symlink(target, link);
}

class Round2Files : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clean_ = new TempDir;
    auto r = run_command(bin + " simulate -q --data-dir " + (clean_->path() / "data").string() +
                         " --year 1998 --month 6 --day 15 --spectra-per-day 20 --seed 7");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() { delete clean_; }

  void SetUp() override {
    fs::copy(clean_->path() / "data", data(), fs::copy_options::recursive);
    // An unprivileged user must reach the data and write the output.
    fs::permissions(work_.path(), fs::perms::all);
    fs::create_directories(out());
    fs::permissions(out(), fs::perms::all);
  }
  fs::path data() const { return work_.path() / "data"; }
  fs::path out() const { return work_.path() / "out"; }

  CommandResult batch(const std::string& prefix = "", const std::string& selection = "--month 6") const {
    return run_command(prefix + bin + " batch --threads 2 --data-dir " + data().string() + " --output-dir " +
                       out().string() + " --year 1998 " + selection);
  }

  static TempDir* clean_;
  TempDir work_;
};
TempDir* Round2Files::clean_ = nullptr;

// --- Item 3: a listing error is an error, not "nothing to do". ---

TEST_F(Round2Files, UnreadableMonthFolderIsAnErrorNamingIt) {
  if (::geteuid() == 0 && !have("setpriv")) GTEST_SKIP() << "root without setpriv: mode 000 stops nobody";
  fs::permissions(data() / month_folder, fs::perms::none);
  auto r = batch(as_nobody());
  fs::permissions(data() / month_folder, fs::perms::all);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("152_181JUN: cannot list the folder: Permission denied")) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("no ER tables")));
}

TEST_F(Round2Files, UnreadableYearFolderIsAnErrorNamingIt) {
  if (::geteuid() == 0 && !have("setpriv")) GTEST_SKIP() << "root without setpriv: mode 000 stops nobody";
  fs::permissions(data() / "1998", fs::perms::none);
  auto r = batch(as_nobody());
  fs::permissions(data() / "1998", fs::perms::all);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data/1998: cannot list the folder: Permission denied")) << r.output;
}

// A folder that may be listed but not searched (mode r--): its entries cannot be examined.
TEST_F(Round2Files, FolderWhoseEntriesCannotBeExaminedIsAnError) {
  if (::geteuid() == 0 && !have("setpriv")) GTEST_SKIP() << "root without setpriv";
  fs::permissions(data() / month_folder, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  auto r = batch(as_nobody());
  fs::permissions(data() / month_folder, fs::perms::all);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("3D980615.TAB: cannot examine: Permission denied")) << r.output;
}

TEST_F(Round2Files, TooManyOpenFilesWhileListingIsAnError) {
  if (!have("prlimit")) GTEST_SKIP() << "prlimit is missing";
  if (lpm::test::built_with_asan)
    GTEST_SKIP() << "the sanitizer runtimes need file descriptors of their own (UBSan's vptr check fails first)";
  auto r = batch("prlimit --nofile=5 ");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("cannot list the folder: Too many open files")) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("no ER tables")));
}

// --- Item 5: discovery stays inside the data folder. ---

TEST_F(Round2Files, LinkLeavingTheDataFolderIsNotFollowed) {
  // A foreign table of the same day beside the data folder, reached through a link.
  fs::create_directories(work_.path() / "foreign");
  fs::copy_file(data() / table, work_.path() / "foreign/3D980615.TAB");
  fs::create_directory_symlink(work_.path() / "foreign", data() / "foreign");
  fs::create_directory_symlink("/", data() / "root");
  fs::create_symlink(work_.path() / "foreign/3D980615.TAB", data() / "1998/3D980615.TAB");
  auto r = batch("", "--month 6 --day 15");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data/foreign: link not followed: it leads out of the data folder")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data/root: link not followed")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("1998/3D980615.TAB: link not followed")) << r.output;
  EXPECT_THAT(r.output, HasSubstr("files read: 1,")) << r.output;
}

TEST_F(Round2Files, DataFolderOnAProcLikeFileSystemIsRefused) {
  auto r = run_command(bin + " batch --data-dir /proc/self/net --year 1998 --output-dir " + out().string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("'/proc/self/net' is on a kernel pseudo file system")) << r.output;
}

// --- Item 6: only regular files of plausible size are read. ---

TEST_F(Round2Files, AttitudeTableThatIsAFifoFailsAtOnce) {
  make_fifo(data() / "attitude.tab");
  auto r = batch(guard());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("attitude.tab: is a FIFO, not a file")) << r.output;
}

TEST_F(Round2Files, ThetaTableLinkedToDevZeroFailsAtOnce) {
  link_to("/dev/zero", data() / "theta.tab");
  auto r = batch(guard());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("theta.tab: is a character device, not a file")) << r.output;
}

TEST_F(Round2Files, AttitudeTableLargerThanAnyRealOneIsRefusedUnread) {
  fs::resize_file(data() / "attitude.tab", lpm::io::max_attitude_table_bytes + 1);  // sparse: no disk used
  auto r = batch(guard());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output,
              HasSubstr("attitude.tab: 67108865 bytes, more than any attitude table can be (at most 64.0 MiB)"))
      << r.output;
}

TEST_F(Round2Files, ErTableThatIsAFifoIsReportedNotSkippedOrWaitedFor) {
  make_fifo(data() / table);
  auto r = batch(guard());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("3D980615.TAB: is a FIFO, not a file")) << r.output;
}

TEST_F(Round2Files, CacheThatIsAFifoFailsInspectAndPlotAtOnce) {
  const fs::path fifo = out() / "cache.npz";
  make_fifo(fifo);
  auto inspect = run_command(guard() + bin + " inspect " + fifo.string());
  EXPECT_EQ(inspect.exit_code, 2) << inspect.output;
  EXPECT_THAT(inspect.output, HasSubstr("cache.npz: is a FIFO, not a file")) << inspect.output;
  auto plot = run_command(guard() + bin + " plot -o " + (out() / "map.png").string() + " " + fifo.string());
  EXPECT_NE(plot.exit_code, 0) << plot.output;
  EXPECT_NE(plot.exit_code, 124) << plot.output;
  EXPECT_THAT(plot.output, HasSubstr("cache.npz: is a FIFO, not a file")) << plot.output;
  EXPECT_FALSE(fs::exists(out() / "map.png"));
}

TEST_F(Round2Files, SpiceSegmentsOfDevZeroOrAFifoFailsAtOnce) {
  auto zero = run_command(guard() + bin + " spice segments /dev/zero");
  EXPECT_NE(zero.exit_code, 0) << zero.output;
  EXPECT_THAT(zero.output, HasSubstr("/dev/zero: is a character device, not a file")) << zero.output;
  const fs::path fifo = out() / "kernel.bsp";
  make_fifo(fifo);
  auto pipe = run_command(guard() + bin + " spice segments " + fifo.string());
  EXPECT_NE(pipe.exit_code, 0) << pipe.output;
  EXPECT_NE(pipe.exit_code, 124) << pipe.output;
  EXPECT_THAT(pipe.output, HasSubstr("kernel.bsp: is a FIFO, not a file")) << pipe.output;
}

// --- Item 7: an NPZ entry inflates only to what its .npy header says, and within a limit. ---

void append_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// Raw deflate of `input` ending in a full flush: the compressor starts afresh after it, so the
// same input always gives the same bytes.
std::string deflate_flushed(z_stream& z, const std::string& input) {
  std::string out(input.size() + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FULL_FLUSH), Z_OK);
  EXPECT_EQ(z.avail_in, 0u);
  out.resize(out.size() - z.avail_out);
  return out;
}

// A one-entry NPZ: `header` followed by `zero_mib` MiB of zero bytes, deflated. Zeros deflate
// ~1000:1 and each flushed MiB compresses to the same bytes, so a GiB entry costs a MiB and no time.
void write_zero_bomb(const fs::path& path, const std::string& name, const std::string& header, std::uint64_t zero_mib) {
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string zeros(1 << 20, '\0');
  std::string data = deflate_flushed(z, header);
  const std::string first = deflate_flushed(z, zeros), block = deflate_flushed(z, zeros);
  ASSERT_EQ(first, block);
  for (std::uint64_t i = 0; i < zero_mib; ++i) data += block;
  char tail[16];
  z.next_in = nullptr;
  z.avail_in = 0;
  z.next_out = reinterpret_cast<Bytef*>(tail);
  z.avail_out = sizeof tail;
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  data.append(tail, sizeof tail - z.avail_out);
  deflateEnd(&z);

  uLong crc = crc32_z(0, reinterpret_cast<const Bytef*>(header.data()), header.size());
  const uLong zeros_crc = crc32_z(0, reinterpret_cast<const Bytef*>(zeros.data()), zeros.size());
  for (std::uint64_t i = 0; i < zero_mib; ++i) crc = crc32_combine(crc, zeros_crc, static_cast<z_off_t>(zeros.size()));
  const std::uint64_t size = header.size() + (zero_mib << 20);
  const bool zip64 = size >= 0xFFFFFFFFu;

  std::string local;
  append_le(local, 0x04034b50, 4);
  append_le(local, 45, 2);  // version needed
  append_le(local, 0, 2);   // flags
  append_le(local, 8, 2);   // deflate
  append_le(local, 0, 4);   // time, date
  append_le(local, crc, 4);
  append_le(local, zip64 ? 0xFFFFFFFFu : data.size(), 4);
  append_le(local, zip64 ? 0xFFFFFFFFu : size, 4);
  append_le(local, name.size(), 2);
  append_le(local, 0, 2);
  local += name;
  std::string central;
  append_le(central, 0x02014b50, 4);
  append_le(central, 45, 2);
  append_le(central, 45, 2);
  append_le(central, 0, 2);
  append_le(central, 8, 2);
  append_le(central, 0, 4);
  append_le(central, crc, 4);
  append_le(central, zip64 ? 0xFFFFFFFFu : data.size(), 4);
  append_le(central, zip64 ? 0xFFFFFFFFu : size, 4);
  append_le(central, name.size(), 2);
  append_le(central, zip64 ? 20 : 0, 2);  // extra
  append_le(central, 0, 2);               // comment
  append_le(central, 0, 2);               // disk
  append_le(central, 0, 2);               // internal attributes
  append_le(central, 0, 4);               // external attributes
  append_le(central, 0, 4);               // local header offset
  central += name;
  if (zip64) {
    append_le(central, 1, 2);
    append_le(central, 16, 2);
    append_le(central, size, 8);
    append_le(central, data.size(), 8);
  }
  std::string end;
  append_le(end, 0x06054b50, 4);
  append_le(end, 0, 4);  // disks
  append_le(end, 1, 2);
  append_le(end, 1, 2);
  append_le(end, central.size(), 4);
  append_le(end, local.size() + data.size(), 4);
  append_le(end, 0, 2);
  std::ofstream(path, std::ios::binary) << local << data << central << end;
}

// A version 1.0 .npy header for an f8 array of `elements`, padded to 64 bytes as numpy does.
std::string npy_f8_header(std::uint64_t elements) {
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(elements) + ",), }";
  dict.append(64 - (10 + dict.size() + 1) % 64, ' ');
  dict.push_back('\n');
  std::string header = "\x93NUMPY\x01";
  header.push_back('\0');
  append_le(header, dict.size(), 2);
  return header + dict;
}

TEST_F(Round2Files, NpzEntryInflatingPastItsShapeIsRefusedBeforeInflating) {
  const fs::path bomb = out() / "bomb.npz";
  write_zero_bomb(bomb, "u.npy", npy_f8_header(16), 512);  // 128 data bytes declared by the shape, 512 MiB inflated
  ASSERT_LT(fs::file_size(bomb), 2u << 20);
  auto r = run_command(guard() + bin + " inspect " + bomb.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("bomb.npz': entry 'u.npy': declared size 536871040 bytes does not match shape "
                                  "(16,) of dtype <f8 in its .npy header (256 bytes with the header)"))
      << r.output;
}

TEST_F(Round2Files, NpzEntryLargerThanAnyCacheArrayIsRefusedBeforeInflating) {
  const std::uint64_t mib = (lpm::io::max_npz_entry_bytes >> 20) + 1;
  const fs::path bomb = out() / "bomb.npz";
  write_zero_bomb(bomb, "u.npy", npy_f8_header(mib << 17), mib);  // consistent header: 4 GiB + 1 MiB of f8
  auto r = run_command(guard() + bin + " inspect " + bomb.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("bomb.npz': entry 'u.npy': 4296016000 bytes, more than any array of a cache (at most "
                                  "4.0 GiB)"))
      << r.output;
}

}  // namespace
