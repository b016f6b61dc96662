#pragma once
// The subcommands of `potential-mapper`. Each add_*_command registers its flags and help on
// the root app and returns what to run when it is chosen. Exit codes (SPEC §2): 0 success or
// nothing to do, 1 runtime failure, 2 bad usage or bad input.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "io/date_selection.hpp"
#include "pipeline/settings.hpp"

namespace lpm::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

// Options every subcommand takes.
struct CommonOptions {
  std::string data_dir = "data";
  bool verbose = false;
  bool quiet = false;
};
void add_common_options(CLI::App& sub, CommonOptions& common);
// -q/-v alone, for the subcommands that do not read --data-dir.
void add_log_options(CLI::App& sub, CommonOptions& common);

// --year/--month/--day with the ranges of SPEC §2, and --start/--end YYYY-MM-DD (parsed by
// io::parse_date; a date that does not exist is a usage error). `subject` starts each help
// line, e.g. "Only ER tables of" or "Simulate".
void add_selection_options(CLI::App& sub, io::DateSelection& selection, const std::string& subject);
void setup_logging(const CommonOptions& common);

// The long option (for a word starting with "-") or subcommand of `app` closest to a mistyped
// `word` (a few edits away), or "" when none is close (CLI11 2.1 has no suggestions of its own).
std::string did_you_mean(const CLI::App& app, const std::string& word);

// The fit flags of `batch` and `map` (SPEC §2), and the settings they give.
struct FitFlags {
  std::string fit_method = "halekas";
  std::string kappa_method = "joint";
  std::optional<double> u_spacecraft;
  bool emit_u_width_qc = false;
  double u_width_identifiable_max_v = 200.0;
  std::string moon_frame = "iau";
};
void add_fit_options(CLI::App& sub, FitFlags& flags);

// For every floating-point option: CLI11 reads "nan" and "inf" as numbers, which no option
// means; they fail as usage errors (exit 2).
const CLI::Validator& finite_number();
pipeline::PipelineSettings pipeline_settings(const FitFlags& flags);

// Thrown by a command for bad usage discovered after parsing; main prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws UsageError with io::validate's reason for an invalid selection.
void check_selection(const io::DateSelection& selection);

// Throws UsageError (one line) unless the extension of the figure file `path` given to `option`
// names a format plot:: writes (PNG, PDF, SVG). An empty path (option not given) passes.
void check_figure_path(const std::string& option, const std::string& path);

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_batch_command(CLI::App& root);
Command add_map_command(CLI::App& root);
Command add_fetch_command(CLI::App& root);
Command add_simulate_command(CLI::App& root);
Command add_plot_command(CLI::App& root);
Command add_inspect_command(CLI::App& root);
Command add_spice_command(CLI::App& root);
Command add_explain_command(CLI::App& root);
Command add_stats_command(CLI::App& root);
Command add_view_command(CLI::App& root);
Command add_merge_command(CLI::App& root);

}  // namespace lpm::cli
