#include "physics/energy_response.hpp"

#include <cmath>

#include "base/portable_math.hpp"

namespace lpm::physics {

double log_energy_response_width(double relative_fwhm) {
  return math::asinh(0.5 * relative_fwhm) / std::sqrt(2.0 * math::log(2.0));
}

std::vector<double> log_energy_response_matrix(std::span<const double> energies_ev, double relative_fwhm) {
  const std::size_t n = energies_ev.size();
  const double s = log_energy_response_width(relative_fwhm);
  std::vector<double> w(n * n);
  for (std::size_t i = 0; i < n; ++i) {
    double row_sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const double z = (math::log(energies_ev[i]) - math::log(energies_ev[k])) / s;
      w[i * n + k] = math::exp(-0.5 * z * z);
      row_sum += w[i * n + k];
    }
    for (std::size_t k = 0; k < n; ++k) w[i * n + k] /= row_sum;
  }
  return w;
}

std::array<ResponseNode, response_nodes> log_energy_response_nodes(double relative_fwhm) {
  const double s = log_energy_response_width(relative_fwhm);
  const double x = std::sqrt(1.5);  // Hermite nodes of H_3, scaled by √2 s below
  const double d = std::sqrt(2.0) * s * x;
  return {{{math::exp(-d), 1.0 / 6.0}, {1.0, 2.0 / 3.0}, {math::exp(d), 1.0 / 6.0}}};
}

}  // namespace lpm::physics
