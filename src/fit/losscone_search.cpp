#include "fit/losscone_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>

namespace lpm::fit {

namespace {

constexpr double deg_to_rad = pi / 180.0;
// Beam contributions below this (in model units) are dropped: they change a term by ≲1e-13.
constexpr double negligible_beam = 1e-13;
constexpr double golden = 0.6180339887498949;

// Transformed model/data value: the χ² term is (Y(data) − Y(model))².
double transform(LossConeMethod method, double v) {
  return method == LossConeMethod::halekas ? std::log(v + losscone_log_eps) : v;
}

// Cone threshold of a bin: the bin is in the loss cone iff clip(x, 0, 1) > s (P§4.3 step 3).
double cone_threshold(double pitch_deg) {
  if (pitch_deg <= 90.0) return 1.0;
  const double sn = std::sin((180.0 - pitch_deg) * deg_to_rad);
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

double range_min(const std::vector<double>& f, std::size_t k_lo, std::size_t k_hi) {
  return *std::min_element(f.begin() + static_cast<std::ptrdiff_t>(k_lo),
                           f.begin() + static_cast<std::ptrdiff_t>(k_hi) + 1);
}

double gauss(double energy_ev, double centre_ev) {
  const double z = (energy_ev - centre_ev) / losscone_beam_width_ev;
  return std::exp(-0.5 * z * z);
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
  const double ag = a == 0.0 ? 0.0 : a * physics::beam_energy_factor(row.energy_ev, p.u_spacecraft_v, u);
  if (ag * row.h_max <= negligible_beam) return row.f_all[bins_in_cone(row.s_all, xc)];
  double sum = row.f_far[bins_in_cone(row.s_far, xc)];
  for (const auto& bin : row.beam_bins) {
    const double base = bin.s < xc ? losscone_background : 1.0;
    const double d = bin.y - transform(p.method, base + ag * bin.h);
    sum += d * d;
  }
  return sum;
}

// Golden-section minimum of f on [lo, hi] (f assumed unimodal there; ends are candidates too).
template <class F>
double golden_minimum(F f, double lo, double hi, double tol, double& f_best) {
  double x_best = lo;
  f_best = f(lo);
  if (const double fh = f(hi); fh < f_best) {
    f_best = fh;
    x_best = hi;
  }
  double a = lo, b = hi;
  double c = b - golden * (b - a), d = a + golden * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > tol) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - golden * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + golden * (b - a);
      fd = f(d);
    }
  }
  for (const auto& [x, fx] : {std::pair{c, fc}, std::pair{d, fd}})
    if (fx < f_best) {
      f_best = fx;
      x_best = x;
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

// Local polish inside the best point's cell: A by scan + golden section, then U by golden
// section within the cell (where only the beam depends on U). Never makes S worse.
SearchPoint polish(const SearchProblem& p, SearchPoint pt, const SearchBox& box) {
  for (int round = 0; round < 2; ++round) {
    if (box.a_hi > box.a_lo) {
      auto f_a = [&](double a) { return search_sum(p, pt.u_surface_v, pt.bs_over_bm, a); };
      constexpr int scan = 20;
      double best_a = pt.beam_amp, best_f = pt.sum;
      int best_k = -1;
      for (int k = 0; k <= scan; ++k) {
        const double a = box.a_lo + (box.a_hi - box.a_lo) * k / scan;
        if (const double f = f_a(a); f < best_f) {
          best_f = f;
          best_a = a;
          best_k = k;
        }
      }
      const double step = (box.a_hi - box.a_lo) / scan;
      const double centre = best_k >= 0 ? best_a : pt.beam_amp;
      double f_gold = 0.0;
      const double a_gold = golden_minimum(f_a, std::max(box.a_lo, centre - step),
                                           std::min(box.a_hi, centre + step), 1e-9, f_gold);
      if (f_gold < best_f) {
        best_f = f_gold;
        best_a = a_gold;
      }
      if (best_f < pt.sum) {
        pt.beam_amp = best_a;
        pt.sum = best_f;
      }
    }
    if (pt.beam_amp > 0.0 && box.u_hi > box.u_lo) {
      double u_lo = 0.0, u_hi = 0.0;
      cell_u_interval(p, pt, u_lo, u_hi);
      u_lo = std::max(u_lo, box.u_lo);
      u_hi = std::min(u_hi, box.u_hi);
      const double margin = 1e-9 * std::max(1.0, std::abs(pt.u_surface_v));
      if (u_hi - u_lo > 4 * margin) {
        auto f_u = [&](double u) { return search_sum(p, u, pt.bs_over_bm, pt.beam_amp); };
        double f_gold = 0.0;
        const double u_gold = golden_minimum(f_u, u_lo + margin, u_hi - margin, 1e-7, f_gold);
        if (f_gold < pt.sum) {
          pt.u_surface_v = u_gold;
          pt.sum = f_gold;
        }
      }
    }
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
constexpr MinWidths interval_widths{0.0, 1e-3, 0.02};   // interval search (U set by caller)
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
  // Largest beam energy factor any U in the box can give a row.
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    std::vector<std::pair<double, double>> all, far;
    std::vector<SearchRow::BeamBin> beam;
    double g_min = 0.0, g_max = 0.0;
    beam_factor_range(data.energy_ev[i], data.u_spacecraft_v, losscone_u_surface_min_v,
                      losscone_u_surface_max_v, g_min, g_max);
    SearchRow row;
    for (int j = 0; j < er_channels; ++j) {
      if (!data.mask[i][j]) continue;
      const double s = cone_threshold(data.pitch_deg[i][j]);
      const double y = transform(method, data.norm[i][j]);
      const double h = physics::beam_pitch_factor(data.pitch_deg[i][j]);
      all.emplace_back(s, y);
      if (losscone_beam_amp_max * g_max * h > negligible_beam) {
        beam.push_back({s, y, h});
        row.h_max = std::max(row.h_max, h);
      } else {
        far.emplace_back(s, y);
      }
    }
    if (all.empty()) continue;
    p.n_valid += static_cast<int>(all.size());
    auto by_s = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(all.begin(), all.end(), by_s);
    std::stable_sort(far.begin(), far.end(), by_s);
    row.energy_ev = data.energy_ev[i];
    row.inv_ec = 1.0 / physics::corrected_energy_ev(data.energy_ev[i], data.u_spacecraft_v);
    build_table(all, y_one, y_bg, row.s_all, row.f_all);
    build_table(far, y_one, y_bg, row.s_far, row.f_far);
    row.beam_bins = std::move(beam);
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
      bound += range_min(row.f_all, bins_in_cone(row.s_all, x_lo), bins_in_cone(row.s_all, x_hi));
      continue;
    }
    bound += range_min(row.f_far, bins_in_cone(row.s_far, x_lo), bins_in_cone(row.s_far, x_hi));
    for (const auto& bin : row.beam_bins) {
      const double base_lo = bin.s < x_hi ? losscone_background : 1.0;
      const double base_hi = bin.s < x_lo ? losscone_background : 1.0;
      const double y_lo = base_lo == losscone_background && b.a_lo * g_min * bin.h == 0.0
                              ? y_bg
                              : transform(p.method, base_lo + b.a_lo * g_min * bin.h);
      const double y_hi = base_hi == 1.0 && b.a_hi * g_max * bin.h == 0.0
                              ? y_one
                              : transform(p.method, base_hi + b.a_hi * g_max * bin.h);
      const double d = bin.y < y_lo ? y_lo - bin.y : (bin.y > y_hi ? bin.y - y_hi : 0.0);
      bound += d * d;
    }
  }
  return bound;
}

SearchResult search_minimum(const SearchProblem& p, const SearchBox& box, const SearchSettings& s) {
  SearchResult result;
  result.best = centre_point(p, box);
  std::priority_queue<Node, std::vector<Node>, NodeOrder> open;
  std::int64_t next_id = 0;
  open.push({box, search_lower_bound(p, box), next_id++});
  auto tolerance = [&] { return std::max(s.absolute_tolerance, s.relative_tolerance * result.best.sum); };
  while (!open.empty() && result.boxes < s.max_boxes) {
    const Node node = open.top();
    open.pop();
    if (node.key >= result.best.sum - tolerance()) break;  // nothing left can do better
    SearchBox halves[2];
    if (!split_box(p, node.box, minimum_widths, halves[0], halves[1])) continue;
    for (const auto& half : halves) {
      ++result.boxes;
      const double lb = search_lower_bound(p, half);
      if (lb >= result.best.sum - tolerance()) continue;
      const SearchPoint c = centre_point(p, half);
      if (c.sum < result.best.sum) result.best = c;
      open.push({half, lb, next_id++});
    }
  }
  result.best = polish(p, result.best, box);
  return result;
}

double search_extreme_u(const SearchProblem& p, const SearchBox& box, double threshold, double known_u,
                        bool lowest, double u_resolution_v, int max_boxes) {
  // Boxes ordered by the U end being pushed (lowest: smallest u_lo first), so the search
  // walks along the edge of the feasible set; every box beyond the answer is either refuted
  // (lower bound > threshold), shown feasible (a point ≤ threshold), or, once minimal,
  // counted as feasible (conservative).
  auto key = [lowest](const SearchBox& b) { return lowest ? b.u_lo : -b.u_hi; };
  double answer = known_u;
  auto improves = [&](double u) { return lowest ? u < answer : u > answer; };
  std::priority_queue<Node, std::vector<Node>, NodeOrder> open;
  std::int64_t next_id = 0;
  SearchBox start = box;
  if (lowest) start.u_hi = std::min(start.u_hi, known_u);
  else start.u_lo = std::max(start.u_lo, known_u);
  open.push({start, key(start), next_id++});
  MinWidths widths = interval_widths;
  widths.u_v = u_resolution_v;
  int boxes = 0;
  while (!open.empty()) {
    const Node node = open.top();
    open.pop();
    const SearchBox& b = node.box;
    const double near_end = lowest ? b.u_lo : b.u_hi;
    if (!improves(near_end)) break;  // every remaining box lies inside the answer
    if (search_lower_bound(p, b) > threshold) continue;
    const SearchPoint c = centre_point(p, b);
    if (c.sum <= threshold && improves(c.u_surface_v)) answer = c.u_surface_v;
    SearchBox halves[2];
    if (++boxes > max_boxes || !split_box(p, b, widths, halves[0], halves[1])) {
      answer = near_end;
      continue;
    }
    for (const auto& half : halves) open.push({half, key(half), next_id++});
  }
  return answer;
}

}  // namespace lpm::fit
