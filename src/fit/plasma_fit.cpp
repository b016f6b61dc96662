#include "fit/plasma_fit.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "base/er_counts.hpp"
#include "base/portable_math.hpp"
#include "fit/brent.hpp"
#include "fit/detail/unit_box_newton.hpp"
#include "fit/spacecraft_potential.hpp"
#include "fit/unit_box_minimiser.hpp"
#include "physics/charging.hpp"
#include "physics/energy_response.hpp"
#include "physics/spacecraft_sheath.hpp"

namespace lpm::fit {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

const std::array<physics::ResponseNode, physics::response_nodes>& window_nodes() {
  static const auto nodes = physics::log_energy_response_nodes(er_energy_window_relative);
  return nodes;
}

// ln of the κ-only part of the unit model's normalisation C (unit_model): ln Γ(κ+1) − ln Γ(κ−½)
// − 3/2 ln(πκ).
double kappa_log_norm(double kappa) {
  return physics::log_gamma(kappa + 1.0) - physics::log_gamma(kappa - 0.5) - 1.5 * math::log(pi * kappa);
}

// What unit_model needs of one spectrum under one photoelectron mask, set up once per fit rather
// than at every evaluation: the steps in D (ascending) and their window nodes' energies; and the
// κ-only part of the normalisation at the last κ seen (the grid search holds κ while θ runs).
struct ModelSteps {
  int count = 0;
  std::array<int, kappa_steps> step{};
  std::array<std::array<double, physics::response_nodes>, kappa_steps> node_energy{}, node_weighted_energy{};
  double kappa = nan, kappa_log_norm = 0.0;

