#include "io/er_table.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace {

using lpm::io::DropReason;
using lpm::io::ErFile;
using lpm::io::ErRow;
using lpm::io::ErSpectrum;
using lpm::io::parse_er_table_text;
using ::testing::HasSubstr;

constexpr int channels = lpm::er_channels;

std::size_t dropped(const ErFile& file, DropReason reason) { return file.dropped[static_cast<int>(reason)]; }

// One table line; flux of cell k = flux0 * (k + 1), phi of cell k = 4 k + 0.5.
struct LineSpec {
  std::string utc = "1998-06-08T00:27:41";
  std::string time = "897265661";
  std::string energy = "38.641";
  std::string spec_no = "1";
  std::string b[3] = {"9.724349", "-1.277785", "1.788874"};
  double flux0 = 1.5e5;
};

std::string make_line(const LineSpec& s) {
  std::string line =
      s.utc + " " + s.time + " " + s.energy + " " + s.spec_no + " " + s.b[0] + " " + s.b[1] + " " + s.b[2];
  char buffer[64];
  for (int k = 0; k < channels; ++k) {
    std::snprintf(buffer, sizeof buffer, " %.3E", s.flux0 * (k + 1));
    line += buffer;
  }
  for (int k = 0; k < channels; ++k) {
    std::snprintf(buffer, sizeof buffer, " %.2f", 4.0 * k + 0.5);
    line += buffer;
  }
  return line;
}

// `rows` lines of spectrum `spec_no`, each ending in `eol`.
std::string make_spectrum(int spec_no, int rows = 15, const std::string& eol = "\n") {
  std::string text;
  LineSpec s;
  s.spec_no = std::to_string(spec_no);
  for (int i = 0; i < rows; ++i) {
    s.energy = std::to_string(40.0 * (i + 1));
    text += make_line(s) + eol;
  }
  return text;
}

// Replaces field `index` (0-based) of a line by `value`.
std::string with_field(const std::string& line, int index, const std::string& value) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = line.find(' ', start) + 1;
  std::size_t end = line.find(' ', start);
  return line.substr(0, start) + value + (end == std::string::npos ? "" : line.substr(end));
}

// A 15-row spectrum split into its first line and the 14 lines after it.
struct FirstAndRest {
  std::string first, rest;
};
FirstAndRest spectrum_split(int spec_no) {
  std::string text = make_spectrum(spec_no);
  return {text.substr(0, text.find('\n')), text.substr(text.find('\n') + 1)};
}

// Expects exactly one malformed line, dropping one spectrum, with every part in its message.
void expect_one_malformed_line(const ErFile& file, const std::vector<std::string>& parts) {
  EXPECT_EQ(dropped(file, DropReason::malformed_line), 1u);
  ASSERT_EQ(file.issues.size(), 1u);
  for (const auto& part : parts) EXPECT_THAT(file.issues[0].message, HasSubstr(part));
}

TEST(ErTableReader, ParsesEveryFieldOfASpectrum) {
  ErFile file = parse_er_table_text(make_spectrum(7), "mem.TAB");
  ASSERT_EQ(file.spectra.size(), 1u);
  const ErSpectrum& spectrum = file.spectra[0];
  EXPECT_EQ(spectrum.spec_no, 7);
  ASSERT_EQ(spectrum.rows.size(), 15u);
  const ErRow& row = spectrum.rows[2];
  EXPECT_EQ(row.utc, "1998-06-08T00:27:41");
  EXPECT_EQ(row.time, "897265661");
  EXPECT_DOUBLE_EQ(row.energy_ev, 120.0);
  EXPECT_EQ(row.spec_no, 7);
  EXPECT_EQ(row.b_scd_nt[0], 9.724349);
  EXPECT_EQ(row.b_scd_nt[1], -1.277785);
  EXPECT_EQ(row.b_scd_nt[2], 1.788874);
  EXPECT_EQ(row.flux[0], 1.5e5);
  EXPECT_EQ(row.flux[87], 1.32e7);
  EXPECT_EQ(row.phi_deg[0], 0.5);
  EXPECT_EQ(row.phi_deg[87], 348.5);
  EXPECT_EQ(row.line, 3u);
  EXPECT_EQ(file.lines, 15u);
  EXPECT_TRUE(file.issues.empty());
}

