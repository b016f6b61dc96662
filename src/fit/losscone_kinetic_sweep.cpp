#include "fit/losscone_kinetic_sweep.hpp"

#include <algorithm>
#include <cstdint>
#include <queue>
#include <vector>

#include "fit/detail/losscone_search_internal.hpp"
#include "fit/losscone_search.hpp"
#include "fit/losscone_sweep.hpp"

namespace lpm::fit {

using namespace detail;

namespace {

// One breakpoint: the bins [first, first + count) of a row, equal s, flipping together.
struct Breakpoint {
  int row = 0;
  std::size_t first = 0, count = 0;
  double s = 0.0, delta = 0.0;  // threshold; change of S when the bins enter the cone
  double above = 0.0;           // S on the r-interval from here to the next breakpoint up (or r_hi)
  double born = 0.0;            // U where that interval's configuration appeared
  int prev = -1, next = -1;     // neighbours in r order (lower, upper)
  std::uint32_t version = 0;    // bumped whenever `next` changes or the breakpoint leaves
};

enum class Kind { swap, exit, entry };
struct Event {
  double u;
  std::uint64_t seq;  // scheduling order: deterministic tie break
  Kind kind;
  int a, b;  // swap: lower, upper breakpoint; exit: the lowest; entry: the row
  std::uint32_t version;
};
struct EventOrder {
  bool operator()(const Event& x, const Event& y) const { return x.u != y.u ? x.u > y.u : x.seq > y.seq; }
};

// A configuration below the level, with the U-interval where it occurs.
struct Candidate {
  double sum, born, died;
};
constexpr std::size_t kept_candidates = 8;

class KineticSweep {
 public:
  KineticSweep(const SearchProblem& p, double u_lo, double level) : p_(p), now_(u_lo), level_(level) {}

  // Breakpoints at u_lo in r order; false where some row has k ≤ 0 or E_c ≤ 0.
  bool start() {
    const double r_lo = losscone_bs_over_bm_min, r_hi = losscone_bs_over_bm_max;
    next_entry_.assign(p_.rows.size(), 0);
    std::vector<int> order;
    for (std::size_t i = 0; i < p_.rows.size(); ++i) {
      const SearchRow& row = p_.rows[i];
      const double k = 1.0 + now_ * row.inv_ec;
      if (!(row.inv_ec > 0.0) || !(k > 0.0)) return false;
      const std::size_t c0 = bins_in_cone(row, std::clamp(r_lo * k, 0.0, 1.0));
      const std::size_t c1 = std::max(c0, bins_in_cone(row, std::clamp(r_hi * k, 0.0, 1.0)));
      bottom_sum_ += row.f_all[c0];
      for (std::size_t j = c0; j < c1;) {
        order.push_back(add_breakpoint(static_cast<int>(i), j));
        j += nodes_.back().count;
      }
      next_entry_[i] = c1;
    }
    auto r_at = [&](const Breakpoint& b) { return b.s / (1.0 + now_ * p_.rows[b.row].inv_ec); };
    std::sort(order.begin(), order.end(), [&](int x, int y) {
      const Breakpoint &a = nodes_[x], &b = nodes_[y];
      const double ra = r_at(a), rb = r_at(b);
      return ra != rb ? ra < rb : (a.row != b.row ? a.row < b.row : a.first < b.first);
    });
    double running = bottom_sum_;
    for (std::size_t q = 0; q < order.size(); ++q) {
      Breakpoint& b = nodes_[order[q]];
      running += b.delta;
      b.above = running;
      b.born = now_;
      b.prev = q > 0 ? order[q - 1] : -1;
      b.next = q + 1 < order.size() ? order[q + 1] : -1;
    }
    bottom_ = order.empty() ? -1 : order.front();
    top_ = order.empty() ? -1 : order.back();
    bottom_born_ = now_;
    for (std::size_t q = 0; q + 1 < order.size(); ++q) schedule_swap(order[q], order[q + 1]);
    schedule_exit();
    for (std::size_t i = 0; i < p_.rows.size(); ++i) schedule_entry(static_cast<int>(i));
    return true;
  }

