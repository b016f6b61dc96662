// `potential-mapper simulate`: a synthetic Lunar Prospector mission in the real file formats
// with a known truth (src/simulate/mission.hpp).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "simulate/mission.hpp"
#include "base/calendar.hpp"

namespace lpm::cli {
namespace {

struct SimulateFlags {
  CommonOptions common;
  io::DateSelection selection;
  std::string start, end, noise = "poisson";
  std::uint64_t seed = 1;
  int spectra_per_day = 1080;
};

simulate::SimulatedDate parse_date_flag(const std::string& text, const char* flag) {
  simulate::SimulatedDate d;
  char extra = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &extra) != 3 ||
      !is_valid_date(d.year, d.month, d.day))
    throw UsageError(std::string(flag) + " must be a date YYYY-MM-DD, got '" + text + "'");
  return d;
}

std::vector<simulate::SimulatedDate> selected_days(const SimulateFlags& f) {
  const auto& [year, month, day] = f.selection;
  const bool by_range = !f.start.empty() || !f.end.empty();
  if (by_range && (year || month || day))
    throw UsageError("give either --year/--month/--day or --start/--end, not both");
  if (by_range) {
    if (f.start.empty()) throw UsageError("--end needs --start");
    simulate::SimulatedDate first = parse_date_flag(f.start, "--start");
    simulate::SimulatedDate last = f.end.empty() ? first : parse_date_flag(f.end, "--end");
    try {
      return simulate::date_range(first, last);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  if (!year) throw UsageError("choose the days to simulate: --year Y [--month M [--day D]] or --start/--end");
  if (day && !month) throw UsageError("--day needs --month");
  if (day && *day > days_in_month(*year, *month))
    throw UsageError("--day " + std::to_string(*day) + " does not exist in " + std::to_string(*year) + "-" +
                     std::to_string(*month));
  const int m0 = month.value_or(1), m1 = month.value_or(12);
  simulate::SimulatedDate first{*year, m0, day.value_or(1)};
  simulate::SimulatedDate last{*year, m1, day.value_or(days_in_month(*year, m1))};
  try {
    return simulate::date_range(first, last);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

int run_simulate(const SimulateFlags& f) {
  if (f.spectra_per_day > simulate::max_spectra_per_day)
    throw UsageError("--spectra-per-day must be at most " + std::to_string(simulate::max_spectra_per_day));
  const auto days = selected_days(f);
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
  CLI::App* sub = root.add_subcommand(
      "simulate", "Write a synthetic Lunar Prospector mission in the real file formats (ER tables,\n"
                  "SPICE kernels, attitude) from a known surface-potential truth.");
  add_common_options(*sub, f->common);
  add_selection_options(*sub, f->selection, "Simulate");
  sub->add_option("--start", f->start, "First day, YYYY-MM-DD");
  sub->add_option("--end", f->end, "Last day, YYYY-MM-DD");
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
