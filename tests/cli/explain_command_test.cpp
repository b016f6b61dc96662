// `explain` end to end on a simulated day: one spectrum of each status the day holds is rerun;
// its JSON is checked against the cache by tests/cli/check_explain_json.py (numpy, bit for bit,
// profile minimum and threshold crossings) and its figure is a readable PNG. Bad input: one
// line, exit 2, nothing written.
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "io/npz.hpp"
#include "plot/lsan_fontconfig.hpp"
#include "plot/png_pixels.hpp"
#include "product/cache_schema.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using lpm::test::run_command;
using lpm::test::TempDir;

std::string explain(const lpm::test::SimulatedDayCache& day, const std::string& cache, long long spec_no,
                    const std::string& extra) {
  return lpm::test::binary().string() + " explain " + cache + " --spec-no " + std::to_string(spec_no) + " --data-dir " +
         day.data + " " + extra;
}

TEST(ExplainCommand, ReproducesTheCacheForEveryStatusOfASimulatedDay) {
  lpm::test::suppress_fontconfig_leaks_in_children();
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "15", 150, 7);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const auto cache = lpm::io::read_npz(day.cache);
  const auto spec_no = cache.at("spec_spec_no").as_i8();
  const auto status = cache.at("spec_status").as_i1();
  std::map<int, long long> first_of_status;
  for (std::size_t i = 0; i < spec_no.size(); ++i) first_of_status.emplace(status[i], spec_no[i]);
  ASSERT_GE(first_of_status.size(), 2u) << "the simulated day should hold several statuses";
  ASSERT_TRUE(first_of_status.count(0)) << "the simulated day should hold a fitted spectrum";

  for (const auto& [code, n] : first_of_status) {
    SCOPED_TRACE(std::string("status ") + lpm::product::status_name(code));
    const fs::path png = dir.path() / ("fit_" + std::to_string(n) + ".png");
    const fs::path json = dir.path() / ("fit_" + std::to_string(n) + ".json");
    const auto run = run_command(explain(day, day.cache, n, "-o " + png.string() + " --json " + json.string()));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find(std::string("status: ") + lpm::product::status_name(code)), std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("reproduces every cached number bit for bit"), std::string::npos) << run.output;
    const lpm::test::PngImage image(png);
    EXPECT_GT(fs::file_size(png), 10000u);
    const auto check =
        run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_explain_json.py").string() + " " +
                    day.cache + " " + json.string());
    EXPECT_EQ(check.exit_code, 0) << check.output;
  }
  // Only the files asked for: no temp file left behind.
  for (const auto& name : lpm::test::folder_names(dir.path()))
    EXPECT_TRUE(name == "data" || name == "out" || name.starts_with("fit_")) << name;
}

// Other settings (reference κ method, Lillis objective) are read from meta_settings and rerun.
// A spectrum whose data leave two U_sc and no loss cone gets, in batch, the candidate nearest its
// nearest decided neighbour (pipeline/usc_continuity.hpp). Deep ones (< −50 V) are such choices:
// the fit alone would report the highest shaded candidate. explain must make the same choice.
TEST(ExplainCommand, ReproducesAU_scThatItsNeighboursChose) {
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "12", 300, 7);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const auto cache = lpm::io::read_npz(day.cache);
  const auto spec_no = cache.at("spec_spec_no").as_i8();
  const auto candidates = cache.at("spec_u_spacecraft_candidates").as_i1();
  const auto u_sc = cache.at("spec_u_spacecraft").as_f8();
  const auto u_surface = cache.at("spec_u_surface").as_f8();
  int checked = 0;
  for (std::size_t i = 0; i < spec_no.size() && checked < 2; ++i) {
    if (candidates[i] < 2 || std::isfinite(u_surface[i]) || !(u_sc[i] < -50.0)) continue;
    ++checked;
    const auto run = run_command(explain(day, day.cache, spec_no[i], ""));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("reproduces every cached number bit for bit"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("candidates the spectrum cannot choose among"), std::string::npos) << run.output;
  }
  EXPECT_GE(checked, 1) << "the simulated day should hold a U_sc chosen by its neighbours";
}

TEST(ExplainCommand, WritesThePdfOrSvgTheOutputNameAsksFor) {
  lpm::test::suppress_fontconfig_leaks_in_children();
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "15", 40, 3);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const long long first = lpm::io::read_npz(day.cache).at("spec_spec_no").as_i8().at(0);
  for (const std::string name : {"fit.pdf", "fit.svg"}) {
    const fs::path out = dir.path() / name;
    const auto run = run_command(explain(day, day.cache, first, "-o " + out.string()));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const std::string bytes = lpm::test::read_bytes(out);
    if (name.ends_with(".pdf"))
      EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
    else
      EXPECT_NE(bytes.find("<svg"), std::string::npos);
  }
}

