#include "fit/spacecraft_potential.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "fit/brent.hpp"
#include "physics/charging.hpp"

namespace lpm::fit {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

UscResult failure(const KappaFit& initial) {
  UscResult r;
  r.u_sc_v = nan;
  r.status = UscStatus::failed;
  r.corrected = initial;
  if (r.corrected.status == FitStatus::fitted) r.corrected.status = FitStatus::u_sc_failed;
  return r;
}

double day_electron_current(const KappaFit& fit) {
  return physics::electron_current_density_a_m2(fit.params(), day_current_min_energy_ev, day_current_max_energy_ev,
                                                day_current_points);
}
}  // namespace

const char* to_string(UscStatus status) {
  switch (status) {
    case UscStatus::ok: return "ok";
    case UscStatus::saturated_low: return "saturated_low";
    case UscStatus::saturated_high: return "saturated_high";
    case UscStatus::failed: return "failed";
  }
  return "unknown";
}

JuInversion potential_from_photo_current(double electron_current_a_m2) {
  if (!std::isfinite(electron_current_a_m2)) return {nan, UscStatus::failed};
  // J_ph decreases with U: more electron current than J_ph(0) would need U < 0.
  if (electron_current_a_m2 >= physics::photoemission_current_density_a_m2(day_potential_min_v))
    return {day_potential_min_v, UscStatus::saturated_low};
  if (electron_current_a_m2 <= physics::photoemission_current_density_a_m2(day_potential_max_v))
    return {day_potential_max_v, UscStatus::saturated_high};
  const RootResult root =
      find_root_brent([&](double u) { return physics::photoemission_current_density_a_m2(u) - electron_current_a_m2; },
                      day_potential_min_v, day_potential_max_v);
  if (!root.converged) return {nan, UscStatus::failed};
  return {root.x, UscStatus::ok};
}

JuInversion sunlit_floating_potential(const physics::KappaParams& ambient) {
  return potential_from_photo_current(physics::sunlit_collected_electron_current_a_m2(ambient));
}

std::vector<double> shaded_scan_grid() {
  std::vector<double> grid;
  for (double u = shaded_bracket_high_v; u >= shaded_scan_lowest_v;
       u = u > -20.0 ? u - shaded_scan_step_v : u * shaded_scan_ratio)
    grid.push_back(u);
  return grid;
}

std::vector<double> shaded_roots(const std::function<double(double)>& balance, bool highest_only,
                                 std::vector<double>* grid_values, const std::function<double(double)>& upper_bound) {
  static const std::vector<double> grid = shaded_scan_grid();
  // F at a grid point, or a negative upper bound of it (exact = false) until a bracket needs F.
  struct Point {
    double u, f;
    bool exact;
  };
  auto scan = [&](double u) -> Point {
    if (upper_bound) {
      const double bound = upper_bound(u);
      if (bound < 0.0) return {u, bound, false};
    }
    return {u, balance(u), true};
  };
  auto sign_change = [](const Point& a, const Point& b) {
    return std::isfinite(a.f) && std::isfinite(b.f) && (a.f > 0.0) != (b.f > 0.0);
  };
  std::vector<double> roots;
  if (grid_values) grid_values->clear();
  Point above = scan(grid.front());
  if (grid_values) grid_values->push_back(above.f);
  for (std::size_t k = 1; k < grid.size(); ++k) {
    Point here = scan(grid[k]);
    if (grid_values) grid_values->push_back(here.f);
    if (sign_change(here, above)) {
      for (Point* p : {&here, &above})
        if (!p->exact) *p = {p->u, balance(p->u), true};
    }
    if (sign_change(here, above)) {
      // Brent evaluates the bracket's ends first: the scan has them (a shaded F costs shaded_quadrature_points fluxes).
      auto scanned = [&](double x) { return x == here.u ? here.f : x == above.u ? above.f : balance(x); };
      const RootResult r = find_root_brent(scanned, here.u, above.u, shaded_root_xtol_v, 8.881784197001252e-16,
                                           night_root_max_iterations);
      if (r.converged) {
        roots.push_back(r.x);
        if (highest_only) break;
      }
    }
    above = here;
  }
  return roots;
}

