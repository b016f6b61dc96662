// `potential-mapper view` without a browser: bad usage is one line, exit 2, nothing written; the
// page holds plotly.js and no outside reference, and its data are compact enough that a month of
// spectra stays under 10 MB. The page in a browser: view_browser_test.cpp.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using lpm::test::run_command;
using lpm::test::TempDir;
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ViewCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    day_ = new lpm::test::SimulatedDayCache(lpm::test::simulate_and_batch(dir_->path(), "1998", "06", "15", 300, 7));
  }
  static void TearDownTestSuite() {
    delete day_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(day_->failure.empty()) << day_->failure;
    if (!fs::exists(LPM_PLOTLY_JS))
      GTEST_SKIP() << "plotly.js absent at " << LPM_PLOTLY_JS << " (scripts/install-deps.sh)";
  }
  static std::string view(const std::string& args) { return lpm::test::binary().string() + " view " + args; }
  static TempDir* dir_;
  static lpm::test::SimulatedDayCache* day_;
};
TempDir* ViewCommand::dir_ = nullptr;
lpm::test::SimulatedDayCache* ViewCommand::day_ = nullptr;

TEST_F(ViewCommand, BadUsageIsOneLineExitTwoAndWritesNothing) {
  TempDir out;
  const std::string html = (out.path() / "v.html").string();
  const std::string cache = day_->cache;
  const fs::path sza = dir_->path() / "sza.nc";
  ASSERT_EQ(run_command(lpm::test::binary().string() + " stats -q " + cache + " --by sza -o " + sza.string()).exit_code,
            0);
  for (const std::string& command : {
           view("-o " + html),                                           // no cache
           view((out.path() / "missing.npz").string() + " -o " + html),  // unreadable cache
           view(cache + " -o " + (out.path() / "v.png").string()),       // not an .html output
           view(cache + " --stats " + (out.path() / "missing.nc").string() + " -o " + html),
           view(cache + " --stats " + sza.string() + " -o " + html),  // not binned by grid
           view(cache + " --stats " + cache + " -o " + html),         // not netCDF
           view(cache + " --explain-dir " + (out.path() / "nofolder").string() + " -o " + html),
           view(cache + " --plotly-js " + (out.path() / "plotly.js").string() + " -o " + html),
       }) {
    auto r = run_command(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << command << "\n" << r.output;
  }
  EXPECT_TRUE(fs::is_empty(out.path()));
}

// Without --plotly-js, a missing installation is a runtime failure (exit 1) that says how to fix it.
TEST_F(ViewCommand, MissingPlotlyInstallationIsOneLineExitOne) {
  TempDir out;
  auto r = run_command("LPM_PLOTLY_JS=" + (out.path() / "none.js").string() + " " +
                       view(day_->cache + " -o " + (out.path() / "v.html").string()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("install-deps.sh"), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_TRUE(fs::is_empty(out.path()));
}

// plotly.js is inside the page, nothing is loaded from elsewhere, and the data cost under 150
// bytes a spectrum: a month of 32,000 spectra is plotly.js + < 4.8 MB, under 10 MB.
TEST_F(ViewCommand, PageHoldsPlotlyAndCompactDataOnly) {
  TempDir out;
  const fs::path html = out.path() / "v.html";
  auto r = run_command(view("-q " + day_->cache + " -o " + html.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string page = slurp(html), plotly = slurp(LPM_PLOTLY_JS);
  EXPECT_NE(page.find(plotly.substr(0, 2000)), std::string::npos);
  EXPECT_NE(page.find(plotly.substr(plotly.size() - 2000)), std::string::npos);
  for (const char* outside : {"<script src", "<link", "<img src", "@import"})
    EXPECT_EQ(page.find(outside), std::string::npos) << outside;
  auto count = run_command("/usr/bin/python3 -c \"import numpy; print(len(numpy.load('" + day_->cache +
                           "')['spec_spec_no']))\"");
  ASSERT_EQ(count.exit_code, 0) << count.output;
  const double spectra = std::stod(count.output);
  ASSERT_GT(spectra, 100);
  const double bytes_per_spectrum = static_cast<double>(page.size() - plotly.size()) / spectra;
  EXPECT_LT(bytes_per_spectrum, 150.0);
  EXPECT_LT(static_cast<double>(plotly.size()) + 32000 * bytes_per_spectrum, 10e6);
}

TEST_F(ViewCommand, SameInputsGiveTheSameBytes) {
  TempDir out;
  const fs::path a = out.path() / "a.html", b = out.path() / "b.html";
  ASSERT_EQ(run_command(view("-q " + day_->cache + " -o " + a.string())).exit_code, 0);
  ASSERT_EQ(run_command(view("-q " + day_->cache + " -o " + b.string())).exit_code, 0);
  EXPECT_TRUE(slurp(a) == slurp(b));
}

}  // namespace