  ModelSteps(const PlasmaData& data, double mask_u) {
    const auto& nodes = window_nodes();
    for (int i = 0; i < data.steps; ++i) {
      const PlasmaStep& s = data.step[i];
      if (!(s.exposure > 0.0) || !physics::step_free_of_spacecraft_electrons(s.energy_ev, mask_u)) continue;
      for (int q = 0; q < physics::response_nodes; ++q) {
        node_energy[count][q] = s.energy_ev * nodes[q].energy_factor;
        node_weighted_energy[count][q] = nodes[q].weight * node_energy[count][q];
      }
      step[count++] = i;
    }
  }
};

// ∂ ln μ₁ᵢ/∂κ and ∂ ln μ₁ᵢ/∂ ln θ of each used step, without the normalisation's share (the
// same for every step, it cancels from the profiled deviance's derivatives).
struct StepSlopes {
  std::array<double, kappa_steps> kappa{}, log_theta{};
};

// How unit_model takes ln(1 + x): std::log1p, or std::log of the rounded sum, which costs less
// (libm's log1p ≈ 60 instructions, log 30–50; the grid search's ln(1 + x) was its largest cost)
// and errs by at most (κ + 1)·2⁻⁵³ of each step's flux: enough where the deviance only ranks the
// grid's points, whose values choose where the polish starts (the polish, the fit and its
// covariance use log1p).
enum class Log1p : bool { exact, rounded_sum };

// slopes: also the steps' slopes (the Levenberg–Marquardt polish); null on the grid.
UnitModel unit_model(const PlasmaData& data, ModelSteps& steps, double kappa, double log10_theta, double u,
                     StepSlopes* slopes = nullptr, Log1p log1p = Log1p::exact) {
  UnitModel m;
  const double log_theta = log10_theta * math::log(10.0);
  const double kappa_theta2 = kappa * math::exp(2.0 * log_theta);
  // j₁(E − U)·E/(E − U) = C (2E/m_e) (1 + v²/(κθ²))^{−κ−1} with v² = 2(E − U)/m_e and
  // C = 1e-4 Γ(κ+1)/((πκ)^{3/2} Γ(κ−½) θ³ m_e) (P§2.1; 1e-4: m⁻² → cm⁻²): the Liouville factor
  // cancels the v² of the flux.
  if (!(kappa == steps.kappa)) {
    steps.kappa = kappa;
    steps.kappa_log_norm = kappa_log_norm(kappa);
  }
  const double prefactor =
      2e-4 / (electron_mass_ev_s2_m2 * electron_mass_ev_s2_m2) * math::exp(steps.kappa_log_norm - 3.0 * log_theta);
  const double exponent = -(kappa + 1.0);
  const double v2_per_ev = 2.0 / (electron_mass_ev_s2_m2 * kappa_theta2);  // v²/(κθ²) per eV
  for (int k = 0; k < steps.count; ++k) {
    const int i = steps.step[k];
    double flux = 0.0, flux_dkappa = 0.0, flux_dlog_theta = 0.0;
    for (int q = 0; q < physics::response_nodes; ++q) {
      const double ambient_e = steps.node_energy[k][q] - u;
      if (!(ambient_e > 0.0)) continue;
      const double x = v2_per_ev * ambient_e;
      const double log1p_x = log1p == Log1p::exact ? math::log1p(x) : math::log(1.0 + x);
      const double term = steps.node_weighted_energy[k][q] * math::exp(exponent * log1p_x);
      flux += term;
      if (slopes) {
        // x ∝ 1/(κθ²): ∂ ln term/∂κ = −ln(1 + x) + (κ+1)/κ · x/(1 + x), ∂ ln term/∂ ln θ = 2(κ+1) x/(1 + x).
        const double r = x / (1.0 + x);
        flux_dkappa += term * (-log1p_x - exponent / kappa * r);
        flux_dlog_theta += term * (-2.0 * exponent * r);
      }
    }
    if (slopes) {
      slopes->kappa[i] = flux_dkappa / flux;
      slopes->log_theta[i] = flux_dlog_theta / flux;
    }
    flux *= prefactor;
    m.counts_per_density[i] = data.step[i].exposure * flux;
    m.used[i] = true;
    m.data_counts += data.step[i].counts;
    m.model_counts += m.counts_per_density[i];
  }
  m.used_steps = steps.count;
  return m;
}

double unit_kappa(double u) { return kappa_min + u * (kappa_max - kappa_min); }
// dκ/du and d ln θ/dw of the unit box: derivatives in (κ, ln θ) to unit coordinates.
constexpr double kappa_per_unit = kappa_max - kappa_min;
const double log_theta_per_unit = math::log(10.0) * (log10_theta_max_m_s - measured_log10_theta_min_m_s);
// The measured spectrum's θ: by day it is colder than the ambient plasma by U_sc/(κ − 3/2),
// so its box reaches lower than the ambient box of P§2.6.
double unit_log_theta(double w) {
  return measured_log10_theta_min_m_s + w * (log10_theta_max_m_s - measured_log10_theta_min_m_s);
}

struct AmbientFit {
  double kappa = nan, log10_theta = nan, density_m3 = nan, deviance = inf;
  int used_steps = 0;
  UnitBoxPoint at{};
  bool ok = false;
};

// The profiled deviance at unit coordinates (a, b) with its gradient and Gauss–Newton curvature,
// for newton_unit_box. With μᵢ = n̂ μ₁ᵢ and gᵢ = ∂ ln μ₁ᵢ/∂(κ, ln θ): ∂D/∂p = 2 Σ (μᵢ − Nᵢ) gᵢ
// (n̂ minimises D, so its own change drops out), and the curvature is the Fisher matrix of the
// shape with n profiled, 2 [Σ μᵢ gᵢ gᵢᵀ − M ḡ ḡᵀ], M = Σ μᵢ, ḡ = Σ μᵢ gᵢ / M (it leaves out
// 2 Σ (μᵢ − Nᵢ) ∂²ln μᵢ, small where the model describes the data; the gradient is exact, so the
// minimum is the deviance's own).
UnitBoxQuadratic deviance_quadratic(const PlasmaData& data, ModelSteps& steps, double a, double b) {
  StepSlopes g;
  const UnitModel model = unit_model(data, steps, unit_kappa(a), unit_log_theta(b), 0.0, &g);
  const ProfiledDeviance p = profiled_deviance(data, model);
  UnitBoxQuadratic out;
  if (!std::isfinite(p.deviance)) return out;
  out.f = p.deviance;
  double grad_k = 0.0, grad_t = 0.0, m = 0.0, mk = 0.0, mt = 0.0, mkk = 0.0, mkt = 0.0, mtt = 0.0;
  for (int i = 0; i < data.steps; ++i) {
    if (!model.used[i]) continue;
    const double mu = p.density_m3 * model.counts_per_density[i], gk = g.kappa[i], gt = g.log_theta[i];
    grad_k += (mu - data.step[i].counts) * gk;
    grad_t += (mu - data.step[i].counts) * gt;
    m += mu;
    mk += mu * gk;
    mt += mu * gt;
    mkk += mu * gk * gk;
    mkt += mu * gk * gt;
    mtt += mu * gt * gt;
  }
  const double ka = kappa_per_unit, tb = log_theta_per_unit;
  out.grad = {2.0 * grad_k * ka, 2.0 * grad_t * tb};
  out.curvature = {2.0 * (mkk - mk * mk / m) * ka * ka, 2.0 * (mkt - mk * mt / m) * ka * tb,
                   2.0 * (mtt - mt * mt / m) * tb * tb};
  return out;
}

// The global grid of the (κ, log10 θ) box: Δκ = 0.7, 0.3 dex in θ. It only has to start the polish
// in the least deviance's basin. On a simulated month (32 220 fits) even 2 × 2 points found the
// minimum of the former 8 × 16 (κ within 3e-7): one κ plasma's deviance has one basin. The grid is
// the safeguard for real spectra that may have more (docs/method.md).
constexpr int kappa_grid_points = 6, theta_grid_points = 11;

// (κ, log10 θ) minimising the profiled deviance at fixed U: the global grid, or from `warm` (the
// optimum under a neighbouring mask); polished by Levenberg–Marquardt.
AmbientFit fit_ambient(const PlasmaData& data, double mask_u, const UnitBoxPoint* warm) {
  constexpr double u = 0.0;  // the measured spectrum, in its own frame
  ModelSteps steps(data, mask_u);
  auto objective = [&](double a, double b) {
    const double d = profiled_deviance(data, unit_model(data, steps, unit_kappa(a), unit_log_theta(b), u, nullptr,
                                                        Log1p::rounded_sum))
                         .deviance;
    return std::isfinite(d) ? d : inf;
  };
  auto quadratic = [&](double a, double b) { return deviance_quadratic(data, steps, a, b); };
  const UnitBoxPoint best =
      warm ? newton_unit_box(quadratic, *warm)
           : newton_minimise_on_unit_box<kappa_grid_points, theta_grid_points>(objective, quadratic);
  AmbientFit fit;
  fit.at = best;
  fit.kappa = unit_kappa(best.u);
  fit.log10_theta = unit_log_theta(best.w);
  const UnitModel model = unit_model(data, steps, fit.kappa, fit.log10_theta, u);
  const ProfiledDeviance p = profiled_deviance(data, model);
  fit.density_m3 = p.density_m3;
  fit.deviance = p.deviance;
  fit.used_steps = model.used_steps;
  fit.ok = model.used_steps >= 3 && std::isfinite(p.deviance) && p.density_m3 > 0.0;
  return fit;
}

physics::KappaParams params_of(double log_n, double kappa, double log10_theta) {
  return {math::exp(log_n), kappa, math::pow(10.0, log10_theta)};
}

}  // namespace

