"""Checks `potential-mapper stats` output against numpy's own binning of the same cache.

usage: check_stats.py CACHE.npz BY OUT.nc OUT.csv [ILLUMINATION [START END]]

Opens the .nc with xarray (decode_cf) and the CSV with numpy; for U_surface and U_sc every bin's
count, median, p5, p25, p75, p95, mean, std and inverse-variance weighted mean (with its error)
must equal numpy's over the fitted spectra of the bin, taken at each spectrum's footpoint row
(spec_ keys; the date filter START..END, inclusive, "-" for none, by the UTC date of the first
row with a finite footpoint, else the first row). Empty bins: count 0, NaN stats.
"""
import csv
import sys

import numpy as np
import xarray as xr

FITTED = 0


STATS = ("count", "median", "p5", "p25", "p75", "p95", "mean", "std", "weighted_mean", "weighted_mean_error")
QUANTITIES = {"u_surface": "spec_u_surface", "u_spacecraft": "spec_u_spacecraft"}


def footpoint_rows(c):
    """Each spectrum's footpoint row (the rule of footpoint_row.hpp): its first row with a finite
    footpoint, else its first row."""
    spec_no = c["rows_spec_no"]
    ok = np.isfinite(c["rows_projection_latitude"]) & np.isfinite(c["rows_projection_longitude"])
    starts = np.flatnonzero(np.r_[True, spec_no[1:] != spec_no[:-1]])
    ends = np.r_[starts[1:], len(spec_no)]
    rows = []
    for a, b in zip(starts, ends):
        finite = np.flatnonzero(ok[a:b])
        rows.append(a + (finite[0] if len(finite) else 0))
    return np.array(rows)


def summary(v, sigma):
    out = dict.fromkeys(STATS, np.nan)
    out["count"] = len(v)
    if len(v):
        out.update(median=np.median(v), p5=np.percentile(v, 5), p25=np.percentile(v, 25),
                   p75=np.percentile(v, 75), p95=np.percentile(v, 95), mean=np.mean(v), std=np.std(v))
        good = np.isfinite(sigma) & (sigma > 0)
        if good.any():
            w = 1 / sigma[good] ** 2
            out["weighted_mean"] = np.sum(w * v[good]) / np.sum(w)
            out["weighted_mean_error"] = 1 / np.sqrt(np.sum(w))
    return out


def expected_bins(c, by, illumination, start="-", end="-", environments=0):
    keep = np.isfinite(c["spec_u_surface"]) & (c["spec_status"] == FITTED)
    sun = c["spec_projection_in_sun"]
    if illumination == "day":
        keep &= sun
    elif illumination == "night":
        keep &= ~sun
    rows = footpoint_rows(c)
    dates = np.array([str(t)[:10] for t in c["rows_utc"][rows]])
    if start != "-":
        keep &= dates >= start
    if end != "-":
        keep &= dates <= end
    if by == "grid":
        lat, lon = c["spec_projection_latitude"], c["spec_projection_longitude"]
        ok = np.isfinite(lat) & np.isfinite(lon)
        ia = np.clip(np.floor((lat + 90) / 10), 0, 17)
        io = np.clip(np.floor((lon + 180) / 10), 0, 35)
        index = np.where(ok, ia * 36 + io, -1)
        shape = (18, 36)
    elif by == "sza":
        s = c["spec_solar_zenith_deg"]
        index = np.where(np.isfinite(s), np.clip(np.floor(s / 5), 0, 35), -1)
        shape = (36,)
    elif by == "region":  # environment class of the footpoint row x (night, day)
        index = c["rows_environment_class"][rows].astype(int) * 2 + sun.astype(int)
        shape = (environments, 2)
    else:
        t = c["spec_local_time_h"]
        index = np.where(np.isfinite(t), np.clip(np.floor(t), 0, 23), -1)
        shape = (24,)
    index = index.astype(int)
    n = int(np.prod(shape))
    out = {}
    for name, key in QUANTITIES.items():
        value = c[key]
        sigma = 0.5 * (c[key + "_upper"] - c[key + "_lower"])
        rows = [summary(value[m], sigma[m]) for m in (keep & (index == b) & np.isfinite(value) for b in range(n))]
        for stat in STATS:
            out[f"{name}_{stat}"] = np.array([r[stat] for r in rows], dtype=float)
    return out, shape


def close(a, b):
    return np.allclose(a, b, rtol=1e-12, atol=1e-9, equal_nan=True)


def main(cache, by, nc_path, csv_path, illumination="all", start="-", end="-"):
    c = np.load(cache)
    ds = xr.open_dataset(nc_path, decode_cf=True)
    environments = ds.sizes.get("environment", 0)
    want, shape = expected_bins(c, by, illumination, start, end, environments)
    problems = []
    used = int(want["u_surface_count"].sum())
    if start == "-" and end == "-" and used < 20:
        problems.append(f"too few fitted spectra ({used})")
    if want["u_spacecraft_count"].sum() < 0.9 * used:
        problems.append("U_sc is finite for few of the fitted spectra: the check would say little")
    if ds.attrs.get("Conventions") != "CF-1.10":
        problems.append("Conventions is not CF-1.10")
    dims = {"grid": ("lat", "lon"), "sza": ("sza",), "local-time": ("local_time",), "region": ()}[by]
    if by == "region" and (environments < 4 or "flag_meanings" not in ds["environment"].attrs):
        problems.append("region: no environment axis with flag_meanings")
    for d in dims:
        if d not in ds.coords or f"{d}_bnds" not in ds:
            problems.append(f"coordinate {d} or {d}_bnds missing")
    for key in want:
        if key not in ds:
            problems.append(f"netCDF has no {key}")
            continue
        if not key.endswith("_count") and ds[key].attrs.get("units") != "V":
            problems.append(f"{key} units are not V")
        got = ds[key].values.reshape(-1).astype(float)
        if got.shape != (int(np.prod(shape)),) or not close(got, want[key]):
            problems.append(f"netCDF {key} differs from numpy")
    with open(csv_path) as f:
        rows = list(csv.DictReader(f))
    if len(rows) != int(np.prod(shape)):
        problems.append(f"CSV has {len(rows)} bins, expected {int(np.prod(shape))}")
    else:
        for key in want:
            got = np.array([float(r[key]) for r in rows])
            if not close(got, want[key]):
                problems.append(f"CSV {key} differs from numpy")
    print("\n".join(problems) if problems else f"ok: {used} spectra in {np.count_nonzero(want['u_surface_count'])} bins")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
