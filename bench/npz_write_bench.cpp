// Throughput of write_npz on a batch-sized payload: 20 float64 arrays of 500 000 rows plus a
// <U64 UTC column of the same length (the shape of P§5.5's rows_* keys). Reports the
// uncompressed payload rate (bytes_per_second) and the file size, per compression level; and
// the write of the same arrays streamed as batch does, on 1 or 2 threads.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include "io/npz.hpp"
#include "pipeline/parallel_tasks.hpp"

namespace {

constexpr std::size_t rows = 500'000;
constexpr std::size_t piece_bytes = std::size_t{1} << 20;  // as batch streams a column

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

std::size_t data_bytes(const lpm::io::NpzArchive& archive) {
  std::size_t bytes = 0;
  for (const auto& entry : archive.entries()) bytes += entry.second.data.size();
  return bytes;
}

void BM_WriteNpz(benchmark::State& state) {
  static const lpm::io::NpzArchive archive = batch_like_payload();
  const std::size_t payload_bytes = data_bytes(archive);
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

// The same payload at level 6 as batch writes its columns (issue 22): streamed in 1 MiB pieces,
// one entry after the other (1 thread) or compressed by pipeline::run_tasks on N threads.
void BM_WriteNpzOnThreads(benchmark::State& state) {
  static const lpm::io::NpzArchive archive = batch_like_payload();
  const int threads = static_cast<int>(state.range(0));
  const auto path =
      std::filesystem::temp_directory_path() / fmt::format("lpm-npz-bench-threads-{}", ::getpid()) / "bench.npz";
  for (auto _ : state) {
    std::vector<lpm::io::NpzWriter::StreamedEntry> entries;
    for (const auto& [key, array] : archive.entries()) {
      lpm::io::NpyArray layout = array;
      layout.data.clear();
      entries.push_back({key, layout, [&array = array] {
                           return [&array, at = std::size_t{0}](std::vector<std::uint8_t>& chunk) mutable {
                             const std::size_t n = std::min(piece_bytes, array.data.size() - at);
                             chunk.assign(array.data.begin() + static_cast<std::ptrdiff_t>(at),
                                          array.data.begin() + static_cast<std::ptrdiff_t>(at + n));
                             at += n;
                           };
                         }});
    }
    lpm::io::NpzWriter writer(path);
    lpm::io::NpzWriter::TaskRunner run;
    if (threads > 1) run = [threads](const auto& tasks) { lpm::pipeline::run_tasks(tasks, threads); };
    writer.add_streamed(std::move(entries), run);
    writer.commit();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data_bytes(archive)));
  std::filesystem::remove_all(path.parent_path());
}
BENCHMARK(BM_WriteNpzOnThreads)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadNpz(benchmark::State& state) {
  static const lpm::io::NpzArchive archive = batch_like_payload();
  const auto folder = std::filesystem::temp_directory_path() / fmt::format("lpm-npz-bench-read-{}", ::getpid());
  const auto path = folder / "bench.npz";
  lpm::io::write_npz(path, archive);
  for (auto _ : state) benchmark::DoNotOptimize(lpm::io::read_npz(path));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data_bytes(archive)));
  std::filesystem::remove_all(folder);
}
BENCHMARK(BM_ReadNpz)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
