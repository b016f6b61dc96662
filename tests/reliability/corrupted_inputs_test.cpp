// Corrupted inputs (issue 11): one table row per kind of damage, each run through the real
// `potential-mapper batch` on a simulated mission of two days (1998-06-15 and -16, 60 spectra
// each). For every case: the exit code, a message naming the problem, whether an output file
// exists, and "nothing lost": every spectrum the damage did not touch is in the output (spectra
// are identified by the time field of their first row, which is unique per sweep).
// The in-file damage always hits the second day's table; the first day is the control.
// Each case prints a markdown row; docs/reliability.md holds the table.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/constants.hpp"
#include "io/npz.hpp"
#include "spice/spk.hpp"
#include "table_lines.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using lpm::test::run_command;
using lpm::test::TempDir;

namespace {

const std::string bin = lpm::test::binary().string();
const char* output_name = "potential_batch_1998_06.npz";
const char* damaged_table = "1998/152_181JUN/3D980616.TAB";

using lpm::test::field;
using lpm::test::join;
using lpm::test::lines_of;
using lpm::test::read_bytes;
using lpm::test::with_field;
using lpm::test::write_bytes;

// Identities (time field of the first row) of the table's spectra with the given spec_nos
// (all spectra when `spec_nos` is empty and `all` is true).
std::set<std::string> identities(const fs::path& table, const std::set<std::int64_t>& spec_nos, bool all = false) {
  std::set<std::string> ids;
  std::string previous;
  for (const auto& line : lines_of(read_bytes(table))) {
    std::string spec = field(line, 3);
    if (spec.empty() || spec == previous) continue;
    previous = spec;
    if (all || spec_nos.count(std::stoll(spec))) ids.insert(field(line, 1));
  }
  return ids;
}

struct Outcome {
  int exit_code = -1;
  std::string log;
  bool has_output = false;
  std::set<std::string> spectra;  // identities in the output
  std::size_t stray_files = 0;    // anything in the output folder besides the output file
};

Outcome run_batch(const fs::path& data, const fs::path& out, const std::string& prefix = "") {
  Outcome outcome;
  auto r = run_command(prefix + bin + " batch --threads 2 --data-dir " + data.string() + " --output-dir " +
                       out.string() + " --year 1998 --month 6");
  outcome.exit_code = r.exit_code;
  outcome.log = r.output;
  fs::path cache = out / output_name;
  outcome.has_output = fs::exists(cache);
  if (fs::exists(out))
    for (const auto& entry : fs::directory_iterator(out))
      if (entry.path() != cache) ++outcome.stray_files;
  if (outcome.has_output) {
    auto times = lpm::io::read_npz(cache).at("rows_time").as_strings();
    for (std::size_t i = 0; i < times.size(); i += lpm::er_rows_per_spectrum) outcome.spectra.insert(times[i]);
  }
  return outcome;
}

// How one case damages a copy of the data folder. Returns the identities of the spectra the
// damage may lose (they must be absent from the output; all others must be present).
using Damage = std::function<std::set<std::string>(const fs::path& data)>;

enum class Expect { output, no_output };

struct Case {
  std::string name;
  std::string damage_text;  // for the docs table
  Damage damage;
  int exit_code;
  std::string message;  // must appear in the output of the run
  Expect expect;
  std::string run_as_prefix;  // e.g. to run as an unprivileged user
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

// Edits line `line_index` (0-based) of the damaged table; loses that line's spectrum.
Damage edit_line(std::size_t line_index, std::function<std::string(const std::string&)> edit) {
  return [=](const fs::path& data) {
    auto table = data / damaged_table;
    auto lines = lines_of(read_bytes(table));
    auto lost = identities(table, {std::stoll(field(lines.at(line_index), 3))});
    lines.at(line_index) = edit(lines.at(line_index));
    write_bytes(table, join(lines));
    return lost;
  };
}
// Same, but the spectrum survives the edit (damage is reported by status, or harmless).
Damage edit_line_kept(std::size_t line_index, std::function<std::string(const std::string&)> edit) {
  auto damage = edit_line(line_index, std::move(edit));
  return [=](const fs::path& data) {
    damage(data);
    return std::set<std::string>{};
  };
}

// Sets the 4-byte segment type of every summary of a little-endian DAF (ND=2, NI=6: SPK).
void set_segment_types(const fs::path& spk, std::int32_t type) {
  std::string bytes = read_bytes(spk);
  lpm::test::for_each_spk_summary(bytes,
                                  [&](std::size_t summary) { std::memcpy(bytes.data() + summary + 28, &type, 4); });
  write_bytes(spk, bytes);
}

// Sets 8 bytes inside the first segment's state data near 1998-06-16T12:00 to FF (a NaN):
// the segment is type 13, states (6 words each) first, then the epochs.
void flip_state_data_of_june_16(const fs::path& spk_path) {
  const auto spk = lpm::spice::SpkFile::open(spk_path);
  const auto& seg = spk.segments().at(0);
  const double et_june_16 = -63115200.0 + 86400.0 * (31 + 28 + 31 + 30 + 31 + 15) + 43200.0;
  const double fraction = (et_june_16 - seg.start_et) / (seg.end_et - seg.start_et);
  const auto words = static_cast<double>(seg.end_addr - seg.begin_addr + 1);
  const auto addr = seg.begin_addr + static_cast<std::int64_t>(fraction * words * 6.0 / 7.0);
  std::string bytes = read_bytes(spk_path);
  for (int i = 0; i < 8; ++i) bytes.at(static_cast<std::size_t>((addr - 1) * 8 + i)) = '\xff';
  write_bytes(spk_path, bytes);
}

std::set<std::string> whole_table(const fs::path& data) { return identities(data / damaged_table, {}, true); }

const std::string lp_spk = "spice_kernels/lp_simulated.bsp";

std::vector<Case> cases() {
  std::vector<Case> table;
  table.push_back({"truncated_table", "2nd table cut inside line 400 (after 100 fields)",
                   [](const fs::path& data) {
                     auto path = data / damaged_table;
                     auto lines = lines_of(read_bytes(path));
                     auto cut_spec = std::stoll(field(lines[399], 3));
                     // Everything from the cut spectrum on is lost; spectra wholly before it survive.
                     std::set<std::string> lost = whole_table(data);
                     std::set<std::int64_t> before;
                     for (std::size_t i = 0; i < 399; ++i) before.insert(std::stoll(field(lines[i], 3)));
                     before.erase(cut_spec);
                     for (const auto& id : identities(path, before)) lost.erase(id);
                     std::string& line = lines[399];
                     std::size_t pos = 0;
                     for (int i = 0; i < 100; ++i) pos = line.find(' ', pos + 1);
                     lines.resize(400);
                     line = line.substr(0, pos);
                     write_bytes(path, join(lines));
                     return lost;
                   },
                   0, "line ends after 100 of 183 fields", Expect::output, ""});
  table.push_back({"short_line", "line 20 lacks its last field",
                   edit_line(19, [](const std::string& l) { return l.substr(0, l.rfind(' ')) + "\r\n"; }), 0,
                   "line ends after 182 of 183 fields", Expect::output, ""});
  table.push_back({"long_line", "line 21 has a 184th field",
                   edit_line(20, [](const std::string& l) { return l.substr(0, l.find('\r')) + " 1.0\r\n"; }), 0,
                   "more than 183 fields", Expect::output, ""});
  table.push_back({"nan_number", "flux field of line 22 is `nan`",
                   edit_line(21, [](const std::string& l) { return with_field(l, 9, "nan"); }), 0,
                   "unparsable number 'nan' for ele_flux_2 (field 9)", Expect::output, ""});
  table.push_back({"inf_number", "field magnitude of line 23 is `-inf`",
                   edit_line(22, [](const std::string& l) { return with_field(l, 4, "-inf"); }), 0,
                   "unparsable number '-inf' for mag_x (field 4)", Expect::output, ""});
  table.push_back({"out_of_range_number", "flux field of line 24 is `1E+400`",
                   edit_line(23, [](const std::string& l) { return with_field(l, 10, "1E+400"); }), 0,
                   "unparsable number '1E+400'", Expect::output, ""});
  table.push_back({"huge_field_magnitude", "mag_y of line 25 is `1E+300` (finite)",
                   edit_line(24, [](const std::string& l) { return with_field(l, 5, "1E+300"); }), 0,
                   "bad_field_magnitude", Expect::output, ""});
  table.push_back({"huge_flux", "flux field of line 26 is `1E+300` (finite)",
                   edit_line_kept(25, [](const std::string& l) { return with_field(l, 11, "1E+300"); }), 0, "wrote",
                   Expect::output, ""});
  table.push_back({"non_utf8_number", "bytes FF FE inside a number of line 27",
                   edit_line(26,
                             [](const std::string& l) {
                               return with_field(l, 12,
                                                 "1.0\xff\xfe"
                                                 "E+02");
                             }),
                   0, "unparsable number '1.0\\xff\\xfeE+02'", Expect::output, ""});
  table.push_back({"non_utf8_utc", "bytes FF FE in the UTC of line 28",
                   edit_line_kept(27, [](const std::string& l) { return "\xff\xfe" + l.substr(2); }), 0, "bad_utc",
                   Expect::output, ""});
  table.push_back({"duplicate_spec_no", "3rd spectrum repeated at the end of the table",
                   [](const fs::path& data) {
                     auto path = data / damaged_table;
                     auto lines = lines_of(read_bytes(path));
                     std::string text = join(lines);
                     for (std::size_t i = 30; i < 45; ++i) text += lines[i];
                     write_bytes(path, text);
                     return std::set<std::string>{};
                   },
                   0, "duplicate_spec_no", Expect::output, ""});
  table.push_back({"out_of_order_spec_no", "1st and 2nd spectra swapped",
                   [](const fs::path& data) {
                     auto path = data / damaged_table;
                     auto lines = lines_of(read_bytes(path));
                     std::rotate(lines.begin(), lines.begin() + 15, lines.begin() + 30);
                     write_bytes(path, join(lines));
                     return std::set<std::string>{};
                   },
                   0, "wrote", Expect::output, ""});
  table.push_back({"empty_table", "2nd table is a 0-byte file",
                   [](const fs::path& data) {
                     auto lost = whole_table(data);
                     write_bytes(data / damaged_table, "");
                     return lost;
                   },
                   0, "empty file (0 bytes)", Expect::output, ""});
  table.push_back({"directory_as_table", "2nd table is a directory",
                   [](const fs::path& data) {
                     auto lost = whole_table(data);
                     fs::remove(data / damaged_table);
                     fs::create_directory(data / damaged_table);
                     return lost;
                   },
                   0, "3D980616.TAB: is a directory", Expect::output, ""});
  table.push_back({"unreadable_table", "2nd table mode 000, run as user nobody",
                   [](const fs::path& data) {
                     auto lost = whole_table(data);
                     fs::permissions(data / damaged_table, fs::perms::none);
                     return lost;
                   },
                   0, "Permission denied", Expect::output,
                   ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""});
  table.push_back({"directory_as_attitude", "attitude.tab is a directory",
                   [](const fs::path& data) {
                     fs::remove(data / "attitude.tab");
                     fs::create_directory(data / "attitude.tab");
                     return std::set<std::string>{};
                   },
                   1, "attitude.tab: is a directory, not a file", Expect::no_output, ""});
  table.push_back({"truncated_spk", "LP SPK cut to half its length",
                   [](const fs::path& data) {
                     std::string bytes = read_bytes(data / lp_spk);
                     write_bytes(data / lp_spk, bytes.substr(0, bytes.size() / 2));
                     return std::set<std::string>{};
                   },
                   1, "truncated or corrupt file", Expect::no_output, ""});
  table.push_back({"byte_flipped_spk_header", "LP SPK: ND byte (offset 8) flipped to 0x7F",
                   [](const fs::path& data) {
                     std::string bytes = read_bytes(data / lp_spk);
                     bytes[8] = '\x7f';
                     write_bytes(data / lp_spk, bytes);
                     return std::set<std::string>{};
                   },
                   1, "invalid DAF summary format ND=127", Expect::no_output, ""});
  table.push_back({"byte_flipped_spk_data", "LP SPK: 8 bytes inside the state data of 1998-06-16 set to FF",
                   [](const fs::path& data) {
                     flip_state_data_of_june_16(data / lp_spk);
                     return std::set<std::string>{};
                   },
                   1, "differs from", Expect::no_output, ""});
  table.push_back({"byte_flipped_spk_data_no_lock", "same, and kernels.lock removed",
                   [](const fs::path& data) {
                     flip_state_data_of_june_16(data / lp_spk);
                     fs::remove(data / "spice_kernels/kernels.lock");
                     return std::set<std::string>{};
                   },
                   0, "first: ", Expect::output, ""});
  table.push_back({"unsupported_segment_type",
                   "extra kernel zz_unsupported.bsp: planets SPK with every segment type set to 4",
                   [](const fs::path& data) {
                     auto extra = data / "spice_kernels/zz_unsupported.bsp";
                     fs::copy_file(data / "spice_kernels/planets_simulated.bsp", extra);
                     set_segment_types(extra, 4);
                     return std::set<std::string>{};
                   },
                   0, "SPK segment type 4 is not supported", Expect::output, ""});
  table.push_back({"attitude_not_increasing", "attitude.tab records 11 and 12 swapped",
                   [](const fs::path& data) {
                     auto lines = lines_of(read_bytes(data / "attitude.tab"));
                     std::swap(lines.at(10), lines.at(11));
                     write_bytes(data / "attitude.tab", join(lines));
                     return std::set<std::string>{};
                   },
                   1, "times must strictly increase", Expect::no_output, ""});
  return table;
}

// One clean two-day mission and its batch output, shared by every case.
class CorruptedInputs : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    clean_ = new TempDir;
    auto r = run_command(bin + " simulate -q --data-dir " + data().string() +
                         " --start 1998-06-15 --end 1998-06-16 --spectra-per-day 60");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    TempDir out;
    clean_outcome_ = new Outcome(run_batch(data(), out.path()));
    ASSERT_EQ(clean_outcome_->exit_code, 0) << clean_outcome_->log;
    std::cout << "| case | damage | exit | message | output |\n|---|---|---|---|---|\n";
  }
  static void TearDownTestSuite() {
    delete clean_outcome_;
    delete clean_;
  }
  static fs::path data() { return clean_->path() / "data"; }

