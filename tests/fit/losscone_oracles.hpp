#pragma once
// Test/benchmark helpers for the loss-cone fitter: a simulator of realistic spectra, an
// independent χ² evaluator written straight from P§4.3–4.4, and two reference searches:
//  * brute force: dense grid over the whole box (U 10 V, Bs/Bm 0.02, A 1) + Nelder–Mead
//    polish from the 5 best grid points;
//  * the reference's LHS(400, unscrambled, fixed seed) + DE(best1bin, F 0.5, CR 0.9, pop 51,
//    maxiter 500, tol 1e-3, deferred updating, LHS best seeded into the initial population).
// Shared by tests/fit/losscone_fitter_test.cpp and bench/losscone_fit_bench.cpp.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "fit/losscone_fitter.hpp"

namespace lpm::test {

using fit::LossConeInput;
using fit::LossConeMethod;
using physics::LossConeParams;

inline std::array<double, er_rows_per_spectrum> geomspace_energies(double lo = 20.0, double hi = 2e4) {
  std::array<double, er_rows_per_spectrum> e{};
  for (int i = 0; i < er_rows_per_spectrum; ++i)
    e[i] = lo * std::pow(hi / lo, static_cast<double>(i) / (er_rows_per_spectrum - 1));
  return e;
}

struct SimulatedSpectrum {
  LossConeInput input;
  LossConeParams truth;
};

// ER-like look directions: θ rings ±78.75/56.25/33.75/11.25° with 4/8/16/16 cells each
// (88 in all), φ evenly spread in each ring, turned by a per-row spin phase.
inline std::array<std::array<double, 3>, er_channels> look_directions(double spin_phase_deg) {
  std::array<std::array<double, 3>, er_channels> d{};
  const double thetas[4] = {78.75, 56.25, 33.75, 11.25};
  const int counts[4] = {4, 8, 16, 16};
  int k = 0;
  for (int sign : {1, -1})
    for (int ring = 0; ring < 4; ++ring)
      for (int c = 0; c < counts[ring]; ++c) {
        const double th = sign * thetas[ring] * pi / 180.0;
        const double ph = (spin_phase_deg + (c + 0.5 * (ring % 2)) * 360.0 / counts[ring]) * pi / 180.0;
        d[k++] = {std::cos(th) * std::cos(ph), std::cos(th) * std::sin(ph), std::sin(th)};
      }
  return d;
}

// Families of spectra the search must handle (issue 16). The defaults are the original family:
// random field direction, truth U ∈ [−1000, 20] V, Bs/Bm ∈ [0.3, 1.1], A ∈ [0, 3],
// U_sc ∈ [−50, 20] V, Poisson counts (incident level 500 counts at 20 eV falling as E^−0.7,
// ≈ 4 counts at 20 keV), 1998-like sweep from 20 eV.
struct SpectrumFamily {
  const char* name = "default";
  double u_lo_v = -1000.0, u_hi_v = 20.0;  // truth U_surface; with above_u_sc, U ∈ [U_sc, u_hi]
  double u_sc_lo_v = -50.0, u_sc_hi_v = 20.0;
  double a_lo = 0.0, a_hi = 3.0;  // beam amplitude
  double level = 500.0;           // counts at the lowest energy
  double energy_lo_ev = 20.0;     // sweep floor (1999-like: 7 eV)
  bool above_u_sc = false;        // truth U above U_sc: no beam, x > r
  int polarity = 1;               // −1: pitch angles of the anti-parallel field
  int unconnected_rows = 0;       // this many random rows without a footpoint (NaN pitch)
  bool poisson_noise = true;      // false: each count is its expectation rounded (noise-free)
};

inline std::vector<SpectrumFamily> oracle_families() {
  std::vector<SpectrumFamily> f(7);
  f[1].name = "polarity -1, U above U_sc";
  f[1].polarity = -1;
  f[1].above_u_sc = true;
  f[1].u_sc_lo_v = 0.0;
  f[1].u_sc_hi_v = 15.0;
  f[2].name = "partly connected (5 rows polarity 0)";
  f[2].unconnected_rows = 5;
  f[3].name = "low counts";
  f[3].level = 25.0;
  f[4].name = "strong beam";
  f[4].a_lo = 3.0;
  f[4].a_hi = 5.0;
  f[4].u_lo_v = -300.0;
  f[5].name = "1999 sweep (7 eV floor)";
  f[5].energy_lo_ev = 7.0;
  f[6].name = "sunlit, small U";
  f[6].u_lo_v = -60.0;
  f[6].u_sc_lo_v = 0.0;
  return f;
}

inline SimulatedSpectrum simulate_spectrum(std::mt19937_64& rng, const SpectrumFamily& family = {}) {
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  SimulatedSpectrum sim;
  auto& in = sim.input;
  in.energy_ev = geomspace_energies(family.energy_lo_ev);
  const double draw_u = uni(rng), draw_r = uni(rng), draw_a = uni(rng);  // the original family's order
  in.u_spacecraft_v = family.u_sc_lo_v + (family.u_sc_hi_v - family.u_sc_lo_v) * uni(rng);
  const double u_lo = family.above_u_sc ? in.u_spacecraft_v : family.u_lo_v;
  sim.truth = {u_lo + (family.u_hi_v - u_lo) * draw_u, 0.3 + 0.8 * draw_r,
               family.a_lo + (family.a_hi - family.a_lo) * draw_a};
  const double cos_t = 2.0 * uni(rng) - 1.0, phi = 2.0 * pi * uni(rng);
  const double sin_t = std::sqrt(1.0 - cos_t * cos_t);
  const std::array<double, 3> b{family.polarity * sin_t * std::cos(phi), family.polarity * sin_t * std::sin(phi),
                                family.polarity * cos_t};
  in.counts.emplace();
  std::array<bool, er_rows_per_spectrum> connected;
  connected.fill(true);
  for (int k = 0; k < family.unconnected_rows; ++k)
    connected[static_cast<int>(uni(rng) * er_rows_per_spectrum) % er_rows_per_spectrum] = false;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto dirs = look_directions(360.0 * uni(rng));
    const double level = family.level * std::pow(in.energy_ev[i] / family.energy_lo_ev, -0.7);
    for (int j = 0; j < er_channels; ++j) {
      const double c = std::clamp(b[0] * dirs[j][0] + b[1] * dirs[j][1] + b[2] * dirs[j][2], -1.0, 1.0);
      const double pitch = std::acos(c) * 180.0 / pi;
      const double m = physics::losscone_model_value(in.energy_ev[i], in.u_spacecraft_v, pitch, sim.truth);
      std::poisson_distribution<long> counts(level * m);
      const double drawn = static_cast<double>(counts(rng));  // drawn either way: the same sequence
      in.counts->observed[i][j] = family.poisson_noise ? drawn : std::round(level * m);
      in.counts->per_unit_flux[i][j] = in.energy_ev[i] / 1e4;
      in.flux[i][j] = in.counts->observed[i][j] * 1e4 / in.energy_ev[i];
      in.pitch_deg[i][j] = connected[i] ? pitch : std::numeric_limits<double>::quiet_NaN();
    }
  }
  return sim;
}

