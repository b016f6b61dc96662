#include "fit/losscone_sweep.hpp"

#include "base/portable_math.hpp"
#include "fit/detail/losscone_search_internal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace lpm::fit {

using namespace detail;

namespace {

// One bin flip of the r-sweep: at r just above `r`, row `row` gains one bin in the cone
// (kind 0) or, for the lower-bound sweep, the window's lower/upper end passes a threshold.
struct RowEvent {
  double r;
  int row;
  int kind;  // r-sweep: the bin's index in the row; lower bound: 0 upper / 1 lower window end
};

// Stable merge of the ascending runs [a, mid) and [mid, end) of `in` into out (same offsets).
// The comparisons are unpredictable and each step's loads wait on the step before, so two
// chains run at once: one takes the smallest event from the front (ties to the first run), one
// the largest from the back (ties to the second run), until one run is used up; then the other
// run's rest is copied. While both runs hold events the two chains never take the same one (it
// would have to be both at most and above the other run's events). Each chain picks its source
// by arithmetic, which g++ does not turn back into a branch (as it did `take_b ? b : a`).
// A batch run of 5 400 spectra on one thread: 7.0 s against 7.3 s with one chain and a branch.
void merge_runs(const RowEvent* in, std::ptrdiff_t a, std::ptrdiff_t mid, std::ptrdiff_t end, RowEvent* out) {
  std::ptrdiff_t a_last = mid - 1, b = mid, b_last = end - 1;  // the runs' unmerged events
  std::ptrdiff_t front = a, back = end - 1;                    // next slots of out
  auto pick = [](std::ptrdiff_t x, std::ptrdiff_t y, bool take_y) {
    return x + ((y - x) & -static_cast<std::ptrdiff_t>(take_y));
  };
  while (a <= a_last && b <= b_last) {
    const bool front_b = in[b].r < in[a].r;
    const bool back_a = in[a_last].r > in[b_last].r;
    out[front++] = in[pick(a, b, front_b)];
    out[back--] = in[pick(b_last, a_last, back_a)];
    b += front_b;
    a += !front_b;
    a_last -= back_a;
    b_last -= !back_a;
  }
  out = std::copy(in + a, in + a_last + 1, out + front);
  std::copy(in + b, in + b_last + 1, out);
}

// Sorts events by r, stably. Each row adds its events in increasing r (thresholds sorted, k > 0),
// so the list is a few ascending runs: a natural merge sort (merge neighbouring runs until one
// is left) takes O(n log runs). (Bucketing by r is quadratic here: the rows with E_c ≫ |U|
// put their many s = 1 bins at nearly the same r = 1/k.) `runs` holds where each run starts
// (add_event notes them while the list is built).
void sort_events(std::vector<RowEvent>& events, std::vector<RowEvent>& buffer, std::vector<int>& runs) {
  const int n = static_cast<int>(events.size());
  runs.push_back(n);
  buffer.resize(events.size());
  while (runs.size() > 2) {
    std::size_t kept = 0;
    for (std::size_t q = 0; q + 1 < runs.size(); q += 2) {
      const int lo = runs[q], mid = runs[q + 1], hi = q + 2 < runs.size() ? runs[q + 2] : mid;
      merge_runs(events.data(), lo, mid, hi, buffer.data());
      runs[kept++] = lo;
    }
    runs[kept++] = n;
    runs.resize(kept);
    events.swap(buffer);
  }
}

// Appends an event, noting where a new ascending run starts (for sort_events).
void add_event(std::vector<RowEvent>& events, std::vector<int>& runs, const RowEvent& e) {
  if (events.empty() || e.r < events.back().r) runs.push_back(static_cast<int>(events.size()));
  events.push_back(e);
}

// Scratch buffers of the sweeps, reused across calls (one set per thread).
struct SweepScratch {
  std::vector<RowEvent> events, buffer;
  std::vector<int> runs;
  std::vector<std::vector<double>> tables;
};
SweepScratch& sweep_scratch() {
  thread_local SweepScratch scratch;
  return scratch;
}

// Cost table f[k] (k lowest-s bins in the cone) of a row the beam reaches, from the costs
// one(j) / bg(j) of its beam bin j out of / in the cone: the beam bins are the first m of the
// row, and the far bins add their A = 0 table f_far (their beam is negligible, as in search_sum):
//   f[k] = Σ_{j<k} bg(j) + Σ_{k≤j<m} one(j) + f_far[0]   (k ≤ m),
//   f[k] = Σ_{j<m} bg(j) + f_far[k − m]                   (k ≥ m).
// Only f[lo .. hi] is filled (a sweep reads no other entry): the bins below lo are in the cone
// throughout and those from hi on never are, so their other cost is not needed. The sums are
// taken in the same order whatever the window, so the entries do not depend on it.
template <class One, class Bg>
void beam_row_table(const SearchRow& row, One one, Bg bg, std::vector<double>& f, std::size_t lo, std::size_t hi) {
  const std::size_t n = row.s_all.size(), m = row.beam_bins.size();
  f.resize(n + 1);
  double suffix = row.f_far[0];
  for (std::size_t j = m; j-- > lo;) {
    suffix += one(row.beam_bins[j]);
    f[j] = suffix;  // the "1" costs from j on; prefix added below
  }
  double prefix = 0.0;
  for (std::size_t k = 0; k < std::min(m, hi); ++k) {
    if (k >= lo) f[k] += prefix;
    prefix += bg(row.beam_bins[k]);
  }
  if (hi < m) {
    f[hi] += prefix;
    return;
  }
  for (std::size_t k = std::max(m, lo); k <= hi; ++k) f[k] = prefix + row.f_far[k - m];
}

// The row's cost table f[k] for a fixed beam amplitude a·g.
// Filled at f[lo .. hi] (beam_row_table).
const std::vector<double>& row_table(const SearchProblem& p, const SearchRow& row, double ag,
                                     std::vector<double>& scratch, std::size_t lo, std::size_t hi) {
  if (ag * row.h_max <= negligible_beam) return row.f_all;
  if (p.weights == SearchWeights::poisson) {  // expected count w·(base + ag·h)
    beam_row_table(
        row, [&](const SearchRow::BeamBin& b) { return poisson_deviance_with_beam(b.y, b.w, b.d_one, b.w * ag * b.h); },
        [&](const SearchRow::BeamBin& b) {
          return poisson_deviance_with_beam(b.y, b.w * losscone_background, b.d_bg, b.w * ag * b.h);
        },
        scratch, lo, hi);
    return scratch;
  }
  auto cost = [&](const SearchRow::BeamBin& b, double base, double y_base) {
    return bin_term(p, b.y, b.w, base, ag * b.h, y_base);
  };
  beam_row_table(
      row, [&](const SearchRow::BeamBin& b) { return cost(b, 1.0, p.y_one); },
      [&](const SearchRow::BeamBin& b) { return cost(b, losscone_background, p.y_bg); }, scratch, lo, hi);
  return scratch;
}

// Where S(u, ·, A) changes with r at one U, whatever A: each row's state at r_lo and, sorted,
// every bin flip up to r_hi (at r = s/k_i, k_i = 1 + U/E_c,i). Built once per U and shared by
// the sweeps at that U (profile_point sweeps one U for several A).
struct RBreakpoints {
  double u = 0.0;
  std::array<std::size_t, er_rows_per_spectrum> c0{};  // bins in the cone at r_lo, per row
  std::array<std::size_t, er_rows_per_spectrum> c1{};  // … at r_hi (c0 where k ≤ 0: no flips)
  std::vector<RowEvent> events;
};
void build_r_breakpoints(const SearchProblem& p, double u, RBreakpoints& out) {
  const double r_lo = losscone_bs_over_bm_min, r_hi = losscone_bs_over_bm_max;
  out.u = u;
  out.events.clear();
  SweepScratch& scratch = sweep_scratch();
  scratch.runs.clear();
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const SearchRow& row = p.rows[i];
    const double k = 1.0 + u * row.inv_ec;
    const std::size_t c0 = bins_in_cone(row, std::clamp(r_lo * k, 0.0, 1.0));
    out.c0[i] = out.c1[i] = c0;
    if (!(k > 0.0)) continue;
    const std::size_t c1 = bins_in_cone(row, std::clamp(r_hi * k, 0.0, 1.0));
    out.c1[i] = std::max(c0, c1);
    for (std::size_t j = c0; j < c1; ++j)
      add_event(out.events, scratch.runs, {row.s_all[j] / k, static_cast<int>(i), static_cast<int>(j)});
  }
  sort_events(out.events, scratch.buffer, scratch.runs);
}