  // Follows the events up to u_hi; false if max_events ran out first.
  bool run(double u_hi, int max_events) {
    while (!queue_.empty() && queue_.top().u <= u_hi) {
      const Event e = queue_.top();
      queue_.pop();
      if (!still_valid(e)) continue;
      if (++events_ > max_events) return false;
      now_ = std::max(now_, e.u);
      if (e.kind == Kind::swap) swap(e.a, e.b);
      if (e.kind == Kind::exit) exit_lowest();
      if (e.kind == Kind::entry) enter(e.a);
    }
    now_ = u_hi;  // every configuration still present lasts to the end
    note(bottom_sum_, bottom_born_);
    for (int b = bottom_; b >= 0; b = nodes_[b].next) note(nodes_[b].above, nodes_[b].born);
    return true;
  }

  int events() const { return events_; }
  // Candidates below the level, lowest first (ties: the earlier one).
  std::vector<Candidate> candidates() const {
    std::vector<Candidate> c = candidates_;
    std::sort(c.begin(), c.end(),
              [](const Candidate& x, const Candidate& y) { return x.sum != y.sum ? x.sum < y.sum : x.born < y.born; });
    return c;
  }

 private:
  int add_breakpoint(int row_index, std::size_t first) {
    const SearchRow& row = p_.rows[static_cast<std::size_t>(row_index)];
    std::size_t last = first + 1;
    while (last < row.s_all.size() && row.s_all[last] == row.s_all[first]) ++last;
    Breakpoint b;
    b.row = row_index;
    b.first = first;
    b.count = last - first;
    b.s = row.s_all[first];
    b.delta = row.f_all[last] - row.f_all[first];
    nodes_.push_back(b);
    return static_cast<int>(nodes_.size()) - 1;
  }

  double inv_ec(const Breakpoint& b) const { return p_.rows[static_cast<std::size_t>(b.row)].inv_ec; }

  void push(double u, Kind kind, int a, int b, std::uint32_t version) {
    queue_.push({std::max(u, now_), seq_++, kind, a, b, version});
  }

  // Lower `lo` and upper `hi` swap where s_lo k_hi(U) = s_hi k_lo(U): only if hi moves down faster
  // (a lower-energy row) and the crossing lies ahead (else never: the ratio r_hi/r_lo falls
  // monotonically towards s_hi·inv_ec_lo / (s_lo·inv_ec_hi)).
  void schedule_swap(int lo, int hi) {
    const Breakpoint &a = nodes_[lo], &b = nodes_[hi];
    const double alpha_a = inv_ec(a), alpha_b = inv_ec(b);
    if (!(alpha_b > alpha_a)) return;
    const double denominator = a.s * alpha_b - b.s * alpha_a;
    if (!(denominator > 0.0)) return;
    push((b.s - a.s) / denominator, Kind::swap, lo, hi, a.version);
  }
  // The lowest breakpoint leaves through r_lo where s/k(U) = r_lo.
  void schedule_exit() {
    if (bottom_ < 0) return;
    const Breakpoint& b = nodes_[bottom_];
    push((b.s / losscone_bs_over_bm_min - 1.0) / inv_ec(b), Kind::exit, bottom_, -1, bottom_version_);
  }
  // A row's next bins enter through r_hi where s/k(U) = r_hi; bins with s ≥ 1 never enter the
  // cone (x is clipped to 1).
  void schedule_entry(int row_index) {
    const SearchRow& row = p_.rows[static_cast<std::size_t>(row_index)];
    const std::size_t j = next_entry_[static_cast<std::size_t>(row_index)];
    if (j >= row.s_all.size() || !(row.s_all[j] < 1.0)) return;
    push((row.s_all[j] / losscone_bs_over_bm_max - 1.0) / row.inv_ec, Kind::entry, row_index, -1, 0);
  }

  bool still_valid(const Event& e) const {
    switch (e.kind) {
      case Kind::swap: return nodes_[e.a].version == e.version && nodes_[e.a].next == e.b;
      case Kind::exit: return e.version == bottom_version_ && bottom_ == e.a;
      case Kind::entry: return true;  // one pending entry per row at a time
    }
    return false;
  }

