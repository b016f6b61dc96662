#include <memory>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "io/date_selection.hpp"
#include "pipeline/batch.hpp"
#include "pipeline/cancellation.hpp"
#include "pipeline/standard_mode.hpp"
#include "plot/render.hpp"

namespace lpm::cli {
namespace {

struct BatchFlags {
  CommonOptions common;
  io::DateSelection selection;
  std::string output_dir = "artifacts/potential_cache";
  bool no_parallel = false;
  bool overwrite = false;
  std::optional<int> threads;
  std::string fit_method = "halekas";
  std::string kappa_method = "joint";
  std::optional<double> u_spacecraft;
  bool emit_u_width_qc = false;
  double u_width_identifiable_max_v = 200.0;
  std::string moon_frame = "iau";
};

std::string moon_frame_name(const std::string& choice) {
  if (choice == "pa") return "MOON_PA";
  if (choice == "me") return "MOON_ME";
  return "IAU_MOON";
}

pipeline::PipelineSettings pipeline_settings(const BatchFlags& flags) {
  pipeline::PipelineSettings settings;
  settings.fit_method = flags.fit_method == "lillis" ? pipeline::FitMethod::lillis : pipeline::FitMethod::halekas;
  settings.kappa_method =
      flags.kappa_method == "reference" ? pipeline::KappaMethod::reference : pipeline::KappaMethod::joint;
  settings.u_spacecraft_override_v = flags.u_spacecraft;
  settings.emit_u_width_qc = flags.emit_u_width_qc;
  settings.u_width_identifiable_max_v = flags.u_width_identifiable_max_v;
  settings.moon_frame = moon_frame_name(flags.moon_frame);
  return settings;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

Command add_batch_command(CLI::App& root) {
  auto flags = std::make_shared<BatchFlags>();
  CLI::App* sub = root.add_subcommand(
      "batch",
      "Merge the ER tables matching --year/--month/--day, fit every spectrum in parallel and\n"
      "write potential_batch_<date>.npz into --output-dir.");
  add_common_options(*sub, flags->common);
  add_selection_options(*sub, flags->selection, "Only ER tables of");
  sub->add_option("--output-dir", flags->output_dir, "Folder of the NPZ cache")->capture_default_str();
  sub->add_flag("--no-parallel", flags->no_parallel, "One worker thread");
  sub->add_flag("--overwrite", flags->overwrite, "Replace an existing output file");
  sub->add_option("--threads", flags->threads, "Worker threads (default: hardware threads)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--losscone-fit-method", flags->fit_method, "Loss-cone objective")
      ->check(CLI::IsMember({"halekas", "lillis"}))
      ->capture_default_str();
  sub->add_option("--kappa-method", flags->kappa_method,
                  "n, T, kappa and U_sc: joint (Poisson fit with U_sc, the default) or reference (P§2-3)")
      ->check(CLI::IsMember({"joint", "reference"}))
      ->capture_default_str();
  sub->add_option("--u-spacecraft", flags->u_spacecraft,
                  "Constant spacecraft potential in V (skips the charging model)");
  sub->add_flag("--emit-u-width-qc", flags->emit_u_width_qc,
                "Also write the reference's U-width identifiability keys");
  sub->add_option("--u-width-identifiable-max-v", flags->u_width_identifiable_max_v,
                  "Widest U interval (V) still called identifiable")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--moon-frame", flags->moon_frame, "Lunar body-fixed frame")
      ->check(CLI::IsMember({"iau", "pa", "me"}))
      ->capture_default_str();

  return {sub, [flags]() -> int {
            if (auto problem = io::validate(flags->selection); !problem.empty())
              throw UsageError(problem);
            setup_logging(flags->common);
            pipeline::BatchOptions options;
            options.data_dir = flags->common.data_dir;
            options.output_dir = flags->output_dir;
            options.selection = flags->selection;
            options.overwrite = flags->overwrite;
            options.threads = flags->no_parallel ? 1 : flags->threads.value_or(0);
            options.settings = pipeline_settings(*flags);
            pipeline::install_cancellation_handlers();
            auto result = pipeline::run_batch(options);
            switch (result.outcome) {
              case pipeline::BatchOutcome::nothing_matched:
              case pipeline::BatchOutcome::output_exists:
                return exit_ok;
              case pipeline::BatchOutcome::cancelled:
                spdlog::error("interrupted: no output written");
                return exit_failure;
              case pipeline::BatchOutcome::written:
                break;
            }
            for (const auto& line : split_lines(result.summary)) spdlog::info("{}", line);
            spdlog::info("wrote {}", result.output.string());
            return exit_ok;
          }};
}

Command add_map_command(CLI::App& root) {
  auto common = std::make_shared<CommonOptions>();
  auto selection = std::make_shared<io::DateSelection>();
  CLI::App* sub = root.add_subcommand(
      "map", "Standard mode: process the selected ER tables one at a time, sequentially, and\n"
             "print a summary per file (same numbers as batch).");
  add_common_options(*sub, *common);
  add_selection_options(*sub, *selection, "Only ER tables of");
  auto output = std::make_shared<std::string>();
  auto plot = std::make_shared<std::string>();
  auto illumination = std::make_shared<std::string>();
  sub->add_option("--output", *output, "Also write the results to this NPZ file");
  sub->add_option("--plot", *plot, "Also draw a map into this PNG file");
  sub->add_option("--illumination", *illumination, "Summary/plot only for day or night")
      ->check(CLI::IsMember({"day", "night"}));
  return {sub, [=]() -> int {
            if (auto problem = io::validate(*selection); !problem.empty()) throw UsageError(problem);
            setup_logging(*common);
            pipeline::StandardModeOptions options;
            options.data_dir = common->data_dir;
            options.selection = *selection;
            if (!output->empty()) options.output = *output;
            if (*illumination == "day") options.illumination = pipeline::Illumination::day;
            if (*illumination == "night") options.illumination = pipeline::Illumination::night;
            options.keep_payload = !plot->empty();
            pipeline::install_cancellation_handlers();
            auto result = pipeline::run_standard_mode(options);
            if (result.nothing_matched) {
              spdlog::info("no ER tables under {} match the selection", options.data_dir.string());
              return exit_ok;
            }
            if (result.cancelled) {
              spdlog::error("interrupted: no output written");
              return exit_failure;
            }
            std::fputs(result.table.c_str(), stdout);
            if (options.output) spdlog::info("wrote {}", options.output->string());
            if (result.payload) {
              plot::PlotOptions plot_options;
              if (*illumination == "day") plot_options.illumination = plot::Illumination::day;
              if (*illumination == "night") plot_options.illumination = plot::Illumination::night;
              plot::render_cache_png(*result.payload, "standard mode", plot_options, *plot);
              spdlog::info("wrote {}", *plot);
            }
            return exit_ok;
          }};
}

}  // namespace lpm::cli