// NA sets of row tables: tables[i][q] is the table of row i in set q.
template <std::size_t NA>
using RowTables = std::array<std::array<const std::vector<double>*, NA>, er_rows_per_spectrum>;

// Whether a row has one table for every set (the beam reaches none of its bins at this U).
template <std::size_t NA>
bool one_table_for_every_set(const std::array<const std::vector<double>*, NA>& row) {
  return std::all_of(row.begin(), row.end(), [&](const auto* t) { return t == row[0]; });
}

// Visits every r-interval of [r_lo, r_hi] on which Σ_i f_iq[state of row i at r] is constant,
// for NA sets of row tables at once (tables[i][q]: the table of row i in set q), in increasing
// r: visit(r_from, r_to, totals).
template <std::size_t NA, class Visit>
void sweep_tables(const RBreakpoints& breaks, std::size_t n_rows, const RowTables<NA>& tables, Visit&& visit) {
  const double r_lo = losscone_bs_over_bm_min, r_hi = losscone_bs_over_bm_max;
  const std::vector<RowEvent>& events = breaks.events;
  std::array<double, NA> total{};
  // Rows whose table is one for every amplitude (the beam reaches none of their bins): one
  // difference serves every set.
  std::array<bool, er_rows_per_spectrum> shared{};
  for (std::size_t i = 0; i < n_rows; ++i) {
    shared[i] = one_table_for_every_set<NA>(tables[i]);
    for (std::size_t q = 0; q < NA; ++q) total[q] += (*tables[i][q])[breaks.c0[i]];
  }
  // Interval [r_lo, e_1], (e_1, e_2], …, (e_m, r_hi]: cost constant on each.
  visit(r_lo, events.empty() ? r_hi : std::min(events.front().r, r_hi), total);
  for (std::size_t e = 0; e < events.size();) {
    const double r = events[e].r;
    for (; e < events.size() && events[e].r == r; ++e) {
      const auto j = static_cast<std::size_t>(events[e].kind);
      const auto i = static_cast<std::size_t>(events[e].row);
      if (shared[i]) {
        const std::vector<double>& f = *tables[i][0];
        const double step = f[j + 1] - f[j];
        for (std::size_t q = 0; q < NA; ++q) total[q] += step;
        continue;
      }
      for (std::size_t q = 0; q < NA; ++q) {
        const std::vector<double>& f = *tables[i][q];
        total[q] += f[j + 1] - f[j];
      }
    }
    if (r < r_hi) visit(r, std::min(e < events.size() ? events[e].r : r_hi, r_hi), total);
  }
}

