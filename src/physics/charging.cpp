#include "physics/charging.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>

#include "base/constants.hpp"
#include "base/portable_math.hpp"
#include "base/portable_trig.hpp"
#include "physics/spacecraft_sheath.hpp"

namespace lpm::physics {

std::vector<double> log_spaced_grid(double a, double b, int n) {
  if (!(a > 0.0) || !(b > 0.0) || n < 2) throw std::invalid_argument("log_spaced_grid: need a > 0, b > 0 and n >= 2");
  std::vector<double> grid(static_cast<std::size_t>(n));
  const double la = math::log(a), lb = math::log(b);
  for (int i = 0; i < n; ++i) grid[i] = math::exp(la + (lb - la) * i / (n - 1));
  grid.front() = a;  // exact end points, as numpy.geomspace
  grid.back() = b;
  return grid;
}

double trapezoid(std::span<const double> x, std::span<const double> y) {
  double sum = 0.0;
  for (std::size_t i = 1; i < x.size(); ++i) sum += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
  return sum;
}

QuadratureRule gauss_legendre_rule(int n) {
  if (n < 1) throw std::invalid_argument("gauss_legendre_rule: need n >= 1");
  QuadratureRule r{std::vector<double>(static_cast<std::size_t>(n)), std::vector<double>(static_cast<std::size_t>(n))};
  for (int i = 0; i < (n + 1) / 2; ++i) {
    // Newton on P_n from the i-th largest root's asymptotic estimate cos(π(i + ¾)/(n + ½)).
    double x = math::cos(pi * (i + 0.75) / (n + 0.5)), derivative = 1.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p_previous = 1.0, p = x;  // P_0, P_1, then Bonnet's recurrence up to P_n
      for (int k = 2; k <= n; ++k) {
        const double p_next = ((2.0 * k - 1.0) * x * p - (k - 1.0) * p_previous) / k;
        p_previous = p;
        p = p_next;
      }
      derivative = n * (x * p - p_previous) / (x * x - 1.0);  // P_n' from P_n and P_{n−1}
      const double step = p / derivative;
      x -= step;
      if (std::abs(step) <= 1e-15 * std::max(1.0, std::abs(x)) && iteration > 0) break;
    }
    const double weight = 2.0 / ((1.0 - x * x) * derivative * derivative);
    r.node[static_cast<std::size_t>(i)] = -x;
    r.node[static_cast<std::size_t>(n - 1 - i)] = x;
    r.weight[static_cast<std::size_t>(i)] = r.weight[static_cast<std::size_t>(n - 1 - i)] = weight;
  }
  return r;
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
  return photoemission_a_a_m2 * math::exp(-potential_v / photoemission_b_v) +
         photoemission_c_a_m2 * math::exp(-potential_v / photoemission_d_v);
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
  return 7.4 * peak_yield * r * math::exp(-2.0 * std::sqrt(r));
}