namespace {

// Least deviance of the measured spectrum with a sunlit U_sc held at u: (κ, θ') free from
// `start`, n' fixed by the balance J_ph(u) = J_e(ambient(n', κ, θ', u)) (J_e ∝ n'). The profile
// likelihood of U_sc, used to correct the delta method where the fit is not linear.
// Levenberg–Marquardt as fit_ambient: every step's ln μᵢ = s(κ, θ') + its shape, s = ln n' + the
// unit model's normalisation; s is a closed form of a few Γ functions, differentiated by central
// differences, the shape analytically (StepSlopes); Gauss–Newton curvature 2 Σ μᵢ Jᵢ Jᵢᵀ.
double sunlit_profile_deviance(const PlasmaData& data, double mask_u, double u, const UnitBoxPoint& start) {
  const double j_ph = physics::photoemission_current_density_a_m2(u);
  ModelSteps steps(data, mask_u);
  auto balanced_density = [&](double kappa, double lt) {
    const physics::KappaParams amb = ambient_from_measured({1.0, kappa, math::pow(10.0, lt)}, u);
    return std::isfinite(amb.theta_m_s) ? j_ph / physics::sunlit_collected_electron_current_a_m2(amb) : nan;
  };
  auto log_scale = [&](double a, double b) {
    const double kappa = unit_kappa(a), lt = unit_log_theta(b);
    return math::log(balanced_density(kappa, lt)) + kappa_log_norm(kappa) - 3.0 * math::log(10.0) * lt;
  };
  auto quadratic = [&](double a, double b) {
    UnitBoxQuadratic out;
    const double kappa = unit_kappa(a), lt = unit_log_theta(b);
    const double n = balanced_density(kappa, lt);
    if (!std::isfinite(n)) return out;
    StepSlopes g;
    const UnitModel model = unit_model(data, steps, kappa, lt, 0.0, &g);
    const double d = poisson_deviance(data, model, n);
    if (!std::isfinite(d)) return out;
    out.f = d;
    // Central differences of s inside the box (one-sided on a bound).
    constexpr double h = 1e-5;
    auto slope = [&](double lo_a, double lo_b, double hi_a, double hi_b, double width) {
      return (log_scale(hi_a, hi_b) - log_scale(lo_a, lo_b)) / width;
    };
    const double a0 = std::max(a - h, 0.0), a1 = std::min(a + h, 1.0), b0 = std::max(b - h, 0.0),
                 b1 = std::min(b + h, 1.0);
    const double sa = slope(a0, b, a1, b, a1 - a0), sb = slope(a, b0, a, b1, b1 - b0);
    const double ka = kappa_per_unit, tb = log_theta_per_unit;
    for (int i = 0; i < data.steps; ++i) {
      if (!model.used[i]) continue;
      const double mu = n * model.counts_per_density[i], ja = sa + g.kappa[i] * ka, jb = sb + g.log_theta[i] * tb;
      out.grad[0] += 2.0 * (mu - data.step[i].counts) * ja;
      out.grad[1] += 2.0 * (mu - data.step[i].counts) * jb;
      out.curvature[0] += 2.0 * mu * ja * ja;
      out.curvature[1] += 2.0 * mu * ja * jb;
      out.curvature[2] += 2.0 * mu * jb * jb;
    }
    return out;
  };
  return newton_unit_box(quadratic, start).f;
}

// 3×3 symmetric inverse by cofactors; false when not positive definite.
bool invert_spd3(const std::array<std::array<double, 3>, 3>& h, std::array<std::array<double, 3>, 3>& inv) {
  const double a = h[0][0], b = h[0][1], c = h[0][2], d = h[1][1], e = h[1][2], f = h[2][2];
  const double c00 = d * f - e * e, c01 = c * e - b * f, c02 = b * e - c * d;
  const double det = a * c00 + b * c01 + c * c02;
  if (!(a > 0.0) || !(a * d - b * b > 0.0) || !(det > 0.0)) return false;
  inv[0] = {c00 / det, c01 / det, c02 / det};
  inv[1] = {c01 / det, (a * f - c * c) / det, (b * c - a * e) / det};
  inv[2] = {c02 / det, (b * c - a * e) / det, (a * d - b * b) / det};
  return true;
}

}  // namespace

