// Subcommands whose issues have not landed yet: flags and help are registered now.
#include <memory>
#include <optional>

#include "cli/commands.hpp"

namespace lpm::cli {

Command add_fetch_command(CLI::App& root) {
  struct Flags {
    CommonOptions common;
    std::optional<int> year;
    std::optional<int> month;
    std::optional<int> day;
    int max_workers = 8;
    bool kernels_only = false, dry_run = false, verify = false;
    std::string mirror, kernels_lock;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand(
      "fetch", "Download the ER flux tables and SPICE kernels from the public archives into\n"
               "--data-dir: parallel, resumable, checksummed.");
  add_common_options(*sub, f->common);
  sub->add_option("--year", f->year, "Only ER tables of this year");
  sub->add_option("--month", f->month, "Only ER tables of this month (1-12)")->check(CLI::Range(1, 12));
  sub->add_option("--day", f->day, "Only ER tables of this day (1-31)")->check(CLI::Range(1, 31));
  sub->add_option("--max-workers", f->max_workers, "Parallel downloads")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_flag("--kernels-only", f->kernels_only, "Only the SPICE kernels and instrument tables");
  sub->add_flag("--dry-run", f->dry_run, "List what would be fetched");
  sub->add_flag("--verify", f->verify, "Recheck every checksum without downloading");
  sub->add_option("--mirror", f->mirror, "Send each request for https://HOST/PATH to URL/HOST/PATH");
  sub->add_option("--kernels-lock", f->kernels_lock, "SHA-1 lock file of the kernels");
  return {sub, [] { return not_implemented("fetch"); }};
}

Command add_simulate_command(CLI::App& root) {
  struct Flags {
    CommonOptions common;
    std::optional<int> year;
    std::optional<int> month;
    std::optional<int> day;
    std::string start, end, noise = "poisson";
    std::uint64_t seed = 1;
    int spectra_per_day = 1080;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand(
      "simulate", "Write a synthetic Lunar Prospector mission in the real file formats (ER tables,\n"
                  "SPICE kernels, attitude) from a known surface-potential truth.");
  add_common_options(*sub, f->common);
  sub->add_option("--year", f->year, "Simulate this year");
  sub->add_option("--month", f->month, "Simulate this month (1-12)")->check(CLI::Range(1, 12));
  sub->add_option("--day", f->day, "Simulate this day (1-31)")->check(CLI::Range(1, 31));
  sub->add_option("--start", f->start, "First day, YYYY-MM-DD");
  sub->add_option("--end", f->end, "Last day, YYYY-MM-DD");
  sub->add_option("--seed", f->seed, "Random seed")->capture_default_str();
  sub->add_option("--noise", f->noise, "Counting noise")
      ->check(CLI::IsMember({"poisson", "none"}))
      ->capture_default_str();
  sub->add_option("--spectra-per-day", f->spectra_per_day, "Spectra per simulated day")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  return {sub, [] { return not_implemented("simulate"); }};
}

Command add_plot_command(CLI::App& root) {
  struct Flags {
    std::vector<std::string> caches;
    std::string output, kind = "map", illumination = "all", orthographic;
    std::optional<double> vmin;
    std::optional<double> vmax;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand("plot", "Draw a potential cache: map, histogram or time series (PNG).");
  sub->add_option("caches", f->caches, "NPZ caches")->required();
  sub->add_option("-o,--output", f->output, "PNG file to write")->required();
  sub->add_option("--kind", f->kind, "Picture kind")
      ->check(CLI::IsMember({"map", "hist", "timeseries"}))
      ->capture_default_str();
  sub->add_option("--illumination", f->illumination, "Which spectra")
      ->check(CLI::IsMember({"day", "night", "all"}))
      ->capture_default_str();
  sub->add_option("--vmin", f->vmin, "Lower end of the colour scale (V)");
  sub->add_option("--vmax", f->vmax, "Upper end of the colour scale (V)");
  sub->add_option("--orthographic", f->orthographic, "Globe view centred on LAT,LON");
  return {sub, [] { return not_implemented("plot"); }};
}

Command add_inspect_command(CLI::App& root) {
  auto file = std::make_shared<std::string>();
  CLI::App* sub = root.add_subcommand(
      "inspect", "Summarise a potential cache: keys, counts, fit fraction, U percentiles, metadata.");
  sub->add_option("file", *file, "NPZ cache")->required();
  return {sub, [] { return not_implemented("inspect"); }};
}

}  // namespace lpm::cli
