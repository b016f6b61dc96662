// Round 2 of the hostile-input tests (issue 23), items 1, 2, 4 and 15: damaged and odd ER tables
// and a spectrum at the end of SPK coverage, each run through the real `potential-mapper batch`
// on one simulated day (1998-06-15). "Nothing lost" compares the spectra of the output with a
// clean run (a spectrum is identified by the time field of its first row), and the report's
// "dropped on input" must count exactly the spectra the damage removed.
// docs/reliability.md, "Round 2 (issue 23): damaged and odd tables", lists the cases.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/constants.hpp"
#include "base/naif_ids.hpp"
#include "fit/fit_status.hpp"
#include "geometry/row_geometry.hpp"
#include "io/checksum.hpp"
#include "io/er_table.hpp"
#include "io/input_limits.hpp"
#include "io/line_reader.hpp"
#include "io/npz.hpp"
#include "spice/spk.hpp"
#include "spice/text_kernel.hpp"
#include "spice/time.hpp"
#include "table_lines.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::read_bytes;
using lpm::test::run_command;
using lpm::test::TempDir;
using ::testing::HasSubstr;

namespace {

const std::string bin = lpm::test::binary().string();
constexpr const char* table_name = "1998/152_181JUN/3D980615.TAB";
constexpr const char* output_name = "potential_batch_1998_06_15.npz";
constexpr int rows_per_spectrum = lpm::er_rows_per_spectrum;

using lpm::test::field;
using lpm::test::join;
using lpm::test::lines_of;
using lpm::test::with_field;
using lpm::test::write_bytes;

// One spectrum of a batch output.
struct OutputSpectrum {
  int status = -1;
  double u_surface_v = 0;
  std::vector<int> row_geometry;
};

struct Outcome {
  int exit_code = -1;
  std::string log;
  std::map<std::string, OutputSpectrum> spectra;  // by identity (time of the first row)
  long dropped = -1;                              // "dropped on input: N" of the report
};

void read_output(const fs::path& cache, Outcome& outcome) {
  if (!fs::exists(cache)) return;
  auto npz = lpm::io::read_npz(cache);
  auto times = npz.at("rows_time").as_strings();
  auto status = npz.at("spec_status").as_i1();
  auto u = npz.at("spec_u_surface").as_f8();
  auto geometry = npz.at("rows_geometry_status").as_i1();
  for (std::size_t s = 0; s < status.size(); ++s) {
    OutputSpectrum& out = outcome.spectra[times.at(s * rows_per_spectrum)];
    out.status = status[s];
    out.u_surface_v = u[s];
    for (int r = 0; r < rows_per_spectrum; ++r) out.row_geometry.push_back(geometry.at(s * rows_per_spectrum + r));
  }
}

long dropped_on_input(const std::string& log) {
  const std::string key = "dropped on input: ";
  auto at = log.find(key);
  return at == std::string::npos ? -1 : std::stol(log.substr(at + key.size()));
}

std::vector<std::string> batch_arguments(const fs::path& data, const fs::path& out) {
  return {"batch",       "--threads", "2",    "--data-dir", data.string(), "--output-dir", out.string(),
          "--overwrite", "--year",    "1998", "--month",    "6",           "--day",        "15"};
}

Outcome run_batch(const fs::path& data, const fs::path& out) {
  std::string command = bin;
  for (const auto& argument : batch_arguments(data, out)) command += " " + argument;
  auto r = run_command(command);
  Outcome outcome;
  outcome.exit_code = r.exit_code;
  outcome.log = r.output;
  outcome.dropped = dropped_on_input(r.output);
  read_output(out / output_name, outcome);
  return outcome;
}

// Runs the binary directly (no shell) and returns its exit code, output and peak resident
// memory in KiB (wait4's ru_maxrss of that one process).
struct MeasuredRun {
  int exit_code = -1;
  std::string output;
  long max_rss_kib = -1;
};
MeasuredRun run_measured(const std::vector<std::string>& arguments, const fs::path& log_path) {
  std::vector<char*> argv;
  std::string program = bin;
  argv.push_back(program.data());
  std::vector<std::string> owned = arguments;
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  MeasuredRun run;
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) ::_exit(126);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (pid > 0 && ::wait4(pid, &status, 0, &usage) == pid) {
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.max_rss_kib = usage.ru_maxrss;
  }
  run.output = read_bytes(log_path);
  return run;
}

