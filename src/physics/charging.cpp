#include "physics/charging.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>

#include "base/constants.hpp"

namespace lpm::physics {

std::vector<double> log_spaced_grid(double a, double b, int n) {
  if (!(a > 0.0) || !(b > 0.0) || n < 2) throw std::invalid_argument("log_spaced_grid: need a > 0, b > 0 and n >= 2");
  std::vector<double> grid(static_cast<std::size_t>(n));
  const double la = std::log(a), lb = std::log(b);
  for (int i = 0; i < n; ++i) grid[i] = std::exp(la + (lb - la) * i / (n - 1));
  grid.front() = a;  // exact end points, as numpy.geomspace
  grid.back() = b;
  return grid;
}

double trapezoid(std::span<const double> x, std::span<const double> y) {
  double sum = 0.0;
  for (std::size_t i = 1; i < x.size(); ++i) sum += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
  return sum;
}

namespace {
// Simpson over the pair of intervals [x0, x2] with unequal widths h0, h1.
double simpson_pair(double h0, double h1, double y0, double y1, double y2) {
  const double h = h0 + h1;
  return h / 6.0 * ((2.0 - h1 / h0) * y0 + h * h / (h0 * h1) * y1 + (2.0 - h0 / h1) * y2);
}
}  // namespace

double simpson(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size();
  if (n < 2) return 0.0;
  if (n == 2) return 0.5 * (x[1] - x[0]) * (y[0] + y[1]);
  const std::size_t pairs_end = (n % 2 == 1) ? n - 1 : n - 2;  // last index covered by pairs
  double sum = 0.0;
  for (std::size_t i = 0; i + 2 <= pairs_end; i += 2)
    sum += simpson_pair(x[i + 1] - x[i], x[i + 2] - x[i + 1], y[i], y[i + 1], y[i + 2]);
  if (n % 2 == 0) {
    // Last interval from the parabola through the last three points (Cartwright 2017).
    const double h0 = x[n - 2] - x[n - 3], h1 = x[n - 1] - x[n - 2];
    const double alpha = (2.0 * h1 * h1 + 3.0 * h0 * h1) / (6.0 * (h0 + h1));
    const double beta = (h1 * h1 + 3.0 * h0 * h1) / (6.0 * h0);
    const double eta = h1 * h1 * h1 / (6.0 * h0 * (h0 + h1));
    sum += alpha * y[n - 1] + beta * y[n - 2] - eta * y[n - 3];
  }
  return sum;
}

double photoemission_current_density_a_m2(double potential_v) {
  return photoemission_a_a_m2 * std::exp(-potential_v / photoemission_b_v) +
         photoemission_c_a_m2 * std::exp(-potential_v / photoemission_d_v);
}

double electron_current_density_a_m2(const KappaParams& p, double e_min_ev, double e_max_ev, int points) {
  const std::vector<double> e = log_spaced_grid(e_min_ev, e_max_ev, points);
  std::vector<double> j(e.size());
  for (std::size_t i = 0; i < e.size(); ++i) j[i] = omnidirectional_flux_cm2(p, e[i]);
  // ¼: isotropic flux onto a plane; 1e4: cm⁻² → m⁻².
  return electron_charge_c * 1e4 * 0.25 * simpson(e, j);
}

double sternglass_yield(double impact_energy_ev, double peak_energy_ev, double peak_yield) {
  if (!(impact_energy_ev > 0.0)) return 0.0;
  const double r = impact_energy_ev / peak_energy_ev;
  return 7.4 * peak_yield * r * std::exp(-2.0 * std::sqrt(r));
}

namespace {

// ¼ J(E)·1e4 [m⁻² s⁻¹ eV⁻¹], the κ flux onto a plane per unit area and energy:
// scale · E (1 + E/(κ E_θ))^{−κ−1}, E_θ = ½ m_e θ² (P§2.1), the constants computed once.
struct PlaneFlux {
  double scale, kappa_e_theta, exponent;
  explicit PlaneFlux(const KappaParams& p)
      : kappa_e_theta(p.kappa * energy_from_speed_ev(p.theta_m_s)), exponent(-p.kappa - 1.0) {
    const double e_theta = energy_from_speed_ev(p.theta_m_s);
    scale = 0.25 * 1e4 * omnidirectional_flux_cm2(p, e_theta) / (e_theta * std::pow(1.0 + 1.0 / p.kappa, exponent));
  }
  double operator()(double energy_ev) const {
    return scale * energy_ev * std::exp(exponent * std::log1p(energy_ev / kappa_e_theta));
  }
};

// Maxwellian protons with T_i = T_e (+EPS keeps U/T_i finite): attracted by a negative
// spacecraft (OML, J_i0 √(1 − U/T_i), P§3.3), repelled by a positive one (J_i0 e^{−U/T_i}).
double proton_current_a_m2(const KappaParams& ambient, double potential_v) {
  const double t_i = temperature_ev_from_theta(ambient.theta_m_s, ambient.kappa) + generic_epsilon;
  const double j_i0 =
      electron_charge_c * ambient.density_m3 * std::sqrt(electron_charge_c * t_i / (2.0 * pi * proton_mass_kg));
  return potential_v <= 0.0 ? j_i0 * std::sqrt(1.0 - potential_v / t_i) : j_i0 * std::exp(-potential_v / t_i);
}

// shaded_currents of the ambient plasma at U ≤ 0, on the grid points with E ≥ |U|.
ShadedCurrents negative_spacecraft_currents(const KappaParams& ambient, double potential_v,
                                            std::span<const double> energy_grid_ev) {
  const double barrier = -potential_v;  // repels electrons
  const PlaneFlux plane_flux(ambient);
  std::vector<double> e, flux, see_flux;
  e.reserve(energy_grid_ev.size());
  flux.reserve(energy_grid_ev.size());
  see_flux.reserve(energy_grid_ev.size());
  for (double energy : energy_grid_ev) {
    if (energy < barrier) continue;  // repelled by the negative spacecraft
    const double phi = plane_flux(energy);
    e.push_back(energy);
    flux.push_back(phi);
    see_flux.push_back(sternglass_yield(energy - barrier, sternglass_peak_energy_ev, sternglass_peak_yield) * phi);
  }
  ShadedCurrents c;
  c.electron_a_m2 = electron_charge_c * trapezoid(e, flux);
  c.secondary_a_m2 = electron_charge_c * trapezoid(e, see_flux);
  c.ion_a_m2 = proton_current_a_m2(ambient, potential_v);
  return c;
}

}  // namespace

ShadedCurrents shaded_currents(const KappaParams& uncorrected, double potential_v,
                               std::span<const double> energy_grid_ev) {
  const double kappa = uncorrected.kappa;
  const double t_uc = temperature_ev_from_theta(uncorrected.theta_m_s, kappa);
  const double t_c = t_uc + potential_v / (kappa - 1.5);  // κ temperature mapping (P§3.3)
  if (!(t_c > 0.0)) return {0.0, 0.0, night_unphysical_ion_current_a_m2};
  const KappaParams ambient{uncorrected.density_m3, kappa, theta_from_temperature_ev(t_c, kappa)};
  return negative_spacecraft_currents(ambient, std::min(potential_v, 0.0), energy_grid_ev);
}

double shaded_current_balance_a_m2(const KappaParams& ambient, double potential_v) {
  // Integrate over the impact energy ε on a fixed log grid (from 0.01 eV): an electron of
  // ambient energy ε + |U| arrives with ε when U ≤ 0, so the Sternglass yield is tabulated once;
  // for U > 0 the ambient energy is ε and the impact energy ε + U.
  static const std::vector<double> eps =
      log_spaced_grid(shaded_grid_min_energy_ev, night_grid_max_energy_ev, night_grid_points);
  static const std::vector<double> yield_at_eps = [] {
    std::vector<double> y(eps.size());
    for (std::size_t i = 0; i < eps.size(); ++i)
      y[i] = sternglass_yield(eps[i], sternglass_peak_energy_ev, sternglass_peak_yield);
    return y;
  }();
  static const std::vector<double> half_width = [] {  // ½ dε of the trapezoid ending at each point
    std::vector<double> h(eps.size(), 0.0);
    for (std::size_t i = 1; i < eps.size(); ++i) h[i] = 0.5 * (eps[i] - eps[i - 1]);
    return h;
  }();
  const double barrier = potential_v < 0.0 ? -potential_v : 0.0, gain = potential_v > 0.0 ? potential_v : 0.0;
  const PlaneFlux plane_flux(ambient);
  // The integrands at every point first, then the sums: the loop around the libm calls keeps
  // little else live across them (this balance is most of a shaded spectrum's U_sc search).
  std::array<double, night_grid_points> phi, see;
  for (std::size_t i = 0; i < eps.size(); ++i) phi[i] = plane_flux(eps[i] + barrier);  // ambient energy
  if (gain > 0.0)
    for (std::size_t i = 0; i < eps.size(); ++i)
      see[i] = sternglass_yield(eps[i] + gain, sternglass_peak_energy_ev, sternglass_peak_yield) * phi[i];
  else
    for (std::size_t i = 0; i < eps.size(); ++i) see[i] = yield_at_eps[i] * phi[i];
  double electrons = 0.0, secondaries = 0.0;
  for (std::size_t i = 1; i < eps.size(); ++i) {  // trapezoid in dε = dE
    electrons += half_width[i] * (phi[i] + phi[i - 1]);
    secondaries += half_width[i] * (see[i] + see[i - 1]);
  }
  if (gain > 0.0) secondaries *= std::exp(-gain / secondary_electron_temperature_ev);
  return proton_current_a_m2(ambient, potential_v) + electron_charge_c * (secondaries - electrons);
}

double sunlit_collected_electron_current_a_m2(const KappaParams& ambient) {
  return one_sided_current_density_a_m2(ambient);
}

double night_current_balance_a_m2(const KappaParams& uncorrected, double potential_v,
                                  std::span<const double> energy_grid_ev) {
  const ShadedCurrents c = shaded_currents(uncorrected, potential_v, energy_grid_ev);
  return c.ion_a_m2 + c.secondary_a_m2 - c.electron_a_m2;
}

}  // namespace lpm::physics
