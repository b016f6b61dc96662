#include "fit/losscone_search.hpp"

#include "base/angles.hpp"
#include "fit/brent.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>


namespace lpm::fit {

namespace {

// Beam contributions below this (in model units) are dropped. The model is ≥ b = 0.05, so a
// dropped δ changes ln(m + ε) by ≤ δ/0.05 = 2e-14 and a Halekas term by ≤ 2|y − ln m|·2e-14
// ≤ 1.2e-12 for |y| ≤ 27 (normalised data between 1e-6 and 5e11), i.e. ≤ 1.6e-9 summed over
// all 1320 bins (Lillis: ≤ 2|d − m|·1e-15 per bin) — below the 1e-9 relative slack of the tests
// for any χ² above ~2. (For χ² ≈ 0, as in noiseless data, the beam is exact where it matters.)
constexpr double negligible_beam = 1e-15;
// Local polishing stops once a round gains less than this fraction of S (two orders below the
// 1e-9 relative slack with which the tests compare χ² values).
constexpr double polish_progress = 1e-11;

// Transformed model/data value: the χ² term is (Y(data) − Y(model))².
double transform(LossConeMethod method, double v) {
  return method == LossConeMethod::halekas ? std::log(v + losscone_log_eps) : v;
}

// Cone threshold of a bin: the bin is in the loss cone iff clip(x, 0, 1) > s (P§4.3 step 3).
double cone_threshold(double pitch_deg) {
  if (pitch_deg <= 90.0) return 1.0;
  const double sn = std::sin(radians_from_degrees(180.0 - pitch_deg));
  return sn * sn;
}

// Prefix table of a row: f[k] = Σ_{j<k} (y_j − Yb)² + Σ_{j≥k} (y_j − Y1)², bins sorted by s.
void build_table(const std::vector<std::pair<double, double>>& s_y, double y_one, double y_bg,
                 std::vector<double>& s, std::vector<double>& f) {
  const std::size_t n = s_y.size();
  s.resize(n);
  f.assign(n + 1, 0.0);
  std::vector<double> suffix_one(n + 1, 0.0);
  for (std::size_t j = n; j-- > 0;) {
    const double d = s_y[j].second - y_one;
    suffix_one[j] = suffix_one[j + 1] + d * d;
  }
  double prefix_bg = 0.0;
  for (std::size_t k = 0; k <= n; ++k) {
    f[k] = prefix_bg + suffix_one[k];
    if (k < n) {
      s[k] = s_y[k].first;
      const double d = s_y[k].second - y_bg;
      prefix_bg += d * d;
    }
  }
}

// Number of thresholds s < x (the bins of a row in the cone at clipped x).
std::size_t bins_in_cone(const std::vector<double>& s, double x) {
  return static_cast<std::size_t>(std::lower_bound(s.begin(), s.end(), x) - s.begin());
}

// Sparse table of range minima of f (levels of doubling windows).
std::vector<std::vector<double>> range_min_table(const std::vector<double>& f) {
  std::vector<std::vector<double>> t{f};
  for (std::size_t w = 1; 2 * w <= f.size(); w *= 2) {
    const std::vector<double>& prev = t.back();
    std::vector<double> next(f.size() - 2 * w + 1);
    for (std::size_t k = 0; k < next.size(); ++k) next[k] = std::min(prev[k], prev[k + w]);
    t.push_back(std::move(next));
  }
  return t;
}

// min f[k_lo .. k_hi] from its sparse table.
double range_min(const std::vector<std::vector<double>>& t, std::size_t k_lo, std::size_t k_hi) {
  const auto level = static_cast<std::size_t>(std::bit_width(k_hi - k_lo + 1) - 1);
  return std::min(t[level][k_lo], t[level][k_hi + 1 - (std::size_t{1} << level)]);
}

// exp(−½z²) is taken as 0 once ½z² > 40 (value < 4.3e-18): a beam A·g·h ≤ 2.2e-17 is below
// negligible_beam, so the fast χ² ignores it either way; this only saves the exp.
double gauss(double energy_ev, double centre_ev) {
  const double z = (energy_ev - centre_ev) / losscone_beam_width_ev;
  if (0.5 * z * z > 40.0) return 0.0;
  return std::exp(-0.5 * z * z);
}

// Beam energy factor g(U) of a row (physics::beam_energy_factor with the cut-off of gauss).
double beam_g(double energy_ev, double u_sc, double u) {
  const double delta_u = u_sc - u;
  if (!(delta_u > 0.0)) return 0.0;
  return gauss(energy_ev, std::max(delta_u, losscone_beam_width_ev));
}

// Transformed model value of base + beam, given y_base = transform(base). For a small beam
// (t = beam/(base + ε) < 1e-8) the Halekas log is y_base + log1p(t) ≈ y_base + t − t²/2, whose
// error (< t³/3 < 4e-25) is far below the rounding of y_base; it skips most logs of the tails.
double transformed_model(LossConeMethod method, double base, double beam, double y_base) {
  if (method == LossConeMethod::lillis) return base + beam;
  const double t = beam / (base + losscone_log_eps);
  return t < 1e-8 ? y_base + t * (1.0 - 0.5 * t) : std::log(base + beam + losscone_log_eps);
}

// Range of the beam energy factor g(U) over [u_lo, u_hi] for one row.
void beam_factor_range(double energy_ev, double u_sc, double u_lo, double u_hi, double& g_min,
                       double& g_max) {
  if (!(u_lo < u_sc)) {
    g_min = g_max = 0.0;
    return;
  }
  const double w = losscone_beam_width_ev;
  const double eb_hi = std::max(u_sc - u_lo, w);
  const double eb_lo = std::max(u_sc - u_hi, w);  // ΔU → 0⁺ gives E_b = w
  const double g_lo_end = gauss(energy_ev, eb_lo), g_hi_end = gauss(energy_ev, eb_hi);
  g_max = (energy_ev >= eb_lo && energy_ev <= eb_hi) ? 1.0 : std::max(g_lo_end, g_hi_end);
  g_min = u_hi >= u_sc ? 0.0 : std::min(g_lo_end, g_hi_end);
}

// Range of x = r(1 + U/E_c) over the box, clipped to [0, 1].
void x_range(const SearchRow& row, const SearchBox& b, double& x_lo, double& x_hi) {
  const double c_lo = 1.0 + b.u_lo * row.inv_ec, c_hi = 1.0 + b.u_hi * row.inv_ec;
  if (c_lo >= 0.0) {
    x_lo = b.r_lo * c_lo;
    x_hi = b.r_hi * c_hi;
  } else if (c_hi <= 0.0) {
    x_lo = b.r_hi * c_lo;
    x_hi = b.r_lo * c_hi;
  } else {
    x_lo = b.r_hi * c_lo;
    x_hi = b.r_hi * c_hi;
  }
  x_lo = std::clamp(x_lo, 0.0, 1.0);
  x_hi = std::clamp(x_hi, 0.0, 1.0);
}

double row_sum(const SearchProblem& p, const SearchRow& row, double u, double r, double a) {
  const double xc = std::clamp(r * (1.0 + u * row.inv_ec), 0.0, 1.0);
  const double ag = a == 0.0 || row.beam_bins.empty() ? 0.0 : a * beam_g(row.energy_ev, p.u_spacecraft_v, u);
  if (ag * row.h_max <= negligible_beam) return row.f_all[bins_in_cone(row.s_all, xc)];
  double sum = row.f_far[bins_in_cone(row.s_far, xc)];
  for (const auto& bin : row.beam_bins) {
    const bool in_cone = bin.s < xc;
    const double d = bin.y - transformed_model(p.method, in_cone ? losscone_background : 1.0, ag * bin.h,
                                               in_cone ? p.y_bg : p.y_one);
    sum += d * d;
  }
  return sum;
}

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
    const std::size_t k = bins_in_cone(row.s_all, xc);
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
// the rows it reaches, are a constant; only the reached beam bins are re-evaluated.
struct BeamSlice {
  struct Bin { double y, gh, base, y_base; };
  LossConeMethod method = LossConeMethod::halekas;
  double constant = 0.0;
  std::vector<Bin> bins;
  double operator()(double a) const {
    double sum = constant;
    for (const Bin& b : bins) {
      const double d = b.y - transformed_model(method, b.base, a * b.gh, b.y_base);
      sum += d * d;
    }
    return sum;
  }
};

// Fills `slice` (its bins buffer is reused across calls).
void beam_slice(const SearchProblem& p, double u, double r, BeamSlice& slice) {
  slice.method = p.method;
  slice.constant = 0.0;
  slice.bins.clear();
  for (const auto& row : p.rows) {
    const double xc = std::clamp(r * (1.0 + u * row.inv_ec), 0.0, 1.0);
    const double g = row.beam_bins.empty() ? 0.0 : beam_g(row.energy_ev, p.u_spacecraft_v, u);
    if (losscone_beam_amp_max * g * row.h_max <= negligible_beam) {
      slice.constant += row.f_all[bins_in_cone(row.s_all, xc)];
      continue;
    }
    slice.constant += row.f_far[bins_in_cone(row.s_far, xc)];
    for (const auto& bin : row.beam_bins) {
      const bool in_cone = bin.s < xc;
      slice.bins.push_back({bin.y, g * bin.h, in_cone ? losscone_background : 1.0, in_cone ? p.y_bg : p.y_one});
    }
  }
}

// A at fixed (U, r): scan of [a_lo, a_hi] then Brent around the best scan point.
SearchPoint minimise_over_a(const SearchProblem& p, SearchPoint pt, double a_lo, double a_hi) {
  if (!(a_hi > a_lo)) return pt;
  thread_local BeamSlice f_a;
  beam_slice(p, pt.u_surface_v, pt.bs_over_bm, f_a);
  if (f_a.bins.empty()) return pt;
  // Each beam bin's term is smallest where the model (monotone in A) is nearest its data: if
  // even these per-bin best values sum to ≥ S(pt), no A can do better (common far from the fit).
  double bound = f_a.constant;
  for (const BeamSlice::Bin& b : f_a.bins) {
    const double lo = transformed_model(p.method, b.base, a_lo * b.gh, b.y_base);
    const double d = b.y < lo ? lo - b.y : std::max(0.0, b.y - transformed_model(p.method, b.base, a_hi * b.gh, b.y_base));
    bound += d * d;
  }
  if (bound >= pt.sum) return pt;
  constexpr int scan = 5;
  double best_a = pt.beam_amp, best_f = f_a(pt.beam_amp), centre = pt.beam_amp;
  for (int k = 0; k <= scan; ++k) {
    const double a = a_lo + (a_hi - a_lo) * k / scan;
    if (const double f = f_a(a); f < best_f) {
      best_f = f;
      best_a = centre = a;
    }
  }
  const double step = (a_hi - a_lo) / scan;
  double f_brent = 0.0;
  const double a_brent =
      brent_minimum(f_a, std::max(a_lo, centre - step), std::min(a_hi, centre + step), 1e-9, f_brent);
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
  for (const auto& row : p.rows)
    state.push_back(bins_in_cone(row.s_all, std::clamp(r * (1.0 + u * row.inv_ec), 0.0, 1.0)));
  return state;
}

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

// Nelder–Mead in (U, A) inside the cell of `pt`, where S is smooth (only the beam depends on
// U there); r follows U to stay inside the cell. Returns pt unless it found a lower S.
SearchPoint polish_in_cell(const SearchProblem& p, const SearchPoint& pt) {
  const std::vector<std::size_t> state = cone_state(p, pt.u_surface_v, pt.bs_over_bm);
  double u_lo = 0.0, u_hi = 0.0;
  cell_u_extent(p, state, pt.u_surface_v, u_lo, u_hi);
  if (!(u_hi > u_lo) || !beam_active(p, u_lo, u_hi)) return pt;
  struct Vertex { double u, a, f; };
  auto eval = [&](double u, double a) -> Vertex {
    u = std::clamp(u, u_lo, u_hi);
    a = std::clamp(a, losscone_beam_amp_min, losscone_beam_amp_max);
    double r_a = 0.0, r_b = 0.0;
    if (!state_r_range(p, state, u, r_a, r_b)) return {u, a, std::numeric_limits<double>::infinity()};
    return {u, a, search_sum(p, u, 0.5 * (r_a + r_b), a)};
  };
  const double du = std::max(1e-6, std::min(5.0, 0.25 * (u_hi - u_lo)));
  std::array<Vertex, 3> v{eval(pt.u_surface_v, pt.beam_amp),
                          eval(pt.u_surface_v + (pt.u_surface_v + du <= u_hi ? du : -du), pt.beam_amp),
                          eval(pt.u_surface_v, pt.beam_amp + (pt.beam_amp + 0.2 <= losscone_beam_amp_max ? 0.2 : -0.2))};
  auto by_f = [](const Vertex& a, const Vertex& b) { return a.f < b.f; };
  for (int it = 0; it < 200; ++it) {
    std::sort(v.begin(), v.end(), by_f);
    if (v[2].f - v[0].f <= 1e-13 * std::abs(v[0].f)) break;
    const double cu = 0.5 * (v[0].u + v[1].u), ca = 0.5 * (v[0].a + v[1].a);
    auto along = [&](double t) { return eval(cu + t * (v[2].u - cu), ca + t * (v[2].a - ca)); };
    const Vertex refl = along(-1.0);
    if (refl.f < v[0].f) {
      const Vertex expd = along(-2.0);
      v[2] = expd.f < refl.f ? expd : refl;
    } else if (refl.f < v[1].f) {
      v[2] = refl;
    } else {
      const Vertex con = along(refl.f < v[2].f ? -0.5 : 0.5);
      if (con.f < std::min(refl.f, v[2].f)) {
        v[2] = con;
      } else {
        for (int k = 1; k < 3; ++k) v[k] = eval(0.5 * (v[0].u + v[k].u), 0.5 * (v[0].a + v[k].a));
      }
    }
  }
  std::sort(v.begin(), v.end(), by_f);
  if (!(v[0].f < pt.sum)) return pt;
  double r_a = 0.0, r_b = 0.0;
  state_r_range(p, state, v[0].u, r_a, r_b);
  return {v[0].u, 0.5 * (r_a + r_b), v[0].a, v[0].f};
}

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

struct Node {
  SearchBox box;
  double key;      // priority (smaller first)
  std::int64_t id; // insertion order: deterministic tie break
};
struct NodeOrder {
  bool operator()(const Node& a, const Node& b) const {
    return a.key != b.key ? a.key > b.key : a.id > b.id;
  }
};

// Boxes narrower than this in a dimension are not split along it.
struct MinWidths {
  double u_v, r, a;
};
constexpr MinWidths minimum_widths{1e-4, 1e-7, 1e-5};   // global minimum
// A dimension whose halving moves no bin's x (or model) by more than this is not split.
constexpr double negligible_effect = 1e-9;

// Splits the box along the dimension that moves the model most; false if all are minimal.
bool split_box(const SearchProblem& p, const SearchBox& b, const MinWidths& min_w, SearchBox& left,
               SearchBox& right) {
  double effect_u = 0.0, effect_r = 0.0, effect_a = 0.0;
  for (const auto& row : p.rows) {
    double lo = 0.0, hi = 0.0;
    SearchBox only_u = b;
    only_u.r_lo = only_u.r_hi;
    x_range(row, only_u, lo, hi);
    effect_u = std::max(effect_u, hi - lo);
    SearchBox only_r = b;
    only_r.u_lo = only_r.u_hi = 0.5 * (b.u_lo + b.u_hi);
    x_range(row, only_r, lo, hi);
    effect_r = std::max(effect_r, hi - lo);
    if (!row.beam_bins.empty()) {
      double g_min = 0.0, g_max = 0.0;
      beam_factor_range(row.energy_ev, p.u_spacecraft_v, b.u_lo, b.u_hi, g_min, g_max);
      effect_a = std::max(effect_a, (b.a_hi - b.a_lo) * g_max * row.h_max * 0.1);
      effect_u = std::max(effect_u, b.a_hi * (g_max - g_min) * row.h_max * 0.1);
    }
  }
  const bool can_u = b.u_hi - b.u_lo > min_w.u_v, can_r = b.r_hi - b.r_lo > min_w.r,
             can_a = b.a_hi - b.a_lo > min_w.a;
  if (!can_u || effect_u <= negligible_effect) effect_u = -1.0;
  if (!can_r || effect_r <= negligible_effect) effect_r = -1.0;
  if (!can_a || effect_a <= negligible_effect) effect_a = -1.0;
  if (effect_u < 0.0 && effect_r < 0.0 && effect_a < 0.0) return false;
  left = right = b;
  if (effect_u >= effect_r && effect_u >= effect_a) {
    left.u_hi = right.u_lo = 0.5 * (b.u_lo + b.u_hi);
  } else if (effect_r >= effect_a) {
    left.r_hi = right.r_lo = 0.5 * (b.r_lo + b.r_hi);
  } else {
    left.a_hi = right.a_lo = 0.5 * (b.a_lo + b.a_hi);
  }
  return true;
}

SearchPoint centre_point(const SearchProblem& p, const SearchBox& b) {
  SearchPoint pt{0.5 * (b.u_lo + b.u_hi), 0.5 * (b.r_lo + b.r_hi), 0.5 * (b.a_lo + b.a_hi), 0.0};
  pt.sum = search_sum(p, pt.u_surface_v, pt.bs_over_bm, pt.beam_amp);
  return pt;
}

}  // namespace

SearchBox full_search_box() {
  return {losscone_u_surface_min_v, losscone_u_surface_max_v, losscone_bs_over_bm_min,
          losscone_bs_over_bm_max,  losscone_beam_amp_min,    losscone_beam_amp_max};
}

SearchProblem prepare_search(LossConeMethod method, const LossConeData& data) {
  SearchProblem p;
  p.method = method;
  p.u_spacecraft_v = data.u_spacecraft_v;
  const double y_one = transform(method, 1.0), y_bg = transform(method, losscone_background);
  p.y_one = y_one;
  p.y_bg = y_bg;
  struct Bin { double s, y, h; };
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    // Largest beam energy factor any U in the box can give this row.
    double g_min = 0.0, g_max = 0.0;
    beam_factor_range(data.energy_ev[i], data.u_spacecraft_v, losscone_u_surface_min_v,
                      losscone_u_surface_max_v, g_min, g_max);
    std::vector<Bin> bins;
    for (int j = 0; j < er_channels; ++j)
      if (data.mask[i][j])
        bins.push_back({cone_threshold(data.pitch_deg[i][j]), transform(method, data.norm[i][j]),
                        physics::beam_pitch_factor(data.pitch_deg[i][j])});
    if (bins.empty()) continue;
    std::stable_sort(bins.begin(), bins.end(), [](const Bin& a, const Bin& b) { return a.s < b.s; });
    SearchRow row;
    std::vector<std::pair<double, double>> all, far;
    for (const Bin& b : bins) {
      all.emplace_back(b.s, b.y);
      row.y_all.push_back(b.y);
      row.h_all.push_back(b.h);
      if (losscone_beam_amp_max * g_max * b.h > negligible_beam) {
        row.beam_bins.push_back({b.s, b.y, b.h});
        row.h_max = std::max(row.h_max, b.h);
      } else {
        far.emplace_back(b.s, b.y);
      }
    }
    p.n_valid += static_cast<int>(bins.size());
    row.energy_ev = data.energy_ev[i];
    row.inv_ec = 1.0 / physics::corrected_energy_ev(data.energy_ev[i], data.u_spacecraft_v);
    build_table(all, y_one, y_bg, row.s_all, row.f_all);
    build_table(far, y_one, y_bg, row.s_far, row.f_far);
    row.min_all = range_min_table(row.f_all);
    row.min_far = range_min_table(row.f_far);
    p.rows.push_back(std::move(row));
  }
  return p;
}

