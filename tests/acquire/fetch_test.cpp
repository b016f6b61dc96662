// `potential-mapper fetch` end to end against the fake archive tests/acquire/archive_server.py
// on 127.0.0.1 (started per test, killed at the end, and bounded in lifetime by itself).
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "acquire/archive_server.hpp"
#include "acquire/default_kernels_lock.hpp"
#include "io/checksum.hpp"
#include "io/checksum_list.hpp"
#include "io/data_folder.hpp"
#include "io/text_file.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::ArchiveServer;
using lpm::test::CommandResult;
using lpm::test::Request;
using lpm::test::TempDir;

namespace {

const std::string& er_path = lpm::test::archive_er_path;
const std::vector<std::string> er_tables = {"1998/152_181JUN/3D980615.TAB", "1998/152_181JUN/3D980616.TAB",
                                            "1998/182_212JUL/3D980701.TAB", "1999/001_031JAN/3D990105.TAB"};
constexpr std::uintmax_t archive_bytes = 7 * 20000 + 5000 + 572 + 4 * 300000;  // see archive_server.py

struct FetchTest : ::testing::Test {
  TempDir work;
  fs::path data = work.path() / "data";

  // Runs fetch against the server with its lock (or `lock`), a 10 ms first retry wait and `env`.
  CommandResult fetch(const ArchiveServer& server, const std::string& extra = "", const std::string& env = "",
                      const fs::path& lock = {}) {
    std::string command = "LPM_FETCH_RETRY_BASE_MS=10 " + env + " " + lpm::test::binary().string() +
                          " fetch --mirror " + server.url() + " --data-dir " + data.string() + " --kernels-lock " +
                          (lock.empty() ? server.lock() : lock).string() + " " + extra;
    return lpm::test::run_command(command);
  }
  std::set<std::string> files_under(const fs::path& root) const {
    std::set<std::string> names;
    if (fs::exists(root))
      for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file()) names.insert(fs::relative(entry.path(), root).generic_string());
    return names;
  }
  std::set<std::string> complete_data_set() const {
    std::set<std::string> names = {"attitude.tab", "theta.tab", "solid_angles.tab", "manifest.sha256",
                                   "spice_kernels/kernels.lock"};
    for (const char* k : {"lp_ask_980111-980531.bsp", "lp_ask_980601-981031.bsp", "lp_ask_981101-990331.bsp",
                          "lp_ask_990401-990730.bsp", "latest_leapseconds.tls", "pck00011.tpc", "lpephemu.bsp"})
      names.insert(std::string("spice_kernels/") + k);
    names.insert(er_tables.begin(), er_tables.end());
    return names;
  }
  std::string read(const std::string& relative) const { return lpm::io::read_whole_file(data / relative); }
  void write_part(const std::string& table, const std::string& bytes) const {
    fs::create_directories((data / table).parent_path());
    lpm::io::write_file_atomically(data / (table + ".part"), bytes);
  }
  // The run asked for `table` exactly once, with this Range header, and got this status.
  static void expect_single_get(const ArchiveServer& server, const std::string& table, const std::string& range,
                                int status) {
    std::vector<Request> gets = server.requests_for(fs::path(table).filename().string());
    ASSERT_EQ(gets.size(), 1u);
    EXPECT_EQ(gets[0].range, range);
    EXPECT_EQ(gets[0].status, status);
  }
};

}  // namespace

TEST_F(FetchTest, FreshDownloadFetchesEverythingVerifiedAndLeavesNoPartFiles) {
  ArchiveServer server(work.path());
  CommandResult run = fetch(server);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(files_under(data), complete_data_set());
  lpm::io::ChecksumList manifest = lpm::io::parse_manifest(read("manifest.sha256"), "manifest.sha256");
  ASSERT_EQ(manifest.size(), er_tables.size());
  for (const std::string& table : er_tables) {
    EXPECT_EQ(read(table), server.er_table(table)) << table;
    EXPECT_EQ(manifest.at(table), lpm::io::sha256_file(data / table));
  }
  EXPECT_EQ(read("spice_kernels/kernels.lock"), lpm::io::read_whole_file(server.lock()));
  EXPECT_EQ(lpm::io::read_whole_file(data / "solid_angles.tab").size() > 0, true);
}

