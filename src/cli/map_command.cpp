// `potential-mapper map` (standard mode, SPEC §2).
#include <cstdio>
#include <memory>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "io/date_selection.hpp"
#include "pipeline/cancellation.hpp"
#include "plot/render.hpp"
#include "product/standard_mode.hpp"

namespace lpm::cli {
namespace {

struct MapFlags {
  CommonOptions common;
  io::DateSelection selection;
  FitFlags fit;
  std::string output, plot, illumination = "all";
  bool overwrite = false;
};

}  // namespace

Command add_map_command(CLI::App& root) {
  auto f = std::make_shared<MapFlags>();
  CLI::App* sub = root.add_subcommand("map",
                                      "Standard mode: process the selected ER tables one at a time, sequentially, and\n"
                                      "print a summary per file (same numbers as batch).");
  add_common_options(*sub, f->common);
  add_selection_options(*sub, f->selection, "Only ER tables of");
  sub->add_option("--output", f->output, "Also write the results to this NPZ file");
  sub->add_flag("--overwrite", f->overwrite, "Replace an existing --output file made otherwise");
  sub->add_option("--plot", f->plot, "Also draw a map into this figure (PNG, PDF or SVG by its extension)");
  sub->add_option("--illumination", f->illumination,
                  "Summary/plot for all spectra, or only those whose footpoint is sunlit (day) or in shadow "
                  "(night)")
      ->check(CLI::IsMember({"all", "day", "night"}))
      ->capture_default_str();
  add_fit_options(*sub, f->fit);
  return {sub, [f]() -> int {
            check_figure_path("--plot", f->plot);
            check_selection(f->selection);
            setup_logging(f->common);
            product::StandardModeOptions options;
            options.data_dir = f->common.data_dir;
            options.selection = f->selection;
            if (!f->output.empty()) options.output = f->output;
            options.overwrite = f->overwrite;
            options.illumination = product::illumination_from_name(f->illumination);
            options.keep_payload = !f->plot.empty();
            options.settings = pipeline_settings(f->fit);
            pipeline::install_cancellation_handlers();
            auto result = product::run_standard_mode(options);
            if (result.nothing_matched) {
              spdlog::info("no ER tables under {} match the selection", options.data_dir.string());
              return exit_ok;
            }
            if (!result.refusal.empty()) throw UsageError(result.refusal);
            if (result.cancelled) {
              spdlog::error("interrupted: no output written");
              return exit_failure;
            }
            std::fputs(result.table.c_str(), stdout);
            if (result.output_kept)
              spdlog::info("{} exists already, made by this version from the same inputs and settings; left untouched",
                           options.output->string());
            else if (options.output)
              spdlog::info("wrote {}", options.output->string());
            if (result.payload) {
              plot::PlotOptions plot_options;
              plot_options.illumination = options.illumination;
              plot::render_cache_figure(*result.payload, "standard mode", plot_options, f->plot);
              spdlog::info("wrote {}", f->plot);
            }
            return exit_ok;
          }};
}

}  // namespace lpm::cli
