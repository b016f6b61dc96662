#pragma once
// Normalisation of a spectrum's raw flux for the loss-cone fit (P§4.2, mode "ratio" with the
// incident mean, the only one the pipeline uses).

#include "physics/losscone_model.hpp"

namespace lpm::fit {

// Per row: N_i = max(mean of F_ij over incident bins (α < 90°, F finite and > 0), 1e-6);
// norm_ij = F_ij / N_i for all 88 channels (negative/NaN values stay so and are masked later).
// A row without any incident bin becomes all NaN.
physics::ChunkValues normalise_ratio(const physics::ChunkValues& flux, const physics::ChunkValues& pitch_deg);

}  // namespace lpm::fit
