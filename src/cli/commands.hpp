#pragma once
// The subcommands of `potential-mapper`. Each add_*_command registers its flags and help on
// the root app and returns what to run when it is chosen. Exit codes (SPEC §2): 0 success or
// nothing to do, 1 runtime failure, 2 bad usage or bad input.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "io/date_selection.hpp"

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

// --year/--month/--day with the ranges of SPEC §2 (a range error is a usage error). `subject`
// starts each help line, e.g. "Only ER tables of" or "Days to simulate".
void add_selection_options(CLI::App& sub, io::DateSelection& selection, const std::string& subject);
void setup_logging(const CommonOptions& common);

// Thrown by a command for bad usage discovered after parsing; main prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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

}  // namespace lpm::cli
