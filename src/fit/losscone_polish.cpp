#include "fit/losscone_polish.hpp"

#include "fit/brent.hpp"
#include "fit/detail/losscone_search_internal.hpp"
#include "fit/losscone_sweep.hpp"
#include "fit/nelder_mead.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace lpm::fit {

using namespace detail;

namespace {

// Brent's minimisation of f on [lo, hi] (fit/brent.hpp) to an absolute x tolerance; the ends
// are candidates too.
template <class F>
double brent_minimum(F f, double lo, double hi, double tol, double& f_best) {
  const MinimumResult m = minimize_brent(f, lo, hi, tol, 1e-12, 100);
  f_best = m.fx;
  double x_best = m.x;
  for (const double end : {lo, hi})
    if (const double fe = f(end); fe < f_best) {
      f_best = fe;
      x_best = end;
    }
  return x_best;
}

// The U-interval around `pt.u` (r fixed) in which no row changes its cone state.
void cell_u_interval(const SearchProblem& p, const SearchPoint& pt, double& u_lo, double& u_hi) {
  u_lo = losscone_u_surface_min_v;
  u_hi = losscone_u_surface_max_v;
  for (const auto& row : p.rows) {
    const double ec = 1.0 / row.inv_ec;
    const double xc = std::clamp(pt.bs_over_bm * (1.0 + pt.u_surface_v * row.inv_ec), 0.0, 1.0);
    const std::size_t k = bins_in_cone(row, xc);
    if (k > 0) u_lo = std::max(u_lo, (row.s_all[k - 1] / pt.bs_over_bm - 1.0) * ec);
    if (k < row.s_all.size()) u_hi = std::min(u_hi, (row.s_all[k] / pt.bs_over_bm - 1.0) * ec);
  }
}

// U by golden section inside the cell of `pt` (r and A fixed), where only the beam depends on U.
SearchPoint polish_u_in_cell(const SearchProblem& p, SearchPoint pt, const SearchBox& box) {
  if (!(pt.beam_amp > 0.0 && box.u_hi > box.u_lo)) return pt;
  double u_lo = 0.0, u_hi = 0.0;
  cell_u_interval(p, pt, u_lo, u_hi);
  u_lo = std::max(u_lo, box.u_lo);
  u_hi = std::min(u_hi, box.u_hi);
  const double margin = 1e-9 * std::max(1.0, std::abs(pt.u_surface_v));
  if (u_hi - u_lo > 4 * margin) {
    auto f_u = [&](double u) { return search_sum(p, u, pt.bs_over_bm, pt.beam_amp); };
    double f_gold = 0.0;
    const double u_gold = brent_minimum(f_u, u_lo + margin, u_hi - margin, 1e-7, f_gold);
    if (f_gold < pt.sum) {
      pt.u_surface_v = u_gold;
      pt.sum = f_gold;
    }
  }
  return pt;
}

// S(U, r, A) at fixed (U, r) as a function of A: rows the beam cannot reach, and the far bins of
// the rows it reaches, are a constant; only the reached beam bins depend on A. Of these, a
// Halekas bin whose beam stays small up to a_hi (t = A·g·h/(m + ε) ≤ 1e-4) has the term
// w(D − ln(1 + t))², D = y − ln(m + ε), and ln(1 + t) = t − t²/2 + t³/3 − t⁴/4 to 2e-21: a
// polynomial in A of degree 8, summed over such bins once; the others (`live`) are evaluated at
// each A. (The point found is then evaluated exactly, by search_sum.)
constexpr std::size_t log_terms = 4;
constexpr double small_beam = 1e-4;
struct BeamSlice {
  struct Bin {
    double y, gh, base, y_base, w;
  };
  LossConeMethod method = LossConeMethod::halekas;
  double constant = 0.0;
  std::vector<Bin> bins;                         // every reached bin
  std::vector<Bin> live;                         // the bins evaluated at each A
  std::array<double, 2 * log_terms + 1> poly{};  // coefficients of A⁰ … A⁸ of the other bins' sum
  double operator()(double a) const {
    double small = 0.0;
    for (std::size_t k = poly.size(); k-- > 0;) small = small * a + poly[k];
    double sum = constant + small;
    for (const Bin& b : live) {
      const double d = b.y - transformed_model(method, b.base, a * b.gh, b.y_base);
      sum += b.w * (d * d);
    }
    return sum;
  }
};

// Fills `slice` for A up to a_hi (its buffers are reused across calls).
void beam_slice(const SearchProblem& p, double u, double r, double a_hi, BeamSlice& slice) {
  slice.method = p.method;
  slice.constant = 0.0;
  slice.bins.clear();
  slice.live.clear();
  slice.poly.fill(0.0);
  for (const auto& row : p.rows) {
    const double xc = std::clamp(r * (1.0 + u * row.inv_ec), 0.0, 1.0);
    const double g = row.beam_bins.empty() ? 0.0 : beam_g(row.energy_ev, p.u_spacecraft_v, u);
    if (losscone_beam_amp_max * g * row.h_max <= negligible_beam) {
      slice.constant += row.f_all[bins_in_cone(row, xc)];
      continue;
    }
    slice.constant += row.f_far[far_bins_in_cone(row, xc)];
    for (const auto& bin : row.beam_bins) {
      const bool in_cone = bin.s < xc;
      const BeamSlice::Bin b{bin.y, g * bin.h, in_cone ? losscone_background : 1.0, in_cone ? p.y_bg : p.y_one, bin.w};
      slice.bins.push_back(b);
      const double c = b.gh / (b.base + losscone_log_eps);  // t = A·c
      if (p.method == LossConeMethod::lillis || !(a_hi * c <= small_beam)) {
        slice.live.push_back(b);
        continue;
      }
      // ln(1 + t) = Σ_k l_k A^k, l_k = (−1)^(k+1) c^k / k; w(D − Σ)² = w(D² − 2D·Σ + Σ²).
      std::array<double, log_terms + 1> l{};
      double ck = 1.0;
      for (std::size_t k = 1; k <= log_terms; ++k) {
        ck *= c;
        l[k] = (k % 2 == 1 ? ck : -ck) / static_cast<double>(k);
      }
      const double d = b.y - b.y_base;
      slice.poly[0] += b.w * (d * d);
      for (std::size_t i = 1; i <= log_terms; ++i) {
        slice.poly[i] -= b.w * 2.0 * d * l[i];
        for (std::size_t j = 1; j <= log_terms; ++j) slice.poly[i + j] += b.w * l[i] * l[j];
      }
    }
  }
}

}  // namespace