// The rows' cost tables at the breakpoints' U for NA beam amplitudes: tables[i][q] of row i at a_q.
template <std::size_t NA>
RowTables<NA> amplitude_tables(const SearchProblem& p, const RBreakpoints& breaks, const std::array<double, NA>& a) {
  SweepScratch& scratch = sweep_scratch();
  scratch.tables.resize(std::max(scratch.tables.size(), p.rows.size() * NA));
  RowTables<NA> tables{};
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const SearchRow& row = p.rows[i];
    const double g = row.beam_bins.empty() ? 0.0 : beam_g(row.energy_ev, p.u_spacecraft_v, breaks.u);
    for (std::size_t q = 0; q < NA; ++q)
      tables[i][q] = &row_table(p, row, a[q] * g, scratch.tables[i * NA + q], breaks.c0[i], breaks.c1[i]);
  }
  return tables;
}

// Visits every r-interval of [r_lo, r_hi] on which S(u, r, a_q) is constant, for NA beam
// amplitudes at once: visit(r_from, r_to, totals) with totals[q] = S(u, r, a_q). One list of
// breakpoints serves every amplitude; only the rows' cost tables depend on A.
template <std::size_t NA, class Visit>
void sweep_over_r(const SearchProblem& p, const RBreakpoints& breaks, const std::array<double, NA>& a, Visit&& visit) {
  sweep_tables<NA>(breaks, p.rows.size(), amplitude_tables<NA>(p, breaks, a), visit);
}

// The table of lower costs of a row over U ∈ [u_lo, u_hi], A ∈ [a_lo, a_hi]: each beam bin takes
// the model value nearest its data in the range the box allows (f_all where the beam reaches
// no bin).
// Filled at f[lo .. hi] (beam_row_table).
const std::vector<double>& bound_table(const SearchProblem& p, const SearchRow& row, double u_lo, double u_hi,
                                       double a_lo, double a_hi, std::vector<double>& scratch, std::size_t lo,
                                       std::size_t hi) {
  double g_min = 0.0, g_max = 0.0;
  if (!row.beam_bins.empty()) beam_factor_range(row.energy_ev, p.u_spacecraft_v, u_lo, u_hi, g_min, g_max);
  if (!(a_hi * g_max * row.h_max > negligible_beam)) return row.f_all;
  const double c_lo = a_lo * g_min, c_hi = a_hi * g_max;
  auto dist2 = [&](const SearchRow::BeamBin& b, double base, double y_base) {
    const double d = distance_to_model_range(p.method, b.y, base, y_base, c_lo * b.h, base, y_base, c_hi * b.h);
    return b.w * (d * d);
  };
  beam_row_table(
      row, [&](const SearchRow::BeamBin& b) { return dist2(b, 1.0, p.y_one); },
      [&](const SearchRow::BeamBin& b) { return dist2(b, losscone_background, p.y_bg); }, scratch, lo, hi);
  return scratch;
}