TEST_F(FetchTest, PartialFileIsResumedWithARangeRequest) {
  ArchiveServer server(work.path());
  const std::string table = er_tables[0];
  write_part(table, server.er_table(table).substr(0, 100000));
  CommandResult run = fetch(server);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  expect_single_get(server, table, "bytes=100000-", 206);
  EXPECT_EQ(read(table), server.er_table(table));
  EXPECT_FALSE(fs::exists(data / (table + ".part")));
}

TEST_F(FetchTest, ServerIgnoringRangeRestartsTheFile) {
  ArchiveServer server(work.path(), {"--ignore-range", "3D980615.TAB"});
  const std::string table = er_tables[0];
  write_part(table, std::string(1000, 'x'));  // not a prefix of the file
  CommandResult run = fetch(server);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  expect_single_get(server, table, "bytes=1000-", 200);
  EXPECT_EQ(read(table), server.er_table(table));
}

TEST_F(FetchTest, TruncatedBodyKeepsThePartFileFailsAndARerunResumes) {
  const std::string table = er_tables[0];
  {
    ArchiveServer server(work.path(), {"--truncate", "3D980615.TAB"});
    CommandResult run = fetch(server, "", "LPM_FETCH_MAX_TRIES=3");
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("3D980615.TAB"), std::string::npos) << run.output;
    EXPECT_EQ(server.requests_for("3D980615.TAB").size(), 3u);  // bounded tries
    EXPECT_FALSE(fs::exists(data / table));
    ASSERT_TRUE(fs::exists(data / (table + ".part")));
    EXPECT_GT(fs::file_size(data / (table + ".part")), 0u);
    EXPECT_TRUE(fs::exists(data / er_tables[1]));  // the others went on
  }
  fs::remove(work.path() / "server.log");
  ArchiveServer server(work.path());
  CommandResult rerun = fetch(server);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  std::vector<Request> gets = server.requests_for("3D980615.TAB");
  ASSERT_EQ(gets.size(), 1u);
  EXPECT_FALSE(gets[0].range.empty());
  EXPECT_EQ(read(table), server.er_table(table));
  EXPECT_EQ(server.requests_for("3D980616.TAB").size(), 0u);
}

TEST_F(FetchTest, ServiceUnavailableIsRetriedAfterTheRetryAfterDelay) {
  ArchiveServer server(work.path(), {"--unavailable-once", "3D980615.TAB"});
  CommandResult run = fetch(server);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<Request> gets = server.requests_for("3D980615.TAB");
  ASSERT_EQ(gets.size(), 2u);
  EXPECT_EQ(gets[0].status, 503);
  EXPECT_EQ(gets[1].status, 200);
  EXPECT_GE(gets[1].time_s - gets[0].time_s, 0.9);  // Retry-After: 1, not the 10 ms base delay
  EXPECT_EQ(read(er_tables[0]), server.er_table(er_tables[0]));
}

TEST_F(FetchTest, StalledTransferTimesOutAndIsRetried) {
  ArchiveServer server(work.path(), {"--stall-once", "3D980616.TAB"});
  CommandResult run = fetch(server, "--min-rate-window 1");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<Request> gets = server.requests_for("3D980616.TAB");
  ASSERT_EQ(gets.size(), 2u);
  EXPECT_LT(gets[1].time_s - gets[0].time_s, 10.0);  // the 1 s stall timeout, not the server's 20 s
  EXPECT_EQ(read(er_tables[1]), server.er_table(er_tables[1]));
}