  static TempDir* clean_;
  static Outcome* clean_outcome_;
};
TempDir* CorruptedInputs::clean_ = nullptr;
Outcome* CorruptedInputs::clean_outcome_ = nullptr;

// The line of the run's output that holds `message` (for the docs table).
std::string line_with(const std::string& log, const std::string& message) {
  for (const auto& line : lines_of(log))
    if (line.find(message) != std::string::npos) return line.substr(0, line.find_last_not_of("\r\n") + 1);
  return "";
}

TEST_P(CorruptedInputs, ReportsTheDamageAndKeepsEveryUndamagedSpectrum) {
  const Case& c = GetParam();
  ASSERT_FALSE(clean_outcome_->spectra.empty());
  TempDir work;
  fs::copy(data(), work.path() / "data", fs::copy_options::recursive);
  fs::path out = work.path() / "out";
  fs::create_directories(out);
  if (!c.run_as_prefix.empty()) {
    if (run_command("command -v setpriv").exit_code != 0)
      GTEST_SKIP() << "running as root and setpriv is missing: mode 000 does not stop root from reading";
    // The unprivileged user must reach the data and write the output.
    fs::permissions(work.path(), fs::perms::all);
    fs::permissions(out, fs::perms::all);
  }
  std::set<std::string> lost = c.damage(work.path() / "data");
  Outcome outcome = run_batch(work.path() / "data", out, c.run_as_prefix);

  EXPECT_EQ(outcome.exit_code, c.exit_code) << outcome.log;
  EXPECT_NE(outcome.log.find(c.message), std::string::npos) << "expected '" << c.message << "' in:\n" << outcome.log;
  EXPECT_EQ(outcome.stray_files, 0u) << "temp or partial files left in the output folder";
  std::string output_text;
  if (c.expect == Expect::no_output) {
    EXPECT_FALSE(outcome.has_output);
    output_text = "no file";
  } else {
    ASSERT_TRUE(outcome.has_output) << outcome.log;
    std::set<std::string> expected;
    for (const auto& id : clean_outcome_->spectra)
      if (!lost.count(id)) expected.insert(id);
    EXPECT_EQ(outcome.spectra, expected) << "lost " << lost.size() << " damaged spectra; clean run had "
                                         << clean_outcome_->spectra.size();
    output_text = std::to_string(outcome.spectra.size()) + " of " + std::to_string(clean_outcome_->spectra.size()) +
                  " spectra (" + std::to_string(clean_outcome_->spectra.size() - outcome.spectra.size()) +
                  " damaged ones missing, all others present)";
  }
  std::string message = line_with(outcome.log, c.message);
  for (auto& ch : message)
    if (ch == '|') ch = '/';
  // Temp paths out of the docs table: D is the data folder, OUT the output folder.
  for (const auto& [from, to] :
       {std::pair{(work.path() / "data").string(), std::string("D")}, std::pair{out.string(), std::string("OUT")}})
    for (auto at = message.find(from); at != std::string::npos; at = message.find(from))
      message.replace(at, from.size(), to);
  std::cout << "| " << c.name << " | " << c.damage_text << " | " << outcome.exit_code << " | `" << message << "` | "
            << output_text << " |\n";
}

INSTANTIATE_TEST_SUITE_P(Table, CorruptedInputs, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
