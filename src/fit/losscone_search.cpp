#include "fit/losscone_search.hpp"

#include "fit/detail/losscone_search_internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

namespace lpm::fit {

using namespace detail;

namespace {

struct Node {
  SearchBox box;
  double key;       // priority (smaller first)
  std::int64_t id;  // insertion order: deterministic tie break
};
struct NodeOrder {
  bool operator()(const Node& a, const Node& b) const { return a.key != b.key ? a.key > b.key : a.id > b.id; }
};

// Boxes narrower than this in a dimension are not split along it.
struct MinWidths {
  double u_v, r, a;
};
constexpr MinWidths minimum_widths{1e-4, 1e-7, 1e-5};  // global minimum
// A dimension whose halving moves no bin's x (or model) by more than this is not split.
constexpr double negligible_effect = 1e-9;

// Splits the box along the dimension that moves the model most; false if all are minimal.
bool split_box(const SearchProblem& p, const SearchBox& b, const MinWidths& min_w, SearchBox& left, SearchBox& right) {
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
  const bool can_u = b.u_hi - b.u_lo > min_w.u_v, can_r = b.r_hi - b.r_lo > min_w.r, can_a = b.a_hi - b.a_lo > min_w.a;
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
  double unresolved_bound = std::numeric_limits<double>::infinity();
  while (!open.empty() && result.boxes < s.max_boxes) {
    const Node node = open.top();
    if (node.key >= result.best.sum - tolerance()) break;  // nothing left can do better
    open.pop();
    SearchBox halves[2];
    if (!split_box(p, node.box, minimum_widths, halves[0], halves[1])) {
      unresolved_box = true;  // at the minimum widths and still below the incumbent
      unresolved_bound = std::min(unresolved_bound, node.key);
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
  // Every box closed was bounded at or above the incumbent of its time less the tolerance then,
  // which is at least the final incumbent less the final tolerance (best − max(a, ρ·best) does
  // not fall as best falls).
  result.lower_bound = std::min({result.best.sum - tolerance(), unresolved_bound,
                                 open.empty() ? std::numeric_limits<double>::infinity() : open.top().key});
  // Proven to the certificate's closing tolerance (losscone_certify.hpp), tighter than the stop rule.
  result.proven =
      !unresolved_box && (open.empty() || open.top().key >= result.best.sum - certificate_tolerance(result.best.sum));
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
}  // namespace lpm::fit