// A run of consecutive table lines with one spec_no (a spectrum as written by the simulator).
struct Sweep {
  std::size_t first_line = 0;  // 0-based
  std::size_t lines = 0;
  std::string spec_no;
  std::string identity;
};
std::vector<Sweep> sweeps_of(const std::vector<std::string>& lines) {
  std::vector<Sweep> runs;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string spec = field(lines[i], 3);
    if (runs.empty() || runs.back().spec_no != spec) runs.push_back({i, 0, spec, field(lines[i], 1)});
    ++runs.back().lines;
  }
  return runs;
}

class Round2Tables : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir;
    auto r = run_command(bin + " simulate -q --data-dir " + data().string() +
                         " --year 1998 --month 6 --day 15 --spectra-per-day 40 --seed 7");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    TempDir out;
    clean_ = new Outcome(run_batch(data(), out.path()));
    ASSERT_EQ(clean_->exit_code, 0) << clean_->log;
    ASSERT_GE(clean_->dropped, 0) << clean_->log;
  }
  static void TearDownTestSuite() {
    delete clean_;
    delete data_;
  }
  static fs::path data() { return data_->path(); }

  void SetUp() override {
    ASSERT_NE(clean_, nullptr);
    fs::copy(data(), work_.path() / "data", fs::copy_options::recursive);
    fs::create_directories(out());
    lines_ = lines_of(read_bytes(table()));
  }
  fs::path table() const { return work_.path() / "data" / table_name; }
  fs::path out() const { return work_.path() / "out"; }
  Outcome batch() const { return run_batch(work_.path() / "data", out()); }

  // Two consecutive spectra of 15 lines that the clean run kept, the second starting at line >= 15.
  std::pair<Sweep, Sweep> kept_neighbours() const {
    auto runs = sweeps_of(lines_);
    for (std::size_t i = 1; i + 1 < runs.size(); ++i)
      if (runs[i].lines == rows_per_spectrum && runs[i + 1].lines == rows_per_spectrum &&
          clean_->spectra.count(runs[i].identity) && clean_->spectra.count(runs[i + 1].identity))
        return {runs[i], runs[i + 1]};
    ADD_FAILURE() << "no two consecutive kept spectra in the simulated table";
    return {};
  }

  // The clean run's spectra without `lost`.
  static std::set<std::string> clean_without(const std::set<std::string>& lost) {
    std::set<std::string> ids;
    for (const auto& [id, spectrum] : clean_->spectra)
      if (!lost.count(id)) ids.insert(id);
    return ids;
  }
  static std::set<std::string> ids(const Outcome& outcome) {
    std::set<std::string> ids;
    for (const auto& [id, spectrum] : outcome.spectra) ids.insert(id);
    return ids;
  }

  // Runs batch on the damaged copy: exit 0, every spectrum but `lost` kept, and the report counts
  // exactly `lost.size()` more dropped spectra than the clean run.
  Outcome expect_only_lost(const std::set<std::string>& lost) {
    Outcome outcome = batch();
    EXPECT_EQ(outcome.exit_code, 0) << outcome.log;
    EXPECT_EQ(ids(outcome), clean_without(lost)) << outcome.log;
    EXPECT_EQ(outcome.dropped, clean_->dropped + static_cast<long>(lost.size())) << outcome.log;
    return outcome;
  }

  TempDir work_;
  std::vector<std::string> lines_;
  static TempDir* data_;
  static Outcome* clean_;
};
TempDir* Round2Tables::data_ = nullptr;
Outcome* Round2Tables::clean_ = nullptr;

// ---- item 1: a line damaged at or before spec_no loses only its own spectrum -----------------

TEST_F(Round2Tables, EnergyTextOnASpectrumsFirstRowDropsOnlyThatSpectrum) {
  auto [before, damaged] = kept_neighbours();
  lines_[damaged.first_line] = with_field(lines_[damaged.first_line], 2, "abc");
  write_bytes(table(), join(lines_));
  Outcome outcome = expect_only_lost({damaged.identity});
  EXPECT_THAT(outcome.log, HasSubstr("unparsable number 'abc' for energy (field 2)"));
  EXPECT_TRUE(outcome.spectra.count(before.identity));
}