// Relative margin of the bounds for the rounding of their running sums.
constexpr double bound_margin = 1e-12;
// Slices of [r_lo, r_hi] in which profile_lower_bound builds and sorts its events.
constexpr int bound_sweep_slices = 8;

// profile_lower_bound at one U (u_lo = u_hi) with the breakpoints of that U built already: the
// rows' states follow r alone, so the bound is a plain sweep of the lower-cost tables.
double point_lower_bound(const SearchProblem& p, const RBreakpoints& breaks, double a_lo, double a_hi) {
  SweepScratch& scratch = sweep_scratch();
  scratch.tables.resize(std::max(scratch.tables.size(), p.rows.size()));
  RowTables<1> tables{};
  for (std::size_t i = 0; i < p.rows.size(); ++i)
    tables[i][0] =
        &bound_table(p, p.rows[i], breaks.u, breaks.u, a_lo, a_hi, scratch.tables[i], breaks.c0[i], breaks.c1[i]);
  double bound = std::numeric_limits<double>::infinity();
  sweep_tables<1>(breaks, p.rows.size(), tables,
                  [&](double, double, const std::array<double, 1>& total) { bound = std::min(bound, total[0]); });
  return bound - bound_margin * std::abs(bound);
}

// minimise_over_r at NA amplitudes, with the breakpoints of its U built already: one sweep.
template <std::size_t NA>
std::array<SearchPoint, NA> minimise_over_r(const SearchProblem& p, const RBreakpoints& breaks,
                                            const std::array<double, NA>& a) {
  std::array<double, NA> best, best_lo{}, best_hi{};
  best.fill(std::numeric_limits<double>::infinity());
  sweep_over_r<NA>(p, breaks, a, [&](double r_from, double r_to, const std::array<double, NA>& sum) {
    for (std::size_t q = 0; q < NA; ++q)
      if (sum[q] < best[q]) {
        best[q] = sum[q];
        best_lo[q] = r_from;
        best_hi[q] = r_to;
      }
  });
  std::array<SearchPoint, NA> pt;
  for (std::size_t q = 0; q < NA; ++q) {
    pt[q] = {breaks.u, 0.5 * (best_lo[q] + best_hi[q]), a[q], 0.0};
    // exact value at the chosen r (no accumulated rounding)
    pt[q].sum = search_sum(p, breaks.u, pt[q].bs_over_bm, a[q]);
  }
  return pt;
}

// Breakpoints of the sweeps outside profile_point (one set per thread).
RBreakpoints& sweep_breakpoints() {
  thread_local RBreakpoints breaks;
  return breaks;
}

}  // namespace

SearchPoint minimise_over_r(const SearchProblem& p, double u, double a) {
  RBreakpoints& breaks = sweep_breakpoints();
  build_r_breakpoints(p, u, breaks);
  return minimise_over_r<1>(p, breaks, {a})[0];
}