TEST_F(FetchTest, HostileListingHrefsAreNeitherRequestedNorWritten) {
  ArchiveServer server(work.path());
  CommandResult run = fetch(server, "-v");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("ignoring href 'a/../../x.TAB'"), std::string::npos);
  std::set<std::string> allowed_listings = {er_path, er_path + "1998/", er_path + "1999/"};
  for (const std::string& table : er_tables)
    allowed_listings.insert(er_path + fs::path(table).parent_path().generic_string() + "/");
  for (const Request& r : server.requests()) {
    EXPECT_EQ(r.path.find(".."), std::string::npos) << r.path;
    EXPECT_EQ(r.path.find("evil"), std::string::npos) << r.path;
    EXPECT_EQ(r.path.find('?'), std::string::npos) << r.path;
    if (r.path.ends_with("/")) {
      EXPECT_TRUE(allowed_listings.contains(r.path)) << r.path;
    }
  }
  EXPECT_EQ(files_under(data), complete_data_set());
  std::set<std::string> top;
  for (const auto& entry : fs::directory_iterator(work.path())) top.insert(entry.path().filename().string());
  EXPECT_EQ(top, (std::set<std::string>{"archive", "data", "server.log"}));
}

TEST_F(FetchTest, KernelLockMismatchIsAnErrorAndTheFileIsMovedAside) {
  ArchiveServer server(work.path());
  std::string lock = lpm::io::read_whole_file(server.lock());
  std::size_t at = lock.find("  lpephemu.bsp");
  lock.replace(at - 40, 40, std::string(40, '0'));
  const fs::path bad_lock = work.path() / "archive" / "bad.lock";
  lpm::io::write_file_atomically(bad_lock, lock);
  CommandResult run = fetch(server, "--kernels-only", "", bad_lock);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("lpephemu.bsp"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(data / "spice_kernels/lpephemu.bsp"));
  EXPECT_TRUE(fs::exists(data / "spice_kernels/lpephemu.bsp.bad"));
  EXPECT_TRUE(fs::exists(data / "spice_kernels/pck00011.tpc"));
}