TEST_F(Round2Tables, HeaderLineAtTheTopDropsNothing) {
  std::string header = "UTC TIME ENERGY SPEC_NO MAG_X MAG_Y MAG_Z";
  for (int k = 0; k < lpm::er_channels; ++k) header += " ELE_FLUX_" + std::to_string(k);
  write_bytes(table(), header + "\r\n" + join(lines_));
  Outcome outcome = expect_only_lost(std::set<std::string>{});
  EXPECT_THAT(outcome.log, HasSubstr("3D980615.TAB:1: unparsable number 'ENERGY' for energy (field 2)"));
  EXPECT_THAT(outcome.log, HasSubstr("malformed lines: 1 (1 outside any spectrum)"));
}

TEST_F(Round2Tables, GarbageLastLineDropsNothing) {
  write_bytes(table(), join(lines_) + "-- end of table --\x1a");
  Outcome outcome = expect_only_lost(std::set<std::string>{});
  EXPECT_THAT(outcome.log, HasSubstr("malformed lines: 1 (1 outside any spectrum)"));
}

TEST_F(Round2Tables, SpecNoWithADecimalPointOrTooManyDigitsDropsOnlyItsSpectrum) {
  for (const std::string bad : {"#.0", "12345678901234567890123"}) {
    SCOPED_TRACE(bad);
    auto [before, damaged] = kept_neighbours();
    std::vector<std::string> lines = lines_;
    const std::string text = bad == "#.0" ? damaged.spec_no + ".0" : bad;
    lines[damaged.first_line] = with_field(lines[damaged.first_line], 3, text);
    write_bytes(table(), join(lines));
    Outcome outcome = expect_only_lost({damaged.identity});
    EXPECT_THAT(outcome.log, HasSubstr("unparsable integer '" + text + "' for spec_no"));
  }
}

// ---- item 2: grouping by spec_no ------------------------------------------------------------

TEST_F(Round2Tables, InterleavedRowsOfTwoCompleteSpectraKeepBoth) {
  auto [a, b] = kept_neighbours();
  std::vector<std::string> mixed;
  for (int i = 0; i < rows_per_spectrum; ++i) {
    mixed.push_back(lines_[a.first_line + i]);
    mixed.push_back(lines_[b.first_line + i]);
  }
  std::copy(mixed.begin(), mixed.end(), lines_.begin() + static_cast<std::ptrdiff_t>(a.first_line));
  write_bytes(table(), join(lines_));
  Outcome outcome = expect_only_lost(std::set<std::string>{});
  for (const auto& id : {a.identity, b.identity}) {
    ASSERT_TRUE(outcome.spectra.count(id));
    EXPECT_EQ(outcome.spectra[id].status, clean_->spectra[id].status);
    const double u = outcome.spectra[id].u_surface_v, clean_u = clean_->spectra[id].u_surface_v;
    EXPECT_TRUE(u == clean_u || (std::isnan(u) && std::isnan(clean_u))) << u << " vs " << clean_u;
  }
}

// ---- item 4: CR-only line ends; a table of NUL bytes ----------------------------------------

TEST_F(Round2Tables, CrOnlyLineEndsAreRead) {
  std::string text = join(lines_);
  std::string cr_only;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] != '\n')
      cr_only += text[i];
    else if (i == 0 || text[i - 1] != '\r')
      cr_only += '\r';
  ASSERT_EQ(cr_only.find('\n'), std::string::npos);
  write_bytes(table(), cr_only);
  Outcome outcome = expect_only_lost(std::set<std::string>{});
  EXPECT_THAT(outcome.log, ::testing::Not(HasSubstr("malformed lines")));
}