double search_sum(const SearchProblem& p, double u, double r, double a) {
  double sum = 0.0;
  for (const auto& row : p.rows) sum += row_sum(p, row, u, r, a);
  return sum;
}

double search_lower_bound(const SearchProblem& p, const SearchBox& b) {
  const double y_one = transform(p.method, 1.0), y_bg = transform(p.method, losscone_background);
  double bound = 0.0;
  for (const auto& row : p.rows) {
    double x_lo = 0.0, x_hi = 0.0;
    x_range(row, b, x_lo, x_hi);
    double g_min = 0.0, g_max = 0.0;
    if (!row.beam_bins.empty())
      beam_factor_range(row.energy_ev, p.u_spacecraft_v, b.u_lo, b.u_hi, g_min, g_max);
    if (b.a_hi * g_max * row.h_max <= negligible_beam) {
      bound += range_min(row.min_all, bins_in_cone(row.s_all, x_lo), bins_in_cone(row.s_all, x_hi));
      continue;
    }
    bound += range_min(row.min_far, bins_in_cone(row.s_far, x_lo), bins_in_cone(row.s_far, x_hi));
    for (const auto& bin : row.beam_bins) {
      const double base_lo = bin.s < x_hi ? losscone_background : 1.0;
      const double base_hi = bin.s < x_lo ? losscone_background : 1.0;
      const double y_lo = transformed_model(p.method, base_lo, b.a_lo * g_min * bin.h,
                                            base_lo == 1.0 ? y_one : y_bg);
      const double y_hi = transformed_model(p.method, base_hi, b.a_hi * g_max * bin.h,
                                            base_hi == 1.0 ? y_one : y_bg);
      const double d = bin.y < y_lo ? y_lo - bin.y : (bin.y > y_hi ? bin.y - y_hi : 0.0);
      bound += d * d;
    }
  }
  return bound;
}

