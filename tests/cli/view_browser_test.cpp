// `potential-mapper view` pages in headless chromium with the network off (labels cli, browser):
// view_browser.mjs drives the page over the DevTools protocol, check_view.py compares what the
// page shows with numpy's reading of the cache and checks the screenshot. Skipped, saying why,
// when chromium, node's WebSocket or plotly.js is missing (scripts/install-deps.sh installs them),
// unless LPM_REQUIRE_BROWSER=1.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using lpm::test::run_command;
using lpm::test::TempDir;
namespace fs = std::filesystem;

// Why the browser tests cannot run here ("" when they can).
std::string missing_browser() {
  if (!fs::exists(LPM_PLOTLY_JS)) return std::string("plotly.js absent at ") + LPM_PLOTLY_JS;
  if (run_command("command -v chromium").exit_code != 0) return "chromium not installed";
  if (run_command("node --experimental-websocket -e \"process.exit(typeof WebSocket === 'function' ? 0 : 1)\"")
          .exit_code != 0)
    return "node with a WebSocket (node >= 20 with --experimental-websocket) not found";
  return "";
}

class ViewBrowser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    missing_ = new std::string(missing_browser());
    if (!missing_->empty()) return;
    day_ = new lpm::test::SimulatedDayCache(lpm::test::simulate_and_batch(dir_->path(), "1998", "06", "15", 400, 11));
    if (!day_->failure.empty()) return;
    const std::string bin = lpm::test::binary().string();
    for (const std::string& command : {
             bin + " stats -q " + day_->cache + " --by grid --status any -o " + path("grid.nc"),
             check_view() + " make " + day_->cache + " " + path("empty.npz") + " " + path("nan.npz"),
             check_view() + " figures " + day_->cache + " " + path("figures"),
         }) {
      auto r = run_command(command);
      if (r.exit_code != 0) day_->failure = command + ": " + r.output;
    }
  }
  static void TearDownTestSuite() {
    delete day_;
    delete missing_;
    delete dir_;
  }
  void SetUp() override {
    if (!missing_->empty()) {
      // LPM_REQUIRE_BROWSER=1 (for CI, where install-deps.sh installs all three) makes a skip a failure.
      const char* require = std::getenv("LPM_REQUIRE_BROWSER");
      if (require && std::string(require) == "1") FAIL() << "browser tests cannot run: " << *missing_;
      GTEST_SKIP() << "browser tests skipped: " << *missing_ << " (scripts/install-deps.sh)";
    }
    ASSERT_TRUE(day_->failure.empty()) << day_->failure;
  }
  static std::string path(const std::string& name) { return (dir_->path() / name).string(); }
  static std::string check_view() {
    return "/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_view.py").string();
  }
  // Writes the page of `cache` with `args`, then checks it in chromium as `kind`.
  static void check(const std::string& cache, const std::string& args, const std::string& kind,
                    const std::string& check_args = "") {
    TempDir out;
    const std::string html = (out.path() / "view.html").string();
    auto v = run_command(lpm::test::binary().string() + " view -q " + cache + " " + args + " -o " + html);
    ASSERT_EQ(v.exit_code, 0) << v.output;
    auto c = run_command(check_view() + " check " + html + " " + cache + " " + kind + " " + out.path().string() + " " +
                         check_args);
    EXPECT_EQ(c.exit_code, 0) << c.output;
    std::printf("%s", c.output.c_str());  // counts, load time, pointer texts: for the log
  }
  static TempDir* dir_;
  static std::string* missing_;
  static lpm::test::SimulatedDayCache* day_;
};
TempDir* ViewBrowser::dir_ = nullptr;
std::string* ViewBrowser::missing_ = nullptr;
lpm::test::SimulatedDayCache* ViewBrowser::day_ = nullptr;

// No console error, no request; data-total / data-shown as numpy counts them, after every change
// of status, illumination, region, interval width and time range made through the page's own
// controls; hover and click show the spectrum's values and its explain command; the stats layer
// draws; the screenshot has the colour bar and the footpoints' colours.
TEST_F(ViewBrowser, PageCountsFollowItsControlsAsNumpyPredicts) {
  check(day_->cache, "--stats " + path("grid.nc"), "full", "--stats " + path("grid.nc"));
}

TEST_F(ViewBrowser, ClickShowsTheExplainFigureOfTheExplainDir) {
  check(day_->cache, "--explain-dir " + path("figures"), "full", "--explain-dir " + path("figures"));
}

TEST_F(ViewBrowser, EmptyCacheGivesAWorkingPageThatSaysSo) { check(path("empty.npz"), "", "empty"); }

TEST_F(ViewBrowser, AllNanCacheGivesAWorkingPageThatSaysSo) { check(path("nan.npz"), "", "nan"); }

}  // namespace
