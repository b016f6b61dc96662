#pragma once
// Loss-cone objectives and their bin masks (P§4.4): Halekas (unweighted log χ²) and
// Lillis (linear reduced χ² on the transition bins). These evaluate the reference's equations
// directly from the forward model; the fitter reports χ² computed here.

#include <optional>

#include "physics/losscone_model.hpp"

namespace lpm::fit {

enum class LossConeMethod { halekas, lillis };

// Halekas data mask: norm finite and > 0, pitch finite, and the model mask E_i ≥ U_sc.
physics::ChunkMask halekas_mask(const physics::ChunkValues& norm, const physics::ChunkValues& pitch_deg,
                                const physics::ChunkEnergies& energy_ev, double u_spacecraft_v);

// Lillis mask from RAW flux: M_i = max of F over incident bins (α < 90°, finite, > 0);
// keep F finite, > 0, pitch finite, 0.07 < F/M_i < 0.79, and E_i ≥ U_sc.
physics::ChunkMask lillis_mask(const physics::ChunkValues& flux, const physics::ChunkValues& pitch_deg,
                               const physics::ChunkEnergies& energy_ev, double u_spacecraft_v);

int count_bins(const physics::ChunkMask& mask);

// Degrees of freedom of a loss-cone fit to n bins: three parameters (U, Bs/Bm, A), at least 1.
// Lillis' reduced χ², the profile threshold, the posterior's scale and the U_sc candidates' χ²
// per degree of freedom all divide by it.
int losscone_degrees_of_freedom(int n_bins);

// Per-bin residual terms: Halekas (ln(d + ε) − ln(m + ε))², Lillis (d − m)².
double halekas_term(double data, double model);
double lillis_term(double data, double model);

// Σ over the mask of the method's term; Lillis divides by losscone_degrees_of_freedom (reduced χ²).
// No bins → NaN.
double losscone_chi2(LossConeMethod method, const physics::ChunkValues& norm, const physics::ChunkValues& model,
                     const physics::ChunkMask& mask);

// Counts of each cell and counts per unit flux (base/er_counts.hpp).
struct CellCounts {
  physics::ChunkValues observed{};
  physics::ChunkValues per_unit_flux{};
};

// The data of the Poisson likelihood of the loss cone's counts: every bin the Halekas mask would
// keep if it did not need a logarithm (zero counts too: they say the flux is low), its count N
// and the counts a model value m = 1 means, c (expected counts c·m; c = the row's level from its
// incident bins times the cell's counts per unit flux).
struct PoissonBins {
  physics::ChunkMask mask{};
  physics::ChunkValues observed{};
  physics::ChunkValues per_unit_model{};
};

// Everything the objective needs for one spectrum.
struct LossConeData {
  physics::ChunkEnergies energy_ev{};
  physics::ChunkValues norm{};  // normalised data (normalise_ratio)
  physics::ChunkValues pitch_deg{};
  physics::ChunkMask mask{};  // method's mask, model mask included
  double u_spacecraft_v = 0.0;
  // The bins of the Poisson posterior (profile_likelihood.hpp), where the counts are known.
  // Never used by the χ² above.
  std::optional<PoissonBins> poisson;
};

// χ² of the model at p (builds the 15×88 model; the reference's χ² bin by bin).
double losscone_chi2(LossConeMethod method, const LossConeData& data, const physics::LossConeParams& p);

}  // namespace lpm::fit
