#pragma once
// Loss-cone objectives and their bin masks (P§4.4): Halekas (unweighted log χ²) and
// Lillis (linear reduced χ² on the transition bins). These evaluate the reference's equations
// directly from the forward model; the fitter reports χ² computed here.

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

// Per-bin residual terms: Halekas (ln(d + ε) − ln(m + ε))², Lillis (d − m)².
double halekas_term(double data, double model);
double lillis_term(double data, double model);

// Σ over the mask of the method's term; Lillis divides by max(n − 3, 1) (reduced χ²).
// No bins → NaN.
double losscone_chi2(LossConeMethod method, const physics::ChunkValues& norm, const physics::ChunkValues& model,
                     const physics::ChunkMask& mask);

// Everything the objective needs for one spectrum.
struct LossConeData {
  physics::ChunkEnergies energy_ev{};
  physics::ChunkValues norm{};  // normalised data (normalise_ratio)
  physics::ChunkValues pitch_deg{};
  physics::ChunkMask mask{};  // method's mask, model mask included
  double u_spacecraft_v = 0.0;
  // Inverse variance of each bin's term in the marginal posterior (profile_likelihood.hpp), up
  // to a common factor; 1 when the counts are unknown. Never used by the χ² above.
  physics::ChunkValues weight{};
};

// χ² of the model at p (builds the 15×88 model; the reference's χ² bin by bin).
double losscone_chi2(LossConeMethod method, const LossConeData& data, const physics::LossConeParams& p);

}  // namespace lpm::fit