TEST(ErTableReader, FillValuesBecomeNaN) {
  std::string line = make_line({});
  line = with_field(line, 7, "9.999E-99");  // ele_flux_0, instrument fill
  line = with_field(line, 8, "-9.99E-99");  // ele_flux_1, PPI error flag
  line = with_field(line, 95, "999.99");    // dist_phi_0, fill
  line = with_field(line, 96, "998.99");    // dist_phi_1, invalid flag
  std::string text;
  for (int i = 0; i < 15; ++i) text += line + "\n";
  ErFile file = parse_er_table_text(text, "mem.TAB");
  ASSERT_EQ(file.spectra.size(), 1u);
  const ErRow& row = file.spectra[0].rows[0];
  EXPECT_TRUE(std::isnan(row.flux[0]));
  EXPECT_TRUE(std::isnan(row.flux[1]));
  EXPECT_EQ(row.flux[2], 4.5e5);
  EXPECT_TRUE(std::isnan(row.phi_deg[0]));
  EXPECT_TRUE(std::isnan(row.phi_deg[1]));
  EXPECT_EQ(row.phi_deg[2], 8.5);
}

TEST(ErTableReader, AcceptsCrlfTabsTrailingSpacesAndBlankLines) {
  std::string text = "\r\n" + make_spectrum(1, 15, "   \r\n") + "\n  \t\r\n";
  std::string tabbed = make_spectrum(2);
  for (std::size_t pos = tabbed.find(' '); pos != std::string::npos; pos = tabbed.find(' ', pos + 3))
    tabbed.replace(pos, 1, " \t ");
  text += tabbed;
  text.pop_back();  // last line without a line end
  ErFile file = parse_er_table_text(text, "mem.TAB");
  ASSERT_EQ(file.spectra.size(), 2u) << (file.issues.empty() ? "" : file.issues[0].message);
  EXPECT_EQ(file.spectra[0].rows[0].line, 2u);
  EXPECT_EQ(file.spectra[1].rows[14].phi_deg[87], 348.5);
  EXPECT_EQ(file.spectra[0].rows[14].phi_deg[87], 348.5);
}

TEST(ErTableReader, GroupsConsecutiveRowsBySpecNoInFileOrder) {
  ErFile file = parse_er_table_text(make_spectrum(3) + make_spectrum(1) + make_spectrum(2), "mem.TAB");
  ASSERT_EQ(file.spectra.size(), 3u);
  EXPECT_EQ(file.spectra[0].spec_no, 3);
  EXPECT_EQ(file.spectra[1].spec_no, 1);
  EXPECT_EQ(file.spectra[2].spec_no, 2);
  EXPECT_EQ(file.spectra[2].rows[0].line, 31u);
}

TEST(ErTableReader, DropsSpectrumWithFieldMagnitudeAtOrBelowMinimum) {
  auto [first, rest] = spectrum_split(2);
  std::string bad = with_field(with_field(with_field(first, 4, "0"), 5, "0"), 6, "0");
  ErFile file = parse_er_table_text(make_spectrum(1) + bad + "\n" + rest, "m");
  ASSERT_EQ(file.spectra.size(), 1u);
  EXPECT_EQ(file.spectra[0].spec_no, 1);
  EXPECT_EQ(dropped(file, DropReason::bad_field_magnitude), 1u);
}

TEST(ErTableReader, DropsSpectrumWithFieldMagnitudeAtOrAboveMaximum) {
  auto [first, rest] = spectrum_split(1);
  std::string bad = with_field(with_field(with_field(first, 4, "600"), 5, "800"), 6, "0");  // |B| = 1000
  ErFile file = parse_er_table_text(rest + bad + "\n", "m");
  EXPECT_TRUE(file.spectra.empty());
  EXPECT_EQ(dropped(file, DropReason::bad_field_magnitude), 1u);
}

