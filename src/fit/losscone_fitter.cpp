#include "fit/losscone_fitter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "fit/losscone_certify.hpp"
#include "fit/losscone_normalization.hpp"
#include "physics/spacecraft_sheath.hpp"

namespace lpm::fit {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Distance from u_v to the nearest U whose profile is as low as `minimum` (to `resolution`):
// bisection between u_v and the minimum's U. The minimum of a step-function χ² is a plateau,
// and the search returns some point of it: the distance to that point would count the
// plateau's width as a shift.
double distance_to_minimum(const SearchProblem& p, const SearchPoint& minimum, double u_v, double resolution) {
  const double level = minimum.sum + certificate_tolerance(minimum.sum);
  if (profile_point(p, u_v, true, level).sum <= level) return 0.0;
  double off = u_v, on = minimum.u_surface_v;  // profile above the level at `off`, on it at `on`
  while (std::abs(on - off) > resolution) {
    const double mid = 0.5 * (on + off);
    (profile_point(p, mid, true, level).sum <= level ? on : off) = mid;
  }
  return std::abs(on - u_v);
}

// Whether the posterior is the Poisson likelihood of the counts (prepare_losscone_data):
// Halekas with counts. (Lillis' terms are linear in the flux of the transition bins only.)
bool poisson_posterior(const LossConeInput& in, LossConeMethod method) {
  return in.counts && method == LossConeMethod::halekas;
}

// The Poisson posterior's bins (PoissonBins): the rows of the Halekas mask `halekas` (model
// validity and spacecraft electrons already applied), every bin with a finite flux and pitch,
// zero counts kept. A row's level is the maximum-likelihood flux of its incident bins (α < 90°,
// always outside the cone: model 1), Σ N / Σ exposure. (normalise_ratio's mean over the bins
// with F > 0 would leave out the zeros and put the level too high where counts are few, as in
// the wake.) Rows without an incident count are left out: their level is unknown. (A row with
// an incident count has a bin with F > 0, so it is never one the Halekas mask leaves empty.)
PoissonBins poisson_bins(const LossConeInput& in, const physics::ChunkMask& halekas) {
  PoissonBins bins;
  const CellCounts& cells = *in.counts;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    if (std::none_of(halekas[i].begin(), halekas[i].end(), [](bool b) { return b; })) continue;
    auto usable = [&](int j) {
      return std::isfinite(in.flux[i][j]) && std::isfinite(in.pitch_deg[i][j]) && cells.per_unit_flux[i][j] > 0.0;
    };
    double incident_counts = 0.0, incident_exposure = 0.0;
    for (int j = 0; j < er_channels; ++j)
      if (usable(j) && in.pitch_deg[i][j] < 90.0) {
        incident_counts += cells.observed[i][j];
        incident_exposure += cells.per_unit_flux[i][j];
      }
    if (!(incident_counts > 0.0)) continue;
    const double level = incident_counts / incident_exposure;
    for (int j = 0; j < er_channels; ++j)
      if (usable(j)) {
        bins.mask[i][j] = true;
        bins.observed[i][j] = cells.observed[i][j];
        bins.per_unit_model[i][j] = level * cells.per_unit_flux[i][j];
      }
  }
  return bins;
}
}  // namespace

LossConeData prepare_losscone_data(const LossConeInput& in, LossConeMethod method) {
  LossConeData data;
  data.energy_ev = in.energy_ev;
  data.pitch_deg = in.pitch_deg;
  data.u_spacecraft_v = in.u_spacecraft_v;
  data.norm = normalise_ratio(in.flux, in.pitch_deg);
  data.mask = method == LossConeMethod::halekas ? halekas_mask(data.norm, in.pitch_deg, in.energy_ev, in.u_spacecraft_v)
                                                : lillis_mask(in.flux, in.pitch_deg, in.energy_ev, in.u_spacecraft_v);
  if (in.mask_spacecraft_electrons)
    for (int i = 0; i < er_rows_per_spectrum; ++i)
      if (!physics::step_free_of_spacecraft_electrons(in.energy_ev[i], in.u_spacecraft_v)) data.mask[i].fill(false);
  if (poisson_posterior(in, method)) data.poisson = poisson_bins(in, data.mask);
  return data;
}

