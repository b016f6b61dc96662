// `potential-mapper explain` (issue 19): look inside one fit.
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "io/text_file.hpp"
#include "plot/explain_plot.hpp"
#include "product/explain.hpp"

namespace lpm::cli {

Command add_explain_command(CLI::App& root) {
  struct Flags {
    std::string cache, output, json;
    std::int64_t spec_no = 0;
    std::string data_dir = "data";
    CommonOptions common;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand(
      "explain", "Rerun one cached spectrum and show its fit: data vs model, the χ²(U) profile, every decision.");
  sub->add_option("cache", f->cache, "NPZ cache written by batch")->required();
  sub->add_option("--spec-no", f->spec_no, "spec_no of the spectrum (as in the cache)")->required();
  sub->add_option("--data-dir", f->data_dir, "Folder of the ER tables, kernels and tables")->capture_default_str();
  sub->add_option("-o,--output", f->output, "Figure to write (PNG, PDF or SVG by its extension)");
  sub->add_option("--json", f->json, "JSON of the numbers and arrays to write");
  add_log_options(*sub, f->common);
  return {sub, [f]() -> int {
            setup_logging(f->common);
            check_figure_path("-o", f->output);
            product::Explanation e;
            try {
              e = product::explain_spectrum({f->cache, f->spec_no, f->data_dir});
            } catch (const product::ExplainInputError& ex) {
              throw UsageError(ex.what());
            }
            for (const auto& line : product::explanation_lines(e)) std::printf("%s\n", line.c_str());
            const std::string json = f->json.empty() ? std::string() : product::explanation_json(e);
            if (!f->output.empty()) plot::render_explanation_figure(e, f->output);
            if (!f->json.empty()) io::write_file_atomically(f->json, json);
            return exit_ok;
          }};
}

}  // namespace lpm::cli