TEST(ErTableReader, DropsSpectrumWithEpochZeroTime) {
  auto [first, rest] = spectrum_split(1);
  ErFile by_utc = parse_er_table_text(with_field(first, 0, "1970-01-01T00:00:00") + "\n" + rest, "m");
  EXPECT_TRUE(by_utc.spectra.empty());
  EXPECT_EQ(dropped(by_utc, DropReason::epoch_zero_time), 1u);
  ErFile by_time = parse_er_table_text(with_field(first, 1, "0") + "\n" + rest, "m");
  EXPECT_EQ(dropped(by_time, DropReason::epoch_zero_time), 1u);
}

TEST(ErTableReader, DropsSpectraWithoutExactly15Rows) {
  ErFile file = parse_er_table_text(make_spectrum(1, 14) + make_spectrum(2) + make_spectrum(3, 16), "m");
  ASSERT_EQ(file.spectra.size(), 1u);
  EXPECT_EQ(file.spectra[0].spec_no, 2);
  EXPECT_EQ(dropped(file, DropReason::wrong_row_count), 2u);
}

TEST(ErTableReader, ShortLineIsMalformedWithPathLineAndField) {
  std::string text = make_spectrum(1);
  std::size_t third = text.find('\n', text.find('\n') + 1) + 1;  // start of line 3
  std::string line = text.substr(third, text.find('\n', third) - third);
  std::string shortened = line.substr(0, line.rfind(' '));  // 182 fields
  std::string damaged = text.substr(0, third) + shortened + text.substr(third + line.size());
  ErFile file = parse_er_table_text(damaged + make_spectrum(2), "/data/3D980608.TAB");
  ASSERT_EQ(file.spectra.size(), 1u);
  EXPECT_EQ(file.spectra[0].spec_no, 2);
  expect_one_malformed_line(file, {"/data/3D980608.TAB:3:", "(field 182)"});
  EXPECT_EQ(file.issues.at(0).line, 3u);
}

TEST(ErTableReader, ExtraFieldAndUnparsableNumberAreMalformed) {
  auto [first, rest] = spectrum_split(1);
  expect_one_malformed_line(parse_er_table_text(first + " 12\n" + rest, "x.TAB"), {"x.TAB:1:", "(field 183)"});
  expect_one_malformed_line(parse_er_table_text(with_field(first, 10, "1.2.3") + "\n" + rest, "x.TAB"),
                            {"x.TAB:1:", "'1.2.3'", "ele_flux_3 (field 10)"});
}

TEST(ErTableReader, NanAndInfTextAreUnparsable) {
  auto [first, rest] = spectrum_split(1);
  for (const char* word : {"nan", "NaN", "inf", "-Infinity", "1e999"}) {
    ErFile file = parse_er_table_text(with_field(first, 50, word) + "\n" + rest, "x.TAB");
    EXPECT_EQ(dropped(file, DropReason::malformed_line), 1u) << word;
    EXPECT_TRUE(file.spectra.empty()) << word;
  }
}

// "0E+00" (most fluxes of a table) is read without from_chars: it must still be exactly 0 where
// it is a whole field, mid-line or last, and a longer token that starts like it must not be cut.
TEST(ErTableReader, ZeroTokenIsZeroAndLongerTokensStartingLikeItAreReadWhole) {
  auto [first, rest] = spectrum_split(1);
  std::string line = with_field(first, 7, "0E+00");  // ele_flux_0
  line = with_field(line, 8, "0E+001");              // ele_flux_1: 0 × 10^1
  line = with_field(line, 9, "0E+01");               // ele_flux_2
  line = with_field(line, 182, "0E+00");             // dist_phi_87, the line's last field
  ErFile file = parse_er_table_text(line + "\n" + rest, "x.TAB");
  ASSERT_EQ(file.spectra.size(), 1u);
  const ErRow& row = file.spectra[0].rows[0];
  EXPECT_EQ(row.flux[0], 0.0);
  EXPECT_FALSE(std::signbit(row.flux[0]));
  EXPECT_EQ(row.flux[1], 0.0);
  EXPECT_EQ(row.flux[2], 0.0);
  EXPECT_EQ(row.phi_deg[87], 0.0);
  expect_one_malformed_line(parse_er_table_text(with_field(first, 10, "0E+00x") + "\n" + rest, "x.TAB"),
                            {"x.TAB:1:", "'0E+00x'", "ele_flux_3 (field 10)"});
}

