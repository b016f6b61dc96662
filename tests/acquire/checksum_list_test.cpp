// Kernel lock (D§1.5) and ER manifest parsing.
#include <gtest/gtest.h>

#include "acquire/default_kernels_lock.hpp"
#include "acquire/sources.hpp"
#include "io/checksum_list.hpp"

using namespace lpm::acquire;
using namespace lpm::io;

namespace {
// The message of the exception `parse` throws ("" if none).
template <class Parse>
std::string error_of(Parse parse) {
  try {
    parse();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST(KernelLock, ParsesSha1sumLinesSkippingCommentsBlanksAndShortLines) {
  const std::string text =
      "# comment\n\n"
      "09D4BD44F3F72E01D02BC6DF06B5DB1A6A877351  spice_kernels/latest_leapseconds.tls\n"
      "lonely\n"
      "1eece70640f2d1a2e5c7ad318a15af815819077f  lpephemu.bsp\n";
  ChecksumList lock = parse_kernel_lock(text, "test.lock");
  ASSERT_EQ(lock.size(), 2u);
  EXPECT_EQ(lock.at("latest_leapseconds.tls"), "09d4bd44f3f72e01d02bc6df06b5db1a6a877351");  // basename, lower case
  EXPECT_EQ(lock.at("lpephemu.bsp"), "1eece70640f2d1a2e5c7ad318a15af815819077f");
}

TEST(KernelLock, BadHashIsAnErrorNamingFileAndLine) {
  EXPECT_THROW(parse_kernel_lock("# x\nnot-a-hash  a.bsp\n", "my.lock"), std::runtime_error);
  EXPECT_NE(error_of([] { parse_kernel_lock("# x\nnot-a-hash  a.bsp\n", "my.lock"); }).find("my.lock:2"),
            std::string::npos);
}

TEST(KernelLock, ShippedDefaultHoldsTheSevenRealKernels) {
  ChecksumList lock = parse_kernel_lock(default_kernels_lock, "default");
  ASSERT_EQ(lock.size(), 7u);
  for (const RemoteFile& kernel : kernel_files()) EXPECT_TRUE(lock.contains(kernel.relative_path.filename().string()));
  EXPECT_EQ(lock.at("pck00011.tpc"), "5a224831c6b765d15e078cc7d8ceeab03a63d450");
}

TEST(Manifest, RoundTripsThroughItsTextForm) {
  ChecksumList manifest = {{"1998/001_031JAN/3D980116.TAB", std::string(64, 'a')},
                           {"1998/152_181JUN/3D980615.TAB", std::string(64, 'b')}};
  std::string text = format_checksum_list(manifest, "header");
  EXPECT_EQ(text.substr(0, 9), "# header\n");
  EXPECT_EQ(parse_manifest(text, "m"), manifest);
}

TEST(Manifest, MalformedLineIsAnErrorNamingFileAndLine) {
  EXPECT_NE(
      error_of([] { parse_manifest("abc  1998/x.TAB\n", "data/manifest.sha256"); }).find("data/manifest.sha256:1"),
      std::string::npos);
}
