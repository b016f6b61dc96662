#include "product/cache_reader.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "product/cache_schema.hpp"
#include "product/cache_writer.hpp"
#include "product/footpoint_row.hpp"
#include "product/inspect.hpp"

using namespace lpm::product;
using lpm::pipeline::EnvironmentClass;
using lpm::pipeline::SpectrumResult;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A fitted spectrum whose first `unconnected` rows have no footpoint (dark, wake, as the pipeline
// writes them) and whose later rows reach a sunlit footpoint in the solar wind.
SpectrumResult spectrum(std::int64_t spec_no, int unconnected, double u) {
  SpectrumResult s;
  s.spec_no = spec_no;
  s.u_surface_v = u;
  for (int i = 0; i < 15; ++i) {
    auto& row = s.rows[i];
    row.utc = "1998-06-15T00:00:" + std::to_string(10 + i);
    const bool connected = i >= unconnected;
    row.projection_lat_deg = connected ? 10.0 + i : nan;
    row.projection_lon_deg = connected ? 20.0 : nan;
    row.projection_in_sun = connected;
    row.environment_class = environment_code(connected ? EnvironmentClass::solar_wind : EnvironmentClass::wake);
  }
  return s;
}

}  // namespace

TEST(CacheReader, TakesEachSpectrumAtItsFirstRowWithAFootpoint) {
  std::vector<SpectrumResult> results{spectrum(1, 0, 5), spectrum(2, 3, 7)};
  const CacheSpectra spectra = read_cache(build_payload(results, {"f"}, {}), "cache");
  ASSERT_EQ(spectra.size(), 2u);
  EXPECT_EQ(spectra.rows, 30u);
  EXPECT_DOUBLE_EQ(spectra.latitude_deg[1], 13.0);
  EXPECT_EQ(spectra.utc[1], "1998-06-15T00:00:13");
  EXPECT_EQ(spectra.in_sun[1], 1);
  EXPECT_EQ(spectra.environment[1], EnvironmentClass::solar_wind);
  EXPECT_EQ(spectra.status[1], status_code(lpm::fit::FitStatus::fitted));
  EXPECT_EQ(spectra.utc_min, "1998-06-15T00:00:10");
  EXPECT_EQ(spectra.utc_max, "1998-06-15T00:00:24");
  // The same row as the rule applied to the results themselves (map's summary).
  EXPECT_EQ(&footpoint_row(results[1]), &results[1].rows[3]);
}

TEST(CacheReader, SpectrumWithoutAnyFootpointUsesItsFirstRow) {
  const CacheSpectra spectra = read_cache(build_payload({spectrum(1, 15, 5)}, {"f"}, {}), "cache");
  ASSERT_EQ(spectra.size(), 1u);
  EXPECT_TRUE(std::isnan(spectra.latitude_deg[0]));
  EXPECT_EQ(spectra.in_sun[0], 0);
  EXPECT_EQ(spectra.utc[0], "1998-06-15T00:00:10");
}

TEST(CacheReader, IlluminationSelectsByFootpointRow) {
  const CacheSpectra spectra =
      read_cache(build_payload({spectrum(1, 15, 5), spectrum(2, 2, 7), spectrum(3, 0, 9)}, {"f"}, {}), "cache");
  EXPECT_EQ(select_spectra(spectra, Illumination::day), (std::vector<std::size_t>{1, 2}));
  // Spectrum 1 has no footpoint: neither day nor night (issue 20), only `all`.
  EXPECT_EQ(select_spectra(spectra, Illumination::night), (std::vector<std::size_t>{}));
  EXPECT_EQ(select_spectra(spectra, Illumination::all), (std::vector<std::size_t>{0, 1, 2}));
  const CacheSpectra day = subset(spectra, select_spectra(spectra, Illumination::day));
  EXPECT_EQ(day.spec_no, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(day.rows, spectra.rows);
}

TEST(CacheReader, MissingRequiredKeyNamesTheCacheAndTheKey) {
  lpm::io::NpzArchive cache = build_payload({spectrum(1, 0, 5)}, {"f"}, {});
  lpm::io::NpzArchive partial;
  for (const auto& [key, array] : cache.entries())
    if (key != keys::rows_projection_in_sun.name) partial.add(key, array);
  try {
    read_cache(partial, "partial.npz");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "partial.npz: missing required key 'rows_projection_in_sun'");
  }
}

// inspect and plot split day and night by one rule: a spectrum whose first row has no footpoint
// but whose footpoint is sunlit counts as sunlit in the class of its footpoint row.
TEST(Inspect, CountsDayAndNightAtTheFootpointRow) {
  const std::string text = describe_cache(build_payload({spectrum(1, 3, 7)}, {"f"}, {}), "cache");
  EXPECT_NE(text.find("sunlit         n=1 "), std::string::npos) << text;
  EXPECT_NE(text.find("dark           no fitted spectra"), std::string::npos) << text;
  EXPECT_NE(text.find("solar_wind     n=1 "), std::string::npos) << text;
  EXPECT_EQ(text.find("wake"), std::string::npos) << text;
}

TEST(CacheSchema, CodesDecodeToTheirEnumsAndNames) {
  EXPECT_STREQ(status_name(status_code(lpm::fit::FitStatus::at_bound)), "at_bound");
  EXPECT_STREQ(status_name(99), "unknown");
  EXPECT_FALSE(status_from_code(-1));
  EXPECT_EQ(environment_from_code(5), EnvironmentClass::wake);
  EXPECT_EQ(environment_from_code(6), EnvironmentClass::unknown);
}

// The plasma moments of `view`'s hover are the spectrum's spec_ values; NaN (and the flag
// cleared) for a cache written without them.
TEST(CacheReader, PlasmaMomentsComeFromTheSpectrumKeysOrAreNaN) {
  SpectrumResult s = spectrum(1, 0, 5);
  s.electron_density_m3 = 2.5e6;
  s.electron_temperature_ev = 12.0;
  s.kappa = 4.5;
  const lpm::io::NpzArchive cache = build_payload({s}, {"f"}, {});
  const CacheSpectra spectra = read_cache(cache, "cache");
  EXPECT_TRUE(spectra.has_plasma_moments);
  EXPECT_EQ(spectra.electron_density_m3, std::vector<double>{2.5e6});
  EXPECT_EQ(spectra.electron_temperature_ev, std::vector<double>{12.0});
  EXPECT_EQ(spectra.kappa, std::vector<double>{4.5});

  lpm::io::NpzArchive without;
  for (const auto& [key, array] : cache.entries())
    if (key != keys::spec_kappa_value.name) without.add(key, array);
  const CacheSpectra old = read_cache(without, "old");
  EXPECT_FALSE(old.has_plasma_moments);
  ASSERT_EQ(old.kappa.size(), 1u);
  EXPECT_TRUE(std::isnan(old.kappa[0]));
  EXPECT_EQ(subset(spectra, {0, 0}).kappa, (std::vector<double>{4.5, 4.5}));
}