  // A configuration ends now: kept if below the level (with room for the running sums' rounding;
  // the exact sweep decides).
  void note(double sum, double born) {
    if (!(sum < level_ + certificate_tolerance(level_))) return;
    candidates_.push_back({sum, born, now_});
    if (candidates_.size() > 2 * kept_candidates) {
      std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& x, const Candidate& y) {
        return x.sum != y.sum ? x.sum < y.sum : x.born < y.born;
      });
      candidates_.resize(kept_candidates);
    }
  }

  double sum_below(int b) const { return nodes_[b].prev >= 0 ? nodes_[nodes_[b].prev].above : bottom_sum_; }

  void swap(int lo, int hi) {
    Breakpoint &a = nodes_[lo], &b = nodes_[hi];
    note(a.above, a.born);  // the configuration between them ends
    const double below = sum_below(lo);
    const double above_both = b.above, above_both_born = b.born;
    b.above = below + b.delta;
    b.born = now_;
    a.above = above_both;  // the one above both goes on
    a.born = above_both_born;
    const int before = a.prev, after = b.next;
    b.prev = before;
    b.next = lo;
    a.prev = hi;
    a.next = after;
    ++a.version;
    ++b.version;
    if (before >= 0) {
      nodes_[before].next = hi;
      ++nodes_[before].version;
      schedule_swap(before, hi);
    } else {
      bottom_ = hi;
      ++bottom_version_;
      schedule_exit();
    }
    if (after >= 0)
      nodes_[after].prev = lo;
    else
      top_ = lo;
    if (after >= 0) schedule_swap(lo, after);
  }

  void exit_lowest() {
    Breakpoint& b = nodes_[bottom_];
    note(bottom_sum_, bottom_born_);
    bottom_sum_ = b.above;
    bottom_born_ = b.born;
    ++b.version;
    bottom_ = b.next;
    if (bottom_ >= 0)
      nodes_[bottom_].prev = -1;
    else
      top_ = -1;
    ++bottom_version_;
    schedule_exit();
  }

  // The configuration of the top interval goes on below the new breakpoint; a new one above it.
  void enter(int row_index) {
    const std::size_t j = next_entry_[static_cast<std::size_t>(row_index)];
    const int n = add_breakpoint(row_index, j);
    next_entry_[static_cast<std::size_t>(row_index)] = j + nodes_[n].count;
    Breakpoint& b = nodes_[n];
    b.above = (top_ >= 0 ? nodes_[top_].above : bottom_sum_) + b.delta;
    b.born = now_;
    b.prev = top_;
    if (top_ >= 0) {
      nodes_[top_].next = n;
      ++nodes_[top_].version;
      schedule_swap(top_, n);
    } else {
      bottom_ = n;
      ++bottom_version_;
      schedule_exit();
    }
    top_ = n;
    schedule_entry(row_index);
  }

  const SearchProblem& p_;
  double now_, level_;
  std::vector<Breakpoint> nodes_;
  std::vector<std::size_t> next_entry_;  // per row: first bin not yet entered through r_hi
  int bottom_ = -1, top_ = -1;
  double bottom_sum_ = 0.0, bottom_born_ = 0.0;
  std::uint32_t bottom_version_ = 0;
  std::priority_queue<Event, std::vector<Event>, EventOrder> queue_;
  std::uint64_t seq_ = 0;
  int events_ = 0;
  std::vector<Candidate> candidates_;
};

}  // namespace

NoBeamMinimum no_beam_minimum(const SearchProblem& p, double u_lo, double u_hi, double level, int max_events) {
  NoBeamMinimum out;
  if (!(u_hi >= u_lo) || beam_active(p, u_lo, u_hi)) return out;
  KineticSweep sweep(p, u_lo, level);
  if (!sweep.start()) return out;
  out.settled = sweep.run(u_hi, max_events);
  out.events = sweep.events();
  if (!out.settled) return out;
  for (const Candidate& c : sweep.candidates()) {
    const SearchPoint pt = minimise_over_r(p, 0.5 * (c.born + c.died), 0.0);
    if (pt.sum < level) {
      out.improved = true;
      out.point = pt;
      break;
    }
  }
  return out;
}

}  // namespace lpm::fit
