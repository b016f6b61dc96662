#pragma once
// Surface potential U_M from the loss cone of one spectrum (P§4, SPEC §4): normalisation,
// masks, deterministic global fit (fit/losscone_search.hpp), 68 % interval
// (fit/profile_likelihood.hpp) and a status code.

#include <array>
#include <limits>
#include <optional>
#include <vector>

#include "fit/fit_status.hpp"
#include "fit/losscone_certify.hpp"
#include "fit/losscone_objective.hpp"
#include "fit/losscone_search.hpp"
#include "fit/profile_likelihood.hpp"

namespace lpm::fit {

struct LossConeInput {
  std::array<double, er_rows_per_spectrum> energy_ev{};
  physics::ChunkValues flux{};       // raw flux, NaN = fill
  physics::ChunkValues pitch_deg{};  // NaN where polarity 0 / invalid (P§1.6)
  double u_spacecraft_v = 0.0;       // NaN → status u_sc_failed
  // 68 % interval of U_sc (NaN: U_sc taken as exact). The U_surface interval then also holds
  // the largest shift of the best U_surface when U_sc moves to either end, added in quadrature
  // to each side (the loss-cone noise and the κ-fit noise that moves U_sc are independent).
  double u_spacecraft_lower_v = std::numeric_limits<double>::quiet_NaN();
  double u_spacecraft_upper_v = std::numeric_limits<double>::quiet_NaN();
  // Leave out the steps that hold the spacecraft's own photoelectrons (isotropic: they fill the
  // loss cone), physics::step_free_of_spacecraft_electrons. The reference keeps every step with
  // E ≥ U_sc (P§4.3 step 6).
  bool mask_spacecraft_electrons = false;
  // Counts of each bin (er_cell_count, base/er_counts.hpp) and counts per unit flux
  // (er_cell_exposure). Known: the Halekas posterior is the Poisson likelihood of the counts
  // (prepare_losscone_data); absent: the Gaussian one of the unweighted log terms.
  std::optional<CellCounts> counts;
};

struct LossConeSettings {
  LossConeMethod method = LossConeMethod::halekas;
  double u_width_identifiable_max_v = 200.0;  // `identifiable` = interval width ≤ this
  double interval_resolution_v = 0.5;         // interval ends are conservative to this
  SearchSettings search{};
  CertifySettings certify{};
  std::vector<double> profile_grid_v{};  // non-empty → raw profile kept (diagnostics)
};

struct LossConeFit {
  double u_surface_v, bs_over_bm, beam_amp;  // NaN unless status == fitted or at_bound
  double chi2;                               // Halekas: Σ log terms; Lillis: reduced. Also kept when rejected.
  // The same χ² at its own minimum, where the search met it. It differs from chi2 only where the
  // counts make the Poisson posterior's median the reported U (fit_losscone); comparing fits of
  // one spectrum (e.g. U_sc candidates) by χ² compares these.
  double chi2_minimum;
  double u_lower_v, u_upper_v;  // interval (NaN unless fitted/at_bound); ±inf: open at an end of the U range
  bool identifiable;            // u_upper − u_lower ≤ settings.u_width_identifiable_max_v
  int n_valid;                  // bins in the method's mask
  FitStatus status;
  int boxes;                          // boxes and certificate rectangles examined (diagnostics)
  int uncertified;                    // certificate rectangles left open (0: the minimum is proven global)
  std::vector<ProfilePoint> profile;  // only if settings.profile_grid_v is set
};

// The objective's inputs (normalised data + mask) for the method.
LossConeData prepare_losscone_data(const LossConeInput& in, LossConeMethod method);

LossConeFit fit_losscone(const LossConeInput& in, const LossConeSettings& settings);

// fit_losscone in parts, for callers that compare several fits of one spectrum by their
// minimum χ² before paying for the interval (the U_sc candidates, pipeline/spectrum_processing):
// search_losscone_minimum makes the box search; complete_losscone_minimum then the profile
// interval and the certificate, after which `fit` holds the status (at_bound where a side is
// open), n_valid, chi2_minimum and the search counters (find_losscone_minimum does both).
// finish_losscone_fit adds the posterior, the reported U and the U_sc shift:
// finish_losscone_fit(in, s, find_losscone_minimum(in, s)) is fit_losscone(in, s).
struct LossConeMinimum {
  LossConeFit fit;
  // How far it got: `fit` final (no value to report, or unconstrained); the box search made
  // (`found`), complete_losscone_minimum still to run; or completed, finish_losscone_fit to run.
  enum class Stage { finished, searched, completed };
  Stage stage = Stage::finished;
  LossConeData data;
  SearchProblem problem;
  SearchResult found;  // the box search's
  SearchPoint minimum;
  double hull_lo = 0.0, hull_hi = 0.0;  // profile interval ∪ minimum
  bool open_low = false, open_high = false;
};
LossConeMinimum search_losscone_minimum(const LossConeInput& in, const LossConeSettings& settings);
void complete_losscone_minimum(const LossConeSettings& settings, LossConeMinimum& m);
LossConeMinimum find_losscone_minimum(const LossConeInput& in, const LossConeSettings& settings);
// What the box search proves of the χ² per degree of freedom that complete_losscone_minimum
// will find (LossConeFit::chi2_minimum / max(n_valid − 3, 1) for Halekas, chi2_minimum for
// Lillis): its lower bound, less a margin for the fast sums' difference from the reference's
// equations; 0 before or without a search.
double lower_bound_per_bin(const LossConeMinimum& m);
LossConeFit finish_losscone_fit(const LossConeInput& in, const LossConeSettings& settings, const LossConeMinimum& m);

}  // namespace lpm::fit