PlasmaData prepare_plasma_data(const KappaInput& input) {
  PlasmaData data;
  int m = 0;
  for (int row = 0; row < kappa_steps; ++row) {
    const double e = input.energy_ev[row];
    if (!std::isfinite(e) || !(e > 0.0)) continue;
    double counts = 0.0, inverse_ring = 0.0;
    for (int ch = 0; ch < kappa_channels; ++ch) {
      const double f = input.flux[row][ch];
      if (!std::isfinite(f) || !(input.pitch_deg[row][ch] < 90.0)) continue;  // incident, measured
      counts += er_cell_count(f, e, input.channels_in_ring[ch]);
      inverse_ring += 1.0 / input.channels_in_ring[ch];
    }
    PlasmaStep& s = data.step[m++];
    s.energy_ev = e;
    s.counts = counts;
    s.exposure = er_geometric_factor_cm2_sr * e * er_accumulation_time_s * inverse_ring;
  }
  data.steps = m;
  return data;
}

UnitModel unit_model(const PlasmaData& data, double kappa, double log10_theta, double u, double mask_u) {
  ModelSteps steps(data, mask_u);
  return unit_model(data, steps, kappa, log10_theta, u);
}

double poisson_deviance(const PlasmaData& data, const UnitModel& model, double density_m3) {
  double d = 0.0;
  for (int i = 0; i < data.steps; ++i) {
    if (!model.used[i]) continue;
    const double mu = density_m3 * model.counts_per_density[i];
    const double n = data.step[i].counts;
    d += mu - n;
    if (n > 0.0) d += n * math::log(n / mu);
  }
  return 2.0 * d;
}

ProfiledDeviance profiled_deviance(const PlasmaData& data, double kappa, double log10_theta, double u, double mask_u) {
  return profiled_deviance(data, unit_model(data, kappa, log10_theta, u, mask_u));
}

ProfiledDeviance profiled_deviance(const PlasmaData& data, const UnitModel& model) {
  if (model.used_steps == 0 || !(model.model_counts > 0.0) || !(model.data_counts > 0.0)) return {nan, inf};
  const double n = model.data_counts / model.model_counts;
  return {n, poisson_deviance(data, model, n)};
}

namespace {

// A balance F(U) that remembers its values: Brent starts from its bracket's ends, which a scan or
// an earlier bracket has often evaluated already, and a shaded F costs shaded_quadrature_points fluxes. Keyed by
// the bits of U, so a remembered value is the value F would return.
template <class F>
class RememberedBalance {
 public:
  explicit RememberedBalance(const F& f) : f_(f) {}
  double operator()(double u) const {
    const auto key = std::bit_cast<std::uint64_t>(u);
    for (auto it = seen_.rbegin(); it != seen_.rend(); ++it)
      if (it->first == key) return it->second;
    const double value = f_(u);
    seen_.emplace_back(key, value);
    return value;
  }

 private:
  const F& f_;
  mutable std::vector<std::pair<std::uint64_t, double>> seen_;
};

// A local minimum of a shaded balance on the scan grid, refined (Brent): where a stable root
// and an unstable one lie close together, F dips to zero between them.
struct Dip {
  double u = 0.0, f = 0.0;  // the minimum
  double u_below = 0.0;     // the grid point below it
};

// Local minima of F on shaded_scan_grid (descending U), refined; fg: F at the grid's points, as
// shaded_roots scanned them.
template <class F>
std::vector<Dip> shaded_dips(F&& f, const std::vector<double>& fg) {
  static const std::vector<double> grid = shaded_scan_grid();
  std::vector<Dip> dips;
  if (fg.size() != grid.size()) return dips;
  for (std::size_t k = 1; k + 1 < grid.size(); ++k) {
    if (!(fg[k] > 0.0 && fg[k] <= fg[k - 1] && fg[k] < fg[k + 1])) continue;
    const MinimumResult low = minimize_brent(f, grid[k + 1], grid[k - 1], shaded_root_xtol_v);
    dips.push_back({low.x, low.fx, grid[k + 1]});
  }
  return dips;
}

// An ambient plasma a candidate may have: one exists (T > 0) and is no thinner than
// ambient_density_floor_m3.
bool plausible_ambient(const physics::KappaParams& a) {
  return std::isfinite(a.theta_m_s) && a.density_m3 >= ambient_density_floor_m3;
}

// The charging balance at U of the ambient plasma that the measured spectrum implies there
// (ambient_from_measured): sunlit J_ph − J_e; shaded physics::ImpliedShadedBalance.
double implied_sunlit_balance(const physics::KappaParams& measured, double u) {
  return physics::photoemission_current_density_a_m2(u) -
         physics::sunlit_collected_electron_current_a_m2(ambient_from_measured(measured, u));
}

// Either illumination's implied balance of one measured spectrum.
class ImpliedBalance {
 public:
  ImpliedBalance(const physics::KappaParams& measured, bool sunlit) : measured_(measured) {
    if (!sunlit) shaded_.emplace(measured);
  }
  double operator()(double u) const { return shaded_ ? (*shaded_)(u) : implied_sunlit_balance(measured_, u); }