SearchResult search_minimum(const SearchProblem& p, const SearchBox& box, const SearchSettings& s) {
  SearchResult result;
  result.best = centre_point(p, box);
  // The best few points seen, one per box, polished at the end: a cheap safety net when the
  // box cap stops the search before it has closed every box near the incumbent.
  std::vector<SearchPoint> candidates{result.best};
  auto keep_candidate = [&](const SearchPoint& c) {
    const std::size_t cap = static_cast<std::size_t>(std::max(s.polished_candidates, 1));
    if (candidates.size() == cap && !(c.sum < candidates.back().sum)) return;
    if (candidates.size() == cap) candidates.pop_back();
    const auto at = std::upper_bound(candidates.begin(), candidates.end(), c,
                                     [](const SearchPoint& a, const SearchPoint& b) { return a.sum < b.sum; });
    candidates.insert(at, c);
  };
  std::priority_queue<Node, std::vector<Node>, NodeOrder> open;
  std::int64_t next_id = 0;
  open.push({box, search_lower_bound(p, box), next_id++});
  auto tolerance = [&] { return std::max(s.absolute_tolerance, s.relative_tolerance * result.best.sum); };
  bool unresolved_box = false;
  while (!open.empty() && result.boxes < s.max_boxes) {
    const Node node = open.top();
    if (node.key >= result.best.sum - tolerance()) break;  // nothing left can do better
    open.pop();
    SearchBox halves[2];
    if (!split_box(p, node.box, minimum_widths, halves[0], halves[1])) {
      unresolved_box = true;  // at the minimum widths and still below the incumbent
      continue;
    }
    for (const auto& half : halves) {
      ++result.boxes;
      const double lb = search_lower_bound(p, half);
      if (lb >= result.best.sum - tolerance()) continue;
      const SearchPoint c = centre_point(p, half);
      keep_candidate(c);
      if (c.sum < result.best.sum) result.best = c;
      open.push({half, lb, next_id++});
    }
  }
  // Proven to the certificate's closing tolerance (losscone_certify.hpp), tighter than the stop rule.
  result.proven = !unresolved_box && (open.empty() || open.top().key >= result.best.sum - certificate_tolerance(result.best.sum));
  // Candidates in the same cone state with nearly the same A polish to the same point.
  std::vector<std::pair<std::vector<std::size_t>, double>> polished;
  for (const SearchPoint& c : candidates) {
    auto state = cone_state(p, c.u_surface_v, c.bs_over_bm);
    if (std::any_of(polished.begin(), polished.end(), [&](const auto& done) {
          return done.first == state && std::abs(done.second - c.beam_amp) <= 0.25;
        }))
      continue;
    polished.emplace_back(std::move(state), c.beam_amp);
    const SearchPoint q = polish(p, c, box, false);
    if (q.sum < result.best.sum) result.best = q;
  }
  result.best = polish(p, result.best, box, true);
  return result;
}