LossConeMinimum search_losscone_minimum(const LossConeInput& in, const LossConeSettings& settings) {
  LossConeMinimum m;
  LossConeFit& fit = m.fit;
  fit = {nan, nan, nan, nan, nan, nan, nan, false, 0, FitStatus::fitted, 0, 0, {}};
  m.stage = LossConeMinimum::Stage::finished;
  if (std::isnan(in.u_spacecraft_v)) {
    fit.status = FitStatus::u_sc_failed;
    return m;
  }
  m.data = prepare_losscone_data(in, settings.method);
  const LossConeData& data = m.data;
  fit.n_valid = count_bins(data.mask);
  if (fit.n_valid == 0) {
    fit.status = FitStatus::no_valid_bins;
    return m;
  }
  // Three free parameters and one degree of freedom left for the interval's variance estimate
  // need a few bins; fewer (e.g. a partly connected spectrum whose connected rows hold almost
  // nothing) is a status, not a number. The reference applies this to Lillis only (P§4.4).
  if (fit.n_valid < losscone_min_valid_bins) {
    fit.status = FitStatus::too_few_bins;
    return m;
  }
  m.problem = prepare_search(settings.method, data);
  m.found = search_minimum(m.problem, full_search_box(), settings.search);
  m.stage = LossConeMinimum::Stage::searched;
  return m;
}

void complete_losscone_minimum(const LossConeSettings& settings, LossConeMinimum& m) {
  if (m.stage != LossConeMinimum::Stage::searched) return;  // a status already, or completed
  m.stage = LossConeMinimum::Stage::finished;
  LossConeFit& fit = m.fit;
  const LossConeData& data = m.data;
  const SearchProblem& problem = m.problem;
  const SearchResult& found = m.found;
  SearchPoint best = found.best;
  // Every point below the box search's best lies inside its profile interval (the interval
  // holds every U whose profile is under a threshold above that χ²): the certificate searches
  // that range to the end, so a narrow dip the capped box search missed cannot stay hidden.
  ProfileInterval interval = profile_interval(problem, best, settings.interval_resolution_v);
  const SearchPoint start = interval.improved.sum < best.sum ? polish_point(problem, interval.improved) : best;
  // A box search that closed every box has proven its point already (to its tolerance).
  const CertifiedMinimum certified =
      found.proven && !(start.sum < best.sum)
          ? CertifiedMinimum{start, 0, 0}
          : certify_minimum(problem, start, interval.u_lower_v, interval.u_upper_v, settings.certify);
  fit.boxes = found.boxes + certified.rectangles;
  fit.uncertified = certified.unresolved;
  if (certified.best.sum < best.sum) {
    best = certified.best;
    interval = profile_interval(problem, best, settings.interval_resolution_v);
  }
  m.minimum = best;
  // What the loss cone alone says about U: a side of its profile interval that reaches an end
  // of the U range is open (the data do not exclude what lies beyond): status at_bound, "at
  // least this far", the value kept and that side ±∞; both ends reached: no U is singled out
  // (a flat profile, e.g. no loss-cone signature, where the search would otherwise return the
  // box's midpoint): status unconstrained, U NaN.
  const SearchBox box = full_search_box();
  const double reach = settings.interval_resolution_v;
  m.hull_lo = std::min(interval.u_lower_v, best.u_surface_v);
  m.hull_hi = std::max(interval.u_upper_v, best.u_surface_v);
  m.open_low = m.hull_lo <= box.u_lo + reach;
  m.open_high = m.hull_hi >= box.u_hi - reach;
  fit.chi2_minimum = losscone_chi2(settings.method, data, {best.u_surface_v, best.bs_over_bm, best.beam_amp});
  const bool rejected =
      settings.method == LossConeMethod::lillis && !(fit.chi2_minimum <= losscone_lillis_chi2_reduced_max);
  if (m.open_low && m.open_high) {
    fit.chi2 = fit.chi2_minimum;
    fit.status = rejected ? FitStatus::rejected_by_chi2 : FitStatus::unconstrained;
    fit.u_lower_v = fit.u_upper_v = nan;
    if (!settings.profile_grid_v.empty()) fit.profile = profile_on_grid(problem, settings.profile_grid_v);
    return;
  }
  // Lillis' acceptance test is made again at the reported point (finish_losscone_fit), on the
  // minimum's plateau: the same χ² to the certificate's tolerance.
  if (rejected)
    fit.status = FitStatus::rejected_by_chi2;
  else if (m.open_low || m.open_high)
    fit.status = FitStatus::at_bound;
  m.stage = LossConeMinimum::Stage::completed;
}