// χ² written directly from P§4.3–4.4 (angles compared in degrees as the reference does),
// with the per-parameter work hoisted so millions of evaluations stay affordable.
// With `counts` (the marginal posterior's S where the counts are known): the Poisson deviance
// 2 Σ [μ − N + N ln(N/μ)] of every bin with a finite pitch in the rows the method's mask uses,
// zero counts included, μ = m · ΣN/Σk · k (the row's incident counts over their counts per
// unit flux: the level of model value 1), k the bin's counts per unit flux.
class OracleObjective {
 public:
  OracleObjective(LossConeMethod method, const fit::LossConeData& d, const fit::CellCounts* counts = nullptr)
      : method_(method), d_(d), poisson_(counts != nullptr) {
    for (int i = 0; i < er_rows_per_spectrum; ++i) {
      if (poisson_) {
        bool used = false;
        double n_inc = 0.0, k_inc = 0.0;
        for (int j = 0; j < er_channels; ++j) {
          used = used || d.mask[i][j];
          if (d.pitch_deg[i][j] < 90.0) {
            n_inc += counts->observed[i][j];
            k_inc += counts->per_unit_flux[i][j];
          }
        }
        if (!used) continue;
        for (int j = 0; j < er_channels; ++j)
          if (std::isfinite(d.pitch_deg[i][j]))
            bins_.push_back({i, d.pitch_deg[i][j], 0.0, counts->observed[i][j], beam_h(d.pitch_deg[i][j]),
                             n_inc / k_inc * counts->per_unit_flux[i][j]});
        continue;
      }
      for (int j = 0; j < er_channels; ++j)
        if (d.mask[i][j]) {
          bins_.push_back({i, d.pitch_deg[i][j], d.norm[i][j],
                           method == LossConeMethod::halekas ? std::log(d.norm[i][j] + 1e-6) : d.norm[i][j],
                           beam_h(d.pitch_deg[i][j]), 1.0});
        }
    }
  }
  int n_valid() const { return static_cast<int>(bins_.size()); }
  // Halekas: Σ; Lillis: Σ / max(n − 3, 1). Parameters are used as given (no clipping).
  double operator()(double u, double r, double a) const {
    double alpha_limit[er_rows_per_spectrum], beam[er_rows_per_spectrum];
    for (int i = 0; i < er_rows_per_spectrum; ++i) {
      const double ec = std::max(d_.energy_ev[i] - d_.u_spacecraft_v, 1e-12);
      const double x = std::clamp(r * (1.0 + u / ec), 0.0, 1.0);
      alpha_limit[i] = 180.0 - std::asin(std::sqrt(x)) * 180.0 / pi;
      const double du = d_.u_spacecraft_v - u;
      const double eb = std::max(du, 15.0);
      beam[i] = du > 0.0 ? a * std::exp(-0.5 * std::pow((d_.energy_ev[i] - eb) / 15.0, 2)) : 0.0;
    }
    const double y_one = transform(1.0), y_bg = transform(0.05);
    double sum = 0.0;
    for (const auto& b : bins_) {
      const double base = b.pitch <= alpha_limit[b.row] ? 1.0 : 0.05;
      const double extra = beam[b.row] * b.h;
      if (poisson_) {
        const double mu = b.w * (base + extra);
        sum += 2.0 * (mu - b.y + (b.y > 0.0 ? b.y * std::log(b.y / mu) : 0.0));
        continue;
      }
      const double y = extra == 0.0 ? (base == 1.0 ? y_one : y_bg) : transform(base + extra);
      sum += b.w * (b.y - y) * (b.y - y);
    }
    if (bins_.empty()) return 1e30;
    return method_ == LossConeMethod::halekas ? sum : sum / std::max(n_valid() - 3, 1);
  }