namespace {

// One bin flip of the r-sweep: at r just above `r`, row `row` gains one bin in the cone
// (kind 0) or, for the lower-bound sweep, the window's lower/upper end passes a threshold.
struct RowEvent {
  double r;
  int row;
  int kind;  // r-sweep: the bin's index in the row; lower bound: 0 upper / 1 lower window end
};

// Stable merge of the ascending runs [a, mid) and [mid, end) into out. The comparisons are
// unpredictable, so the loop selects its source by a conditional move instead of a branch.
void merge_runs(const RowEvent* a, const RowEvent* mid, const RowEvent* end, RowEvent* out) {
  const RowEvent* b = mid;
  while (a != mid && b != end) {
    const bool take_b = b->r < a->r;
    *out++ = *(take_b ? b : a);
    b += take_b;
    a += !take_b;
  }
  out = std::copy(a, mid, out);
  std::copy(b, end, out);
}

// Sorts events by r, stably. Each row adds its events in increasing r (thresholds sorted, k > 0),
// so the list is a few ascending runs: a natural merge sort (merge neighbouring runs until one
// is left) takes O(n log runs). (Bucketing by r is quadratic here: the rows with E_c ≫ |U|
// put their many s = 1 bins at nearly the same r = 1/k.)
void sort_events(std::vector<RowEvent>& events, std::vector<RowEvent>& buffer, std::vector<int>& runs) {
  const int n = static_cast<int>(events.size());
  runs.clear();
  for (int k = 0; k < n; ++k)
    if (k == 0 || events[k].r < events[k - 1].r) runs.push_back(k);
  runs.push_back(n);
  buffer.resize(events.size());
  while (runs.size() > 2) {
    std::size_t kept = 0;
    for (std::size_t q = 0; q + 1 < runs.size(); q += 2) {
      const int lo = runs[q], mid = runs[q + 1], hi = q + 2 < runs.size() ? runs[q + 2] : mid;
      merge_runs(events.data() + lo, events.data() + mid, events.data() + hi, buffer.data() + lo);
      runs[kept++] = lo;
    }
    runs[kept++] = n;
    runs.resize(kept);
    events.swap(buffer);
  }
}

// Scratch buffers of the sweeps, reused across calls (one set per thread).
struct SweepScratch {
  std::vector<RowEvent> events, buffer;
  std::vector<int> buckets;
  std::vector<std::vector<double>> tables;
  std::vector<double> suffix;
};
SweepScratch& sweep_scratch() {
  thread_local SweepScratch scratch;
  return scratch;
}

// The row's cost table f[k] (k lowest-s bins in the cone) for a fixed beam amplitude a·g.
const std::vector<double>& row_table(const SearchProblem& p, const SearchRow& row, double ag,
                                     std::vector<double>& scratch) {
  if (ag * row.h_max <= negligible_beam) return row.f_all;
  const std::size_t n = row.s_all.size();
  scratch.assign(n + 1, 0.0);
  double suffix = 0.0;
  for (std::size_t j = n; j-- > 0;) {
    const double d = row.y_all[j] - transformed_model(p.method, 1.0, ag * row.h_all[j], p.y_one);
    suffix += d * d;
    scratch[j] = suffix;  // Σ_{≥j} "1" costs, prefix added below
  }
  double prefix = 0.0;
  for (std::size_t k = 0; k <= n; ++k) {
    const double one_part = k < n ? scratch[k] : 0.0;
    const double value = prefix + one_part;
    if (k < n) {
      const double d = row.y_all[k] - transformed_model(p.method, losscone_background, ag * row.h_all[k], p.y_bg);
      prefix += d * d;
    }
    scratch[k] = value;
  }
  return scratch;
}

}  // namespace