TEST(ExplainCommand, RerunsWithTheCachesOwnSettings) {
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "15", 60, 11);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const std::string other = (dir.path() / "other").string();
  const auto batch =
      run_command(lpm::test::binary().string() + " batch -q --data-dir " + day.data + " --output-dir " + other +
                  " --year 1998 --month 06 --day 15 --kappa-method reference "
                  "--losscone-fit-method lillis");
  ASSERT_EQ(batch.exit_code, 0) << batch.output;
  const std::string cache = other + "/potential_batch_1998_06_15.npz";
  const auto spec_no = lpm::io::read_npz(cache).at("spec_spec_no").as_i8();
  const auto status = lpm::io::read_npz(cache).at("spec_status").as_i1();
  std::map<int, long long> first_of_status;
  for (std::size_t i = 0; i < spec_no.size(); ++i) first_of_status.emplace(status[i], spec_no[i]);
  for (const auto& [code, n] : first_of_status) {
    const fs::path json = dir.path() / ("ref_" + std::to_string(n) + ".json");
    const auto run = run_command(explain(day, cache, n, "--json " + json.string()));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("settings: kappa reference, loss cone lillis"), std::string::npos) << run.output;
    const auto check =
        run_command("/usr/bin/python3 " + (lpm::test::source_dir() / "tests/cli/check_explain_json.py").string() + " " +
                    cache + " " + json.string());
    EXPECT_EQ(check.exit_code, 0) << check.output;
  }
}

// A cache whose numbers the rerun does not give (here: one value changed) is said so, with both.
TEST(ExplainCommand, SaysSoWhenTheRerunDiffersFromTheCache) {
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "15", 40, 5);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const auto cache = lpm::io::read_npz(day.cache);
  lpm::io::NpzArchive changed;
  for (const auto& [key, array] : cache.entries()) {
    if (key != "spec_electron_temperature") {
      changed.add(key, array);
      continue;
    }
    auto t = array.as_f8();
    t.front() = 1234.5;
    changed.add(key, lpm::io::make_f8(t));
  }
  const fs::path path = dir.path() / "changed.npz", json = dir.path() / "changed.json";
  lpm::io::write_npz(path, changed);
  const long long first = cache.at("spec_spec_no").as_i8().front();
  const auto run = run_command(explain(day, path.string(), first, "--json " + json.string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("DIFFERS from the cache"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("spec_electron_temperature: 1234.5 vs "), std::string::npos) << run.output;
  const std::string text = lpm::test::read_bytes(json);
  EXPECT_NE(text.find("\"reproduced\": false"), std::string::npos);
}

TEST(ExplainCommand, BadInputIsOneLineExitTwoAndWritesNothing) {
  TempDir dir;
  const auto day = lpm::test::simulate_and_batch(dir.path(), "1998", "06", "15", 40, 3);
  ASSERT_TRUE(day.failure.empty()) << day.failure;
  const fs::path png = dir.path() / "fit.png", json = dir.path() / "fit.json";
  const std::string outputs = "-o " + png.string() + " --json " + json.string();
  auto expect_usage = [&](const std::string& command, const std::string& words) {
    const auto run = run_command(command);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find(words), std::string::npos) << run.output;
    EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
    EXPECT_FALSE(fs::exists(png));
    EXPECT_FALSE(fs::exists(json));
  };
  const auto cache = lpm::io::read_npz(day.cache);
  const long long first = cache.at("spec_spec_no").as_i8().front();

  expect_usage(explain(day, day.cache, 987654321, outputs), "no spectrum with spec_no 987654321");
  expect_usage(explain(day, day.cache, first, "-o " + (dir.path() / "fit.jpg").string()), "unknown figure format");
  expect_usage(explain(day, (dir.path() / "absent.npz").string(), first, outputs), "absent.npz");

  lpm::io::NpzArchive without_files;
  for (const auto& [key, array] : cache.entries())
    if (key != "files") without_files.add(key, array);
  const fs::path stripped = dir.path() / "no_files.npz";
  lpm::io::write_npz(stripped, without_files);
  expect_usage(explain(day, stripped.string(), first, outputs), "no `files`");

  const fs::path table = cache.at("files").string_at(0);
  fs::rename(table, dir.path() / "moved.tab");
  expect_usage(explain(day, day.cache, first, outputs), "not found");
}

}  // namespace