 private:
  double transform(double m) const { return method_ == LossConeMethod::halekas ? std::log(m + 1e-6) : m; }
  static double beam_h(double pitch_deg) { return std::exp(-0.5 * std::pow((pitch_deg - 180.0) / 7.5, 2)); }
  struct Bin {
    int row;
    double pitch, norm, y, h, w;  // y: transformed data or the count; w: 1 or μ at m = 1
  };
  LossConeMethod method_;
  const fit::LossConeData& d_;
  bool poisson_ = false;
  std::vector<Bin> bins_;
};

struct OraclePoint {
  std::array<double, 3> x{};  // U, Bs/Bm, A
  double chi2 = 1e30;
};

inline constexpr std::array<double, 3> box_lo{-2000.0, 0.3, 0.0};
inline constexpr std::array<double, 3> box_hi{20.0, 1.1, 5.0};

// Bounded Nelder–Mead (clipping into the box), for the brute-force oracle's polish.
inline OraclePoint nelder_mead(const OracleObjective& f, OraclePoint start, std::array<double, 3> step, int max_evals) {
  auto clip = [](std::array<double, 3> x) {
    for (int k = 0; k < 3; ++k) x[k] = std::clamp(x[k], box_lo[k], box_hi[k]);
    return x;
  };
  auto eval = [&](const std::array<double, 3>& x) { return f(x[0], x[1], x[2]); };
  std::array<OraclePoint, 4> s;
  s[0] = start;
  for (int k = 0; k < 3; ++k) {
    s[k + 1].x = start.x;
    s[k + 1].x[k] += (start.x[k] + step[k] <= box_hi[k]) ? step[k] : -step[k];
    s[k + 1].x = clip(s[k + 1].x);
    s[k + 1].chi2 = eval(s[k + 1].x);
  }
  int evals = 3;
  while (evals < max_evals) {
    std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.chi2 < b.chi2; });
    std::array<double, 3> c{};
    for (int v = 0; v < 3; ++v)
      for (int k = 0; k < 3; ++k) c[k] += s[v].x[k] / 3.0;
    auto along = [&](double t) {
      std::array<double, 3> x;
      for (int k = 0; k < 3; ++k) x[k] = c[k] + t * (s[3].x[k] - c[k]);
      OraclePoint p{clip(x), 0.0};
      p.chi2 = eval(p.x);
      ++evals;
      return p;
    };
    const OraclePoint refl = along(-1.0);
    if (refl.chi2 < s[0].chi2) {
      const OraclePoint exp = along(-2.0);
      s[3] = exp.chi2 < refl.chi2 ? exp : refl;
    } else if (refl.chi2 < s[2].chi2) {
      s[3] = refl;
    } else {
      const OraclePoint con = along(refl.chi2 < s[3].chi2 ? -0.5 : 0.5);
      if (con.chi2 < std::min(refl.chi2, s[3].chi2)) {
        s[3] = con;
      } else {
        for (int v = 1; v < 4; ++v) {
          for (int k = 0; k < 3; ++k) s[v].x[k] = s[0].x[k] + 0.5 * (s[v].x[k] - s[0].x[k]);
          s[v].chi2 = eval(s[v].x);
          ++evals;
        }
      }
    }
  }
  return *std::min_element(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.chi2 < b.chi2; });
}