SearchPoint polish_point(const SearchProblem& p, const SearchPoint& pt) {
  return polish(p, pt, full_search_box(), true);
}

SearchPoint minimise_over_r(const SearchProblem& p, double u, double a) {
  const double r_lo = losscone_bs_over_bm_min, r_hi = losscone_bs_over_bm_max;
  SweepScratch& scratch = sweep_scratch();
  std::vector<RowEvent>& events = scratch.events;
  events.clear();
  scratch.tables.resize(std::max(scratch.tables.size(), p.rows.size()));
  std::array<const std::vector<double>*, er_rows_per_spectrum> tables{};
  double total = 0.0;
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const SearchRow& row = p.rows[i];
    const double ag = a == 0.0 || row.beam_bins.empty() ? 0.0 : a * beam_g(row.energy_ev, p.u_spacecraft_v, u);
    const std::vector<double>& f = row_table(p, row, ag, scratch.tables[i]);
    tables[i] = &f;
    const double k = 1.0 + u * row.inv_ec;
    const std::size_t c0 = bins_in_cone(row.s_all, std::clamp(r_lo * k, 0.0, 1.0));
    total += f[c0];
    if (!(k > 0.0)) continue;
    const std::size_t c1 = bins_in_cone(row.s_all, std::clamp(r_hi * k, 0.0, 1.0));
    for (std::size_t j = c0; j < c1; ++j) events.push_back({row.s_all[j] / k, static_cast<int>(i), static_cast<int>(j)});
  }
  sort_events(events, scratch.buffer, scratch.buckets);
  // Interval [r_lo, e_1], (e_1, e_2], …, (e_m, r_hi]: cost constant on each.
  double best = total, best_lo = r_lo, best_hi = events.empty() ? r_hi : std::min(events.front().r, r_hi);
  for (std::size_t e = 0; e < events.size();) {
    const double r = events[e].r;
    for (; e < events.size() && events[e].r == r; ++e) {
      const std::vector<double>& f = *tables[static_cast<std::size_t>(events[e].row)];
      const auto j = static_cast<std::size_t>(events[e].kind);
      total += f[j + 1] - f[j];
    }
    const double next = e < events.size() ? events[e].r : r_hi;
    if (r < r_hi && total < best) {
      best = total;
      best_lo = r;
      best_hi = std::min(next, r_hi);
    }
  }
  SearchPoint pt{u, 0.5 * (best_lo + best_hi), a, 0.0};
  pt.sum = search_sum(p, u, pt.bs_over_bm, a);  // exact value at the chosen r (no accumulated rounding)
  return pt;
}

