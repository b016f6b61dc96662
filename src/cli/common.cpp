#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "plot/figure_format.hpp"

namespace lpm::cli {

void add_log_options(CLI::App& sub, CommonOptions& common) {
  sub.add_flag("-v,--verbose", common.verbose, "Debug log lines");
  sub.add_flag("-q,--quiet", common.quiet, "Only errors");
}

void add_common_options(CLI::App& sub, CommonOptions& common) {
  sub.add_option("--data-dir", common.data_dir, "Folder of the ER tables, kernels and tables")->capture_default_str();
  add_log_options(sub, common);
}

void add_selection_options(CLI::App& sub, io::DateSelection& selection, const std::string& subject) {
  sub.add_option("--year", selection.year, subject + " this year (e.g. 1998)");
  sub.add_option("--month", selection.month, subject + " this month (1-12)")->check(CLI::Range(1, 12));
  sub.add_option("--day", selection.day, subject + " this day of the month (1-31; needs --month)")
      ->check(CLI::Range(1, 31));
  // The text is parsed here so that a date that does not exist fails as a parse error (exit 2).
  auto date_flag = [&sub](const std::string& flag, std::optional<CalendarDate>& target, const std::string& help) {
    sub.add_option_function<std::string>(
           flag,
           [flag, &target](const std::string& text) {
             target = io::parse_date(text);
             if (!target) throw CLI::ValidationError(flag, "must be a date YYYY-MM-DD, got '" + text + "'");
           },
           help)
        ->type_name("YYYY-MM-DD");
  };
  date_flag("--start", selection.start, subject + " the days from this one (YYYY-MM-DD; not with --year)");
  date_flag("--end", selection.end, "Last day of the --start range, inclusive (default: the --start day)");
}

const CLI::Validator& finite_number() {
  static const CLI::Validator validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && *end == '\0' && std::isfinite(value)) return {};
        return "must be a finite number, got '" + text + "'";
      },
      "FINITE");
  return validator;
}

void add_fit_options(CLI::App& sub, FitFlags& flags) {
  sub.add_option("--losscone-fit-method", flags.fit_method, "Loss-cone objective")
      ->check(CLI::IsMember({"halekas", "lillis"}))
      ->capture_default_str();
  sub.add_option("--kappa-method", flags.kappa_method,
                 "n, T, kappa and U_sc: joint (Poisson fit with U_sc, the default) or reference (P§2-3)")
      ->check(CLI::IsMember({"joint", "reference"}))
      ->capture_default_str();
  sub.add_option("--u-spacecraft", flags.u_spacecraft, "Constant spacecraft potential in V (skips the charging model)")
      ->check(finite_number());
  sub.add_flag("--emit-u-width-qc", flags.emit_u_width_qc, "Also write the reference's U-width identifiability keys");
  sub.add_option("--u-width-identifiable-max-v", flags.u_width_identifiable_max_v,
                 "Widest U interval (V) still called identifiable")
      ->check(CLI::PositiveNumber & finite_number())
      ->capture_default_str();
  sub.add_option("--moon-frame", flags.moon_frame, "Lunar body-fixed frame")
      ->check(CLI::IsMember({"iau", "pa", "me"}))
      ->capture_default_str();
}

pipeline::PipelineSettings pipeline_settings(const FitFlags& flags) {
  pipeline::PipelineSettings settings;
  settings.fit_method = flags.fit_method == "lillis" ? pipeline::FitMethod::lillis : pipeline::FitMethod::halekas;
  settings.kappa_method =
      flags.kappa_method == "reference" ? pipeline::KappaMethod::reference : pipeline::KappaMethod::joint;
  settings.u_spacecraft_override_v = flags.u_spacecraft;
  settings.emit_u_width_qc = flags.emit_u_width_qc;
  settings.u_width_identifiable_max_v = flags.u_width_identifiable_max_v;
  settings.moon_frame = pipeline::moon_frame_name(flags.moon_frame);
  return settings;
}

void check_selection(const io::DateSelection& selection) {
  if (auto problem = io::validate(selection); !problem.empty()) throw UsageError(problem);
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(const CLI::App& app, const std::string& word) {
  std::vector<std::string> candidates;
  if (word.starts_with("-")) {
    for (const CLI::Option* option : app.get_options())
      for (const auto& name : option->get_lnames()) candidates.push_back("--" + name);
  } else {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      candidates.push_back(sub->get_name());
  }
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 4) + 1;
  for (const auto& candidate : candidates)
    if (const std::size_t d = edit_distance(word, candidate); d < best_distance) best = candidate, best_distance = d;
  return best;
}

void setup_logging(const CommonOptions& common) {
  auto logger = spdlog::stderr_color_mt("lpm");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(common.quiet ? spdlog::level::err : common.verbose ? spdlog::level::debug : spdlog::level::info);
}

void check_figure_path(const std::string& option, const std::string& path) {
  if (path.empty() || plot::figure_format_of(path)) return;
  throw UsageError(option + " " + path + ": unknown figure format '" +
                   std::filesystem::path(path).extension().string() + "'; name the file " +
                   plot::figure_formats_help());
}

}  // namespace lpm::cli