// Dense grid over the whole box, then Nelder–Mead from the 5 best grid points.
inline OraclePoint brute_force(const OracleObjective& f) {
  std::vector<OraclePoint> grid;
  for (int iu = 0; iu <= 202; ++iu)
    for (int ir = 0; ir <= 40; ++ir)
      for (int ia = 0; ia <= 5; ++ia) {
        OraclePoint p{{-2000.0 + 10.0 * iu, 0.3 + 0.02 * ir, 1.0 * ia}, 0.0};
        p.chi2 = f(p.x[0], p.x[1], p.x[2]);
        grid.push_back(p);
      }
  std::partial_sort(grid.begin(), grid.begin() + 5, grid.end(),
                    [](const auto& a, const auto& b) { return a.chi2 < b.chi2; });
  OraclePoint best = grid[0];
  for (int k = 0; k < 5; ++k) {
    const OraclePoint p = nelder_mead(f, grid[k], {10.0, 0.02, 1.0}, 400);
    if (p.chi2 < best.chi2) best = p;
  }
  return best;
}

// The reference's CPU search (P§4.6): LHS(400) over U [−1000, 0], Bs/Bm [0.3, 1.1], A [0, 5],
// then SciPy-style differential evolution over the full bounds; the better of the two.
inline OraclePoint lhs_de(const OracleObjective& f) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  constexpr int n_lhs = 400;
  const std::array<double, 3> lhs_lo{-1000.0, 0.3, 0.0}, lhs_hi{0.0, 1.1, 5.0};
  std::array<std::vector<int>, 3> perm;
  for (auto& p : perm) {
    p.resize(n_lhs);
    std::iota(p.begin(), p.end(), 0);
    std::shuffle(p.begin(), p.end(), rng);
  }
  OraclePoint best_lhs;
  for (int s = 0; s < n_lhs; ++s) {
    OraclePoint p;
    for (int k = 0; k < 3; ++k) p.x[k] = lhs_lo[k] + (lhs_hi[k] - lhs_lo[k]) * (perm[k][s] + 0.5) / n_lhs;
    p.chi2 = f(p.x[0], p.x[1], p.x[2]);
    if (p.chi2 < best_lhs.chi2) best_lhs = p;
  }
  // DE in unit-cube coordinates.
  constexpr int pop = 51, max_iter = 500;
  constexpr double mutation = 0.5, recombination = 0.9, tol = 1e-3, atol = 1e-3;
  auto to_param = [](const std::array<double, 3>& u) {
    std::array<double, 3> x;
    for (int k = 0; k < 3; ++k) x[k] = box_lo[k] + u[k] * (box_hi[k] - box_lo[k]);
    return x;
  };
  std::vector<std::array<double, 3>> members(pop);
  for (int k = 0; k < 3; ++k) {  // Latin hypercube initial population
    std::vector<double> col(pop);
    for (int m = 0; m < pop; ++m) col[m] = (m + uni(rng)) / pop;
    std::shuffle(col.begin(), col.end(), rng);
    for (int m = 0; m < pop; ++m) members[m][k] = col[m];
  }
  for (int k = 0; k < 3; ++k) members[0][k] = (best_lhs.x[k] - box_lo[k]) / (box_hi[k] - box_lo[k]);
  std::vector<double> energy(pop);
  auto eval = [&](const std::array<double, 3>& u) {
    const auto x = to_param(u);
    const double v = f(x[0], x[1], x[2]);
    return std::isfinite(v) ? v : 1e30;
  };
  for (int m = 0; m < pop; ++m) energy[m] = eval(members[m]);
  for (int it = 0; it < max_iter; ++it) {
    const int best = static_cast<int>(std::min_element(energy.begin(), energy.end()) - energy.begin());
    std::vector<std::array<double, 3>> trials(pop);
    for (int m = 0; m < pop; ++m) {
      std::vector<int> idx;
      for (int q = 0; q < pop; ++q)
        if (q != m) idx.push_back(q);
      std::shuffle(idx.begin(), idx.end(), rng);
      std::array<double, 3> trial = members[m];
      const int fill = static_cast<int>(uni(rng) * 3) % 3;
      for (int k = 0; k < 3; ++k) {
        const bool cross = uni(rng) < recombination || k == fill;
        if (cross) trial[k] = members[best][k] + mutation * (members[idx[0]][k] - members[idx[1]][k]);
        if (trial[k] < 0.0 || trial[k] > 1.0) trial[k] = uni(rng);
      }
      trials[m] = trial;
    }
    for (int m = 0; m < pop; ++m) {  // deferred updating
      const double e = eval(trials[m]);
      if (e < energy[m]) {
        energy[m] = e;
        members[m] = trials[m];
      }
    }
    const double mean = std::accumulate(energy.begin(), energy.end(), 0.0) / pop;
    double var = 0.0;
    for (double e : energy) var += (e - mean) * (e - mean);
    if (std::sqrt(var / pop) <= atol + tol * std::abs(mean)) break;
  }
  const int best = static_cast<int>(std::min_element(energy.begin(), energy.end()) - energy.begin());
  OraclePoint de{to_param(members[best]), energy[best]};
  return de.chi2 <= best_lhs.chi2 ? de : best_lhs;
}

}  // namespace lpm::test