TEST(ErTableReader, LineWithUnreadableSpecNoBelongsToSpectrumInProgress) {
  std::string text = make_spectrum(1);
  std::size_t fifth = 0;
  for (int i = 0; i < 4; ++i) fifth = text.find('\n', fifth) + 1;
  std::string line = text.substr(fifth, text.find('\n', fifth) - fifth);
  std::string damaged = text.substr(0, fifth) + with_field(line, 3, "x1") + text.substr(fifth + line.size());
  ErFile file = parse_er_table_text(damaged + make_spectrum(2), "x.TAB");
  ASSERT_EQ(file.spectra.size(), 1u);
  EXPECT_EQ(file.spectra[0].spec_no, 2);
  expect_one_malformed_line(file, {"x.TAB:5:", "(field 3)"});
  EXPECT_EQ(dropped(file, DropReason::wrong_row_count), 0u);
}

TEST(ErTableReader, GarbageFirstLineJoinsTheFollowingSpectrum) {
  std::string rest = spectrum_split(1).rest;  // 14 good rows of spectrum 1
  ErFile file = parse_er_table_text("garbage\n" + rest + make_spectrum(2), "x.TAB");
  ASSERT_EQ(file.spectra.size(), 1u);
  EXPECT_EQ(file.spectra[0].spec_no, 2);
  expect_one_malformed_line(file, {"x.TAB:1: line ends after 1 of 183 fields (field 1)"});
  EXPECT_EQ(dropped(file, DropReason::wrong_row_count), 0u);
}

TEST(ErTableReader, KeepsOnlyTheFirstIssuesButCountsAllMalformedLines) {
  std::string text;
  for (int i = 0; i < 250; ++i) text += "bad line " + std::to_string(i) + "\n";
  ErFile file = parse_er_table_text(text, "x.TAB");
  EXPECT_EQ(file.malformed_lines, 250u);
  EXPECT_EQ(file.issues.size(), lpm::io::er_max_kept_issues);
}

TEST(ErTableReader, EmptyTextGivesNoSpectra) {
  ErFile file = parse_er_table_text("", "x.TAB");
  EXPECT_TRUE(file.spectra.empty());
  EXPECT_EQ(file.lines, 0u);
}

TEST(ErTableReader, MissingFileThrowsNamingThePath) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "3D980101.TAB";
  try {
    lpm::io::read_er_table(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(error.what(), HasSubstr(path.string()));
  }
}

TEST(ErTableReader, ReadsAFileFromDisk) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "3D980608.TAB";
  std::ofstream(path) << make_spectrum(1, 15, "\r\n") << make_spectrum(2, 15, "\r\n");
  ErFile file = lpm::io::read_er_table(path);
  EXPECT_EQ(file.path, path);
  EXPECT_EQ(file.spectra.size(), 2u);
  EXPECT_EQ(file.bytes, std::filesystem::file_size(path));
}

TEST(DropReasonNames, EveryReasonHasItsName) {
  EXPECT_STREQ(lpm::io::to_string(DropReason::bad_field_magnitude), "bad_field_magnitude");
  EXPECT_STREQ(lpm::io::to_string(DropReason::epoch_zero_time), "epoch_zero_time");
  EXPECT_STREQ(lpm::io::to_string(DropReason::wrong_row_count), "wrong_row_count");
  EXPECT_STREQ(lpm::io::to_string(DropReason::malformed_line), "malformed_line");
}