namespace {

// ¼ J(E)·1e4 [m⁻² s⁻¹ eV⁻¹], the κ flux onto a plane per unit area and energy:
// scale · E (1 + E/(κ E_θ))^{−κ−1}, E_θ = ½ m_e θ² (P§2.1), the constants computed once.
// ln(1 + y) by std::log of the rounded sum: at most (κ + 1)·2⁻⁵³ more relative error than
// std::log1p, whose libm version costs several times as much (this flux is the shaded
// balance's inner loop).
struct PlaneFlux {
  double scale, kappa, kappa_e_theta, inverse_kappa_e_theta, exponent;
  explicit PlaneFlux(const KappaParams& p)
      : kappa(p.kappa),
        kappa_e_theta(p.kappa * energy_from_speed_ev(p.theta_m_s)),
        inverse_kappa_e_theta(1.0 / kappa_e_theta),
        exponent(-p.kappa - 1.0) {
    const double e_theta = energy_from_speed_ev(p.theta_m_s);
    scale = 0.25 * 1e4 * omnidirectional_flux_cm2(p, e_theta) / (e_theta * math::pow(1.0 + 1.0 / p.kappa, exponent));
  }
  // From the constants of one made before (ImpliedShadedBalance keeps them).
  PlaneFlux(double flux_scale, double kappa_value, double kappa_e_theta_ev)
      : scale(flux_scale),
        kappa(kappa_value),
        kappa_e_theta(kappa_e_theta_ev),
        inverse_kappa_e_theta(1.0 / kappa_e_theta_ev),
        exponent(-kappa_value - 1.0) {}
  double operator()(double energy_ev) const {
    return scale * energy_ev * math::exp(exponent * math::log(1.0 + energy_ev * inverse_kappa_e_theta));
  }
  // ∫_{e_lo}^{e_hi} of the flux, exactly: with x = 1 + E/(κE_θ) the integrand is
  // scale (κE_θ)² (x − 1) x^{−κ−1} dx, whose antiderivative is
  // −scale (κE_θ)² (1 + κ(x − 1)) x^{−κ} / (κ(κ − 1)) (both terms in one, no cancellation;
  // as one exponential, so that a vanishing κE_θ gives 0, not ∞ · 0).
  double integral(double e_lo_ev, double e_hi_ev) const {
    auto tail = [&](double e) {
      const double y = e / kappa_e_theta;
      return math::exp(math::log1p(kappa * y) - kappa * math::log1p(y));
    };
    return scale * kappa_e_theta * kappa_e_theta / (kappa * (kappa - 1.0)) * (tail(e_lo_ev) - tail(e_hi_ev));
  }
  // ∫_{e_lo}^{e_hi} of the flux over E, exactly: scale ∫ x^{−κ−1} dE = scale κE_θ [x^{−κ}]_{hi}^{lo} / κ.
  double integral_over_energy(double e_lo_ev, double e_hi_ev) const {
    auto tail = [&](double e) { return math::exp(-kappa * math::log1p(e * inverse_kappa_e_theta)); };
    return scale * kappa_e_theta / kappa * (tail(e_lo_ev) - tail(e_hi_ev));
  }
};

// Maxwellian protons with T_i = T_e (+EPS keeps U/T_i finite): attracted by a negative
// spacecraft (OML, J_i0 √(1 − U/T_i), P§3.3), repelled by a positive one (J_i0 e^{−U/T_i}).
double proton_current_a_m2(const KappaParams& ambient, double potential_v) {
  const double t_i = temperature_ev_from_theta(ambient.theta_m_s, ambient.kappa) + generic_epsilon;
  const double j_i0 =
      electron_charge_c * ambient.density_m3 * std::sqrt(electron_charge_c * t_i / (2.0 * pi * proton_mass_kg));
  return potential_v <= 0.0 ? j_i0 * std::sqrt(1.0 - potential_v / t_i) : j_i0 * math::exp(-potential_v / t_i);
}

// The secondaries' rule: Gauss–Legendre in ln ε over [shaded_grid_min_energy_ev,
// night_grid_max_energy_ev] (dε = ε d ln ε folded into the weights), with the yield at the
// nodes for U ≤ 0, where ε is the impact energy.
struct ShadedRule {
  std::array<double, shaded_quadrature_points> energy_ev, weight_ev, weighted_yield_ev;
};

const ShadedRule& shaded_rule() {
  static const ShadedRule rule = [] {
    const QuadratureRule unit = gauss_legendre_rule(shaded_quadrature_points);
    const double lo = math::log(shaded_grid_min_energy_ev), hi = math::log(night_grid_max_energy_ev);
    ShadedRule r;
    for (std::size_t i = 0; i < r.energy_ev.size(); ++i) {
      r.energy_ev[i] = math::exp(0.5 * (lo + hi) + 0.5 * (hi - lo) * unit.node[i]);
      r.weight_ev[i] = 0.5 * (hi - lo) * unit.weight[i] * r.energy_ev[i];
      r.weighted_yield_ev[i] =
          r.weight_ev[i] * sternglass_yield(r.energy_ev[i], sternglass_peak_energy_ev, sternglass_peak_yield);
    }
    return r;
  }();
  return rule;
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

ShadedCurrents shaded_balance_currents(const KappaParams& ambient, double potential_v) {
  // ε: impact energy for U ≤ 0 (ambient energy ε + |U|), ambient energy for U > 0 (impact ε + U).
  static const ShadedRule& rule = shaded_rule();
  const double barrier = potential_v < 0.0 ? -potential_v : 0.0, gain = potential_v > 0.0 ? potential_v : 0.0;
  const PlaneFlux plane_flux(ambient);
  ShadedCurrents c;
  c.electron_a_m2 =
      electron_charge_c * plane_flux.integral(shaded_grid_min_energy_ev + barrier, night_grid_max_energy_ev + barrier);
  double secondaries = 0.0;
  if (gain > 0.0) {
    for (std::size_t i = 0; i < rule.energy_ev.size(); ++i)
      secondaries += rule.weight_ev[i] * plane_flux(rule.energy_ev[i]) *
                     sternglass_yield(rule.energy_ev[i] + gain, sternglass_peak_energy_ev, sternglass_peak_yield);
    secondaries *= math::exp(-gain / secondary_electron_temperature_ev);
  } else {
    for (std::size_t i = 0; i < rule.energy_ev.size(); ++i)
      secondaries += rule.weighted_yield_ev[i] * plane_flux(rule.energy_ev[i] + barrier);
  }
  c.secondary_a_m2 = electron_charge_c * secondaries;
  c.ion_a_m2 = proton_current_a_m2(ambient, potential_v);
  return c;
}

double shaded_current_balance_a_m2(const KappaParams& ambient, double potential_v) {
  const ShadedCurrents c = shaded_balance_currents(ambient, potential_v);
  return c.ion_a_m2 + c.secondary_a_m2 - c.electron_a_m2;
}

namespace {
// F ≤ J_i + (2 δ(E_m) e^{−U/T_see} − 1) J_e at U > 0 (shaded_balance_upper_bound_a_m2), from
// the currents [A m⁻²]; δ(E_m) = 7.4 e⁻² δ_m, the Sternglass yield's largest value.
double balance_upper_bound(double ions_a_m2, double electrons_a_m2, double potential_v) {
  static const double peak_yield =
      sternglass_yield(sternglass_peak_energy_ev, sternglass_peak_energy_ev, sternglass_peak_yield);
  const double see_share = 2.0 * peak_yield * math::exp(-potential_v / secondary_electron_temperature_ev);
  return ions_a_m2 + (see_share - 1.0) * electrons_a_m2;
}
}  // namespace

double shaded_balance_upper_bound_a_m2(const KappaParams& ambient, double potential_v) {
  if (!(potential_v > 0.0)) return std::numeric_limits<double>::infinity();
  const double electrons =
      electron_charge_c * PlaneFlux(ambient).integral(shaded_grid_min_energy_ev, night_grid_max_energy_ev);
  return balance_upper_bound(proton_current_a_m2(ambient, potential_v), electrons, potential_v);
}

ImpliedShadedBalance::ImpliedShadedBalance(const KappaParams& measured) : measured_(measured) {
  const PlaneFlux flux(measured);
  flux_scale_ = flux.scale;
  kappa_e_theta_ = flux.kappa_e_theta;
  // U ≤ 0, b = |U|: Φ_ambient(ε + b) = Φ_measured(ε) (ε + b)/ε (see header), so with the nodes
  // and the limits of shaded_balance_currents
  //   J_see/e = Σ wδ_i Φ_m(ε_i) + b Σ wδ_i Φ_m(ε_i)/ε_i,   J_e/e = ∫ Φ_m dε + b ∫ Φ_m/ε dε.
  const ShadedRule& rule = shaded_rule();
  double see_a = 0.0, see_b = 0.0;
  for (std::size_t i = 0; i < rule.energy_ev.size(); ++i) {
    const double term = rule.weighted_yield_ev[i] * flux(rule.energy_ev[i]);
    see_a += term;
    see_b += term / rule.energy_ev[i];
  }
  net_at_zero_ = see_a - flux.integral(shaded_grid_min_energy_ev, night_grid_max_energy_ev);
  net_per_volt_ = see_b - flux.integral_over_energy(shaded_grid_min_energy_ev, night_grid_max_energy_ev);
}

double ImpliedShadedBalance::electrons_above_zero(double gain_v) const {
  // Ambient energy ε, impact ε + g: Φ_ambient(ε) = Φ_m(ε + g) ε/(ε + g), so over impact
  // energies from ε_lo + g to ε_hi + g, J_e/e = ∫ Φ_m dε' − g ∫ Φ_m/ε' dε'.
  const PlaneFlux flux(flux_scale_, measured_.kappa, kappa_e_theta_);
  const double lo = shaded_grid_min_energy_ev + gain_v, hi = night_grid_max_energy_ev + gain_v;
  return flux.integral(lo, hi) - gain_v * flux.integral_over_energy(lo, hi);
}

double ImpliedShadedBalance::upper_bound(double potential_v) const {
  const KappaParams ambient = ambient_from_measured(measured_, potential_v);
  if (!std::isfinite(ambient.theta_m_s)) return night_unphysical_ion_current_a_m2;
  if (!(potential_v > 0.0)) return std::numeric_limits<double>::infinity();
  return balance_upper_bound(proton_current_a_m2(ambient, potential_v),
                             electron_charge_c * electrons_above_zero(potential_v), potential_v);
}

double ImpliedShadedBalance::operator()(double potential_v) const {
  const KappaParams ambient = ambient_from_measured(measured_, potential_v);
  if (!std::isfinite(ambient.theta_m_s)) return night_unphysical_ion_current_a_m2;
  const double ions = proton_current_a_m2(ambient, potential_v);
  if (!(potential_v > 0.0)) return ions + electron_charge_c * (net_at_zero_ - potential_v * net_per_volt_);
  // U = g > 0: the secondaries of shaded_balance_currents, Σ w_i Φ_ambient(ε_i) δ(ε_i + g)
  // e^{−g/T_see}, with Φ_ambient(ε_i) = scale ε_i (1 + (ε_i + g)/(κE_θ))^{−κ−1} of the measured
  // plasma and the Sternglass yield δ(E) = 7.4 δ_m (E/E_m) e^{−2√(E/E_m)}: one exponential a node.
  const ShadedRule& rule = shaded_rule();
  const double gain = potential_v, inverse_kappa_e_theta = 1.0 / kappa_e_theta_, exponent = -measured_.kappa - 1.0;
  const double escape = -gain / secondary_electron_temperature_ev;
  double secondaries = 0.0;
  for (std::size_t i = 0; i < rule.energy_ev.size(); ++i) {
    const double impact = rule.energy_ev[i] + gain, r = impact / sternglass_peak_energy_ev;
    secondaries += rule.weight_ev[i] * rule.energy_ev[i] * r *
                   math::exp(exponent * math::log(1.0 + impact * inverse_kappa_e_theta) - 2.0 * std::sqrt(r) + escape);
  }
  secondaries *= 7.4 * sternglass_peak_yield * flux_scale_;
  return ions + electron_charge_c * (secondaries - electrons_above_zero(gain));
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
