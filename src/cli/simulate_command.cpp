// `potential-mapper simulate`: a synthetic Lunar Prospector mission in the real file formats
// with a known truth (src/simulate/mission.hpp).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "simulate/mission.hpp"

namespace lpm::cli {
namespace {

struct SimulateFlags {
  CommonOptions common;
  io::DateSelection selection;
  std::string noise = "poisson";
  std::uint64_t seed = 1;
  int spectra_per_day = 1080;
};

// The days of the selection (io/date_selection.hpp rules); simulate needs a bounded one.
std::vector<simulate::SimulatedDate> selected_days(const io::DateSelection& selection) {
  check_selection(selection);
  const auto bounds = io::date_bounds(selection);
  if (!bounds) throw UsageError("choose the days to simulate: --year Y [--month M [--day D]] or --start/--end");
  const auto& [first, last] = *bounds;
  try {
    return simulate::date_range({first.year, first.month, first.day}, {last.year, last.month, last.day});
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

int run_simulate(const SimulateFlags& f) {
  if (f.spectra_per_day > simulate::max_spectra_per_day)
    throw UsageError("--spectra-per-day must be at most " + std::to_string(simulate::max_spectra_per_day));
  const auto days = selected_days(f.selection);
  simulate::SimulationOptions options;
  options.seed = f.seed;
  options.poisson_noise = f.noise == "poisson";
  options.spectra_per_day = f.spectra_per_day;
  const std::filesystem::path dir = f.common.data_dir;
  simulate::simulate_mission(dir, days, options, [&](const simulate::DayReport& r) {
    if (f.common.quiet) return;
    std::printf("%s: %zu spectra, %zu rows; truth %s\n", r.table_path.string().c_str(), r.spectra, r.rows,
                r.truth_path.string().c_str());
    std::fflush(stdout);
  });
  return exit_ok;
}

}  // namespace

Command add_simulate_command(CLI::App& root) {
  auto f = std::make_shared<SimulateFlags>();
  CLI::App* sub =
      root.add_subcommand("simulate",
                          "Write a synthetic Lunar Prospector mission in the real file formats (ER tables,\n"
                          "SPICE kernels, attitude) from a known surface-potential truth.");
  add_common_options(*sub, f->common);
  add_selection_options(*sub, f->selection, "Simulate");
  sub->add_option("--seed", f->seed, "Random seed")->capture_default_str();
  sub->add_option("--noise", f->noise, "Counting noise")
      ->check(CLI::IsMember({"poisson", "none"}))
      ->capture_default_str();
  sub->add_option("--spectra-per-day", f->spectra_per_day, "Spectra per simulated day")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  return {sub, [f] {
            setup_logging(f->common);
            return run_simulate(*f);
          }};
}

}  // namespace lpm::cli
