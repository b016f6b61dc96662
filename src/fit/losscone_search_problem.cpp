#include "fit/losscone_search_problem.hpp"

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "fit/detail/losscone_search_internal.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

namespace lpm::fit {

using namespace detail;

namespace {

// Cone threshold of a bin: the bin is in the loss cone iff clip(x, 0, 1) > s (P§4.3 step 3).
double cone_threshold(double pitch_deg) {
  if (pitch_deg <= 90.0) return 1.0;
  const double sn = math::sin(radians_from_degrees(180.0 - pitch_deg));
  return sn * sn;
}

// Prefix table of a row from its bins sorted by s: f[k] = Σ_{j<k} bg_j + Σ_{j≥k} one_j, where
// one_j / bg_j are bin j's terms at the model values 1 / b without beam (bin_term).
void build_table(std::span<const double> s_sorted, std::span<const double> one, std::span<const double> bg,
                 std::vector<double>& s, std::vector<double>& f) {
  const std::size_t n = s_sorted.size();
  s.assign(s_sorted.begin(), s_sorted.end());
  f.assign(n + 1, 0.0);
  for (std::size_t j = n; j-- > 0;) f[j] = f[j + 1] + one[j];  // the suffix sums of one
  double prefix_bg = 0.0;
  for (std::size_t k = 0; k <= n; ++k) {
    f[k] += prefix_bg;
    if (k < n) prefix_bg += bg[k];
  }
}

// Sparse table of range minima of f (levels of doubling windows).
std::vector<std::vector<double>> range_min_table(const std::vector<double>& f) {
  std::vector<std::vector<double>> t;
  t.reserve(static_cast<std::size_t>(std::bit_width(f.size())));
  t.push_back(f);
  for (std::size_t w = 1; 2 * w <= f.size(); w *= 2) {
    const std::vector<double>& prev = t.back();
    std::vector<double> next(f.size() - 2 * w + 1);
    for (std::size_t k = 0; k < next.size(); ++k) next[k] = std::min(prev[k], prev[k + w]);
    t.push_back(std::move(next));
  }
  return t;
}
double row_sum(const SearchProblem& p, const SearchRow& row, double u, double r, double a) {
  const double xc = std::clamp(r * (1.0 + u * row.inv_ec), 0.0, 1.0);
  const double ag = a == 0.0 || row.beam_bins.empty() ? 0.0 : a * beam_g(row.energy_ev, p.u_spacecraft_v, u);
  if (ag * row.h_max <= negligible_beam) return row.f_all[bins_in_cone(row, xc)];
  double sum = row.f_far[far_bins_in_cone(row, xc)];
  for (const auto& bin : row.beam_bins) {
    const bool in_cone = bin.s < xc;
    sum += bin_term(p, bin.y, bin.w, in_cone ? losscone_background : 1.0, ag * bin.h, in_cone ? p.y_bg : p.y_one);
  }
  return sum;
}

}  // namespace

SearchBox full_search_box() {
  return {losscone_u_surface_min_v, losscone_u_surface_max_v, losscone_bs_over_bm_min,
          losscone_bs_over_bm_max,  losscone_beam_amp_min,    losscone_beam_amp_max};
}

namespace {

struct Bin {
  double s, y, h, w;
};

// Fills the row's tables from its valid bins sorted by threshold.
void fill_row(const SearchProblem& p, const LossConeData& data, int data_row, const std::vector<Bin>& bins,
              SearchRow& row) {
  // Largest beam energy factor any U in the box can give this row.
  double g_min = 0.0, g_max = 0.0;
  beam_factor_range(data.energy_ev[data_row], data.u_spacecraft_v, losscone_u_surface_min_v, losscone_u_surface_max_v,
                    g_min, g_max);
  // Each bin's terms out of and in the cone without beam, once: the tables of all bins and of
  // the far bins, and the beam bins' Poisson deviances, are made of them.
  const std::size_t n = bins.size();
  std::array<double, er_channels> s{}, one{}, bg{};
  for (std::size_t k = 0; k < n; ++k) {
    s[k] = bins[k].s;
    one[k] = bin_term(p, bins[k].y, bins[k].w, 1.0, 0.0, p.y_one);
    bg[k] = bin_term(p, bins[k].y, bins[k].w, losscone_background, 0.0, p.y_bg);
  }
  // The beam bins are the lowest-s ones (h falls as s rises: s = sin²(180° − α) for α > 90°, s = 1
  // and the smallest h for α ≤ 90°): every bin up to the last one the beam can reach.
  std::size_t n_beam = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (losscone_beam_amp_max * g_max * bins[k].h > negligible_beam) n_beam = k + 1;
  for (std::size_t k = 0; k < n_beam; ++k) {
    const Bin& b = bins[k];
    row.beam_bins.push_back({b.s, b.y, b.h, b.w});
    if (p.weights == SearchWeights::poisson) {
      row.beam_bins.back().d_one = one[k];
      row.beam_bins.back().d_bg = bg[k];
    }
    row.h_max = std::max(row.h_max, b.h);
  }
  row.energy_ev = data.energy_ev[data_row];
  row.inv_ec = 1.0 / physics::corrected_energy_ev(data.energy_ev[data_row], data.u_spacecraft_v);
  const std::span<const double> s_all(s.data(), n), one_all(one.data(), n), bg_all(bg.data(), n);
  build_table(s_all, one_all, bg_all, row.s_all, row.f_all);
  build_table(s_all.subspan(n_beam), one_all.subspan(n_beam), bg_all.subspan(n_beam), row.s_far, row.f_far);
  std::size_t below = 0;
  for (std::size_t b = 0; b <= cone_index_buckets; ++b) {
    const double edge = static_cast<double>(b) / static_cast<double>(cone_index_buckets);
    while (below < row.s_all.size() && row.s_all[below] < edge) ++below;
    row.cone_index[b] = static_cast<std::uint8_t>(below);
  }
  if (p.weights == SearchWeights::unit) {
    row.min_all = range_min_table(row.f_all);
    row.min_far = range_min_table(row.f_far);
  }
}

}  // namespace

SearchProblem prepare_search(LossConeMethod method, const LossConeData& data, SearchWeights weights) {
  SearchProblem p;
  p.method = method;
  p.weights = weights;
  p.u_spacecraft_v = data.u_spacecraft_v;
  p.y_one = transform(method, 1.0);
  p.y_bg = transform(method, losscone_background);
  const bool poisson = weights == SearchWeights::poisson;
  const physics::ChunkMask& mask = poisson ? data.poisson->mask : data.mask;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    std::vector<Bin> bins;
    for (int j = 0; j < er_channels; ++j)
      if (mask[i][j])
        bins.push_back({cone_threshold(data.pitch_deg[i][j]),
                        poisson ? data.poisson->observed[i][j] : transform(method, data.norm[i][j]),
                        physics::beam_pitch_factor(data.pitch_deg[i][j]),
                        poisson ? data.poisson->per_unit_model[i][j] : 1.0});
    if (bins.empty()) continue;
    // Sorted by s, ties in channel order. The incident half (α ≤ 90°) all have s = 1, the
    // largest s there is: moved to the end in their order, they need no sorting.
    const auto incident = std::stable_partition(bins.begin(), bins.end(), [](const Bin& b) { return b.s < 1.0; });
    std::stable_sort(bins.begin(), incident, [](const Bin& a, const Bin& b) { return a.s < b.s; });
    p.n_valid += static_cast<int>(bins.size());
    fill_row(p, data, i, bins, p.rows.emplace_back());
  }
  return p;
}