bool beam_active(const SearchProblem& p, double u_lo, double u_hi) {
  for (const auto& row : p.rows) {
    if (row.beam_bins.empty()) continue;
    double g_min = 0.0, g_max = 0.0;
    beam_factor_range(row.energy_ev, p.u_spacecraft_v, u_lo, u_hi, g_min, g_max);
    if (losscone_beam_amp_max * g_max * row.h_max > negligible_beam) return true;
  }
  return false;
}

SearchPoint profile_point(const SearchProblem& p, double u, bool thorough, double good_enough, double hopeless) {
  SearchPoint best = minimise_over_r(p, u, 0.0);
  if (best.sum <= good_enough || !beam_active(p, u, u)) return best;
  if (best.sum > hopeless) {
    SearchBox at_u = full_search_box();
    at_u.u_lo = at_u.u_hi = u;
    if (search_lower_bound(p, at_u) > hopeless ||
        profile_lower_bound(p, u, u, losscone_beam_amp_min, losscone_beam_amp_max, hopeless, best.bs_over_bm) >
            hopeless)
      return best;
  }
  std::vector<SearchPoint> starts{best};
  if (thorough) {  // second start: the best of an A scan, each with its exact r
    constexpr int scan = 5;
    SearchPoint scan_best = minimise_over_r(p, u, losscone_beam_amp_max / scan);
    for (int k = 2; k <= scan; ++k) {
      const SearchPoint q = minimise_over_r(p, u, losscone_beam_amp_max * k / scan);
      if (q.sum < scan_best.sum) scan_best = q;
    }
    starts.push_back(scan_best);
  }
  for (SearchPoint pt : starts) {
    for (int round = 0; round < 4; ++round) {  // coordinate descent: A at fixed r, then r at fixed A
      const double before = pt.sum;
      const double a_before = pt.beam_amp;
      pt = minimise_over_a(p, pt, losscone_beam_amp_min, losscone_beam_amp_max);
      // Every start and every later round ends r-optimal for its A: unchanged A, nothing to gain.
      if (pt.beam_amp == a_before) break;
      const SearchPoint q = minimise_over_r(p, u, pt.beam_amp);
      if (q.sum < pt.sum) pt = q;
      if (pt.sum <= good_enough) return pt;  // the caller only asks whether χ²_p(u) ≤ good_enough
      if (!(pt.sum < before - polish_progress * std::abs(before))) break;
    }
    if (pt.sum < best.sum) best = pt;
  }
  return best;
}