LossConeMinimum find_losscone_minimum(const LossConeInput& in, const LossConeSettings& settings) {
  LossConeMinimum m = search_losscone_minimum(in, settings);
  complete_losscone_minimum(settings, m);
  return m;
}

double lower_bound_per_bin(const LossConeMinimum& m) {
  if (!(m.found.lower_bound > 0.0)) return 0.0;
  // The fast sums drop beams below negligible_beam: ≲ 2e-9 of S in all (losscone_search_internal.hpp).
  const double s = m.found.lower_bound - (1e-6 * m.found.lower_bound + 1e-8);
  return std::max(s, 0.0) / losscone_degrees_of_freedom(m.fit.n_valid);
}

LossConeFit finish_losscone_fit(const LossConeInput& in, const LossConeSettings& settings, const LossConeMinimum& m) {
  if (m.stage == LossConeMinimum::Stage::searched)
    throw std::logic_error("finish_losscone_fit: complete_losscone_minimum first");
  if (m.stage == LossConeMinimum::Stage::finished) return m.fit;
  LossConeFit fit = m.fit;
  fit.status = FitStatus::fitted;
  const LossConeData& data = m.data;
  const SearchProblem& problem = m.problem;
  const double hull_lo = m.hull_lo, hull_hi = m.hull_hi;
  const bool open_low = m.open_low, open_high = m.open_high;
  const double reach = settings.interval_resolution_v;
  // The reported interval is the central 68 % of U's marginal posterior (profile_likelihood.hpp);
  // the profile interval (every U the data allow at Δχ² ≤ 1) only decides what is open.
  // Where the counts are known the posterior is their Poisson likelihood, and its median is the
  // reported U: the unweighted log χ² gives a bin of 2 counts the weight of one of 2 000, so its
  // minimum can lie far from where the counts put U (drawn from the priors with 500 counts at the
  // lowest step: median |ΔU| 8.2 V and p90 64 V against 5.2 and 28 V for the posterior median).
  // Without counts, every U of the minimum's plateau fits equally well: the posterior median is
  // reported when it lies on it, so that the value sits inside its interval rather than at
  // whichever end of the plateau the search met first.
  // An open side's posterior ends at the search range's bound, an arbitrary place: there the
  // search's own point is kept ("at least this far").
  std::optional<SearchProblem> poisson;  // only where the counts are known (no copy otherwise)
  if (data.poisson) poisson = prepare_search(settings.method, data, SearchWeights::poisson);
  const bool counted = poisson && poisson->n_valid >= losscone_min_valid_bins;
  const SearchPoint minimum = m.minimum;
  SearchPoint best = minimum;
  const MarginalPosterior posterior =
      counted ? marginal_posterior(*poisson, best, hull_lo, hull_hi, PosteriorSpan::whole_range)
              : marginal_posterior(problem, best, hull_lo, hull_hi);
  if (!posterior.empty() && !open_low && !open_high) {
    const SearchPoint median = profile_point(problem, posterior.quantile(0.5), true);
    if (counted || median.sum <= best.sum + certificate_tolerance(best.sum)) best = median;
  }
  // χ² reported from the reference's equations at the chosen point (not the fast tables).
  fit.chi2 = losscone_chi2(settings.method, data, {best.u_surface_v, best.bs_over_bm, best.beam_amp});
  if (!counted) fit.chi2_minimum = fit.chi2;
  if (settings.method == LossConeMethod::lillis && !(fit.chi2 <= losscone_lillis_chi2_reduced_max)) {
    fit.status = FitStatus::rejected_by_chi2;
    return fit;
  }
  fit.u_surface_v = best.u_surface_v;
  fit.bs_over_bm = best.bs_over_bm;
  fit.beam_amp = best.beam_amp;
  const auto [lower, upper] = posterior.empty()
                                  ? std::pair{hull_lo, hull_hi}
                                  : posterior.interval_holding(best.u_surface_v, u_surface_interval_credibility);
  fit.u_lower_v = lower;
  fit.u_upper_v = upper;
  if (open_low || open_high) fit.status = FitStatus::at_bound;
  if (!std::isnan(in.u_spacecraft_lower_v) && !std::isnan(in.u_spacecraft_upper_v)) {
    const bool bounded = std::isfinite(in.u_spacecraft_lower_v) && std::isfinite(in.u_spacecraft_upper_v);
    double shift = bounded ? 0.0 : std::numeric_limits<double>::infinity();
    // A U_sc change δ moves the fitted U_surface by at most about δ·max(1, |U_M|/(E_min − U_sc)):
    // the cone keeps x = r(1 + U_M/(E − U_sc)), the beam sits at U_sc − U_M. When that bound is
    // below the interval's resolution it is used as the shift instead of refitting.
    const double delta =
        std::max(in.u_spacecraft_upper_v - in.u_spacecraft_v, in.u_spacecraft_v - in.u_spacecraft_lower_v);
    double lowest_valid_ev = std::numeric_limits<double>::infinity();
    for (int i = 0; i < er_rows_per_spectrum; ++i)
      if (std::any_of(data.mask[i].begin(), data.mask[i].end(), [](bool b) { return b; }))
        lowest_valid_ev = std::min(lowest_valid_ev, in.energy_ev[i]);
    const double leverage =
        std::max(1.0, std::abs(best.u_surface_v) / std::max(lowest_valid_ev - in.u_spacecraft_v, 1.0));
    const bool negligible = bounded && 3.0 * delta * leverage < settings.interval_resolution_v;
    if (negligible) shift = 3.0 * delta * leverage;
    for (double end : {in.u_spacecraft_lower_v, in.u_spacecraft_upper_v}) {
      if (!bounded || negligible || end == in.u_spacecraft_v) continue;
      LossConeInput moved = in;
      moved.u_spacecraft_v = end;
      const LossConeData moved_data = prepare_losscone_data(moved, settings.method);
      if (count_bins(moved_data.mask) == 0) continue;
      const SearchProblem moved_problem = prepare_search(settings.method, moved_data);
      const SearchResult r = search_minimum(moved_problem, full_search_box(), settings.search);
      // How far U_sc's move takes the minimum: measured for the unweighted χ², whose search this
      // is (the cone's geometry, x = r(1 + U_M/(E − U_sc)), and the beam at U_sc − U_M move any
      // estimator of U_M alike).
      shift = std::max(shift, distance_to_minimum(moved_problem, r.best, minimum.u_surface_v, reach));
    }
    fit.u_lower_v = best.u_surface_v - std::hypot(best.u_surface_v - fit.u_lower_v, shift);
    fit.u_upper_v = best.u_surface_v + std::hypot(fit.u_upper_v - best.u_surface_v, shift);
  }
  if (open_low) fit.u_lower_v = -std::numeric_limits<double>::infinity();
  if (open_high) fit.u_upper_v = std::numeric_limits<double>::infinity();
  fit.identifiable = fit.u_upper_v - fit.u_lower_v <= settings.u_width_identifiable_max_v;
  if (!settings.profile_grid_v.empty()) fit.profile = profile_on_grid(problem, settings.profile_grid_v);
  return fit;
}

LossConeFit fit_losscone(const LossConeInput& in, const LossConeSettings& settings) {
  return finish_losscone_fit(in, settings, find_losscone_minimum(in, settings));
}

}  // namespace lpm::fit