 private:
  physics::KappaParams measured_;
  std::optional<physics::ImpliedShadedBalance> shaded_;  // none by day
};

// Candidate U_sc for the measured spectrum `measured`: potentials U at which the ambient plasma
// that the spectrum implies (ambient_from_measured) is in charging balance, with a density above
// ambient_density_floor_m3. Several can exist (each a different ambient plasma giving the same
// spectrum); they are returned in ascending order.
//   Sunlit: sign changes of J_ph(U) − J_e(ambient(U)) on a grid over [0, 150] V, plus a limit
//   when the balance lies beyond it (status saturated_*).
//   Shaded: roots of F(U; ambient(U)) that are stable balances of their own plasma, and the
//   lower root of each dip of F below zero between two grid points.
struct Roots {
  std::vector<double> u;
  UscStatus status = UscStatus::failed;  // of the lowest candidate
  std::vector<Dip> dips;                 // shaded: local minima of F above zero (near_balances)
  // Shaded: every sign change of F the scan found (stable or not, plausible or not) and every
  // dip: where a root lies or may appear when the spectrum moves a little.
  std::vector<double> features;
};

Roots spacecraft_potentials(const physics::KappaParams& measured, bool sunlit) {
  Roots roots;
  auto plausible = [&](double u) { return plausible_ambient(ambient_from_measured(measured, u)); };
  if (sunlit) {
    auto g = [&](double u) { return implied_sunlit_balance(measured, u); };
    static constexpr std::array<double, 16> grid = {0, 1, 2, 4, 7, 10, 15, 20, 30, 40, 55, 70, 90, 110, 130, 150};
    double g_prev = g(grid[0]);
    if (std::isfinite(g_prev) && g_prev <= 0.0 && plausible(grid[0])) {
      roots.u.push_back(day_potential_min_v);
      roots.status = UscStatus::saturated_low;
    }
    for (std::size_t i = 1; i < grid.size(); ++i) {
      const double gi = g(grid[i]);
      if (std::isfinite(gi) && std::isfinite(g_prev) && (gi > 0.0) != (g_prev > 0.0)) {
        auto scanned = [&](double x) { return x == grid[i - 1] ? g_prev : x == grid[i] ? gi : g(x); };
        const RootResult r = find_root_brent(scanned, grid[i - 1], grid[i], 1e-6);
        if (r.converged && plausible(r.x)) {
          if (roots.u.empty()) roots.status = UscStatus::ok;
          roots.u.push_back(r.x);
        }
      }
      g_prev = gi;
    }
    if (std::isfinite(g_prev) && g_prev > 0.0 && plausible(grid.back())) {
      if (roots.u.empty()) roots.status = UscStatus::saturated_high;
      roots.u.push_back(day_potential_max_v);
    }
    return roots;
  }
  const physics::ImpliedShadedBalance balance(measured);
  const RememberedBalance<physics::ImpliedShadedBalance> f(balance);
  std::vector<double> grid_values;
  auto bound = [&](double u) { return balance.upper_bound(u); };
  for (double u : shaded_roots(std::cref(f), false, &grid_values, bound)) {
    roots.features.push_back(u);
    if (!plausible(u)) continue;
    // A stable balance of its own plasma (net current positive below, negative above), else the
    // spacecraft would not stay there; which stable one LP reached the spectrum cannot say.
    const physics::KappaParams a = ambient_from_measured(measured, u);
    const double step = shaded_stability_step_v;
    if (physics::shaded_current_balance_a_m2(a, u - step) > 0.0 &&
        physics::shaded_current_balance_a_m2(a, u + step) < 0.0)
      roots.u.push_back(u);
  }
  // A stable and an unstable root closer together than the grid's step show no sign change on
  // it, only a dip below zero: the stable one is the lower root.
  for (const Dip& d : shaded_dips(f, grid_values)) {
    roots.features.push_back(d.u);
    if (d.f > 0.0) {
      roots.dips.push_back(d);
      continue;
    }
    const RootResult r = find_root_brent(std::cref(f), d.u_below, d.u, shaded_root_xtol_v);
    if (r.converged) roots.features.push_back(r.x);
    if (r.converged && plausible(r.x)) roots.u.push_back(r.x);
  }
  std::sort(roots.u.begin(), roots.u.end());
  if (!roots.u.empty()) roots.status = UscStatus::ok;
  return roots;
}

}  // namespace