namespace detail {

// A at fixed (U, r): scan of [a_lo, a_hi] then Brent around the best scan point.
SearchPoint minimise_over_a(const SearchProblem& p, SearchPoint pt, double a_lo, double a_hi) {
  if (!(a_hi > a_lo)) return pt;
  thread_local BeamSlice f_a;
  beam_slice(p, pt.u_surface_v, pt.bs_over_bm, a_hi, f_a);
  if (f_a.bins.empty()) return pt;
  // Each beam bin's term is smallest where the model (monotone in A) is nearest its data: if
  // even these per-bin best values sum to ≥ S(pt), no A can do better (common far from the fit).
  double bound = f_a.constant;
  for (const BeamSlice::Bin& b : f_a.bins) {
    const double d =
        distance_to_model_range(p.method, b.y, b.base, b.y_base, a_lo * b.gh, b.base, b.y_base, a_hi * b.gh);
    bound += b.w * (d * d);
  }
  if (bound >= pt.sum) return pt;
  // The start, the scan and the ends of Brent's bracket often share an A (the start's A = 0 is
  // the scan's first point; the bracket's ends are scan points): each is evaluated once.
  constexpr int scan = 5;
  std::array<std::pair<double, double>, scan + 2> seen{};
  std::size_t n_seen = 0;
  auto f_once = [&](double a) {
    for (std::size_t k = 0; k < n_seen; ++k)
      if (seen[k].first == a) return seen[k].second;
    const double f = f_a(a);
    if (n_seen < seen.size()) seen[n_seen++] = {a, f};
    return f;
  };
  double best_a = pt.beam_amp, best_f = f_once(pt.beam_amp), centre = pt.beam_amp;
  for (int k = 0; k <= scan; ++k) {
    const double a = a_lo + (a_hi - a_lo) * k / scan;
    if (const double f = f_once(a); f < best_f) {
      best_f = f;
      best_a = centre = a;
    }
  }
  const double step = (a_hi - a_lo) / scan;
  double f_brent = 0.0;
  const double a_brent =
      brent_minimum(f_once, std::max(a_lo, centre - step), std::min(a_hi, centre + step), 1e-9, f_brent);
  if (f_brent < best_f) best_a = a_brent;
  const double exact = search_sum(p, pt.u_surface_v, pt.bs_over_bm, best_a);
  if (exact < pt.sum) {
    pt.beam_amp = best_a;
    pt.sum = exact;
  }
  return pt;
}

// The cone state of a point: per row, the number of bins in the cone.
std::vector<std::size_t> cone_state(const SearchProblem& p, double u, double r) {
  std::vector<std::size_t> state;
  for (const auto& row : p.rows) state.push_back(bins_in_cone(row, std::clamp(r * (1.0 + u * row.inv_ec), 0.0, 1.0)));
  return state;
}

}  // namespace detail

namespace {

// The r-interval in which every row keeps `state` at potential u, shrunk by a relative margin
// so that its middle is safely inside; false if empty.
bool state_r_range(const SearchProblem& p, const std::vector<std::size_t>& state, double u, double& r_lo,
                   double& r_hi) {
  r_lo = losscone_bs_over_bm_min;
  r_hi = losscone_bs_over_bm_max;
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const SearchRow& row = p.rows[i];
    const double k = 1.0 + u * row.inv_ec;
    const std::size_t c = state[i];
    if (c > 0) {  // need r·k > s[c−1]
      if (!(k > 0.0)) return false;
      r_lo = std::max(r_lo, row.s_all[c - 1] / k);
    }
    if (c < row.s_all.size() && row.s_all[c] < 1.0 && k > 0.0) r_hi = std::min(r_hi, row.s_all[c] / k);
  }
  const double margin = 1e-12 * r_hi;
  r_lo += margin;
  r_hi -= margin;
  return r_lo < r_hi;
}

