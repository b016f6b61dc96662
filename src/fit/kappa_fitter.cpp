#include "fit/kappa_fitter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "base/er_counts.hpp"
#include "base/portable_math.hpp"
#include "fit/count_noise.hpp"
#include "fit/unit_box_minimiser.hpp"
#include "physics/energy_response.hpp"

namespace lpm::fit {

namespace {

constexpr double eps = generic_epsilon;

// σ_lnF of one step and its weight w = 1/(σ_lnF + ε) (P§2.2 items 4–5).
double log_flux_weight(double counts, double flux) {
  const double n = counts;
  const double sigma_n = std::sqrt(count_variance(n));
  const double sigma_f = sigma_n / (n + eps) * flux;
  const double sigma_log_f = sigma_f / (flux + eps) + eps;
  return 1.0 / (sigma_log_f + eps);
}

}  // namespace

PreparedSpectrum prepare_kappa_spectrum(const KappaInput& input, const KappaFitOptions& options,
                                        double energy_shift_v) {
  PreparedSpectrum s;
  int m = 0;
  for (int row = 0; row < kappa_steps; ++row) {
    const double measured_e = input.energy_ev[row];
    if (!std::isfinite(measured_e) || !(measured_e > 0.0)) continue;  // no model point here
    const double e = std::max(measured_e - energy_shift_v, day_energy_floor_ev);

    // Incident hemisphere (α < 90°) omni flux, ×2 for the missing half (P§2.2 item 3),
    // and counts C = rint(max(F,0) G E T_acc/N_ring) (P§1.4, base/er_counts.hpp).
    double flux_sum = 0.0, counts_incident = 0.0, counts_all = 0.0;
    for (int ch = 0; ch < kappa_channels; ++ch) {
      const double f = input.flux[row][ch];
      if (!std::isfinite(f)) continue;
      const double c = er_cell_count(f, measured_e, input.channels_in_ring[ch]);
      counts_all += c;
      if (input.pitch_deg[row][ch] < 90.0) {  // NaN pitch compares false: excluded
        flux_sum += f * input.solid_angle_sr[ch];
        counts_incident += c;
        s.any_incident_channel = true;
      }
    }
    const double j_data = 2.0 * flux_sum;
    const double counts = options.reference_weighting ? counts_all : counts_incident;
    const bool fitted = options.reference_weighting || (std::isfinite(j_data) && j_data > 0.0 && counts > 0.0);

    s.energy_ev[m] = e;
    s.flux_cm2[m] = j_data;
    s.counts[m] = counts;
    s.fitted[m] = fitted;
    s.weight[m] = !fitted ? 0.0 : options.use_weights ? log_flux_weight(counts, j_data) : 1.0;
    s.speed2_m2_s2[m] = 2.0 * e / electron_mass_ev_s2_m2;
    s.log_data[m] = math::log(j_data + eps);
    if (fitted) {
      ++s.fitted_steps;
      // n = Σ J ΔE / v with ΔE = 0.5 E (window [0.75E, 1.25E]); 1e4: cm⁻² → m⁻² (P§2.3).
      s.density_m3 += 1e4 * j_data * er_energy_window_relative * e / std::sqrt(s.speed2_m2_s2[m]);
    }
    ++m;
  }
  s.model_steps = m;

  if (options.use_convolution && m > 0) {
    const std::vector<double> w =
        physics::log_energy_response_matrix(std::span<const double>(s.energy_ev.data(), m), er_energy_window_relative);
    std::copy(w.begin(), w.end(), s.response.begin());
  } else {
    for (int i = 0; i < m; ++i) s.response[i * m + i] = 1.0;
  }
  return s;
}

double kappa_chi2(const PreparedSpectrum& s, double kappa, double log10_theta) {
  const int m = s.model_steps;
  const double theta = math::pow(10.0, log10_theta);
  const double kappa_theta2 = kappa * theta * theta;
  // ln J_k = ln(4π 1e-4 n A(κ) θ⁻³ / m_e) + ln v_k² − (κ+1) ln(1 + v_k²/(κθ²))  (P§2.1)
  const double log_prefactor = math::log(4.0 * pi * 1e-4 * s.density_m3 / electron_mass_ev_s2_m2) +
                               physics::log_gamma(kappa + 1.0) - physics::log_gamma(kappa - 0.5) -
                               1.5 * math::log(pi * kappa) - 3.0 * math::log(theta);
  std::array<double, kappa_steps> model{};
  for (int k = 0; k < m; ++k) {
    const double v2 = s.speed2_m2_s2[k];
    model[k] = math::exp(log_prefactor + math::log(v2) - (kappa + 1.0) * math::log1p(v2 / kappa_theta2));
  }
  double chi2 = 0.0;
  for (int i = 0; i < m; ++i) {
    if (!s.fitted[i]) continue;
    double seen = 0.0;
    for (int k = 0; k < m; ++k) seen += s.response[i * m + k] * model[k];
    const double r = (math::log(seen + eps) - s.log_data[i]) * s.weight[i];
    chi2 += r * r;
  }
  return chi2;
}

namespace {

// Search in unit coordinates u = (κ − κ_min)/Δκ, w = (log10 θ − 6)/2.
struct Box {
  static double kappa(double u) { return kappa_min + u * (kappa_max - kappa_min); }
  static double log_theta(double w) { return log10_theta_min_m_s + w * (log10_theta_max_m_s - log10_theta_min_m_s); }
};

}  // namespace

KappaFit fit_kappa(const PreparedSpectrum& s) {
  KappaFit fit;
  fit.valid_steps = s.fitted_steps;
  fit.density_m3 = s.density_m3;
  if (s.fitted_steps < 3 || !std::isfinite(s.density_m3) || !(s.density_m3 > 0.0)) {
    fit.status = FitStatus::kappa_fit_failed;
    fit.kappa = fit.theta_m_s = fit.temperature_ev = fit.chi2 = std::numeric_limits<double>::quiet_NaN();
    return fit;
  }
  auto objective = [&](double u, double w) {
    const double f = kappa_chi2(s, Box::kappa(u), Box::log_theta(w));
    return std::isnan(f) ? std::numeric_limits<double>::infinity() : f;
  };

  const UnitBoxPoint best = minimise_on_unit_box(objective);

  fit.kappa = Box::kappa(best.u);
  fit.theta_m_s = math::pow(10.0, Box::log_theta(best.w));
  fit.temperature_ev = physics::temperature_ev_from_theta(fit.theta_m_s, fit.kappa);
  fit.chi2 = best.f;
  fit.at_bound = best.u <= 0.0 || best.u >= 1.0 || best.w <= 0.0 || best.w >= 1.0;
  fit.status = std::isfinite(best.f) ? FitStatus::fitted : FitStatus::kappa_fit_failed;
  return fit;
}

KappaFit fit_kappa(const KappaInput& input, const KappaFitOptions& options) {
  return fit_kappa(prepare_kappa_spectrum(input, options));
}

}  // namespace lpm::fit
