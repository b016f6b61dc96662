// Speed of the geometry stage (D§5.2): rows/s of the pure per-row maths, of the whole stage
// (compute_geometry with kernels: UTC → ET, attitude, SPK states, IAU_MOON, maths) and of the
// pitch angles of one row. The shared kernels hold LP (synthetic, 1998-06-15) but no Sun for
// 1998, so the benchmark writes a Sun SPK for that day. Figures are printed, never asserted.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "geometry/compute_geometry.hpp"
#include "geometry/pitch_angles.hpp"
#include "geometry/row_geometry.hpp"
#include "spice/kernel_set.hpp"
#include "spice/spk_writer.hpp"

namespace {

using namespace lpm;
using namespace lpm::geometry;

std::filesystem::path kernels_dir() {
  if (const char* env = std::getenv("LPM_SHARED_DIR"); env && *env) return std::filesystem::path(env) / "kernels";
  return std::filesystem::path(LPM_SHARED_DIR_DEFAULT) / "kernels";
}

struct MathsInput {
  RowEphemeris ephemeris;
  io::SpinAxis spin;
  Vec3 b_scd;
};

std::vector<MathsInput> random_rows(std::size_t n) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::vector<MathsInput> rows(n);
  for (auto& row : rows) {
    Vec3 lp{unit(rng), unit(rng), unit(rng)};
    lp = ((lunar_radius_km + 100.0) / norm(lp)) * lp;
    const Mat3 j2000_to_moon = spice::rot3(3.0 * unit(rng)) * spice::rot1(0.4);
    const Mat3 ecl_to_j2000 = spice::transpose(spice::rot1(0.40909280422232897));
    row.ephemeris = make_row_ephemeris(-4.88e7, lp, {1.2e8, -8.0e7, -3.4e7}, j2000_to_moon, ecl_to_j2000);
    row.spin = {180.0 * (1.0 + unit(rng)), 85.0 * unit(rng)};
    row.b_scd = {unit(rng), unit(rng), unit(rng)};
  }
  return rows;
}

void BM_RowGeometryMaths(benchmark::State& state) {
  const std::vector<MathsInput> rows = random_rows(4096);
  std::size_t i = 0;
  for (auto _ : state) {
    const MathsInput& row = rows[i++ & 4095];
    benchmark::DoNotOptimize(compute_row_geometry(row.ephemeris, row.spin, row.b_scd));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RowGeometryMaths);

// A Sun wrt Moon SPK for 1998-06-15 (type 2, J2000; the shared kernels have no Sun for 1998).
std::filesystem::path write_simulated_sun() {
  const auto path = std::filesystem::temp_directory_path() / "lpm-geometry-bench-sun.bsp";
  const double start = -48859200.0, end = -48772800.0, obliquity = 23.439291 * 3.141592653589793 / 180;
  spice::SpkWriter writer(path, "LPM GEOMETRY BENCH SUN");
  writer.add(spice::fit_chebyshev_type2(naif_sun_id, naif_moon_id, 1, start, end, 21600.0, 9, [&](double et) {
    const double longitude = (84.0 + 0.9856 * (et - start) / 86400.0) * 3.141592653589793 / 180;
    return Vec3{1.496e8 * std::cos(longitude), 1.496e8 * std::sin(longitude) * std::cos(obliquity),
                1.496e8 * std::sin(longitude) * std::sin(obliquity)};
  }));
  writer.close();
  return path;
}

// The whole stage: compute_geometry over rows with one distinct UTC each (no sharing, so every
// row pays UTC → ET, attitude, two SPK states, J2000 → IAU_MOON and the maths).
void BM_ComputeGeometryFullStage(benchmark::State& state) {
  spice::KernelSet kernels;
  std::filesystem::path sun;
  try {
    for (const char* name : {"naif0012.tls", "pck00010.tpc", "synthetic_lp_type13.bsp"})
      kernels.load(kernels_dir() / name);
    sun = write_simulated_sun();
    kernels.load(sun);
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  std::filesystem::remove(sun);
  io::AttitudeSeries attitude;
  attitude.et = {kernels.utc_to_et("1998-06-15T00:00:00"), kernels.utc_to_et("1998-06-16T00:00:00")};
  attitude.ra_deg = {100.0, 101.0};
  attitude.dec_deg = {-80.0, -80.0};
  std::vector<io::ErRow> rows(4096);
  for (std::size_t s = 0; s < rows.size(); ++s) {
    char text[32];
    std::snprintf(text, sizeof text, "1998-06-15T%02zu:%02zu:%02zu", 1 + s / 3600, (s / 60) % 60, s % 60);
    rows[s].utc = text;
    rows[s].b_scd_nt = {3.0, -1.0, 0.001 * static_cast<double>(s)};
  }
  std::size_t ok_rows = 0;
  for (auto _ : state) {
    const std::vector<RowGeometry> result = compute_geometry(rows, kernels, attitude);
    ok_rows = summarize_geometry(result).rows_by_status[0];
    benchmark::DoNotOptimize(result.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows.size()));
  state.counters["ok_fraction"] = static_cast<double>(ok_rows) / static_cast<double>(rows.size());
}
BENCHMARK(BM_ComputeGeometryFullStage)->Unit(benchmark::kMillisecond);

void BM_LossConePitchAngles(benchmark::State& state) {
  ChannelAngles phi{}, theta{};
  for (int k = 0; k < er_channels; ++k) {
    phi[k] = 4.1 * k;
    theta[k] = (k % 8 - 3.5) * 22.5;
  }
  const CellElevations elevations = cell_elevations(theta);  // once per spectrum, as the pipeline does
  std::size_t i = 0;
  for (auto _ : state) {
    const Vec3 b{1.0, 0.001 * static_cast<double>(i++ & 1023), -0.5};
    benchmark::DoNotOptimize(losscone_pitch_angles(b, phi, elevations, 1));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LossConePitchAngles);

}  // namespace

BENCHMARK_MAIN();