TEST_F(FetchTest, DefaultLockRejectsKernelsThatAreNotTheRealOnes) {
  ArchiveServer server(work.path());
  CommandResult run = lpm::test::run_command(lpm::test::binary().string() + " fetch --kernels-only -q --mirror " +
                                             server.url() + " --data-dir " + data.string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_TRUE(fs::exists(data / "spice_kernels/pck00011.tpc.bad"));
  EXPECT_FALSE(fs::exists(data / "spice_kernels/pck00011.tpc"));
}

TEST_F(FetchTest, RerunDownloadsNothing) {
  ArchiveServer server(work.path());
  ASSERT_EQ(fetch(server).exit_code, 0);
  server.clear_log();
  CommandResult rerun = fetch(server);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  for (const Request& r : server.requests()) EXPECT_TRUE(r.path.ends_with("/")) << "downloaded again: " << r.path;
  EXPECT_NE(rerun.output.find("fetched 0 files"), std::string::npos) << rerun.output;
}

TEST_F(FetchTest, DryRunWritesNothingAndPrintsTheTotalSize) {
  ArchiveServer server(work.path());
  CommandResult run = fetch(server, "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_FALSE(fs::exists(data));
  EXPECT_NE(run.output.find("would fetch 13 files"), std::string::npos) << run.output;
  const std::string total = std::to_string(archive_bytes) + " bytes)";
  EXPECT_NE(run.output.find(total), std::string::npos) << run.output;
  for (const Request& r : server.requests()) {
    if (!r.path.ends_with("/")) {
      EXPECT_EQ(r.method, "HEAD") << r.path;
    }
  }
}

TEST_F(FetchTest, VerifyCatchesAModifiedErTableWithoutDownloading) {
  ArchiveServer server(work.path());
  ASSERT_EQ(fetch(server).exit_code, 0);
  server.clear_log();
  CommandResult clean = fetch(server, "--verify");
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  const std::string table = er_tables[2];
  std::string bytes = read(table);
  bytes[1234] ^= 0x20;
  lpm::io::write_file_atomically(data / table, bytes);
  CommandResult run = fetch(server, "--verify");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("3D980701.TAB"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(data / table));
  EXPECT_TRUE(fs::exists(data / (table + ".bad")));
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(FetchTest, RerunDetectsAnErTableThatNoLongerMatchesTheManifest) {
  ArchiveServer server(work.path());
  ASSERT_EQ(fetch(server).exit_code, 0);
  lpm::io::write_file_atomically(data / er_tables[3], "tampered");
  CommandResult run = fetch(server);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("3D990105.TAB"), std::string::npos) << run.output;
  EXPECT_TRUE(fs::exists(data / (er_tables[3] + ".bad")));
}

TEST_F(FetchTest, SelectionLimitsTheErTablesAndTheListingsRead) {
  ArchiveServer server(work.path());
  CommandResult run = fetch(server, "--year 1998 --month 6 --day 15");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::exists(data / er_tables[0]));
  for (std::size_t i = 1; i < er_tables.size(); ++i) EXPECT_FALSE(fs::exists(data / er_tables[i])) << er_tables[i];
  for (const Request& r : server.requests()) {
    EXPECT_EQ(r.path.find("/1999/"), std::string::npos) << r.path;
    EXPECT_EQ(r.path.find("JUL"), std::string::npos) << r.path;
  }
}

TEST_F(FetchTest, KernelsOnlyReadsNoListings) {
  ArchiveServer server(work.path());
  CommandResult run = fetch(server, "--kernels-only");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const Request& r : server.requests()) EXPECT_FALSE(r.path.ends_with("/")) << r.path;
  EXPECT_TRUE(fs::exists(data / "spice_kernels/lpephemu.bsp"));
  EXPECT_TRUE(fs::exists(data / "solid_angles.tab"));
  EXPECT_FALSE(fs::exists(data / "1998"));
}

TEST_F(FetchTest, BadUsageExitsWithTwo) {
  ArchiveServer server(work.path());
  EXPECT_EQ(fetch(server, "--month 6 --mirror ftp://example.org").exit_code, 2);
  EXPECT_EQ(fetch(server, "--day 5").exit_code, 2);
  EXPECT_EQ(fetch(server, "--kernels-lock /nonexistent/lock").exit_code, 2);
  EXPECT_EQ(fetch(server, "--insecure").exit_code, 2);
}

// Without a network (connection refused, host not resolved) fetch stops at the first answer:
// no retries, one line naming the way offline (`simulate`), no folders left behind (issue 20).
TEST(FetchOffline, UnreachableArchiveFailsFastWithOneLineAndLeavesNothing) {
  TempDir work;
  const fs::path data = work.path() / "data";
  for (const std::string& mirror : {std::string("http://127.0.0.1:9"), std::string("http://unresolvable.invalid")}) {
    for (const std::string& extra : {std::string(""), std::string(" --dry-run"), std::string(" --kernels-only")}) {
      const auto start = std::chrono::steady_clock::now();
      CommandResult run = lpm::test::run_command(lpm::test::binary().string() + " fetch -q --mirror " + mirror +
                                                 " --data-dir " + data.string() + " --year 1998 --month 6" + extra);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      EXPECT_EQ(run.exit_code, 1) << mirror << extra << "\n" << run.output;
      EXPECT_LT(seconds, 10.0) << "retried like a 503? " << mirror << extra;
      EXPECT_NE(run.output.find("cannot be reached"), std::string::npos) << run.output;
      EXPECT_NE(run.output.find("simulate"), std::string::npos) << run.output;
      EXPECT_EQ(run.output.find("again to resume"), std::string::npos) << run.output;
      EXPECT_EQ(run.output.find("trying again"), std::string::npos) << run.output;
      EXPECT_FALSE(fs::exists(data)) << "folders left behind: " << mirror << extra;
    }
  }
}

