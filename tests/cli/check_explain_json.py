"""Checks `potential-mapper explain --json` against the cache, independently of the C++.

usage: check_explain_json.py CACHE.npz FIT.json

* every number the JSON reports for the spectrum equals the cache's bit for bit (NaN = NaN);
* the rerun reproduced the cache (`reproduced`, every `compared` entry `same`);
* a fitted spectrum's profile χ²_p(U) has its minimum at the cached U (within one grid step),
  and the profile interval's ends sit on the threshold (inside ≤ threshold, outside above it);
* the arrays have the documented shapes.
"""
import json
import sys

import numpy as np


def same_bits(a, b):
    a, b = np.float64(a), np.float64(b)
    return (np.isnan(a) and np.isnan(b)) or a.view(np.uint64) == b.view(np.uint64)


def main(cache_path, json_path):
    cache = np.load(cache_path)
    with open(json_path) as f:
        fit = json.load(f)
    problems = []
    i = int(np.flatnonzero(cache["spec_spec_no"] == fit["spec_no"])[0])
    pairs = {
        "u_surface_v": "spec_u_surface", "u_surface_lower_v": "spec_u_surface_lower",
        "u_surface_upper_v": "spec_u_surface_upper", "bs_over_bm": "spec_bs_over_bm",
        "beam_amp": "spec_beam_amp", "fit_chi2": "spec_fit_chi2",
        "u_spacecraft_v": "spec_u_spacecraft", "u_spacecraft_lower_v": "spec_u_spacecraft_lower",
        "u_spacecraft_upper_v": "spec_u_spacecraft_upper", "electron_density_m3": "spec_electron_density",
        "electron_temperature_ev": "spec_electron_temperature", "kappa": "spec_kappa_value",
        "status": "spec_status", "u_spacecraft_candidates": "spec_u_spacecraft_candidates",
        "solar_zenith_deg": "spec_solar_zenith_deg",
    }
    for name, key in pairs.items():
        if not same_bits(fit[name], cache[key][i]):
            problems.append(f"{name}: json {fit[name]!r} vs cache {key} {cache[key][i]!r}")
    row = i * 15 + fit["footpoint_row"]
    for name, key in (("footpoint_latitude_deg", "rows_projection_latitude"),
                      ("footpoint_longitude_deg", "rows_projection_longitude")):
        if not same_bits(fit[name], cache[key][row]):
            problems.append(f"{name}: json {fit[name]!r} vs cache {key} {cache[key][row]!r}")
    for key, c in fit["compared"].items():
        if not same_bits(c["cached"], cache[key][row if key.startswith("rows_") else i]):
            problems.append(f"compared {key}: cached {c['cached']!r} is not the cache's value")
        if not c["same"]:
            problems.append(f"compared {key}: rerun {c['rerun']!r} differs from cached {c['cached']!r}")
    if not fit["reproduced"]:
        problems.append("reproduced is false")
    if fit["polarity"] != int(cache["rows_projection_polarity"][row]):
        problems.append("polarity differs from the cache")

    lc = fit["losscone"]
    kappa = fit["kappa_fit"]
    n = len(kappa["energy_ev"])
    for key in ("data_flux", "model_flux", "used"):
        if len(kappa[key]) != n:
            problems.append(f"kappa_fit.{key} has {len(kappa[key])} entries, energy_ev {n}")
    for key in ("pitch_deg", "norm", "model", "mask"):
        if np.asarray(lc[key], dtype=float).shape != (15, 88):
            problems.append(f"losscone.{key} is not 15 × 88")
    if lc["ran"] and lc["profile_u_v"]:
        mask_bins = int(np.asarray(lc["mask"], dtype=bool).sum())
        if mask_bins != fit["n_valid"]:
            problems.append(f"mask holds {mask_bins} bins, n_valid says {fit['n_valid']}")
    u = fit["u_surface_v"]
    if np.isfinite(u):
        grid = np.asarray(lc["profile_u_v"])
        prof = np.asarray(lc["profile_sum"])
        step = (grid.max() - grid.min()) / 404
        at = np.nanargmin(prof)
        if abs(grid[at] - u) > step and prof[at] < lc["best_sum"] * (1 - 1e-9) - 1e-12:
            problems.append(f"profile minimum {prof[at]} at U = {grid[at]}, cached U = {u} (sum {lc['best_sum']})")
        thr = lc["threshold"]
        if not thr > lc["best_sum"]:
            problems.append(f"threshold {thr} is not above the best sum {lc['best_sum']}")
        res = 0.5
        tol = 1e-9 * max(1.0, abs(thr))
        value = dict(zip(grid.tolist(), prof.tolist()))
        for end, inward in ((lc["profile_lower_v"], res), (lc["profile_upper_v"], -res)):
            if not np.isfinite(end):
                continue
            # Conservative to the resolution: the last box that no bound refutes is counted
            # in untested, and the true end may lie up to two resolution steps inward.
            inside = [value[x] for x in (end, end + inward, end + 2 * inward) if x in value]
            outside = value.get(end - inward)
            if not inside or min(inside) > thr + tol:
                problems.append(f"interval end {end}: profile {inside} not at or under the threshold {thr}")
            if outside is not None and not outside > thr - tol:
                problems.append(f"interval end {end}: profile {outside} one step outside is under the threshold {thr}")
        # The reported 68 % interval (central 68 % of U's marginal posterior, widened by the U_sc
        # uncertainty) holds the reported U, which lies on the profile's Δχ² plateau; a side of
        # the profile interval at an end of the U range [-2000, 20] V is open (±inf, at_bound).
        lo, hi = fit["u_surface_lower_v"], fit["u_surface_upper_v"]
        if not (lo <= u <= hi):
            problems.append(f"reported interval [{lo}, {hi}] does not hold the reported U {u}")
        if not (lc["profile_lower_v"] - 1e-9 <= u <= lc["profile_upper_v"] + 1e-9):
            problems.append(f"reported U {u} is outside the profile interval "
                            f"[{lc['profile_lower_v']}, {lc['profile_upper_v']}]")
        open_low, open_high = lc["profile_lower_v"] <= -2000 + res, lc["profile_upper_v"] >= 20 - res
        if open_low != (lo == -np.inf) or open_high != (hi == np.inf):
            problems.append(f"reported interval [{lo}, {hi}] open where the profile interval "
                            f"[{lc['profile_lower_v']}, {lc['profile_upper_v']}] does not reach a bound, or closed where it does")
    for p in problems:
        print("FAIL", fit["spec_no"], fit["status_name"], p)
    print(f"spec_no {fit['spec_no']} ({fit['status_name']}): {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
