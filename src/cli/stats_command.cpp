// `potential-mapper stats` (issue 18): binned U_surface statistics of caches as netCDF-CF or CSV.
#include <cstdio>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <spdlog/spdlog.h>

#include "base/version.hpp"
#include "cli/commands.hpp"
#include "io/atomic_output.hpp"
#include "io/date_selection.hpp"
#include "io/npz.hpp"
#include "io/text_file.hpp"
#include "product/cache_reader.hpp"
#include "product/netcdf_writer.hpp"
#include "product/stats.hpp"

namespace lpm::cli {

Command add_stats_command(CLI::App& root) {
  struct Options {
    std::vector<std::string> caches;
    std::string output, by = "grid", status = "fitted", illumination = "all";
    double grid_deg = product::default_grid_deg;
    double max_width = -1.0;
    std::string start, end;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub =
      root.add_subcommand("stats",
                          "Binned statistics of U_surface (count, median, p25, p75, mean, std, weighted mean)\n"
                          "by footpoint grid, solar zenith angle, local time or region; .nc (netCDF-CF) or .csv.");
  sub->add_option("caches", o->caches, "Potential caches (NPZ)");
  sub->add_option("-o,--output", o->output, "Output file: .nc (netCDF-4, CF-1.10) or .csv");
  sub->add_option("--by", o->by, "grid (default), sza (5 deg), local-time (1 h) or region");
  sub->add_option("--grid-deg", o->grid_deg, "Grid cell size in degrees for --by grid (default 10)")
      ->check(finite_number());
  sub->add_option("--status", o->status, "fitted (default) or any (every spectrum with a U value)");
  sub->add_option("--illumination", o->illumination, "day, night or all (default), by the footpoint row");
  sub->add_option("--max-width", o->max_width, "Keep only 68 % intervals at most this wide (V)")
      ->check(finite_number());
  sub->add_option("--start", o->start, "Keep spectra from this UTC date on (YYYY-MM-DD, of the footpoint row)");
  sub->add_option("--end", o->end, "Keep spectra up to this UTC date (YYYY-MM-DD, inclusive)");
  add_log_options(*sub, o->common);
  return {sub, [o]() -> int {
            setup_logging(o->common);
            const auto by = product::stats_by_from_name(o->by);
            if (!by) throw UsageError("--by must be grid, sza, local-time or region, not '" + o->by + "'");
            if (o->status != "fitted" && o->status != "any")
              throw UsageError("--status must be fitted or any, not '" + o->status + "'");
            if (o->illumination != "day" && o->illumination != "night" && o->illumination != "all")
              throw UsageError("--illumination must be day, night or all, not '" + o->illumination + "'");
            if (o->caches.empty()) throw UsageError("stats: no cache given");
            const bool netcdf = o->output.ends_with(".nc");
            if (!netcdf && !o->output.ends_with(".csv"))
              throw UsageError("-o must name a .nc or .csv file, not '" + o->output + "'");
            product::StatsOptions options;
            options.by = *by;
            options.grid_deg = o->grid_deg;
            options.fitted_only = o->status == "fitted";
            options.illumination = product::illumination_from_name(o->illumination);
            if (o->max_width >= 0) options.max_width_v = o->max_width;
            for (auto [flag, text, day] : {std::tuple{"--start", &o->start, &options.first_day},
                                           std::tuple{"--end", &o->end, &options.last_day}}) {
              if (text->empty()) continue;
              *day = io::parse_date(*text);
              if (!*day) throw UsageError(std::string(flag) + " must be a date YYYY-MM-DD, not '" + *text + "'");
            }
            auto days = [](const CalendarDate& d) { return days_since_1970(d.year, d.month, d.day); };
            if (options.first_day && options.last_day && days(*options.last_day) < days(*options.first_day))
              throw UsageError("--end " + o->end + " is before --start " + o->start);
            product::CacheSpectra spectra;
            for (const std::string& path : o->caches) {
              try {
                product::append_cache(spectra, io::read_npz(path), path);
              } catch (const std::exception& e) {
                throw UsageError(e.what());
              }
            }
            product::StatsTable table;
            try {
              table = product::compute_stats(spectra, options);
            } catch (const std::exception& e) {
              throw UsageError(e.what());
            }
            if (netcdf) {
              std::string inputs;
              for (const std::string& path : o->caches) inputs += (inputs.empty() ? "" : " ") + path;
              product::write_stats_netcdf(o->output, table,
                                          {{"source", std::string("potential-mapper ") + program_version},
                                           {"program_version", program_version},
                                           {"input_caches", inputs},
                                           {product::stats_settings_attribute, product::stats_settings_text(options)}});
            } else {
              io::write_file_atomically(o->output, product::stats_csv(table));
            }
            spdlog::info("wrote {}: {} of {} spectra in {} bins", o->output, table.spectra_used, table.spectra_read,
                         table.bin_count());
            return exit_ok;
          }};
}

}  // namespace lpm::cli
