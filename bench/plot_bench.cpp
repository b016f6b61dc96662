// Rendering speed of the plot stage: a year of spectra (~500 000 fitted points) as a map,
// a histogram and a time series, PNG written to a temp folder.
#include <filesystem>
#include <limits>
#include <random>

#include <benchmark/benchmark.h>

#include "plot/render.hpp"
#include "product/cache_schema.hpp"

namespace {

lpm::plot::PlotData synthetic_year(std::size_t spectra) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), unit(0, 1);
  std::normal_distribution<double> day_u(10, 15), night_u(-150, 120), width(20, 5);
  lpm::plot::PlotData d;
  const double start = 883872000.0;  // 1998-01-04
  for (std::size_t i = 0; i < spectra; ++i) {
    double lo = lon(rng);
    bool sunlit = std::cos(lo * M_PI / 180) > 0;
    double u = sunlit ? day_u(rng) : night_u(rng);
    d.latitude_deg.push_back(lat(rng));
    d.longitude_deg.push_back(lo);
    d.u_surface_v.push_back(u);
    d.u_lower_v.push_back(u - std::abs(width(rng)));
    d.u_upper_v.push_back(u + std::abs(width(rng)));
    d.u_spacecraft_v.push_back(sunlit ? 8.0 : -60.0);
    d.time_s.push_back(start + 365.0 * 86400.0 * static_cast<double>(i) / static_cast<double>(spectra));
    d.in_sun.push_back(sunlit ? 1 : 0);
    d.environment.push_back(lpm::product::environment_from_code(sunlit ? 1 + static_cast<int>(unit(rng) * 4) : 5));
    d.spec_no.push_back(static_cast<std::int64_t>(i));
    d.utc.emplace_back();  // time_s is set directly
    d.status.push_back(0);
    d.track_latitude_deg.push_back(d.latitude_deg.back());
    d.track_longitude_deg.push_back(lo);
    // Every per-spectrum column has the same length (CacheSpectra); the rest are absent (NaN), as
    // the reader fills them for a cache without them.
    for (auto* absent : {&d.solar_zenith_deg, &d.local_time_h, &d.u_spacecraft_lower_v, &d.u_spacecraft_upper_v,
                         &d.electron_density_m3, &d.electron_temperature_ev, &d.kappa})
      absent->push_back(std::numeric_limits<double>::quiet_NaN());
  }
  return d;
}

void render(benchmark::State& state, lpm::plot::PlotKind kind, bool globe) {
  const auto data = synthetic_year(static_cast<std::size_t>(state.range(0)));
  const auto out = std::filesystem::temp_directory_path() / "lpm_plot_bench.png";
  lpm::plot::PlotOptions options;
  options.kind = kind;
  options.ground_track = true;
  if (globe) options.orthographic = lpm::plot::GlobeCentre{30, -60};
  for (auto _ : state) lpm::plot::render_figure(data, options, out);
  state.counters["points/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
  std::filesystem::remove(out);
}

void BM_MapRender(benchmark::State& s) { render(s, lpm::plot::PlotKind::map, false); }
void BM_GlobeRender(benchmark::State& s) { render(s, lpm::plot::PlotKind::map, true); }
void BM_HistRender(benchmark::State& s) { render(s, lpm::plot::PlotKind::hist, false); }
void BM_TimeseriesRender(benchmark::State& s) { render(s, lpm::plot::PlotKind::timeseries, false); }

}  // namespace

BENCHMARK(BM_MapRender)->Arg(500000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GlobeRender)->Arg(500000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HistRender)->Arg(500000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TimeseriesRender)->Arg(500000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
