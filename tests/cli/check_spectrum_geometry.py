"""Checks the spectrum-level geometry keys of a batch cache, independently of the C++.

usage: check_spectrum_geometry.py CACHE.npz

* spec_projection_latitude/longitude, spec_projection_in_sun, spec_spacecraft_in_sun are the
  rows_ values of each spectrum's footpoint row (its first row with a finite footpoint, else
  its first row);
* spec_solar_zenith_deg agrees with spec_projection_in_sun: in sun ⇔ SZA < 90°, for every
  spectrum more than 0.5° from the terminator;
* SZA, local time and latitude obey the spherical-trig identity
  cos SZA = sin φ sin δ + cos φ cos δ cos H, H = (LT − 12 h)·15°/h, for some subsolar latitude
  |δ| ≤ 1.6° (the Moon's obliquity to the ecliptic), i.e. |cos SZA − cos φ cos H| ≤ 0.03;
* spec_local_time_h ∈ [0, 24), spec_field_normal_angle_deg ∈ [0, 90] where connected, NaN elsewhere;
* spec_time_unix is the first row's UTC in seconds since 1970 (numpy's own parsing).
"""
import sys

import numpy as np


def main(path):
    c = np.load(path)
    problems = []
    spec = c["spec_spec_no"]
    n = len(spec)
    expected = {
        "spec_projection_latitude": "f8", "spec_projection_longitude": "f8", "spec_projection_in_sun": "b1",
        "spec_spacecraft_in_sun": "b1", "spec_solar_zenith_deg": "f8", "spec_local_time_h": "f8",
        "spec_field_normal_angle_deg": "f8", "spec_time_unix": "f8",
    }
    for key, dtype in expected.items():
        if key not in c:
            problems.append(f"missing {key}")
            continue
        if c[key].dtype != np.dtype(dtype) or c[key].shape != (n,):
            problems.append(f"{key}: {c[key].dtype} {c[key].shape}, expected {dtype} ({n},)")
    if problems:
        print("\n".join(problems))
        return 1

    rows_spec = c["rows_spec_no"]
    lat_rows, lon_rows = c["rows_projection_latitude"], c["rows_projection_longitude"]
    starts = np.flatnonzero(np.r_[True, rows_spec[1:] != rows_spec[:-1]])
    ends = np.r_[starts[1:], len(rows_spec)]
    fp = []
    for s, e in zip(starts, ends):
        ok = np.flatnonzero(np.isfinite(lat_rows[s:e]) & np.isfinite(lon_rows[s:e]))
        fp.append(s + (ok[0] if len(ok) else 0))
    fp = np.array(fp)
    lat, lon = c["spec_projection_latitude"], c["spec_projection_longitude"]
    for key, rows_key in [("spec_projection_latitude", "rows_projection_latitude"),
                          ("spec_projection_longitude", "rows_projection_longitude"),
                          ("spec_projection_in_sun", "rows_projection_in_sun"),
                          ("spec_spacecraft_in_sun", "rows_spacecraft_in_sun")]:
        a, b = c[key], c[rows_key][fp]
        same = (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b
        if not same.all():
            problems.append(f"{key}: {np.count_nonzero(~same)} spectra differ from {rows_key} at the footpoint row")

    sza, lt, angle = c["spec_solar_zenith_deg"], c["spec_local_time_h"], c["spec_field_normal_angle_deg"]
    connected = np.isfinite(lat)
    for key, v in [("spec_solar_zenith_deg", sza), ("spec_local_time_h", lt), ("spec_field_normal_angle_deg", angle)]:
        if not (np.isfinite(v) == connected).all():
            problems.append(f"{key}: finite exactly where the footpoint is ({np.count_nonzero(np.isfinite(v) != connected)} differ)")
    sun = c["spec_projection_in_sun"]
    away = connected & (np.abs(sza - 90.0) > 0.5)
    if connected.sum() < 20 or away.sum() < 10:
        problems.append(f"too few connected spectra to check ({connected.sum()})")
    if not (sun[away] == (sza[away] < 90.0)).all():
        problems.append(f"in sun ⇔ SZA < 90° fails for {np.count_nonzero(sun[away] != (sza[away] < 90.0))} spectra")
    if (~sun & ~connected).sum() != (~connected).sum():
        problems.append("a spectrum without footpoint is marked in sun")
    if not ((lt[connected] >= 0) & (lt[connected] < 24)).all():
        problems.append("local time outside [0, 24)")
    if not ((angle[connected] >= 0) & (angle[connected] <= 90)).all():
        problems.append("field/normal angle outside [0, 90]")
    phi = np.radians(lat[connected])
    h = np.radians((lt[connected] - 12.0) * 15.0)
    gap = np.abs(np.cos(np.radians(sza[connected])) - np.cos(phi) * np.cos(h))
    if not (gap <= 0.03).all():
        problems.append(f"SZA / local time / latitude inconsistent: max |cos SZA − cos φ cos H| = {gap.max():.4f}")
    # Both day and night must occur on a simulated day, else the check is empty.
    if not (sun[connected].any() and (~sun[connected]).any()):
        problems.append("the day has only one illumination")

    utc = c["rows_utc"][starts]
    unix = np.array([np.datetime64(u.strip()[:23].replace(" ", "T"), "ms").astype("int64") / 1000.0 for u in utc])
    if not (np.abs(c["spec_time_unix"] - unix) < 1e-3).all():
        problems.append("spec_time_unix differs from the first row's UTC")

    print("\n".join(problems) if problems else f"ok: {n} spectra, {connected.sum()} connected, {sun.sum()} sunlit")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
