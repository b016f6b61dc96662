#pragma once
// Pitch angles of the 88 ER cells of one energy row (P§1.6, D§5.2 step 9), in the SCD frame
// where both the field and the cell look directions are given.

#include <array>
#include <cstdint>
#include <span>

#include "base/constants.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

using ChannelAngles = std::array<double, er_channels>;

// cos θ_k and sin θ_k of the cells' elevations θ_k (the instrument's theta table): fixed, so a
// caller that computes many rows' angles makes them once.
struct CellElevations {
  ChannelAngles cos_theta{}, sin_theta{};
};
CellElevations cell_elevations(std::span<const double, er_channels> theta_deg);

// α_k = degrees(acos(clip(sign·B̂ · d_k, −1, 1))), d_k = (cos φ_k cos θ_k, sin φ_k cos θ_k, sin θ_k).
// sign = 0 or non-finite, B zero or non-finite → all 88 NaN; a NaN φ_k (fill) → NaN α_k.
ChannelAngles pitch_angles(const Vec3& b_scd, std::span<const double, er_channels> phi_deg,
                           const CellElevations& elevations, double sign);

// Variant of the kappa fit and of standalone use: Moonward field taken as −B̂
// (reference: "ER convention points +B roughly sunward").
ChannelAngles kappa_pitch_angles(const Vec3& b_scd, std::span<const double, er_channels> phi_deg,
                                 const CellElevations& elevations);

// Variant of the loss-cone fit: Moonward field = polarity·B̂ from the footpoint
// (connect_field_line); polarity 0 (not connected) → all NaN.
ChannelAngles losscone_pitch_angles(const Vec3& b_scd, std::span<const double, er_channels> phi_deg,
                                    const CellElevations& elevations, std::int8_t polarity);

}  // namespace lpm::geometry