JuInversion shaded_floating_potential(const physics::KappaParams& ambient) {
  const std::vector<double> roots =
      shaded_roots([&](double u) { return physics::shaded_current_balance_a_m2(ambient, u); }, true, nullptr,
                   [&](double u) { return physics::shaded_balance_upper_bound_a_m2(ambient, u); });
  if (roots.empty()) return {nan, UscStatus::failed};
  return {roots.front(), UscStatus::ok};
}

JuInversion floating_potential(const physics::KappaParams& ambient, bool spacecraft_in_sun) {
  return spacecraft_in_sun ? sunlit_floating_potential(ambient) : shaded_floating_potential(ambient);
}

UscResult day_spacecraft_potential(const KappaInput& input, const KappaFit& initial, const KappaFitOptions& options) {
  if (initial.status != FitStatus::fitted) return failure(initial);
  const JuInversion first = potential_from_photo_current(day_electron_current(initial));
  if (first.status == UscStatus::failed) return failure(initial);

  // De-bias: relabel E → max(E − U, 1e-6), new density moment, refit κ, θ (P§3.2 step 4).
  const KappaFit refit = fit_kappa(prepare_kappa_spectrum(input, options, first.u_v));
  if (refit.status != FitStatus::fitted) return failure(refit);
  const JuInversion second = potential_from_photo_current(day_electron_current(refit));
  if (second.status == UscStatus::failed) return failure(refit);
  return {second.u_v, second.status, refit};
}

UscResult night_spacecraft_potential(const KappaFit& initial) {
  if (initial.status != FitStatus::fitted) return failure(initial);
  const physics::KappaParams uncorrected = initial.params();
  const std::vector<double> grid =
      physics::log_spaced_grid(night_grid_min_energy_ev, night_grid_max_energy_ev, night_grid_points);
  auto balance = [&](double u) { return physics::night_current_balance_a_m2(uncorrected, u, grid); };

  // Bracket [−1500, 0] V, lower end ×1.5 up to 10 times (P§3.3).
  double low = night_bracket_low_v;
  const double high = night_bracket_high_v;
  double f_low = balance(low);
  const double f_high = balance(high);
  auto same_sign = [](double a, double b) { return (a > 0.0) == (b > 0.0) && (a < 0.0) == (b < 0.0); };
  for (int i = 0; i < night_bracket_max_expansions && same_sign(f_low, f_high); ++i) {
    low *= night_bracket_expansion;
    f_low = balance(low);
  }
  if (std::isnan(f_low) || std::isnan(f_high) || same_sign(f_low, f_high)) return failure(initial);
  const RootResult root =
      find_root_brent(balance, low, high, night_root_xtol_v, 8.881784197001252e-16, night_root_max_iterations);
  if (!root.converged) return failure(initial);

  // De-bias: ambient temperature at U_sc; n, κ, χ² kept from the uncorrected fit.
  UscResult r;
  r.u_sc_v = root.x;
  r.status = UscStatus::ok;
  r.corrected = initial;
  r.corrected.temperature_ev = initial.temperature_ev + root.x / (initial.kappa - 1.5);
  if (!(r.corrected.temperature_ev > 0.0)) return failure(initial);
  r.corrected.theta_m_s = physics::theta_from_temperature_ev(r.corrected.temperature_ev, initial.kappa);
  return r;
}

UscResult spacecraft_potential(const KappaInput& input, const KappaFit& initial, bool spacecraft_in_sun,
                               const KappaFitOptions& options) {
  return spacecraft_in_sun ? day_spacecraft_potential(input, initial, options) : night_spacecraft_potential(initial);
}

}  // namespace lpm::fit