// A sparse file of NUL bytes (no line end at all) just under the ER-table size limit: read in
// bounded memory, and a table without a single table row is not "a day with 0 spectra" but an
// unreadable table. One of 1 GiB is refused by its size before a byte is read.
TEST_F(Round2Tables, TableOfNulBytesIsAnErrorNamingItInBoundedMemory) {
  auto make_sparse = [&](off_t size) {
    fs::remove(table());
    int fd = ::open(table().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, size), 0);
    ::close(fd);
  };
  // The same run on a 4 KiB file of NUL bytes: the program's own footprint (sanitizers add ~100 MB).
  make_sparse(4096);
  const long baseline_kib =
      run_measured(batch_arguments(work_.path() / "data", out()), work_.path() / "log.txt").max_rss_kib;
  constexpr off_t under_limit = 60 * (off_t{1} << 20);
  static_assert(under_limit < static_cast<off_t>(lpm::io::max_er_table_bytes));
  make_sparse(under_limit);
  MeasuredRun run = run_measured(batch_arguments(work_.path() / "data", out()), work_.path() / "log.txt");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr(table().string() + ": not an ER table"));
  EXPECT_THAT(run.output, HasSubstr("its only line is not a table row (line 1: line of " + std::to_string(under_limit) +
                                    " bytes is longer than"));
  EXPECT_FALSE(fs::exists(out() / output_name));
  // A reader holding the whole file would add its 60 MiB; the line reader keeps 64 KiB.
  EXPECT_LT(run.max_rss_kib - baseline_kib, 24 * 1024)
      << "peak RSS " << run.max_rss_kib << " KiB, " << baseline_kib << " KiB on a 4 KiB table";

  make_sparse(off_t{1} << 30);
  run = run_measured(batch_arguments(work_.path() / "data", out()), work_.path() / "log.txt");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr(table().string() + ": 1073741824 bytes, more than any ER table can be"));
  EXPECT_LT(run.max_rss_kib - baseline_kib, 24 * 1024) << "peak RSS " << run.max_rss_kib << " KiB";
}

// The same bytes read from a file (in 64 KiB reads) and from memory give the same table, also
// when a CRLF or a lone CR falls on the boundary between two reads.
TEST_F(Round2Tables, LineEndOnAReadBoundaryIsOneLineEnd) {
  for (const std::string eol : {"\r\n", "\r"}) {
    SCOPED_TRACE(eol == "\r" ? "CR" : "CRLF");
    std::string text;
    for (const auto& line : lines_) text += line.substr(0, line.find_first_of("\r\n")) + eol;
    // Pad the last line ending before the boundary with trailing blanks until its '\r' is the
    // read's last byte.
    const std::size_t boundary = lpm::io::line_reader_chunk_bytes;
    const std::size_t cr = text.rfind('\r', boundary - 1);
    text.insert(cr, std::string(boundary - 1 - cr, ' '));
    ASSERT_EQ(text[boundary - 1], '\r');
    write_bytes(table(), text);
    const lpm::io::ErFile from_file = lpm::io::read_er_table(table());
    const lpm::io::ErFile from_memory = lpm::io::parse_er_table_text(text, table());
    EXPECT_EQ(from_file.lines, lines_.size());
    EXPECT_EQ(from_file.lines, from_memory.lines);
    EXPECT_EQ(from_file.bytes, text.size());
    EXPECT_EQ(from_file.malformed_lines, 0u);
    ASSERT_EQ(from_file.spectra.size(), from_memory.spectra.size());
    for (std::size_t i = 0; i < from_file.spectra.size(); ++i)
      for (int r = 0; r < rows_per_spectrum; ++r)
        EXPECT_EQ(from_file.spectra[i].rows[r].line, from_memory.spectra[i].rows[r].line);
  }
}

TEST_F(Round2Tables, TextWithoutATableRowAndAFifoAreNotTables) {
  write_bytes(table(), "<html>\n<body>Not Found</body>\n</html>\n");
  try {
    lpm::io::read_er_table(table());
    ADD_FAILURE() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(": not an ER table: none of its 3 lines is a table row (line 1: line ends after 1 "
                                    "of 183 fields (field 1))"));
  }
  fs::remove(table());
  ASSERT_EQ(::mkfifo(table().c_str(), 0644), 0);
  try {  // must not wait for a writer
    lpm::io::read_er_table(table());
    ADD_FAILURE() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("3D980615.TAB: is a FIFO, not a file"));
  }
}

