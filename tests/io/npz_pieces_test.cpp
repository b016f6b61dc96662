// NpzReader::data_pieces (io::ZipEntryStream): an entry's data read piece by piece, as `merge`
// reads year-long caches, gives what read() gives and makes the same checks.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/npz.hpp"
#include "support/test_support.hpp"

namespace lpm::io {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::vector<std::uint8_t> all_pieces(const NpzReader& reader, const std::string& key, std::size_t piece) {
  std::vector<std::uint8_t> out;
  const auto pieces = reader.data_pieces(key);
  for (auto bytes = pieces(piece); !bytes.empty(); bytes = pieces(piece)) {
    EXPECT_LE(bytes.size(), piece);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return out;
}

std::vector<double> ramp(std::size_t n) {
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = 0.5 * static_cast<double>(i % 977);
  return values;
}

TEST(NpzPieces, PiecesGiveTheDataOfReadForStoredAndDeflatedEntries) {
  test::TempDir dir;
  NpzArchive archive;
  archive.add("f", make_f8(ramp(300000)));  // 2.4 MB: more than one input chunk when deflated
  archive.add("s", make_unicode(std::vector<std::string>{"abc", "\xc2\xb5", ""}, 64));
  archive.add("empty", make_i8({}));
  for (int level : {0, 6}) {
    const fs::path path = dir.path() / fmt::format("level{}.npz", level);
    write_npz(path, archive, {.compression_level = level});
    const NpzReader reader(path);
    for (const char* key : {"f", "s", "empty"})
      for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{1} << 20}) {
        if (piece == 1 && std::string(key) == "f") continue;  // byte by byte takes too long
        EXPECT_EQ(all_pieces(reader, key, piece), reader.read(key).data) << key << " level " << level << " " << piece;
      }
  }
}

TEST(NpzPieces, AFlippedDataByteFailsWhenTheLastPieceIsTakenNamingFileAndEntry) {
  test::TempDir dir;
  const fs::path path = dir.path() / "a.npz";
  NpzArchive archive;
  archive.add("values", make_f8(std::vector<double>(4000, 1.25)));
  write_npz(path, archive, {.compression_level = 0});  // stored: the flip reaches the CRC check
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  in.close();
  bytes[30 + std::string("values.npy").size() + 128 + 100] ^= 0x01;  // inside the float data
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const NpzReader reader(path);
  try {
    all_pieces(reader, "values", 1000);
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(path.string()));
    EXPECT_THAT(e.what(), HasSubstr("entry 'values.npy'"));
    EXPECT_THAT(e.what(), HasSubstr("CRC-32 mismatch"));
  }
}

// Every single-bit flip of a deflated file either reads the same as read() or throws
// std::runtime_error, from the constructor or a piece; never anything else.
TEST(NpzPieces, AnyFlipEitherReadsOrThrowsRuntimeError) {
  test::TempDir dir;
  const fs::path good = dir.path() / "good.npz";
  NpzArchive archive;
  archive.add("a", make_f8(ramp(500)));
  write_npz(good, archive);
  std::ifstream in(good, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  int rejected = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x10);
    const fs::path path = dir.path() / "flip.npz";
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(flipped.data(), static_cast<std::streamsize>(flipped.size()));
    try {
      const NpzReader reader(path);
      const auto pieces = all_pieces(reader, "a", 333);
      EXPECT_EQ(pieces, reader.read("a").data) << i;
    } catch (const std::runtime_error&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace lpm::io
