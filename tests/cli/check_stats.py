"""Checks `potential-mapper stats` output against numpy's own binning of the same cache.

usage: check_stats.py CACHE.npz BY OUT.nc OUT.csv [ILLUMINATION]

Opens the .nc with xarray (decode_cf) and the CSV with numpy; every bin's count, median, p25,
p75 and mean must equal numpy's (np.median/np.percentile/np.mean) over the fitted spectra of
the bin, taken at each spectrum's footpoint row (spec_ keys). Empty bins: count 0, NaN stats.
"""
import csv
import sys

import numpy as np
import xarray as xr

FITTED = 0


def expected_bins(c, by, illumination):
    u = c["spec_u_surface"]
    keep = np.isfinite(u) & (c["spec_status"] == FITTED)
    sun = c["spec_projection_in_sun"]
    if illumination == "day":
        keep &= sun
    elif illumination == "night":
        keep &= ~sun
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
    else:
        t = c["spec_local_time_h"]
        index = np.where(np.isfinite(t), np.clip(np.floor(t), 0, 23), -1)
        shape = (24,)
    index = index.astype(int)
    n = int(np.prod(shape))
    out = {k: np.full(n, np.nan) for k in ("median", "p25", "p75", "mean")}
    out["count"] = np.zeros(n, int)
    for b in range(n):
        v = u[keep & (index == b)]
        out["count"][b] = len(v)
        if len(v):
            out["median"][b] = np.median(v)
            out["p25"][b] = np.percentile(v, 25)
            out["p75"][b] = np.percentile(v, 75)
            out["mean"][b] = np.mean(v)
    return out, shape


def close(a, b):
    return np.allclose(a, b, rtol=1e-12, atol=1e-9, equal_nan=True)


def main(cache, by, nc_path, csv_path, illumination="all"):
    c = np.load(cache)
    want, shape = expected_bins(c, by, illumination)
    problems = []
    if want["count"].sum() < 20:
        problems.append(f"too few fitted spectra ({want['count'].sum()})")
    ds = xr.open_dataset(nc_path, decode_cf=True)
    if ds.attrs.get("Conventions") != "CF-1.10":
        problems.append("Conventions is not CF-1.10")
    dims = {"grid": ("lat", "lon"), "sza": ("sza",), "local-time": ("local_time",)}[by]
    for d in dims:
        if d not in ds.coords or f"{d}_bnds" not in ds:
            problems.append(f"coordinate {d} or {d}_bnds missing")
    if ds["u_surface_median"].attrs.get("units") != "V":
        problems.append("u_surface_median units are not V")
    for key in ("count", "median", "p25", "p75", "mean"):
        got = ds[f"u_surface_{key}"].values.reshape(-1).astype(float)
        if got.shape != (int(np.prod(shape)),) or not close(got, want[key]):
            problems.append(f"netCDF u_surface_{key} differs from numpy")
    with open(csv_path) as f:
        rows = list(csv.DictReader(f))
    if len(rows) != int(np.prod(shape)):
        problems.append(f"CSV has {len(rows)} bins, expected {int(np.prod(shape))}")
    else:
        for key in ("count", "median", "p25", "p75", "mean"):
            got = np.array([float(r[f"u_surface_{key}"]) for r in rows])
            if not close(got, want[key]):
                problems.append(f"CSV u_surface_{key} differs from numpy")
    print("\n".join(problems) if problems else f"ok: {want['count'].sum()} spectra in {np.count_nonzero(want['count'])} bins")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