// The U-interval of the cell of `pt` in the (U, r) plane (r free): the set of U at which some r
// keeps the cone state, found by bisection from pt (the cell is convex in (r, rU), so its
// U-projection is an interval).
void cell_u_extent(const SearchProblem& p, const std::vector<std::size_t>& state, double u0, double& u_lo,
                   double& u_hi) {
  double r_a = 0.0, r_b = 0.0;
  auto feasible = [&](double u) { return state_r_range(p, state, u, r_a, r_b); };
  auto extend = [&](double bound) {
    if (feasible(bound)) return bound;
    double in = u0, out = bound;
    for (int it = 0; it < 60 && std::abs(out - in) > 1e-9 * std::max(1.0, std::abs(in)); ++it) {
      const double mid = 0.5 * (in + out);
      (feasible(mid) ? in : out) = mid;
    }
    return in;
  };
  u_lo = extend(losscone_u_surface_min_v);
  u_hi = extend(losscone_u_surface_max_v);
}

// Nelder–Mead (fit/nelder_mead.hpp) in (U, A) inside the cell of `pt`, where S is smooth (only the beam depends on
// U there); r follows U to stay inside the cell. Returns pt unless it found a lower S.
SearchPoint polish_in_cell(const SearchProblem& p, const SearchPoint& pt) {
  const std::vector<std::size_t> state = cone_state(p, pt.u_surface_v, pt.bs_over_bm);
  double u_lo = 0.0, u_hi = 0.0;
  cell_u_extent(p, state, pt.u_surface_v, u_lo, u_hi);
  if (!(u_hi > u_lo) || !beam_active(p, u_lo, u_hi)) return pt;
  const NelderMeadBox cell{u_lo, u_hi, losscone_beam_amp_min, losscone_beam_amp_max};
  auto s_at = [&](double u, double a) {
    double r_a = 0.0, r_b = 0.0;
    if (!state_r_range(p, state, u, r_a, r_b)) return std::numeric_limits<double>::infinity();
    return search_sum(p, u, 0.5 * (r_a + r_b), a);
  };
  auto eval = [&](double u, double a) { return nelder_mead_vertex(s_at, cell, u, a); };
  const double du = std::max(1e-6, std::min(5.0, 0.25 * (u_hi - u_lo)));
  constexpr NelderMeadSettings settings{NelderMeadSteps::along_ray, 200, 1e-13};
  std::array<NelderMeadVertex, 3> v =
      nelder_mead(s_at, cell,
                  {eval(pt.u_surface_v, pt.beam_amp), eval(nelder_mead_step(pt.u_surface_v, du, u_hi), pt.beam_amp),
                   eval(pt.u_surface_v, nelder_mead_step(pt.beam_amp, 0.2, losscone_beam_amp_max))},
                  settings);
  std::sort(v.begin(), v.end(), [](const NelderMeadVertex& a, const NelderMeadVertex& b) { return a.f < b.f; });
  if (!(v[0].f < pt.sum)) return pt;
  double r_a = 0.0, r_b = 0.0;
  state_r_range(p, state, v[0].x, r_a, r_b);
  return {v[0].x, 0.5 * (r_a + r_b), v[0].y, v[0].f};
}

}  // namespace

namespace detail {

// Local polish of a candidate: alternate the profile at its U (exact in r, A searched; with an
// A scan when `thorough`) with U inside its cell (r fixed, or r following U when `thorough`).
// Never makes S worse.
SearchPoint polish(const SearchProblem& p, SearchPoint pt, const SearchBox& box, bool thorough) {
  const bool full_r_a = box.r_lo <= losscone_bs_over_bm_min && box.r_hi >= losscone_bs_over_bm_max &&
                        box.a_lo <= losscone_beam_amp_min && box.a_hi >= losscone_beam_amp_max;
  for (int round = 0; round < 4; ++round) {
    const double before = pt.sum;
    if (full_r_a) {
      const SearchPoint q = profile_point(p, pt.u_surface_v, thorough);
      if (q.sum < pt.sum) pt = q;
    } else {
      pt = minimise_over_a(p, pt, box.a_lo, box.a_hi);
    }
    pt = thorough && full_r_a && box.u_hi > box.u_lo ? polish_in_cell(p, pt) : polish_u_in_cell(p, pt, box);
    if (!(pt.sum < before - polish_progress * std::abs(before))) break;
  }
  return pt;
}
}  // namespace detail

SearchPoint polish_point(const SearchProblem& p, const SearchPoint& pt) {
  return polish(p, pt, full_search_box(), true);
}
}  // namespace lpm::fit
