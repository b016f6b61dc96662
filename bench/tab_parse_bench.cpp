// Throughput of the ER table reader (target >= 150 MB/s per core) and writer on a ~20 MB
// in-memory table shaped like a real daily file (D§2.1): 4-digit fluxes, 2-decimal phi.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "io/er_table.hpp"

namespace {

// Rounds to what the archive prints (flux %.3E, phi %.2f) so the text has realistic widths.
double round_like_archive(double value, const char* format) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, format, value);
  return std::strtod(buffer, nullptr);
}

std::vector<lpm::io::ErSpectrum> daily_spectra(std::size_t target_bytes) {
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<lpm::io::ErSpectrum> spectra;
  std::size_t bytes = 0;
  for (int s = 1; bytes < target_bytes; ++s) {
    lpm::io::ErSpectrum spectrum;
    spectrum.spec_no = s;
    for (int i = 0; i < lpm::er_rows_per_spectrum; ++i) {
      lpm::io::ErRow row;
      int seconds = s * 80 + i * 5;
      char utc[32];
      std::snprintf(utc, sizeof utc, "1998-06-08T%02d:%02d:%02d", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
      row.utc = utc;
      row.time = std::to_string(897264000 + seconds);
      row.energy_ev = round_like_archive(38.641 * std::pow(16680.334 / 38.641, i / 14.0), "%.3f");
      row.spec_no = s;
      for (double& b : row.b_scd_nt) b = round_like_archive(20.0 * unit(rng) - 10.0, "%.6f");
      for (int k = 0; k < lpm::er_channels; ++k) {
        row.flux[k] =
            unit(rng) < 0.02 ? std::nan("") : round_like_archive(std::pow(10.0, 2.0 + 6.0 * unit(rng)), "%.3E");
        row.phi_deg[k] = round_like_archive(360.0 * unit(rng), "%.2f");
      }
      spectrum.rows.push_back(row);
    }
    bytes += lpm::io::format_er_table({spectrum}).size();
    spectra.push_back(std::move(spectrum));
  }
  return spectra;
}

const std::vector<lpm::io::ErSpectrum>& spectra() {
  static const auto value = daily_spectra(20u << 20);
  return value;
}

const std::string& table_text() {
  static const std::string text = lpm::io::format_er_table(spectra());
  return text;
}

void BM_ParseErTable(benchmark::State& state) {
  const std::string& text = table_text();
  for (auto _ : state) {
    lpm::io::ErFile file = lpm::io::parse_er_table_text(text, "bench.TAB");
    benchmark::DoNotOptimize(file.spectra.data());
    if (file.spectra.size() != spectra().size()) state.SkipWithError("spectra lost while parsing");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_ParseErTable)->Unit(benchmark::kMillisecond);

void BM_FormatErTable(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = lpm::io::format_er_table(spectra());
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_FormatErTable)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
