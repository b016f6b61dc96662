// DAF container: file record, summaries, names, comments, byte orders and damaged files (D§4.4).
#include "spice/daf.hpp"

#include <cstring>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spice/error.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::spice::DafFile;
using lpm::spice::SpiceError;
using ::testing::HasSubstr;

std::vector<char> read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const std::filesystem::path& p, const std::vector<char>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
std::string error_of(const std::filesystem::path& p) {
  try {
    DafFile::open(p);
  } catch (const SpiceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Daf, ReadsFileRecordAndSegmentSummariesOfLittleEndianSpk) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto daf = DafFile::open(lpm::test::kernels_dir() / "de440s-j2000.bsp");
  EXPECT_EQ(daf.id_word(), "DAF/SPK ");
  EXPECT_EQ(daf.nd(), 2);
  EXPECT_EQ(daf.ni(), 6);
  EXPECT_FALSE(daf.big_endian());
  EXPECT_EQ(daf.internal_name(), "SPKMERGE");
  ASSERT_EQ(daf.summaries().size(), 14u);
  // segment_summary.txt row 3: 301 wrt 3, frame 1, type 2, words 582..626.
  const auto& moon = daf.summaries()[3];
  EXPECT_EQ(moon.ints[4], 582);
  EXPECT_EQ(moon.ints[5], 626);
  EXPECT_EQ(moon.name, "DE-0440LE-0440");
  EXPECT_EQ(moon.ints[0], 301);
  EXPECT_EQ(moon.ints[1], 3);
  EXPECT_EQ(moon.ints[2], 1);
  EXPECT_EQ(moon.ints[3], 2);
}

TEST(Daf, BigEndianCopyGivesIdenticalSummariesAndWords) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto little = DafFile::open(lpm::test::kernels_dir() / "de440s-j2000.bsp");
  auto big = DafFile::open(lpm::test::kernels_dir() / "de440s-j2000_big.bsp");
  EXPECT_TRUE(big.big_endian());
  ASSERT_EQ(little.summaries().size(), big.summaries().size());
  for (std::size_t i = 0; i < little.summaries().size(); ++i) {
    const auto& a = little.summaries()[i];
    const auto& b = big.summaries()[i];
    EXPECT_EQ(a.doubles, b.doubles);
    EXPECT_EQ(a.ints, b.ints);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(little.read_words(a.ints[4], a.ints[5]), big.read_words(b.ints[4], b.ints[5]));
  }
}

TEST(Daf, ReadsBinaryPckSummaryWithFiveIntegers) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto daf = DafFile::open(lpm::test::kernels_dir() / "moon_pa_de421_1900-2050.bpc");
  EXPECT_EQ(daf.id_word(), "DAF/PCK ");
  EXPECT_EQ(daf.ni(), 5);
  ASSERT_EQ(daf.summaries().size(), 1u);
  EXPECT_EQ(daf.summaries()[0].ints[0], 31006);
}

TEST(Daf, AcceptsFileWhoseLengthIsNotAMultipleOfTheRecordSize) {
  LPM_REQUIRE_SHARED_KERNELS();
  for (const char* name : {"de430-2015-03-02.bsp", "jup310.bsp"}) {
    auto daf = DafFile::open(lpm::test::kernels_dir() / name);
    EXPECT_FALSE(daf.summaries().empty()) << name;
    const auto& last = daf.summaries().back();
    EXPECT_NO_THROW(daf.read_words(last.ints[4], last.ints[5])) << name;
  }
}

TEST(Daf, ReturnsCommentArea) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto daf = DafFile::open(lpm::test::kernels_dir() / "picante_type5.bsp");
  EXPECT_THAT(daf.comments(), HasSubstr("BEGIN SPKMERGE COMMANDS"));
}

TEST(Daf, RejectsNonDafFileNamingIt) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto p = lpm::test::kernels_dir() / "naif0012.tls";
  std::string msg = error_of(p);
  EXPECT_THAT(msg, HasSubstr("not a DAF"));
  EXPECT_THAT(msg, HasSubstr("naif0012.tls"));
}

TEST(Daf, RejectsMissingFile) { EXPECT_THAT(error_of("/nonexistent/x.bsp"), HasSubstr("x.bsp")); }

TEST(Daf, RejectsTruncatedFile) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  auto bytes = read_bytes(lpm::test::kernels_dir() / "de440s-j2000.bsp");
  bytes.resize(5000);
  write_bytes(dir.path() / "cut.bsp", bytes);
  std::string msg = error_of(dir.path() / "cut.bsp");
  EXPECT_THAT(msg, HasSubstr("truncated"));
  EXPECT_THAT(msg, HasSubstr("cut.bsp"));
  bytes.resize(600);
  write_bytes(dir.path() / "tiny.bsp", bytes);
  EXPECT_THAT(error_of(dir.path() / "tiny.bsp"), HasSubstr("not a DAF"));
}

TEST(Daf, RejectsAsciiMangledCopy) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  auto bytes = read_bytes(lpm::test::kernels_dir() / "de440s-j2000.bsp");
  // An ASCII transfer turns the lone CR after "FTPSTR:" into CR LF, shifting the rest.
  bytes.insert(bytes.begin() + 707, '\n');
  write_bytes(dir.path() / "ascii.bsp", bytes);
  std::string msg = error_of(dir.path() / "ascii.bsp");
  EXPECT_THAT(msg, HasSubstr("ASCII"));
  EXPECT_THAT(msg, HasSubstr("ascii.bsp"));
}

TEST(Daf, InfersByteOrderWhenFormatWordIsBlank) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  for (const char* name : {"de440s-j2000.bsp", "de440s-j2000_big.bsp"}) {
    auto bytes = read_bytes(lpm::test::kernels_dir() / name);
    std::fill(bytes.begin() + 88, bytes.begin() + 96, ' ');
    write_bytes(dir.path() / name, bytes);
    auto daf = DafFile::open(dir.path() / name);
    EXPECT_EQ(daf.big_endian(), std::string(name).find("_big") != std::string::npos);
    EXPECT_EQ(daf.summaries().size(), 14u);
  }
}

TEST(Daf, RejectsCorruptSummaryCountAndLoop) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  auto original = read_bytes(lpm::test::kernels_dir() / "de440s-j2000.bsp");
  auto bytes = original;
  double bad = 1e9;  // NSUM of the summary record (record 3, word 3)
  std::memcpy(bytes.data() + 2 * 1024 + 16, &bad, 8);
  write_bytes(dir.path() / "nsum.bsp", bytes);
  EXPECT_THAT(error_of(dir.path() / "nsum.bsp"), HasSubstr("summary count"));
  bytes = original;
  double self = 3;  // NEXT pointing to itself
  std::memcpy(bytes.data() + 2 * 1024, &self, 8);
  write_bytes(dir.path() / "loop.bsp", bytes);
  EXPECT_THAT(error_of(dir.path() / "loop.bsp"), HasSubstr("loop"));
}

TEST(Daf, ReadWordsRejectsAddressesOutsideTheFile) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto daf = DafFile::open(lpm::test::kernels_dir() / "de440s-j2000.bsp");
  EXPECT_THROW(daf.read_words(0, 3), SpiceError);
  EXPECT_THROW(daf.read_words(1, daf.word_count() + 1), SpiceError);
  EXPECT_THROW(daf.word(daf.word_count() + 1), SpiceError);
  EXPECT_EQ(daf.read_words(5, 4).size(), 0u);
}

}  // namespace