namespace {

using Matrix3 = std::array<std::array<double, 3>, 3>;

// The measured spectrum fitted with the steps above one photoelectron mask, and the potentials
// at which the plasma it implies is in charging balance.
struct MaskedFit {
  double mask_u = 0.0;
  AmbientFit fit;
  Roots roots;
  // measured_covariance of this fit, once asked for (every candidate of the fit and its near
  // balances use the same).
  mutable std::optional<std::optional<Matrix3>> covariance;
};

bool same_mask(const PlasmaData& data, double u1, double u2) {
  for (int i = 0; i < data.steps; ++i)
    if (physics::step_free_of_spacecraft_electrons(data.step[i].energy_ev, u1) !=
        physics::step_free_of_spacecraft_electrons(data.step[i].energy_ev, u2))
      return false;
  return true;
}

constexpr std::array<double, 3> parameter_step = {0.02, 0.02, 0.005};  // (ln n, κ, log10 θ)

// The spread of the deviance beyond Poisson's, max(1, D/dof): a κ model that does not describe
// the data widens every interval built on the fit.
double deviance_scale(const AmbientFit& f) { return std::max(1.0, f.deviance / std::max(f.used_steps - 3, 1)); }

std::array<double, 3> measured_parameters(const AmbientFit& f) {
  return {math::log(f.density_m3), f.kappa, f.log10_theta};
}

// cov(ln n, κ, log10 θ) of the masked fit: 2 H⁻¹ · max(1, D/dof) from the deviance's Hessian
// by central differences (see header); none when H is not positive definite.
std::optional<Matrix3> measured_covariance_of(const PlasmaData& data, const MaskedFit& m) {
  const AmbientFit& f = m.fit;
  const std::array<double, 3> p = measured_parameters(f);
  const std::array<double, 3>& step = parameter_step;
  // The unit model depends on (κ, log10 θ) only: one per point of that plane the differences
  // visit (offsets −1, 0, +1 steps in each), shared by every ln n.
  ModelSteps steps(data, m.mask_u);
  std::array<std::array<std::optional<UnitModel>, 3>, 3> models;
  auto deviance_at = [&](const std::array<double, 3>& q, int sk, int st) {
    std::optional<UnitModel>& model = models[sk + 1][st + 1];
    if (!model) model = unit_model(data, steps, q[1], q[2], 0.0);
    return poisson_deviance(data, *model, math::exp(q[0]));
  };
  Matrix3 hess{};
  const double d0 = deviance_at(p, 0, 0);
  for (int i = 0; i < 3; ++i)
    for (int j = i; j < 3; ++j) {
      auto at = [&](int si, int sj) {
        std::array<double, 3> q = p;
        std::array<int, 3> offset{};
        q[i] += si * step[i];
        q[j] += sj * step[j];
        offset[i] += si;
        offset[j] += sj;
        return deviance_at(q, offset[1], offset[2]);
      };
      hess[i][j] = hess[j][i] = i == j ? (at(1, 0) - 2.0 * d0 + at(-1, 0)) / (step[i] * step[i])
                                       : (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4.0 * step[i] * step[j]);
    }
  Matrix3 cov{};
  if (!invert_spd3(hess, cov)) return std::nullopt;
  const double scale = 2.0 * deviance_scale(f);
  for (auto& row : cov)
    for (double& v : row) v *= scale;
  return cov;
}

const std::optional<Matrix3>& measured_covariance(const PlasmaData& data, const MaskedFit& m) {
  if (!m.covariance) m.covariance = measured_covariance_of(data, m);
  return *m.covariance;
}

// Standard error of a function of the measured parameters: sqrt(∇gᵀ cov ∇g), gradient by
// central differences; ∞ when not finite.
template <class G>
double delta_method_sigma(const Matrix3& cov, const std::array<double, 3>& p, G&& g) {
  std::array<double, 3> grad{};
  for (int i = 0; i < 3; ++i) {
    std::array<double, 3> q = p;
    q[i] += parameter_step[i];
    const double up = g(q);
    q[i] = p[i] - parameter_step[i];
    grad[i] = (up - g(q)) / (2.0 * parameter_step[i]);
  }
  double var = 0.0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) var += grad[i] * cov[i][j] * grad[j];
  return std::isfinite(var) && var >= 0.0 ? std::sqrt(var) : inf;
}

// Shaded balances the noise may have erased (docs/method.md §1.4): where a stable root sits next
// to an unstable one, the implied balance F(U) dips to zero between them, and a fit a little off
// lifts the dip above zero, so the pair, truth included, is gone. A local minimum of F that lies
// above zero by no more than its own standard error σ_F (delta method) is kept as a candidate:
// U at the minimum, interval the U around it where F ≤ σ_F — the U whose balance the data cannot
// tell from zero at one σ, which holds a true root 68 % of the time.
std::vector<PlasmaCandidate> near_balances(const PlasmaData& data, const MaskedFit& m) {
  std::vector<PlasmaCandidate> out;
  if (m.roots.dips.empty()) return out;
  const std::optional<Matrix3>& cov = measured_covariance(data, m);
  if (!cov) return out;
  const std::array<double, 3> p = measured_parameters(m.fit);
  const physics::KappaParams measured = params_of(p[0], p[1], p[2]);
  const physics::ImpliedShadedBalance balance(measured);
  const RememberedBalance<physics::ImpliedShadedBalance> f(balance);
  for (const Dip& low : m.roots.dips) {
    if (!same_mask(data, low.u, m.mask_u)) continue;
    const double sigma = delta_method_sigma(*cov, p, [&](const std::array<double, 3>& q) {
      return physics::ImpliedShadedBalance(params_of(q[0], q[1], q[2]))(low.u);
    });
    if (!(low.f <= sigma)) continue;
    const physics::KappaParams amb = ambient_from_measured(measured, low.u);
    if (!plausible_ambient(amb)) continue;
    // Each end: where F climbs back to σ_F, searched outwards in widening steps.
    auto end = [&](double side) {
      auto excess = [&](double u) { return f(u) - sigma; };
      for (double half = 1.0 + 0.05 * std::abs(low.u); half < 4000.0; half *= 2.0) {
        const double u = low.u + side * half;
        if (excess(u) > 0.0)
          return find_root_brent(excess, std::min(u, low.u), std::max(u, low.u), shaded_root_xtol_v).x;
      }
      return side * inf;
    };
    PlasmaCandidate c;
    c.u_sc_v = low.u;
    c.u_sc_lower_v = end(-1.0);
    c.u_sc_upper_v = end(1.0);
    c.ambient = amb;
    c.measured_deviance = m.fit.deviance;
    c.steps = m.fit.used_steps;
    out.push_back(c);
  }
  return out;
}

