#pragma once
// Spacecraft floating potential U_sc and the de-biased κ fit (P§3).
//   Day (sunlit spacecraft): photoelectron J–U curve balanced against the collected κ
//   electron current, energies shifted by −U, refit, and U recomputed (P§3.2).
//   Night: J_i + J_see − J_e = 0 with the κ temperature mapping, then θ de-biased (P§3.3).
// Differences from the reference: the day J_e integral uses 100 Simpson points in both
// passes (SPEC §4), and a J_e outside the J–U curve's range saturates U at 0 or 150 V with
// a status instead of failing (P§7.2).

#include <cstdint>
#include <functional>
#include <vector>

#include "fit/kappa_fitter.hpp"

namespace lpm::fit {

enum class UscStatus : std::int8_t {
  ok = 0,
  saturated_low,   // day: J_e ≥ J_ph(0 V): U set to 0 V
  saturated_high,  // day: J_e ≤ J_ph(150 V): U set to 150 V
  failed,          // no usable κ fit, refit failed, or night balance not bracketed
};
const char* to_string(UscStatus status);

struct UscResult {
  double u_sc_v = 0.0;  // NaN when failed
  UscStatus status = UscStatus::failed;
  KappaFit corrected;  // de-biased fit (status kappa_fit_failed / u_sc_failed on failure)
};

// Potential that balances the photoemission curve against J_e, on [0, 150] V.
struct JuInversion {
  double u_v = 0.0;
  UscStatus status = UscStatus::failed;
};
JuInversion potential_from_photo_current(double electron_current_a_m2);

// Floating potential of the spacecraft in a known AMBIENT κ plasma. One owner for the
// simulator's truth and the joint fit (fit/plasma_fit.hpp):
//   sunlit: J_ph(U) = J_e with J_e the whole one-sided current (every ambient electron reaches
//           a positive spacecraft), on [0, 150] V, saturating at the ends;
//   shaded: the highest root of shaded_current_balance_a_m2 (either sign of U), found by
//           scanning down from +50 V: LP enters the shadow from sunlight (a few volts
//           positive), so its potential falls to the first stable balance it meets. Hot plasma
//           can have three roots (Whipple 1981); the lower stable one is not reached.
JuInversion sunlit_floating_potential(const physics::KappaParams& ambient);
JuInversion shaded_floating_potential(const physics::KappaParams& ambient);
JuInversion floating_potential(const physics::KappaParams& ambient, bool spacecraft_in_sun);

// The scan of a shaded balance: +50 V down to −3600 V (2.5 V steps to −20 V, then ×1.12).
std::vector<double> shaded_scan_grid();

// Roots of a shaded balance F(U) on shaded_scan_grid, highest first; each sign change refined
// by Brent. highest_only: stop at the first. upper_bound (optional): a cheaper upper bound of F
// (physics::shaded_balance_upper_bound_a_m2); at a grid point where it is negative F is evaluated
// only if a bracket ends there. grid_values (optional) receives F at every grid point scanned
// (all of them unless highest_only stopped early), or that negative bound where F was not
// needed: enough for F's signs and for its local minima above zero (shaded_dips).
std::vector<double> shaded_roots(const std::function<double(double)>& balance, bool highest_only,
                                 std::vector<double>* grid_values = nullptr,
                                 const std::function<double(double)>& upper_bound = {});

UscResult day_spacecraft_potential(const KappaInput& input, const KappaFit& initial,
                                   const KappaFitOptions& options = {});
UscResult night_spacecraft_potential(const KappaFit& initial);

UscResult spacecraft_potential(const KappaInput& input, const KappaFit& initial, bool spacecraft_in_sun,
                               const KappaFitOptions& options = {});

}  // namespace lpm::fit