// An overlong line inside a spectrum belongs to it (and drops it); the spectra around it stay.
TEST_F(Round2Tables, OverlongLineInsideASpectrumDropsOnlyThatSpectrum) {
  auto [before, damaged] = kept_neighbours();
  lines_[damaged.first_line + 5] = std::string(lpm::io::er_max_line_bytes + 1, '7') + "\r\n";
  write_bytes(table(), join(lines_));
  Outcome outcome = expect_only_lost({damaged.identity});
  EXPECT_THAT(outcome.log, HasSubstr("line of 65537 bytes is longer than the 65536-byte limit of a table line"));
}

// ---- item 15: a spectrum that straddles the end of SPK coverage -----------------------------

// Ends every LP segment that covers `et` at `et` and updates the kernel lock to the new file.
void end_lp_coverage_at(const fs::path& kernels, double et) {
  const fs::path spk_path = kernels / "lp_simulated.bsp";
  const std::string old_sha1 = lpm::io::sha1_file(spk_path);
  std::string bytes = read_bytes(spk_path);
  int cut = 0;
  lpm::test::for_each_spk_summary(bytes, [&](std::size_t summary) {
    std::int32_t target;
    double start_et, end_et;
    std::memcpy(&start_et, bytes.data() + summary, 8);
    std::memcpy(&end_et, bytes.data() + summary + 8, 8);
    std::memcpy(&target, bytes.data() + summary + 16, 4);
    if (target == lpm::naif_lunar_prospector_id && start_et <= et && et < end_et) {
      std::memcpy(bytes.data() + summary + 8, &et, 8);
      ++cut;
    }
  });
  ASSERT_GT(cut, 0) << "no LP segment covers ET " << et;
  write_bytes(spk_path, bytes);
  const fs::path lock = kernels / "kernels.lock";
  std::string text = read_bytes(lock);
  auto at = text.find(old_sha1);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, old_sha1.size(), lpm::io::sha1_file(spk_path));
  write_bytes(lock, text);
}

TEST_F(Round2Tables, SpectrumStraddlingTheEndOfSpkCoverageIsNotFittedFromItsCoveredRows) {
  // A fitted spectrum whose rows have distinct times: coverage ends between its rows 9 and 10.
  const auto runs = sweeps_of(lines_);
  const Sweep* chosen = nullptr;
  for (const auto& run : runs) {
    auto it = clean_->spectra.find(run.identity);
    if (run.lines != rows_per_spectrum || it == clean_->spectra.end() ||
        it->second.status != static_cast<int>(lpm::fit::FitStatus::fitted))
      continue;
    if (field(lines_[run.first_line + 9], 0) != field(lines_[run.first_line + 10], 0)) {
      chosen = &run;
      break;
    }
  }
  ASSERT_NE(chosen, nullptr) << "no fitted spectrum with distinct row times";
  const fs::path kernels = work_.path() / "data" / "spice_kernels";
  lpm::spice::TextKernelPool pool;
  pool.load(kernels / "simulated.tls");
  const auto leap = lpm::spice::LeapSeconds::from_pool(pool);
  const double et9 = leap.utc_to_et(field(lines_[chosen->first_line + 9], 0));
  const double et10 = leap.utc_to_et(field(lines_[chosen->first_line + 10], 0));
  end_lp_coverage_at(kernels, 0.5 * (et9 + et10));

  Outcome outcome = batch();
  EXPECT_EQ(outcome.exit_code, 0) << outcome.log;
  ASSERT_TRUE(outcome.spectra.count(chosen->identity)) << outcome.log;
  const OutputSpectrum& s = outcome.spectra[chosen->identity];
  const auto spk_unavailable = static_cast<int>(lpm::geometry::GeometryStatus::spk_unavailable);
  EXPECT_EQ(s.row_geometry[9], 0);
  EXPECT_EQ(s.row_geometry[10], spk_unavailable);
  EXPECT_EQ(s.status, static_cast<int>(lpm::fit::FitStatus::geometry_invalid))
      << "U_surface " << s.u_surface_v << " (clean run " << clean_->spectra[chosen->identity].u_surface_v << ")";
  EXPECT_TRUE(std::isnan(s.u_surface_v));
}

}  // namespace
