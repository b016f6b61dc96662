#include "product/footpoint_row.hpp"

#include <array>
#include <cmath>

namespace lpm::product {

std::size_t footpoint_row(std::span<const double> latitude_deg, std::span<const double> longitude_deg) {
  for (std::size_t i = 0; i < latitude_deg.size(); ++i)
    if (std::isfinite(latitude_deg[i]) && std::isfinite(longitude_deg[i])) return i;
  return 0;
}

const pipeline::RowResult& footpoint_row(const pipeline::SpectrumResult& spectrum) {
  std::array<double, er_rows_per_spectrum> latitude{}, longitude{};
  for (std::size_t i = 0; i < spectrum.rows.size(); ++i) {
    latitude[i] = spectrum.rows[i].projection_lat_deg;
    longitude[i] = spectrum.rows[i].projection_lon_deg;
  }
  return spectrum.rows[footpoint_row(latitude, longitude)];
}

}  // namespace lpm::product
