#pragma once
// Independent re-derivations, for the simulate tests, of the formulas the truth must obey
// (written from the equations of P§2.1, P§3 and docs/simulator.md, not from src/): κ flux,
// the Liouville mapping through the sheath, the analyser's 3-node energy window, the returning
// photoelectrons and the shaded current balance. Integrals by fine trapezoids.
#include <cmath>
#include <vector>

namespace lpm::simulate::oracle {

constexpr double e_c = 1.602176634e-19;
constexpr double m_e_kg = 9.1093837015e-31;
constexpr double m_p_kg = 1.67262192369e-27;
constexpr double m_e_ev = 5.685630e-12;  // m_e/e in eV s² m⁻² (P§1.3)
constexpr double pi_ = 3.14159265358979323846;

struct Plasma {
  double n_m3, kappa, t_ev;
};

// P§2.1: f(v) = n Γ(κ+1)/((πκ)^{3/2} Γ(κ−½)) θ⁻³ (1 + v²/(κθ²))^{−κ−1}, j = f v²/m_e · 1e-4.
inline double kappa_flux(const Plasma& p, double e_ev) {
  if (!(e_ev > 0)) return 0.0;
  const double theta = std::sqrt(2.0 * (p.kappa - 1.5) / p.kappa * e_c * p.t_ev / m_e_kg);
  const double v2 = 2.0 * e_ev / m_e_ev;
  const double norm = p.n_m3 * std::tgamma(p.kappa + 1) /
                      (std::pow(pi_ * p.kappa, 1.5) * std::tgamma(p.kappa - 0.5) * theta * theta * theta);
  const double f = norm * std::pow(1.0 + v2 / (p.kappa * theta * theta), -p.kappa - 1);
  return f * v2 / m_e_ev * 1e-4;
}

// Liouville: j/E conserved along the orbit through the sheath.
inline double at_spacecraft(const Plasma& p, double u, double e) {
  return e > u ? kappa_flux(p, e - u) * e / (e - u) : 0.0;
}

// Gaussian window in ln E of FWHM/E = 0.5: s = asinh(¼)/sqrt(2 ln 2); 3-point Gauss–Hermite
// nodes ln E ± sqrt(3) s (weight 1/6 each) and ln E (2/3).
inline double window_node() {
  const double s = std::asinh(0.25) / std::sqrt(2.0 * std::log(2.0));
  return std::exp(std::sqrt(3.0) * s);
}
template <class F>
inline double windowed(const F& f, double e) {
  const double q = window_node();
  return f(e / q) / 6.0 + 2.0 * f(e) / 3.0 + f(e * q) / 6.0;
}

// Returning photoelectrons (docs/simulator.md): components (A, B) and (C, D) of the J–U curve.
inline double photo_flux(double u, double e) {
  if (!(e > 0) || !(e < u)) return 0.0;
  auto comp = [&](double j, double t) { return j / e_c * 1e-4 / (pi_ * t * t) * e * std::exp(-e / t); };
  return comp(1.07e-6, 5.0) + comp(1.6e-8, 60.0);
}
inline double photo_current(double u) { return 1.07e-6 * std::exp(-u / 5.0) + 1.6e-8 * std::exp(-u / 60.0); }

inline std::vector<double> log_grid(double a, double b, int n) {
  std::vector<double> x(n);
  for (int i = 0; i < n; ++i) x[i] = a * std::pow(b / a, static_cast<double>(i) / (n - 1));
  return x;
}
template <class F>
inline double trapezoid(const std::vector<double>& x, const F& f) {
  double s = 0;
  for (std::size_t i = 1; i < x.size(); ++i) s += 0.5 * (x[i] - x[i - 1]) * (f(x[i]) + f(x[i - 1]));
  return s;
}

// One-sided current onto a plane of an isotropic flux j(E): e·1e4·π∫ j dE  [A m⁻²].
template <class F>
inline double one_sided_current(const F& j, double lo, double hi, int n = 20000) {
  return e_c * 1e4 * pi_ * trapezoid(log_grid(lo, hi, n), j);
}

// Shaded spacecraft at U (P§3.3 and physics/charging.hpp's stated model), ambient plasma:
// U ≤ 0: electrons above |U| arrive with E − |U|, Sternglass secondaries (E_m 500 eV, δ_m 1.5)
// all leave, protons (T_i = T_e) attracted, OML sqrt(1 − U/T); U > 0: every electron arrives
// with E + U, secondaries escape with exp(−U/2 eV), protons repelled exp(−U/T).
inline double shaded_balance(const Plasma& p, double u) {
  const double barrier = u < 0 ? -u : 0.0, gain = u > 0 ? u : 0.0;
  auto delta = [](double e) { return e > 0 ? 7.4 * 1.5 * (e / 500.0) * std::exp(-2.0 * std::sqrt(e / 500.0)) : 0.0; };
  const auto grid = log_grid(std::max(barrier, 1e-3), 2e4, 40000);
  const double je = one_sided_current([&](double e) { return kappa_flux(p, e); }, grid.front(), 2e4, 40000);
  double jsee = one_sided_current([&](double e) { return delta(e - barrier + gain) * kappa_flux(p, e); }, grid.front(),
                                  2e4, 40000);
  if (gain > 0) jsee *= std::exp(-gain / 2.0);
  const double ji0 = e_c * p.n_m3 * std::sqrt(e_c * p.t_ev / (2 * pi_ * m_p_kg));
  const double ji = u <= 0 ? ji0 * std::sqrt(1 - u / p.t_ev) : ji0 * std::exp(-u / p.t_ev);
  return ji + jsee - je;
}

}  // namespace lpm::simulate::oracle