// 68 % interval of one candidate root (see header): delta method on the masked fit, and by day
// each end checked on the profile likelihood and rescaled as for a parabola (a cold plasma far
// above the sweep floor gives a curved fit for which the delta method is too narrow).
PlasmaCandidate make_candidate(const PlasmaData& data, const MaskedFit& m, double u_root, bool sunlit) {
  PlasmaCandidate c;
  c.u_sc_v = u_root;
  c.status = sunlit && u_root <= day_potential_min_v   ? UscStatus::saturated_low
             : sunlit && u_root >= day_potential_max_v ? UscStatus::saturated_high
                                                       : UscStatus::ok;
  const AmbientFit& f = m.fit;
  const std::array<double, 3> p = measured_parameters(f);
  c.ambient = ambient_from_measured(params_of(p[0], p[1], p[2]), u_root);
  c.measured_deviance = f.deviance;
  c.steps = f.used_steps;

  const std::optional<Matrix3>& cov = measured_covariance(data, m);
  const double scale = deviance_scale(f);
  const double u_low = sunlit ? day_potential_min_v : -inf, u_high = sunlit ? day_potential_max_v : inf;
  // The root that moves with u_root when the measured spectrum moves a little: a local bracket,
  // widened until it holds a sign change (a steep root moves far). A shaded root with no other
  // feature of F (Roots::features) within three brackets is simple there and moves
  // smoothly: it is followed from u_root by the secant method instead (first slope: the
  // unperturbed balance's at u_root), a few shaded balances where the bracket needs eight or
  // more; the bracket still when the secant does not settle inside the first bracket.
  const double first_half = 1.0 + 0.05 * std::abs(u_root);
  const bool isolated = !sunlit && std::none_of(m.roots.features.begin(), m.roots.features.end(), [&](double x) {
    return std::abs(x - u_root) > 1e-3 && std::abs(x - u_root) <= 3.0 * first_half;
  });
  double root_slope = nan;  // of the unperturbed balance at u_root, by central differences
  auto nearest_root = [&](const std::array<double, 3>& q) {
    if (c.status != UscStatus::ok) return u_root;  // at a limit: stays there
    // Every shaded current is proportional to the density: a change of ln n alone moves no root.
    if (!sunlit && q[1] == p[1] && q[2] == p[2]) return u_root;
    const ImpliedBalance implied(params_of(q[0], q[1], q[2]), sunlit);
    const RememberedBalance<ImpliedBalance> remembered(implied);
    if (isolated && std::isnan(root_slope)) {
      constexpr double h = 1e-3;  // V
      const ImpliedBalance at_root(params_of(p[0], p[1], p[2]), sunlit);
      root_slope = (at_root(u_root + h) - at_root(u_root - h)) / (2.0 * h);
    }
    constexpr int secant_max_steps = 8;
    double u0 = u_root, f0 = isolated ? remembered(u0) : nan, u1 = u0 - f0 / root_slope;
    for (int k = 0; isolated && k < secant_max_steps && f0 != 0.0; ++k) {
      if (!(std::abs(u1 - u_root) < first_half)) break;
      if (std::abs(u1 - u0) <= 1e-7) return u1;  // the step bounds u0's error: u1 is closer still
      const double f1 = remembered(u1);
      const double u2 = u1 - f1 * (u1 - u0) / (f1 - f0);
      u0 = u1, f0 = f1, u1 = u2;
    }
    if (f0 == 0.0) return u0;
    const std::function<double(double)> balance = std::cref(remembered);
    // The nearest root on the side that changed first.
    for (double half = first_half; half < 2000.0; half *= 3.0) {
      const RootResult r = find_root_brent(balance, u_root - half, u_root + half, 1e-6);
      if (r.converged) return r.x;
      const RootResult below = find_root_brent(balance, u_root - half, u_root, 1e-6);
      const RootResult above = find_root_brent(balance, u_root, u_root + half, 1e-6);
      if (below.converged || above.converged)
        return !above.converged || (below.converged && u_root - below.x < above.x - u_root) ? below.x : above.x;
    }
    return nan;
  };
  const double sigma = cov ? delta_method_sigma(*cov, p, nearest_root) : inf;
  double sigma_low = sigma, sigma_high = sigma;
  if (sunlit && c.status == UscStatus::ok && std::isfinite(sigma) && sigma > 0.0) {
    for (double side : {-1.0, 1.0}) {
      const double end = std::clamp(u_root + side * sigma, u_low, u_high);
      if (std::abs(end - u_root) < 0.5 * sigma) continue;
      const double rise = sunlit_profile_deviance(data, m.mask_u, end, f.at) - f.deviance;
      const double factor = std::clamp(std::sqrt(scale / std::max(rise, 1e-3 * scale)), 0.3, 10.0);
      (side < 0 ? sigma_low : sigma_high) = std::abs(end - u_root) * factor;
    }
  }
  c.u_sc_lower_v = std::max(u_root - sigma_low, u_low);
  c.u_sc_upper_v = std::min(u_root + sigma_high, u_high);
  return c;
}

}  // namespace

