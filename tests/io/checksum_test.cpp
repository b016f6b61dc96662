#include "io/checksum.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "test_support.hpp"

TEST(Checksum, Sha1OfKnownStringMatchesFips180Example) {
  EXPECT_EQ(lpm::io::sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}
TEST(Checksum, Sha256OfKnownStringMatchesFips180Example) {
  EXPECT_EQ(lpm::io::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
TEST(Checksum, FileDigestEqualsDigestOfItsBytes) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "f.bin";
  std::string bytes(3'000'000, 'x');  // spans several 1 MiB chunks
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_EQ(lpm::io::sha1_file(path), lpm::io::sha1_hex(bytes));
  EXPECT_EQ(lpm::io::sha256_file(path), lpm::io::sha256_hex(bytes));
}
TEST(Checksum, MissingFileThrowsNamingIt) {
  try {
    lpm::io::sha1_file("/nonexistent/kernel.bsp");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/kernel.bsp"), std::string::npos);
  }
}