// Spectra with varied values: wide-range flux, NaN fill cells, negative flux, random phi.
std::vector<ErSpectrum> random_spectra(int count) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<ErSpectrum> spectra;
  for (int s = 0; s < count; ++s) {
    ErSpectrum spectrum;
    spectrum.spec_no = 100 + s;
    for (int i = 0; i < 15; ++i) {
      ErRow row;
      row.utc = "1998-06-08T00:27:" + std::to_string(10 + i);
      row.time = std::to_string(897265600 + i);
      row.energy_ev = 20.0 * std::pow(1000.0, unit(rng));
      row.spec_no = spectrum.spec_no;
      for (double& b : row.b_scd_nt) b = 40.0 * unit(rng) - 20.0;
      for (int k = 0; k < channels; ++k) {
        double u = unit(rng);
        row.flux[k] = u < 0.05 ? std::nan("") : u < 0.1 ? -unit(rng) * 1e3 : std::pow(10.0, 12.0 * unit(rng) - 2.0);
        row.phi_deg[k] = unit(rng) < 0.05 ? std::nan("") : 360.0 * unit(rng);
      }
      spectrum.rows.push_back(row);
    }
    spectra.push_back(spectrum);
  }
  return spectra;
}

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_same_spectra(const std::vector<ErSpectrum>& expected, const std::vector<ErSpectrum>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t s = 0; s < expected.size(); ++s) {
    EXPECT_EQ(expected[s].spec_no, actual[s].spec_no);
    ASSERT_EQ(expected[s].rows.size(), actual[s].rows.size());
    for (std::size_t i = 0; i < expected[s].rows.size(); ++i) {
      const ErRow& e = expected[s].rows[i];
      const ErRow& a = actual[s].rows[i];
      EXPECT_EQ(e.utc, a.utc);
      EXPECT_EQ(e.time, a.time);
      EXPECT_EQ(e.energy_ev, a.energy_ev);
      EXPECT_EQ(e.spec_no, a.spec_no);
      EXPECT_EQ(e.b_scd_nt, a.b_scd_nt);
      for (int k = 0; k < channels; ++k) {
        EXPECT_TRUE(same_value(e.flux[k], a.flux[k])) << "flux " << k << ": " << e.flux[k] << " vs " << a.flux[k];
        EXPECT_TRUE(same_value(e.phi_deg[k], a.phi_deg[k])) << "phi " << k;
      }
    }
  }
}

TEST(ErTableWriter, RoundTripIsExact) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "3D980608.TAB";
  std::vector<ErSpectrum> spectra = random_spectra(5);
  lpm::io::write_er_table(path, spectra);
  ErFile file = lpm::io::read_er_table(path);
  EXPECT_TRUE(file.issues.empty());
  expect_same_spectra(spectra, file.spectra);
  // Only the table is left in the folder (no temporary file).
  EXPECT_EQ(lpm::test::folder_names(dir.path()).size(), 1u);
}

TEST(ErTableWriter, WritesArchiveStyleFieldsAndFillValues) {
  std::vector<ErSpectrum> spectra = random_spectra(1);
  ErRow& row = spectra[0].rows[0];
  row.energy_ev = 38.641;
  row.flux[0] = 123400.0;
  row.flux[1] = std::nan("");
  row.phi_deg[0] = 12.25;
  row.phi_deg[1] = std::nan("");
  std::string text = lpm::io::format_er_table(spectra);
  std::string first = text.substr(0, text.find('\n'));
  EXPECT_EQ(first.back(), '\r');
  EXPECT_THAT(first, ::testing::StartsWith("1998-06-08T00:27:10 897265600 38.641 100 "));
  EXPECT_THAT(first, HasSubstr(" 1.234E+05 9.999E-99 "));
  EXPECT_THAT(first, HasSubstr(" 12.25 999.99 "));
}

TEST(ErTableWriter, RejectsNonFiniteFieldAndBlankUtc) {
  std::vector<ErSpectrum> spectra = random_spectra(1);
  spectra[0].rows[3].b_scd_nt[1] = INFINITY;
  EXPECT_THROW(lpm::io::format_er_table(spectra), std::invalid_argument);
  spectra = random_spectra(1);
  spectra[0].rows[3].utc = "1998-06-08 00:27:10";
  EXPECT_THROW(lpm::io::format_er_table(spectra), std::invalid_argument);
}

TEST(ErTableWriter, FailedWriteLeavesNoFile) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "missing-folder" / "3D980608.TAB";
  EXPECT_THROW(lpm::io::write_er_table(path, random_spectra(1)), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