namespace {

// ln of the sum of exp(l_k) over a list of logarithms (−∞ for an empty list).
double log_sum_exp(const std::vector<double>& logs) {
  double top = -std::numeric_limits<double>::infinity();
  for (const double l : logs) top = std::max(top, l);
  if (!(top > -std::numeric_limits<double>::infinity())) return top;
  double sum = 0.0;
  for (const double l : logs) sum += math::exp(l - top);
  return top + math::log(sum);
}

// The r-integrand of one U, split by what the beam amplitude changes: S(u, r, A) = B(r) + D(r, A),
// B from the rows the beam cannot reach at this U even at A's maximum (their table is f_all for
// every A), D from the others, the beam rows. D changes only where a beam row flips a bin, so
// those flips cut [r_lo, r_hi] into segments on which D is one constant per A, and
//   ∫ exp(−S/2v) dr = Σ_seg exp(−(b_seg + D_seg(A))/2v) · m_seg,   m_seg = Σ_its intervals h·exp(−(B − b_seg)/2v),
// b_seg the segment's lowest B. The m_seg hold one exp per r-interval; built once per U, they
// serve every A grid of the zooming rule (log_integral_over_a), which then walks only the beam
// rows' flips with NA + 1 exps per segment. Within a segment an interval whose B lies above
// b_seg + 80·v (a share below e^−40 of the segment's densest interval) is counted as 0.
struct RSegments {
  std::array<bool, er_rows_per_spectrum> beam_row{};
  std::vector<double> b_min, mass;        // per segment: lowest B, m_seg (both scaled by b_min)
  std::vector<std::size_t> flips_before;  // per segment: how many of `flips` come before it
  std::vector<RowEvent> flips;            // the beam rows' flips, in r order
};

void build_r_segments(const SearchProblem& p, const RBreakpoints& breaks, double variance, RSegments& out) {
  const double r_lo = losscone_bs_over_bm_min, r_hi = losscone_bs_over_bm_max;
  const double inv_2v = 1.0 / (2.0 * variance);
  out.b_min.clear();
  out.mass.clear();
  out.flips_before.assign(1, 0);
  out.flips.clear();
  double base = 0.0;
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const SearchRow& row = p.rows[i];
    const double g = row.beam_bins.empty() ? 0.0 : beam_g(row.energy_ev, p.u_spacecraft_v, breaks.u);
    out.beam_row[i] = losscone_beam_amp_max * g * row.h_max > negligible_beam;  // row_table's test at A's maximum
    if (!out.beam_row[i]) base += row.f_all[breaks.c0[i]];
  }
  double lowest = std::numeric_limits<double>::infinity(), mass = 0.0;
  auto add_interval = [&](double r_from, double r_to) {
    if (base < lowest) {  // rescale to the new lowest (the first time: 0 · e^(−∞) = 0)
      mass *= math::exp(-(lowest - base) * inv_2v);
      lowest = base;
    }
    if (base < lowest + 80.0 * variance) mass += (r_to - r_from) * math::exp(-(base - lowest) * inv_2v);
  };
  // Ends the current segment; the next one starts after every flip listed so far.
  auto close_segment = [&] {
    out.b_min.push_back(lowest);
    out.mass.push_back(mass);
    lowest = std::numeric_limits<double>::infinity();
    mass = 0.0;
  };
  const std::vector<RowEvent>& events = breaks.events;
  add_interval(r_lo, events.empty() ? r_hi : std::min(events.front().r, r_hi));
  for (std::size_t e = 0; e < events.size();) {
    const double r = events[e].r;
    const std::size_t flips_then = out.flips.size();
    for (; e < events.size() && events[e].r == r; ++e) {
      const auto i = static_cast<std::size_t>(events[e].row);
      if (out.beam_row[i]) {
        out.flips.push_back(events[e]);
        continue;
      }
      const std::vector<double>& f = p.rows[i].f_all;
      const auto j = static_cast<std::size_t>(events[e].kind);
      base += f[j + 1] - f[j];
    }
    if (r >= r_hi) break;  // nothing of [r_lo, r_hi] left
    if (out.flips.size() != flips_then) {
      close_segment();
      out.flips_before.push_back(out.flips.size());
    }
    add_interval(r, std::min(e < events.size() ? events[e].r : r_hi, r_hi));
  }
  close_segment();
}