double profile_lower_bound(const SearchProblem& p, double u_lo, double u_hi, double a_lo, double a_hi,
                           double only_above, double r_probe) {
  const double r_lo = losscone_bs_over_bm_min, r_hi = losscone_bs_over_bm_max;
  const std::size_t n_rows = p.rows.size();
  SweepScratch& scratch = sweep_scratch();
  scratch.tables.resize(std::max(scratch.tables.size(), n_rows));
  std::array<const std::vector<double>*, er_rows_per_spectrum> tables{};
  struct Window {
    std::size_t lo = 0, hi = 0;          // current index window [lo, hi] of the table
    std::array<std::uint8_t, er_channels + 1> deque;  // monotone deque of indices (values increasing)
    std::size_t head = 0, tail = 0;
    double min = 0.0;
  };
  std::array<Window, er_rows_per_spectrum> win;
  std::vector<RowEvent>& events = scratch.events;
  events.clear();
  double total = 0.0;
  for (std::size_t i = 0; i < n_rows; ++i) {
    const SearchRow& row = p.rows[i];
    // Per-bin lower costs: each beam bin takes the model value nearest its data.
    std::vector<double>& f = scratch.tables[i];
    tables[i] = &row.f_all;
    const std::size_t n = row.s_all.size();
    double g_min = 0.0, g_max = 0.0;
    if (!row.beam_bins.empty()) beam_factor_range(row.energy_ev, p.u_spacecraft_v, u_lo, u_hi, g_min, g_max);
    if (a_hi * g_max * row.h_max > negligible_beam) {
      tables[i] = &f;
      auto dist2 = [&](double y, double base, double h) {
        const double y_base = base == 1.0 ? p.y_one : p.y_bg;
        const double lo = transformed_model(p.method, base, a_lo * g_min * h, y_base),
                     hi = transformed_model(p.method, base, a_hi * g_max * h, y_base);
        const double d = y < lo ? lo - y : (y > hi ? y - hi : 0.0);
        return d * d;
      };
      f.assign(n + 1, 0.0);
      std::vector<double>& suffix = scratch.suffix;
      suffix.assign(n + 1, 0.0);
      for (std::size_t j = n; j-- > 0;) suffix[j] = suffix[j + 1] + dist2(row.y_all[j], 1.0, row.h_all[j]);
      double prefix = 0.0;
      for (std::size_t k = 0; k <= n; ++k) {
        f[k] = prefix + suffix[k];
        if (k < n) prefix += dist2(row.y_all[k], losscone_background, row.h_all[k]);
      }
    }
    const std::vector<double>& table = *tables[i];
    const double k_lo = 1.0 + u_lo * row.inv_ec, k_hi = 1.0 + u_hi * row.inv_ec;
    Window& w = win[i];
    w.lo = bins_in_cone(row.s_all, std::clamp(r_lo * k_lo, 0.0, 1.0));
    w.hi = bins_in_cone(row.s_all, std::clamp(r_lo * k_hi, 0.0, 1.0));
    for (std::size_t k = w.lo; k <= w.hi; ++k) {
      while (w.tail > w.head && table[w.deque[w.tail - 1]] >= table[k]) --w.tail;
      w.deque[w.tail++] = static_cast<std::uint8_t>(k);
    }
    w.min = table[w.deque[w.head]];
    total += w.min;
    // Ends of the window advance when r·k passes a threshold.
    if (k_hi > 0.0) {
      const std::size_t end = bins_in_cone(row.s_all, std::clamp(r_hi * k_hi, 0.0, 1.0));
      for (std::size_t j = w.hi; j < end; ++j) events.push_back({row.s_all[j] / k_hi, static_cast<int>(i), 0});
    }
    if (k_lo > 0.0) {
      const std::size_t end = bins_in_cone(row.s_all, std::clamp(r_hi * k_lo, 0.0, 1.0));
      for (std::size_t j = w.lo; j < end; ++j) events.push_back({row.s_all[j] / k_lo, static_cast<int>(i), 1});
    }
  }
  const double margin = 1e-12;  // relative, for the rounding of the running sum
  if (total - margin * std::abs(total) <= only_above) return total - margin * std::abs(total);
  // The sweep's value at one r, without sorting: enough when the caller only asks whether the
  // bound exceeds only_above and the probe already shows it does not.
  if (r_probe >= r_lo && r_probe < r_hi) {
    double probe = 0.0;
    for (std::size_t i = 0; i < n_rows; ++i) {
      const SearchRow& row = p.rows[i];
      const std::vector<double>& f = *tables[i];
      const std::size_t lo = bins_in_cone(row.s_all, std::clamp(r_probe * (1.0 + u_lo * row.inv_ec), 0.0, 1.0));
      const std::size_t hi = bins_in_cone(row.s_all, std::clamp(r_probe * (1.0 + u_hi * row.inv_ec), 0.0, 1.0));
      probe += tables[i] == &row.f_all ? range_min(row.min_all, lo, hi) : *std::min_element(f.begin() + lo, f.begin() + hi + 1);
    }
    if (probe - margin * std::abs(probe) <= only_above) return probe - margin * std::abs(probe);
  }
  sort_events(events, scratch.buffer, scratch.buckets);
  double bound = total;
  for (std::size_t e = 0; e < events.size();) {
    const double r = events[e].r;
    std::size_t group_end = e;
    while (group_end < events.size() && events[group_end].r == r) ++group_end;
    // At equal r the upper ends move first (kind 0, then 1), so no window is ever empty.
    for (int kind = 0; kind < 2; ++kind)
    for (std::size_t q = e; q < group_end; ++q) {
      if (events[q].kind != kind) continue;
      const auto i = static_cast<std::size_t>(events[q].row);
      Window& w = win[i];
      const std::vector<double>& f = *tables[i];
      if (kind == 0) {
        const std::size_t k = ++w.hi;
        while (w.tail > w.head && f[w.deque[w.tail - 1]] >= f[k]) --w.tail;
        w.deque[w.tail++] = static_cast<std::uint8_t>(k);
      } else {
        ++w.lo;
        if (w.deque[w.head] < w.lo) ++w.head;
      }
      const double m = f[w.deque[w.head]];
      total += m - w.min;
      w.min = m;
    }
    e = group_end;
    if (r < r_hi) bound = std::min(bound, total);
    if (bound - margin * std::abs(bound) <= only_above) break;
  }
  return bound - margin * std::abs(bound);
}

}  // namespace lpm::fit