PlasmaFit fit_plasma(const KappaInput& input, bool spacecraft_in_sun) {
  PlasmaFit out;
  out.spacecraft_in_sun = spacecraft_in_sun;
  out.u_sc_v = out.u_sc_lower_v = out.u_sc_upper_v = nan;
  out.ambient.status = FitStatus::kappa_fit_failed;
  out.ambient.density_m3 = out.ambient.kappa = out.ambient.theta_m_s = out.ambient.temperature_ev = nan;
  out.ambient.chi2 = nan;
  const PlasmaData data = prepare_plasma_data(input);

  auto fit_with_mask = [&](double mask_u, const UnitBoxPoint* warm) {
    MaskedFit m;
    m.mask_u = mask_u;
    m.fit = fit_ambient(data, mask_u, warm);
    if (m.fit.ok)
      m.roots = spacecraft_potentials(params_of(math::log(m.fit.density_m3), m.fit.kappa, m.fit.log10_theta),
                                      spacecraft_in_sun);
    return m;
  };

  // First fit on steps no spacecraft electron reaches: by day as if U_sc were 60 V (lowered
  // while too few steps remain), in the shade every step (a negative spacecraft keeps none).
  double first_mask = spacecraft_in_sun ? photoelectron_first_mask_v : 0.0;
  MaskedFit first = fit_with_mask(first_mask, nullptr);
  while (!first.fit.ok && first_mask > 1.0) first = fit_with_mask(first_mask *= 0.5, nullptr);
  out.ambient.valid_steps = first.fit.used_steps;
  if (!first.fit.ok) return out;

  // Each root is followed to self-consistency: refit with the mask of that U_sc (steps it frees
  // now count, steps its photoelectrons fill do not) until the root it leads to keeps the same
  // mask. A root whose own mask destroys it (e.g. 0 V, which would count the photoelectron steps
  // as plasma) is no answer.
  for (double root : first.roots.u) {
    MaskedFit refit;
    const MaskedFit* fit = &first;  // the fit this root is consistent with
    double u = root;
    bool consistent = false;
    for (int pass = 0; pass < plasma_fit_max_mask_passes; ++pass) {
      if (same_mask(data, u, fit->mask_u)) {
        consistent = true;
        break;
      }
      refit = fit_with_mask(u, &fit->fit.at);
      fit = &refit;
      if (!refit.fit.ok) break;
      double nearest = nan;
      for (double r : refit.roots.u)
        if (!(std::abs(r - u) >= std::abs(nearest - u))) nearest = r;
      if (!(std::abs(nearest - u) <= 1.0 + 0.1 * std::abs(u))) break;  // the root did not survive
      u = nearest;
    }
    if (!consistent) continue;
    bool duplicate = false;
    for (const PlasmaCandidate& c : out.candidates) duplicate |= std::abs(c.u_sc_v - u) <= 0.05;
    if (duplicate) continue;
    out.candidates.push_back(make_candidate(data, *fit, u, spacecraft_in_sun));
  }
  if (!spacecraft_in_sun)
    for (const PlasmaCandidate& c : near_balances(data, first)) out.candidates.push_back(c);
  std::sort(out.candidates.begin(), out.candidates.end(),
            [](const PlasmaCandidate& a, const PlasmaCandidate& b) { return a.u_sc_v < b.u_sc_v; });
  out.ambient.chi2 = first.fit.deviance;
  if (out.candidates.empty()) {
    out.ambient.status = FitStatus::u_sc_failed;
    return out;
  }

  // Several candidates are several ambient plasmas that give the same measured spectrum and are
  // each in charging balance: the spectrum cannot choose (the loss cone sometimes can, see
  // pipeline). Reported: the preferred one, with an interval spanning every candidate's.
  std::vector<std::size_t> all(out.candidates.size());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  const PlasmaCandidate* chosen = &out.candidates[preferred_candidate(out, all)];
  select_candidate(out, *chosen);
  for (const PlasmaCandidate& c : out.candidates) {
    out.u_sc_lower_v = std::min(out.u_sc_lower_v, c.u_sc_lower_v);
    out.u_sc_upper_v = std::max(out.u_sc_upper_v, c.u_sc_upper_v);
  }
  return out;
}

std::size_t preferred_candidate(const PlasmaFit& fit, const std::vector<std::size_t>& among) {
  std::optional<std::size_t> interior;
  for (const std::size_t k : among) {
    if (fit.candidates[k].status != UscStatus::ok) continue;
    if (!interior || (fit.spacecraft_in_sun ? fit.candidates[k].u_sc_v < fit.candidates[*interior].u_sc_v
                                            : fit.candidates[k].u_sc_v > fit.candidates[*interior].u_sc_v))
      interior = k;
  }
  return interior ? *interior : among.front();
}

KappaFit candidate_ambient(const PlasmaCandidate& c) {
  KappaFit a;
  a.density_m3 = c.ambient.density_m3;
  a.kappa = c.ambient.kappa;
  a.theta_m_s = c.ambient.theta_m_s;
  a.temperature_ev = physics::temperature_ev_from_theta(a.theta_m_s, a.kappa);
  a.status = FitStatus::fitted;
  a.chi2 = c.measured_deviance;
  a.valid_steps = c.steps;
  return a;
}

void select_candidate(PlasmaFit& fit, const PlasmaCandidate& c) {
  fit.ambient = candidate_ambient(c);
  fit.u_sc_v = c.u_sc_v;
  fit.u_sc_lower_v = c.u_sc_lower_v;
  fit.u_sc_upper_v = c.u_sc_upper_v;
  fit.u_sc_status = c.status;
}

}  // namespace lpm::fit
