#pragma once
// Small potential caches with known points, written with io::write_npz, for the plot tests.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "io/npz.hpp"

namespace lpm::test {

struct KnownSpectrum {
  double latitude_deg, longitude_deg, u_surface_v;
  bool in_sun;
  std::string utc;
  std::int8_t environment = 1;
  double solar_zenith_deg = std::numeric_limits<double>::quiet_NaN();  // written when any spectrum has one
};

// Two rows per spectrum; the first row has no footpoint (NaN), so the plot must use the second.
inline io::NpzArchive synthetic_cache(const std::vector<KnownSpectrum>& spectra, bool with_optional_keys = true) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::int64_t> spec_no;
  std::vector<std::string> utc;
  std::vector<double> lat, lon, u, lower, upper, u_sc, sc_lat, sc_lon;
  std::vector<bool> in_sun;
  std::vector<std::int8_t> environment;
  for (std::size_t s = 0; s < spectra.size(); ++s)
    for (int row = 0; row < 2; ++row) {
      const auto& k = spectra[s];
      spec_no.push_back(static_cast<std::int64_t>(s) + 1);
      utc.push_back(k.utc);
      lat.push_back(row == 0 ? nan : k.latitude_deg);
      lon.push_back(row == 0 ? nan : k.longitude_deg);
      u.push_back(k.u_surface_v);
      lower.push_back(k.u_surface_v - 5);
      upper.push_back(k.u_surface_v + 5);
      u_sc.push_back(k.in_sun ? 8.0 : -40.0);
      sc_lat.push_back(k.latitude_deg + 1);
      sc_lon.push_back(k.longitude_deg + 1);
      in_sun.push_back(k.in_sun);
      environment.push_back(k.environment);
    }
  io::NpzArchive npz;
  npz.add("rows_spec_no", io::make_i8(spec_no));
  npz.add("rows_utc", io::make_unicode(utc, 64));
  npz.add("rows_projection_latitude", io::make_f8(lat));
  npz.add("rows_projection_longitude", io::make_f8(lon));
  npz.add("rows_projected_potential", io::make_f8(u));
  npz.add("rows_projection_in_sun", io::make_bool(in_sun));
  if (with_optional_keys) {
    npz.add("rows_u_surface_lower", io::make_f8(lower));
    npz.add("rows_u_surface_upper", io::make_f8(upper));
    npz.add("rows_spacecraft_potential", io::make_f8(u_sc));
    npz.add("rows_spacecraft_latitude", io::make_f8(sc_lat));
    npz.add("rows_spacecraft_longitude", io::make_f8(sc_lon));
    npz.add("rows_environment_class", io::make_i1(environment));
  }
  std::vector<double> sza, local_time;
  for (const auto& k : spectra) {
    sza.push_back(k.solar_zenith_deg);
    local_time.push_back(12.0);  // not drawn by the plots
  }
  if (std::any_of(sza.begin(), sza.end(), [](double v) { return std::isfinite(v); })) {
    npz.add("spec_solar_zenith_deg", io::make_f8(sza));
    npz.add("spec_local_time_h", io::make_f8(local_time));
  }
  return npz;
}

// The three points of the issue: (0°, 0°) at −500 V, (30°N, 90°E) at 0 V, (45°S, 120°W) at +15 V.
inline std::vector<KnownSpectrum> three_known_points() {
  return {{0.0, 0.0, -500.0, false, "1998-06-01T00:00:10", 5},
          {30.0, 90.0, 0.0, true, "1998-06-01T06:30:00", 1},
          {-45.0, -120.0, 15.0, true, "1998-06-02T12:00:00", 2}};
}

}  // namespace lpm::test
