#include "fit/losscone_certify.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <queue>
#include <vector>

#include "fit/losscone_kinetic_sweep.hpp"
#include "fit/losscone_polish.hpp"
#include "fit/losscone_sweep.hpp"

namespace lpm::fit {

namespace {

struct Rectangle {
  double u_lo, u_hi, a_lo, a_hi;
  double key;       // lower bound when pushed (smaller first)
  std::int64_t id;  // insertion order: deterministic tie break
};
struct RectangleOrder {
  bool operator()(const Rectangle& a, const Rectangle& b) const { return a.key != b.key ? a.key > b.key : a.id > b.id; }
};

}  // namespace

CertifiedMinimum certify_minimum(const SearchProblem& p, const SearchPoint& start, double u_lo, double u_hi,
                                 const CertifySettings& s) {
  CertifiedMinimum out;
  out.best = start;
  const SearchBox full = full_search_box();
  // A lower bound of S over the rectangle that is exact enough to decide "closed" at the
  // incumbent's level; when it is not closed, the best bound known (for the queue order).
  auto bound_of = [&](const Rectangle& q) {
    SearchBox box = full;
    box.u_lo = q.u_lo;
    box.u_hi = q.u_hi;
    box.a_lo = q.a_lo;
    box.a_hi = q.a_hi;
    const double level = out.best.sum - certificate_tolerance(out.best.sum);
    const double cheap = std::max(q.key, search_lower_bound(p, box));  // row by row, r free per row
    if (cheap >= level) return cheap;
    // Rows coupled through r; below `level` it returns early with some value under it, which
    // is no bound: the cheap one stands then.
    const double coupled = profile_lower_bound(p, q.u_lo, q.u_hi, q.a_lo, q.a_hi, level, out.best.bs_over_bm);
    return coupled > level ? coupled : cheap;
  };
  std::priority_queue<Rectangle, std::vector<Rectangle>, RectangleOrder> open;
  std::int64_t next_id = 0;
  open.push({u_lo, u_hi, full.a_lo, full.a_hi, -std::numeric_limits<double>::infinity(), next_id++});
  while (!open.empty()) {
    const Rectangle q = open.top();
    open.pop();
    const double level = out.best.sum - certificate_tolerance(out.best.sum);
    if (q.key >= level) break;  // every open rectangle is bounded above the incumbent
    if (out.rectangles >= s.max_rectangles) {
      out.unresolved += static_cast<int>(open.size()) + 1;
      break;
    }
    ++out.rectangles;
    const double bound = bound_of(q);
    if (bound >= level) continue;
    const double u_mid = 0.5 * (q.u_lo + q.u_hi);
    const bool beam = beam_active(p, q.u_lo, q.u_hi);
    const double u_side = q.u_hi - q.u_lo;
    if (!beam && u_side <= s.kinetic_u_side_v) {
      const NoBeamMinimum m = no_beam_minimum(p, q.u_lo, q.u_hi, level, s.kinetic_max_events);
      if (m.settled) {
        if (m.improved) out.best = polish_point(p, m.point);
        continue;
      }
    }
    if (u_side <= (beam ? s.beam_u_resolution_v : s.u_resolution_v)) {
      // A leaf the bound cannot close: search it (profile with an A scan, then the full polish).
      const SearchPoint c = profile_point(p, u_mid, false, -1.0, out.best.sum);
      if (c.sum < level) out.best = polish_point(p, c);
      if (c.sum >= level) ++out.unresolved;
      continue;
    }
    // A wide rectangle the bound cannot close: the profile at its centre (A = 0, the exact
    // r-sweep) may show a lower plateau at once, which lowers the level every other rectangle
    // must beat; best-first order alone would first refine every loosely bounded rectangle
    // down to the resolution (tens of thousands when the start is not on the lowest plateau).
    if (u_side > s.probe_u_side_v)
      if (const SearchPoint c = minimise_over_r(p, u_mid, 0.0); c.sum < level) out.best = polish_point(p, c);
    Rectangle left = q, right = q;
    left.key = right.key = bound;
    left.u_hi = right.u_lo = u_mid;
    left.id = next_id++;
    right.id = next_id++;
    open.push(left);
    open.push(right);
  }
  return out;
}

}  // namespace lpm::fit
