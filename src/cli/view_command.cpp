// `potential-mapper view` (issue 24): an interactive map of caches in one self-contained HTML file.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "io/atomic_output.hpp"
#include "io/npz.hpp"
#include "io/text_file.hpp"
#include "product/cache_reader.hpp"
#include "product/netcdf_reader.hpp"
#include "product/view_page.hpp"

namespace lpm::cli {
namespace {

namespace fs = std::filesystem;

// plotly.js: --plotly-js, else $LPM_PLOTLY_JS, else the path the build was configured with.
std::string read_plotly(const std::string& option) {
  const char* env = std::getenv("LPM_PLOTLY_JS");
  const std::string path = !option.empty() ? option : env && *env ? env : LPM_PLOTLY_JS_DEFAULT;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    const std::string message =
        fmt::format("plotly.js not found at '{}' (scripts/install-deps.sh installs it; or give --plotly-js)", path);
    if (!option.empty()) throw UsageError(message);
    throw std::runtime_error(message);
  }
  return io::read_whole_file(path);
}

// The names of the files in `dir` (not recursive); UsageError if it is not a readable folder.
std::set<std::string> file_names(const std::string& dir) {
  std::error_code ec;
  std::set<std::string> names;
  fs::directory_iterator it(dir, ec);
  if (ec) throw UsageError(fmt::format("--explain-dir '{}': {}", dir, ec.message()));
  for (const auto& entry : it) names.insert(entry.path().filename().string());
  return names;
}

}  // namespace

Command add_view_command(CLI::App& root) {
  struct Flags {
    std::vector<std::string> caches;
    std::string output, stats, explain_dir, plotly_js, data_dir = "data", title;
    CommonOptions common;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand(
      "view",
      "One self-contained HTML page of caches: footpoints on a map and a globe coloured by U_surface, with\n"
      "filters, a histogram, hover details and links to `explain` (opens offline; plotly.js inside).");
  sub->add_option("caches", f->caches, "Potential caches (NPZ; several are concatenated)");
  sub->add_option("-o,--output", f->output, "HTML file to write")->required();
  sub->add_option("--stats", f->stats, "A `stats --by grid` netCDF file: its binned median as a second layer");
  sub->add_option("--explain-dir", f->explain_dir,
                  fmt::format("Folder of `explain` figures (<cache stem>_spec<spec_no>{}): a click shows them",
                              product::explain_figure_suffix));
  sub->add_option("--data-dir", f->data_dir, "--data-dir of the `explain` commands the page shows")
      ->capture_default_str();
  sub->add_option("--title", f->title, "Heading of the page (default: the cache names)");
  sub->add_option("--plotly-js", f->plotly_js, "plotly.js file to bundle (default: $LPM_PLOTLY_JS, else the build's)");
  add_log_options(*sub, f->common);
  return {sub, [f]() -> int {
            setup_logging(f->common);
            if (f->caches.empty()) throw UsageError("view: no cache given");
            if (!f->output.ends_with(".html") && !f->output.ends_with(".htm"))
              throw UsageError(fmt::format("-o must name an .html file, not '{}'", f->output));
            const std::string plotly = read_plotly(f->plotly_js);

            product::ViewInputs in;
            for (const std::string& path : f->caches) {
              try {
                product::append_cache(in.spectra, io::read_npz(path), path);
              } catch (const std::exception& e) {
                throw UsageError(e.what());
              }
              if (in.cache_paths.size() >= 0xFFFF) throw UsageError("view: at most 65535 caches");
              in.cache_index.resize(in.spectra.size(), static_cast<std::uint16_t>(in.cache_paths.size()));
              in.cache_paths.push_back(fs::absolute(path).lexically_normal().string());
            }
            in.data_dir = f->data_dir;
            in.title = f->title;
            if (in.title.empty())
              for (const std::string& path : f->caches)
                in.title += (in.title.empty() ? "" : ", ") + fs::path(path).filename().string();
            if (!f->stats.empty()) {
              try {
                in.stats = product::read_stats_netcdf(f->stats);
                product::check_stats_layer(*in.stats, f->stats);
              } catch (const std::exception& e) {
                throw UsageError(e.what());
              }
              in.stats_name = fs::path(f->stats).filename().string();
            }
            if (!f->explain_dir.empty()) {
              const auto names = file_names(f->explain_dir);
              in.explain_dir = f->explain_dir;
              const fs::path page_dir = fs::absolute(f->output).parent_path();
              in.explain_href = fs::absolute(f->explain_dir).lexically_normal().lexically_relative(page_dir).string();
              if (!in.explain_href.empty() && !in.explain_href.ends_with('/')) in.explain_href += '/';
              if (in.explain_href == "./") in.explain_href.clear();
              for (std::size_t i = 0; i < in.spectra.size(); ++i) {
                const auto& cache = in.cache_paths[in.cache_index[i]];
                in.has_figure.push_back(names.contains(product::explain_figure_name(cache, in.spectra.spec_no[i])));
              }
            }
            const std::string page = product::view_page_html(in, plotly);
            io::write_file_atomically(f->output, page);
            spdlog::info("wrote {} ({} spectra, {} with a finite U_surface; {:.1f} MB)", f->output, in.spectra.size(),
                         in.spectra.fitted_count(), static_cast<double>(page.size()) / 1e6);
            return exit_ok;
          }};
}

}  // namespace lpm::cli
