// Throughput of write_npz on a batch-sized payload: 20 float64 arrays of 500 000 rows plus a
// <U64 UTC column of the same length (the shape of P§5.5's rows_* keys). Reports the
// uncompressed payload rate (bytes_per_second) and the file size, per compression level.
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include "io/npz.hpp"

namespace {

constexpr std::size_t rows = 500'000;

lpm::io::NpzArchive batch_like_payload() {
  std::mt19937_64 rng(12345);  // fixed seed: the same payload on every run
  std::normal_distribution<double> noise(0.0, 1.0);
  lpm::io::NpzArchive archive;
  for (int k = 0; k < 20; ++k) {
    std::vector<double> column(rows);
    for (std::size_t i = 0; i < rows; ++i)
      column[i] =
          (k % 4 == 0 && i % 7 == 0) ? std::nan("") : 50.0 * std::sin(1e-4 * static_cast<double>(i) + k) + noise(rng);
    archive.add(fmt::format("rows_column_{:02d}", k), lpm::io::make_f8(std::move(column)));
  }
  std::vector<std::string> utc(rows);
  for (std::size_t i = 0; i < rows; ++i)
    utc[i] = fmt::format("1998-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", 1 + i / 40000 % 12, 1 + i / 1440 % 28, i / 60 % 24,
                         i % 60, (i * 7) % 60);
  archive.add("rows_utc", lpm::io::make_unicode(utc, 64));
  return archive;
}

void BM_WriteNpz(benchmark::State& state) {
  static const lpm::io::NpzArchive archive = batch_like_payload();
  std::size_t payload_bytes = 0;
  for (const auto& entry : archive.entries()) payload_bytes += entry.second.data.size();
  const auto folder = std::filesystem::temp_directory_path() / fmt::format("lpm-npz-bench-{}", ::getpid());
  const auto path = folder / "bench.npz";
  const int level = static_cast<int>(state.range(0));
  for (auto _ : state) lpm::io::write_npz(path, archive, {.force_zip64 = false, .compression_level = level});
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload_bytes));
  state.counters["payload_MB"] = static_cast<double>(payload_bytes) / 1e6;
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  std::filesystem::remove_all(folder);
}
BENCHMARK(BM_WriteNpz)->Arg(0)->Arg(1)->Arg(6)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadNpz(benchmark::State& state) {
  static const lpm::io::NpzArchive archive = batch_like_payload();
  const auto folder = std::filesystem::temp_directory_path() / fmt::format("lpm-npz-bench-read-{}", ::getpid());
  const auto path = folder / "bench.npz";
  lpm::io::write_npz(path, archive);
  std::size_t payload_bytes = 0;
  for (const auto& entry : archive.entries()) payload_bytes += entry.second.data.size();
  for (auto _ : state) benchmark::DoNotOptimize(lpm::io::read_npz(path));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload_bytes));
  std::filesystem::remove_all(folder);
}
BENCHMARK(BM_ReadNpz)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