// ln ∫ exp(−S(u, r, a_q)/(2·variance)) dr over Bs/Bm's range for NA amplitudes, from the
// segments of their U (RSegments): the beam rows' tables at each a_q, D_q walked over their flips.
// Every sum is kept scaled by ref, the lowest b_seg + min_q D_q met, so nothing over- or
// underflows; a segment whose lowest S lies above ref + 80·v is counted as 0.
template <std::size_t NA>
std::array<double, NA> log_r_integrals(const SearchProblem& p, const RBreakpoints& breaks, const RSegments& segments,
                                       const std::array<double, NA>& a, double variance) {
  SweepScratch& scratch = sweep_scratch();
  scratch.tables.resize(std::max(scratch.tables.size(), p.rows.size() * NA));
  RowTables<NA> tables{};
  std::array<double, NA> d{};
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    if (!segments.beam_row[i]) continue;
    const SearchRow& row = p.rows[i];
    const double g = beam_g(row.energy_ev, p.u_spacecraft_v, breaks.u);
    for (std::size_t q = 0; q < NA; ++q) {
      tables[i][q] = &row_table(p, row, a[q] * g, scratch.tables[i * NA + q], breaks.c0[i], breaks.c1[i]);
      d[q] += (*tables[i][q])[breaks.c0[i]];
    }
  }
  const double inv_2v = 1.0 / (2.0 * variance);
  std::array<double, NA> integral{};
  double ref = std::numeric_limits<double>::infinity();
  std::size_t next_flip = 0;
  for (std::size_t s = 0; s < segments.mass.size(); ++s) {
    for (; next_flip < segments.flips_before[s]; ++next_flip) {
      const RowEvent& flip = segments.flips[next_flip];
      const auto i = static_cast<std::size_t>(flip.row), j = static_cast<std::size_t>(flip.kind);
      for (std::size_t q = 0; q < NA; ++q) {
        const std::vector<double>& f = *tables[i][q];
        d[q] += f[j + 1] - f[j];
      }
    }
    if (!(segments.mass[s] > 0.0)) continue;
    const double lowest_d = *std::min_element(d.begin(), d.end());
    const double lowest = segments.b_min[s] + lowest_d;
    if (lowest < ref) {  // rescale to the new lowest (the first time: 0 · e^(−∞) = 0)
      const double rescale = math::exp(-(ref - lowest) * inv_2v);
      for (double& v : integral) v *= rescale;
      ref = lowest;
    }
    if (!(lowest < ref + 80.0 * variance)) continue;
    const double common = segments.mass[s] * math::exp(-(lowest - ref) * inv_2v);
    for (std::size_t q = 0; q < NA; ++q) {
      // exp of anything below −746 is exactly 0 (under half the smallest subnormal): skipped.
      const double drop = -(d[q] - lowest_d) * inv_2v;
      if (drop > -746.0) integral[q] += common * math::exp(drop);
    }
  }
  std::array<double, NA> out{};
  for (std::size_t q = 0; q < NA; ++q)
    out[q] = integral[q] > 0.0 ? math::log(integral[q]) - ref * inv_2v : -std::numeric_limits<double>::infinity();
  return out;
}

// ln of the masses h·∫dr of the NA cells of width h that split [lo, lo + NA·h] (midpoint rule).
template <std::size_t NA>
std::array<double, NA> log_cell_masses(const SearchProblem& p, const RBreakpoints& breaks, const RSegments& segments,
                                       double lo, double h, double variance) {
  std::array<double, NA> a{};
  for (std::size_t q = 0; q < NA; ++q) a[q] = lo + h * (static_cast<double>(q) + 0.5);
  std::array<double, NA> mass = log_r_integrals<NA>(p, breaks, segments, a, variance);
  for (double& m : mass) m += math::log(h);
  return mass;
}

// The A integral by a zooming midpoint rule. The integrand sharpens in A with the beam's
// counts (by night a peak may be narrower than a tenth of A's range), so a fixed grid is either
// slow or wrong there: where the heaviest cell's neighbours both hold less than
// likelihood_zoom_neighbour_ratio of its mass (a peak narrower than the cells; a Gaussian of
// width σ ≥ 0.65 h keeps the ratio above it and the midpoint rule then errs by < 1e-3), that
// cell and its neighbours are split into likelihood_zoom_cells finer cells, up to
// likelihood_zoom_levels times; every other cell keeps its midpoint value.
double log_integral_over_a(const SearchProblem& p, const RBreakpoints& breaks, const RSegments& segments,
                           double variance) {
  constexpr std::size_t n0 = likelihood_beam_amp_points, nz = likelihood_zoom_cells;
  std::vector<double> kept;  // log masses of the cells not split further
  double lo = losscone_beam_amp_min;
  double h = (losscone_beam_amp_max - losscone_beam_amp_min) / static_cast<double>(n0);
  std::vector<double> mass;
  {
    const std::array<double, n0> m = log_cell_masses<n0>(p, breaks, segments, lo, h, variance);
    mass.assign(m.begin(), m.end());
  }
  for (std::size_t level = 0;; ++level) {
    const std::size_t n = mass.size();
    const auto top = static_cast<std::size_t>(std::max_element(mass.begin(), mass.end()) - mass.begin());
    const double neighbour = std::max(top > 0 ? mass[top - 1] : -std::numeric_limits<double>::infinity(),
                                      top + 1 < n ? mass[top + 1] : -std::numeric_limits<double>::infinity());
    const bool sharp = mass[top] > -std::numeric_limits<double>::infinity() &&
                       neighbour < mass[top] + math::log(likelihood_zoom_neighbour_ratio);
    if (!sharp || level == likelihood_zoom_levels) {
      kept.insert(kept.end(), mass.begin(), mass.end());
      break;
    }
    const std::size_t first = top > 0 ? top - 1 : 0, last = std::min(top + 1, n - 1);
    for (std::size_t q = 0; q < n; ++q)
      if (q < first || q > last) kept.push_back(mass[q]);
    lo += h * static_cast<double>(first);
    h *= static_cast<double>(last - first + 1) / static_cast<double>(nz);
    const std::array<double, nz> m = log_cell_masses<nz>(p, breaks, segments, lo, h, variance);
    mass.assign(m.begin(), m.end());
  }
  return log_sum_exp(kept) - math::log(losscone_beam_amp_max - losscone_beam_amp_min);
}

}  // namespace