// A lock may carry sizes ("# size <bytes> <name>"): a dry run then needs no network for those
// files (issue 20). Here every kernel's size is in the lock and the instrument tables are
// present, so an unreachable mirror does not matter.
TEST(FetchOffline, DryRunNeedsNoNetworkForSizesTheLockKnows) {
  TempDir work;
  const fs::path data = work.path() / "data";
  for (const fs::path& table : {lpm::io::attitude_table_path(data), lpm::io::theta_table_path(data)}) {
    fs::create_directories(table.parent_path());
    std::ofstream(table) << "present\n";
  }
  const std::vector<std::pair<std::string, std::uint64_t>> kernels = {{"lp_ask_980111-980531.bsp", 1000},
                                                                      {"lp_ask_980601-981031.bsp", 2000},
                                                                      {"lp_ask_981101-990331.bsp", 3000},
                                                                      {"lp_ask_990401-990730.bsp", 4000},
                                                                      {"latest_leapseconds.tls", 5257},
                                                                      {"pck00011.tpc", 6000},
                                                                      {"lpephemu.bsp", 7000}};
  std::string lock = "# test lock with sizes\n";
  std::uint64_t total = 0;
  for (const auto& [name, bytes] : kernels) {
    lock += std::string(40, 'a') + "  " + name + "\n# size " + std::to_string(bytes) + " " + name + "\n";
    total += bytes;
  }
  const fs::path lock_path = work.path() / "kernels.lock";
  std::ofstream(lock_path) << lock;
  CommandResult run = lpm::test::run_command(lpm::test::binary().string() +
                                             " fetch --dry-run --kernels-only --mirror http://127.0.0.1:9 --data-dir " +
                                             data.string() + " --kernels-lock " + lock_path.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("would fetch 7 files"), std::string::npos) << run.output;
  for (const auto& [name, bytes] : kernels)
    EXPECT_NE(run.output.find(name + "  " + std::to_string(bytes) + " bytes"), std::string::npos) << name << "\n"
                                                                                                  << run.output;
  EXPECT_NE(run.output.find("total: " + std::to_string(total) + " bytes"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("cannot be reached"), std::string::npos) << run.output;

  // A size line that is not '# size <bytes> <name>' is the lock's error, naming the line.
  std::ofstream(lock_path, std::ios::app) << "# size many lpephemu.bsp\n";
  run = lpm::test::run_command(lpm::test::binary().string() + " fetch --dry-run --kernels-only --data-dir " +
                               data.string() + " --kernels-lock " + lock_path.string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("kernels.lock:16: expected '# size <bytes> <name>'"), std::string::npos) << run.output;
}

// The one size the shipped lock states is that of the file with the same SHA-1 among NAIF's own
// kernels (../shared/kernels/naif0012.tls): checked against the file, not against the code.
TEST(FetchOffline, ShippedLockSizesAreThoseOfTheFilesWithTheirSha1) {
  LPM_REQUIRE_SHARED_KERNELS();
  const fs::path naif = lpm::test::kernels_dir() / "naif0012.tls";
  const auto lock = lpm::io::parse_kernel_lock(lpm::acquire::default_kernels_lock, "default");
  const auto sizes = lpm::io::parse_kernel_lock_sizes(lpm::acquire::default_kernels_lock, "default");
  ASSERT_EQ(sizes.size(), 1u);
  ASSERT_TRUE(sizes.contains("latest_leapseconds.tls"));
  EXPECT_EQ(lock.at("latest_leapseconds.tls"), lpm::io::sha1_file(naif));
  EXPECT_EQ(sizes.at("latest_leapseconds.tls"), fs::file_size(naif));
}
