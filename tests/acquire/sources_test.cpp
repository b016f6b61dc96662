// Remote sources and --mirror rewriting (D§1.1, SPEC §2).
#include <gtest/gtest.h>

#include "acquire/sources.hpp"

using namespace lpm::acquire;

TEST(Sources, MirrorSendsHttpsHostPathToMirrorHostPath) {
  EXPECT_EQ(mirrored_url("https://naif.jpl.nasa.gov/pub/naif/x.bsp", "http://127.0.0.1:8000"),
            "http://127.0.0.1:8000/naif.jpl.nasa.gov/pub/naif/x.bsp");
  EXPECT_EQ(mirrored_url("https://a.org/b/", "https://mirror.edu/lp/"), "https://mirror.edu/lp/a.org/b/");
  EXPECT_EQ(mirrored_url("https://a.org/b", ""), "https://a.org/b");
  EXPECT_THROW(mirrored_url("http://a.org/b", ""), std::invalid_argument);
}

TEST(Sources, MirrorMustBeAnHttpUrlWithAHost) {
  EXPECT_NO_THROW(check_mirror_url("http://127.0.0.1:1234"));
  EXPECT_NO_THROW(check_mirror_url(""));
  for (const char* bad : {"ftp://x", "file:///etc", "http://", "http:///x", "https://m/?q=1", "127.0.0.1"})
    EXPECT_THROW(check_mirror_url(bad), std::invalid_argument) << bad;
}

TEST(Sources, DefaultsAreHttpsAndLandInTheReferenceLayout) {
  std::vector<RemoteFile> kernels = kernel_files();
  ASSERT_EQ(kernels.size(), 7u);
  for (const RemoteFile& file : kernels) {
    EXPECT_TRUE(file.url.starts_with("https://")) << file.url;
    EXPECT_EQ(file.relative_path.parent_path(), "spice_kernels");
  }
  EXPECT_EQ(kernels[4].url, "https://naif.jpl.nasa.gov/pub/naif/generic_kernels/lsk/latest_leapseconds.tls");
  EXPECT_EQ(kernels[4].relative_path, "spice_kernels/latest_leapseconds.tls");  // flattened
  for (const RemoteFile& table : instrument_table_files()) EXPECT_TRUE(table.url.starts_with("https://"));
  RemoteFile er = er_table_file("1998", "152_181JUN", "3D980615.TAB");
  EXPECT_EQ(er.url, "https://pds-ppi.igpp.ucla.edu/data/lp-er-calibrated/data-3deleflux/1998/152_181JUN/3D980615.TAB");
  EXPECT_EQ(er.relative_path, "1998/152_181JUN/3D980615.TAB");
}