double log_likelihood_over_r_and_a(const SearchProblem& p, double u, double variance) {
  RBreakpoints& breaks = sweep_breakpoints();
  build_r_breakpoints(p, u, breaks);
  thread_local RSegments segments;
  build_r_segments(p, breaks, variance, segments);
  if (!beam_active(p, u, u))
    return log_r_integrals<1>(p, breaks, segments, {0.0}, variance)[0];  // S does not depend on A
  return log_integral_over_a(p, breaks, segments, variance);
}

SearchPoint profile_point(const SearchProblem& p, double u, bool thorough, double good_enough, double hopeless) {
  thread_local RBreakpoints breaks;  // its own: held across the calls below
  build_r_breakpoints(p, u, breaks);
  SearchPoint best = minimise_over_r<1>(p, breaks, {0.0})[0];
  if (best.sum <= good_enough || !beam_active(p, u, u)) return best;
  if (best.sum > hopeless) {
    SearchBox at_u = full_search_box();
    at_u.u_lo = at_u.u_hi = u;
    if (search_lower_bound(p, at_u) > hopeless ||
        point_lower_bound(p, breaks, losscone_beam_amp_min, losscone_beam_amp_max) > hopeless)
      return best;
  }
  std::array<SearchPoint, 2> starts{best, best};
  std::size_t n_starts = 1;
  if (thorough) {  // second start: the best of an A scan, each with its exact r
    constexpr std::size_t scan = 5;
    std::array<double, scan> a{};
    for (std::size_t k = 1; k <= scan; ++k) a[k - 1] = losscone_beam_amp_max * static_cast<double>(k) / scan;
    const std::array<SearchPoint, scan> q = minimise_over_r<scan>(p, breaks, a);
    SearchPoint scan_best = q[0];
    for (std::size_t k = 1; k < scan; ++k)
      if (q[k].sum < scan_best.sum) scan_best = q[k];
    starts[n_starts++] = scan_best;
  }
  for (std::size_t k = 0; k < n_starts; ++k) {
    SearchPoint pt = starts[k];
    for (int round = 0; round < 4; ++round) {  // coordinate descent: A at fixed r, then r at fixed A
      const double before = pt.sum;
      const double a_before = pt.beam_amp;
      pt = minimise_over_a(p, pt, losscone_beam_amp_min, losscone_beam_amp_max);
      // Every start and every later round ends r-optimal for its A: unchanged A, nothing to gain.
      if (pt.beam_amp == a_before) break;
      const SearchPoint q = minimise_over_r<1>(p, breaks, {pt.beam_amp})[0];
      const bool r_moved = q.sum < pt.sum;
      if (r_moved) pt = q;
      if (pt.sum <= good_enough) return pt;  // the caller only asks whether χ²_p(u) ≤ good_enough
      // Unchanged r: A is optimal for it already, nothing to gain either.
      if (!r_moved || !(pt.sum < before - polish_progress * std::abs(before))) break;
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
    std::size_t lo = 0, hi = 0;                       // current index window [lo, hi] of the table
    std::array<std::uint8_t, er_channels + 1> deque;  // monotone deque of indices (values increasing)
    std::size_t head = 0, tail = 0;
    double min = 0.0;
  };
  std::array<Window, er_rows_per_spectrum> win;
  double total = 0.0;
  for (std::size_t i = 0; i < n_rows; ++i) {
    const SearchRow& row = p.rows[i];
    const double k_lo = 1.0 + u_lo * row.inv_ec, k_hi = 1.0 + u_hi * row.inv_ec;
    Window& w = win[i];
    w.lo = bins_in_cone(row, std::clamp(r_lo * k_lo, 0.0, 1.0));
    w.hi = bins_in_cone(row, std::clamp(r_lo * k_hi, 0.0, 1.0));
    // The window's ends only rise with r, the upper one up to its state at r_hi.
    const std::size_t last = std::max(w.hi, k_hi > 0.0 ? bins_in_cone(row, std::clamp(r_hi * k_hi, 0.0, 1.0)) : 0);
    tables[i] = &bound_table(p, row, u_lo, u_hi, a_lo, a_hi, scratch.tables[i], w.lo, last);
    const std::vector<double>& table = *tables[i];
    for (std::size_t k = w.lo; k <= w.hi; ++k) {
      while (w.tail > w.head && table[w.deque[w.tail - 1]] >= table[k]) --w.tail;
      w.deque[w.tail++] = static_cast<std::uint8_t>(k);
    }
    w.min = table[w.deque[w.head]];
    total += w.min;
  }
  if (total - bound_margin * std::abs(total) <= only_above) return total - bound_margin * std::abs(total);
  // The sweep's value at one r, without sorting: enough when the caller only asks whether the
  // bound exceeds only_above and the probe already shows it does not.
  if (r_probe >= r_lo && r_probe < r_hi) {
    double probe = 0.0;
    for (std::size_t i = 0; i < n_rows; ++i) {
      const SearchRow& row = p.rows[i];
      const std::vector<double>& f = *tables[i];
      const std::size_t lo = bins_in_cone(row, std::clamp(r_probe * (1.0 + u_lo * row.inv_ec), 0.0, 1.0));
      const std::size_t hi = bins_in_cone(row, std::clamp(r_probe * (1.0 + u_hi * row.inv_ec), 0.0, 1.0));
      probe += tables[i] == &row.f_all ? range_min(row.min_all, lo, hi)
                                       : *std::min_element(f.begin() + lo, f.begin() + hi + 1);
    }
    if (probe - bound_margin * std::abs(probe) <= only_above) return probe - bound_margin * std::abs(probe);
  }
  // The sweep: ends of the windows advance when r·k passes a threshold (built only now: most
  // callers are answered by the checks above). Every upper end's events come before every lower
  // end's, so that the stable sort moves the upper ends first at equal r and no window is ever
  // empty. Most sweeps that stop early stop at low r: the events are built and sorted a slice
  // of r at a time (each run's thresholds ascend, so a slice is the next few of every run; equal
  // r share a slice, so the order is that of one sort of them all).
  struct Run {
    std::size_t row, j, end;
    double k;
    int kind;
  };
  std::array<Run, 2 * er_rows_per_spectrum> runs;
  std::size_t n_runs = 0;
  for (int kind = 0; kind < 2; ++kind)
    for (std::size_t i = 0; i < n_rows; ++i) {
      const SearchRow& row = p.rows[i];
      const double k = 1.0 + (kind == 0 ? u_hi : u_lo) * row.inv_ec;
      if (!(k > 0.0)) continue;
      const std::size_t end = bins_in_cone(row, std::clamp(r_hi * k, 0.0, 1.0));
      runs[n_runs++] = {i, kind == 0 ? win[i].hi : win[i].lo, end, k, kind};
    }
  std::vector<RowEvent>& events = scratch.events;
  double bound = total;
  for (int slice = 1; slice <= bound_sweep_slices; ++slice) {
    const double r_end = slice == bound_sweep_slices ? std::numeric_limits<double>::infinity()
                                                     : r_lo + (r_hi - r_lo) * slice / bound_sweep_slices;
    events.clear();
    scratch.runs.clear();
    for (std::size_t q = 0; q < n_runs; ++q) {
      Run& run = runs[q];
      const std::vector<double>& s = p.rows[run.row].s_all;
      for (; run.j < run.end; ++run.j) {
        const double r = s[run.j] / run.k;
        if (r > r_end) break;
        add_event(events, scratch.runs, {r, static_cast<int>(run.row), run.kind});
      }
    }
    sort_events(events, scratch.buffer, scratch.runs);
    for (std::size_t e = 0; e < events.size();) {
      const double r = events[e].r;
      for (; e < events.size() && events[e].r == r; ++e) {
        const auto i = static_cast<std::size_t>(events[e].row);
        Window& w = win[i];
        const std::vector<double>& f = *tables[i];
        if (events[e].kind == 0) {
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
      if (r < r_hi) bound = std::min(bound, total);
      if (bound - bound_margin * std::abs(bound) <= only_above) return bound - bound_margin * std::abs(bound);
    }
  }
  return bound - bound_margin * std::abs(bound);
}

}  // namespace lpm::fit
