"""Independent check of a batch cache with Debian's numpy: loads it with allow_pickle=False,
checks every key's dtype and length, and compares the recovered surface potential with the
simulator's truth. Usage: check_batch_npz.py CACHE TRUTH_NPZ
Exits non-zero with a one-line reason on any mismatch."""
import json
import sys

import numpy as np

cache = np.load(sys.argv[1], allow_pickle=False)
truth = np.load(sys.argv[2], allow_pickle=False)

rows = cache["rows_spec_no"].shape[0]
specs = cache["spec_spec_no"].shape[0]
expected = {
    "rows_spec_no": "<i8", "rows_utc": "<U64", "rows_time": "<U64",
    "rows_spacecraft_latitude": "<f8", "rows_spacecraft_longitude": "<f8",
    "rows_projection_latitude": "<f8", "rows_projection_longitude": "<f8",
    "rows_spacecraft_potential": "<f8", "rows_projected_potential": "<f8",
    "rows_spacecraft_in_sun": "|b1", "rows_projection_in_sun": "|b1", "rows_projection_polarity": "|i1",
    "rows_bs_over_bm": "<f8", "rows_beam_amp": "<f8", "rows_fit_chi2": "<f8",
    "rows_electron_temperature": "<f8", "rows_electron_density": "<f8", "rows_kappa_value": "<f8",
    "rows_environment_class": "|i1", "rows_u_surface_lower": "<f8", "rows_u_surface_upper": "<f8",
    "spec_spec_no": "<i8", "spec_time_start": "<U64", "spec_time_end": "<U64", "spec_has_fit": "|b1",
    "spec_row_count": "<i8", "spec_u_surface": "<f8", "spec_bs_over_bm": "<f8", "spec_fit_chi2": "<f8",
    "spec_electron_temperature": "<f8", "spec_electron_density": "<f8", "spec_environment_class": "|i1",
    "spec_u_surface_lower": "<f8", "spec_u_surface_upper": "<f8", "spec_u_spacecraft": "<f8",
    "spec_kappa_value": "<f8", "spec_beam_amp": "<f8", "spec_status": "|i1", "spec_file_index": "<i4",
    "spec_u_spacecraft_lower": "<f8", "spec_u_spacecraft_upper": "<f8", "spec_u_spacecraft_candidates": "|i1",
}
for key, dtype in expected.items():
    if key not in cache:
        sys.exit(f"missing key {key}")
    array = cache[key]
    if array.dtype.str != dtype:
        sys.exit(f"{key}: dtype {array.dtype.str}, expected {dtype}")
    length = rows if key.startswith("rows_") else specs
    if array.shape != (length,):
        sys.exit(f"{key}: shape {array.shape}, expected ({length},)")
for key in ("meta_version", "meta_fit_method", "meta_settings", "meta_u_spacecraft_override"):
    if key not in cache or cache[key].shape != ():
        sys.exit(f"{key}: missing or not a 0-d scalar")
json.loads(str(cache["meta_settings"]))  # must be valid JSON
if cache["files"].dtype.str != "<U256":
    sys.exit("files: dtype should be <U256")
if rows != 15 * specs or not np.all(cache["spec_row_count"] == 15):
    sys.exit("every spectrum should have 15 rows")
if not np.all(np.diff(cache["spec_spec_no"]) > 0):
    sys.exit("spec_spec_no is not strictly increasing")
if not np.array_equal(cache["spec_has_fit"], np.isfinite(cache["spec_u_surface"])):
    sys.exit("spec_has_fit must equal isfinite(spec_u_surface)")

# Recovery against the simulator's truth (one file: spec_no are the table's own numbers).
index = {int(s): i for i, s in enumerate(truth["spec_spec_no"])}
fitted = cache["spec_has_fit"]
true_u = np.array([truth["spec_u_surface"][index[int(s)]] for s in cache["spec_spec_no"]])
usable = fitted & np.isfinite(true_u)
connected = np.isfinite(true_u)
if connected.sum() == 0:
    sys.exit("truth has no connected spectra")
fraction = usable.sum() / connected.sum()
error = np.abs(cache["spec_u_surface"][usable] - true_u[usable])
median = float(np.median(error)) if error.size else float("inf")
print(f"connected {connected.sum()}, fitted {usable.sum()} ({fraction:.0%}), median |dU| {median:.1f} V")
# Tolerances: Poisson noise on ~1e3-1e5 counts per cell and a finite pitch-angle sampling give a
# few-volt scatter for |U| ~ 10-100 V; 20 V leaves room for the strongly negative plasma-sheet cases.
if fraction < 0.5:
    sys.exit(f"fit fraction among connected spectra {fraction:.2f} < 0.5")
if median > 20:
    sys.exit(f"median |dU| {median:.1f} V > 20 V")