double search_sum(const SearchProblem& p, double u, double r, double a) {
  double sum = 0.0;
  for (const auto& row : p.rows) sum += row_sum(p, row, u, r, a);
  return sum;
}

double search_lower_bound(const SearchProblem& p, const SearchBox& b) {
  const double y_one = p.y_one, y_bg = p.y_bg;
  double bound = 0.0;
  for (const auto& row : p.rows) {
    double x_lo = 0.0, x_hi = 0.0;
    x_range(row, b, x_lo, x_hi);
    double g_min = 0.0, g_max = 0.0;
    if (!row.beam_bins.empty()) beam_factor_range(row.energy_ev, p.u_spacecraft_v, b.u_lo, b.u_hi, g_min, g_max);
    if (b.a_hi * g_max * row.h_max <= negligible_beam) {
      bound += range_min(row.min_all, bins_in_cone(row, x_lo), bins_in_cone(row, x_hi));
      continue;
    }
    bound += range_min(row.min_far, far_bins_in_cone(row, x_lo), far_bins_in_cone(row, x_hi));
    const double c_lo = b.a_lo * g_min, c_hi = b.a_hi * g_max;
    for (const auto& bin : row.beam_bins) {
      const bool lo_in = bin.s < x_hi, hi_in = bin.s < x_lo;
      const double d =
          distance_to_model_range(p.method, bin.y, lo_in ? losscone_background : 1.0, lo_in ? y_bg : y_one,
                                  c_lo * bin.h, hi_in ? losscone_background : 1.0, hi_in ? y_bg : y_one, c_hi * bin.h);
      bound += bin.w * (d * d);
    }
  }
  return bound;
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
}  // namespace lpm::fit
