"""Recovery benchmark: how well `potential-mapper batch` recovers the simulator's truth.

    /usr/bin/python3 bench/recovery.py CACHE.npz TRUTH_DIR [--title TEXT]

CACHE.npz is a `batch` output over simulated ER tables; TRUTH_DIR holds the simulator's
3DYYMMDD_truth.npz of those tables (`simulate --data-dir DIR` writes them to DIR/truth).
bench/recovery.sh runs the whole thing (simulate two full-moon weeks, batch, this script).

Every batch spectrum is matched to its truth spectrum (see `match_to_truth`), then two markdown
tables are printed, one row per plasma region x illumination group that has spectra:

(a) spacecraft and plasma, grouped by truth region x truth spacecraft illumination:
    spectra; U_sc reported (finite); |U_sc - truth| median / p90; U_sc 68 % interval coverage and
    median width (only if the cache has spec_u_spacecraft_lower/_upper); medians of n/n_true,
    T/T_true and kappa - kappa_true; fraction whose fitted P§5.4 class equals the truth region
    (all spectra, and among spectra the pipeline did not call 'wake').
(b) surface potential, grouped by truth region x truth footpoint illumination, over spectra whose
    truth U_surface is finite (field line connected): connected spectra; fitted (status 0) count and
    fraction; |U - U_true| median / p90 over the fitted; fraction within max(10 V, 10 % |U_true|);
    68 % profile-likelihood interval coverage (infinite bounds count as open); median interval
    width; spectra per status.

Region = truth `spec_plasma_region` when the truth has it, else truth `spec_environment_class`.
Groups with fewer than 30 spectra are marked '(few)'. A totals line follows the tables.
"""
import argparse
import json
import os
import sys

import numpy as np

REGION_NAMES = {1: "solar wind", 2: "magnetosheath", 3: "tail lobes", 4: "plasma sheet", 5: "wake"}
# src/fit/fit_status.hpp; unknown codes are printed as numbers.
STATUS_NAMES = {0: "fitted", 1: "no_valid_bins", 2: "too_few_bins", 3: "rejected_by_chi2",
                4: "u_sc_failed", 5: "kappa_fit_failed", 6: "geometry_invalid",
                7: "not_connected", 8: "dropped_on_input", 9: "u_sc_at_limit", 10: "unconstrained",
                11: "at_bound"}
WAKE_CLASS = 5
FEW = 30
TOLERANCE_V, TOLERANCE_FRACTION = 10.0, 0.10
DEFAULT_DAY_LIMITS_V = (0.0, 150.0)


# ---------------------------------------------------------------- loading and matching

def load(path):
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def truth_path(truth_dir, table_path):
    stem = os.path.splitext(os.path.basename(str(table_path)))[0]
    return os.path.join(truth_dir, stem + "_truth.npz")


def first_row_index(batch):
    """Index into the rows_* arrays of every spectrum's first row."""
    counts = batch["spec_row_count"].astype(np.int64)
    return np.concatenate([[0], np.cumsum(counts)])[:-1].astype(np.int64)


def file_offsets(batch):
    """Per-file spec_no offset of the batch (P§1.5, src/pipeline/file_processing.cpp): 0 for the
    first file, then the largest global spec_no of the files before + 1."""
    spec_no, file_index = batch["spec_spec_no"], batch["spec_file_index"]
    offsets, offset = [], 0
    for f in range(len(batch["files"])):
        offsets.append(offset)
        mine = spec_no[file_index == f]
        if mine.size:
            offset = int(mine.max()) + 1
    return offsets


def match_to_truth(batch, truth_dir):
    """Truth arrays aligned with the batch spectra (one entry per batch spectrum).

    Batch spectrum i of file f is truth spectrum spec_no - offset[f] of that file's truth NPZ.
    Checked, and the run stops if any check fails: that truth spec_no exists; the batch's first-row
    UTC is the truth's first-row UTC of that spectrum (first rows are never the simulator's dropped
    row, so the truth's rows_utc is split into spectra wherever two rows are > 20 s apart when that
    gives the right spectrum count); the first row's footpoint latitude/longitude equal the truth's
    (same code and kernels: 1e-6 deg) and both are NaN together."""
    offsets = file_offsets(batch)
    first = first_row_index(batch)
    n = batch["spec_spec_no"].size
    aligned, utc_checked = {}, 0
    for f, table in enumerate(batch["files"]):
        rows = np.flatnonzero(batch["spec_file_index"] == f)
        if rows.size == 0:
            continue
        truth = load(truth_path(truth_dir, table))
        local = batch["spec_spec_no"][rows] - offsets[f]
        position = {int(s): k for k, s in enumerate(truth["spec_spec_no"])}
        missing = [int(s) for s in local if int(s) not in position]
        if missing:
            sys.exit(f"recovery: {table}: spec_no {missing[:5]} not in the truth")
        take = np.array([position[int(s)] for s in local])
        starts = truth_first_row_utc(truth)
        if starts is not None:
            batch_utc = batch["rows_utc"][first[rows]]
            bad = np.flatnonzero(starts[take] != batch_utc)
            if bad.size:
                sys.exit(f"recovery: {table}: {bad.size} spectra whose first-row UTC differs from the truth's, "
                         f"e.g. batch {batch_utc[bad[0]]} vs truth {starts[take][bad[0]]}")
            utc_checked += rows.size
        for key, values in truth.items():
            if key.startswith("spec_"):
                if key not in aligned:
                    aligned[key] = np.full(n, np.nan) if values.dtype.kind == "f" else np.zeros(n, values.dtype)
                aligned[key][rows] = values[take]
    check_footpoints(batch, aligned, first)
    return aligned, utc_checked


def truth_first_row_utc(truth):
    """First-row UTC per truth spectrum, or None if rows_utc cannot be split by time gaps."""
    utc = truth["rows_utc"]
    seconds = utc.astype("datetime64[s]").astype(np.int64)
    new_spectrum = np.concatenate([[True], np.diff(seconds) > 20])
    starts = utc[new_spectrum]
    return starts if starts.size == truth["spec_spec_no"].size else None


def check_footpoints(batch, truth, first):
    for name in ("latitude", "longitude"):
        fitted = batch[f"rows_projection_{name}"][first]
        true = truth[f"spec_projection_{name}"]
        same_nan = np.isnan(fitted) == np.isnan(true)
        close = np.isnan(true) | (np.abs(np.nan_to_num(fitted - true)) <= 1e-6)
        if name == "longitude":  # allow a 360-degree wrap
            close |= np.abs(np.abs(np.nan_to_num(fitted - true)) - 360.0) <= 1e-6
        bad = np.flatnonzero(~(same_nan & close))
        if bad.size:
            sys.exit(f"recovery: {bad.size} spectra whose footpoint {name} differs from the truth's, "
                     f"e.g. spec_no {batch['spec_spec_no'][bad[0]]}: {fitted[bad[0]]} vs {true[bad[0]]}")


# ---------------------------------------------------------------- statistics and formatting

def median(values):
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return float(np.median(values)) if values.size else np.nan


def p90(values):
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return float(np.percentile(values, 90)) if values.size else np.nan


def fraction(mask, within=None):
    mask = np.asarray(mask, dtype=bool)
    if within is not None:
        mask = mask[within]
    return float(mask.mean()) if mask.size else np.nan


def fmt(value, digits=1):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.{digits}f}"


def pct(value):
    return "-" if np.isnan(value) else f"{100 * value:.0f} %"


def count(n):
    return f"{n} (few)" if n < FEW else str(n)


def region_label(code):
    return REGION_NAMES.get(int(code), f"region {int(code)}")


def status_counts(codes):
    values, counts = np.unique(codes, return_counts=True)
    return ", ".join(f"{STATUS_NAMES.get(int(v), str(int(v)))} {c}" for v, c in zip(values, counts))


def markdown(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def groups(region, lit, within=True):
    """(label, mask) for every region x day/night that has spectra in `within`, regions ascending."""
    for code in np.unique(region):
        for is_day, name in ((True, "day"), (False, "night")):
            mask = (region == code) & (lit == is_day) & within
            if mask.any():
                yield f"{region_label(code)}, {name}", mask


# ---------------------------------------------------------------- the two tables

def spacecraft_table(batch, truth, region):
    u_sc = batch["spec_u_spacecraft"]
    du_sc = np.abs(u_sc - truth["spec_u_spacecraft"])
    lower, upper = batch.get("spec_u_spacecraft_lower"), batch.get("spec_u_spacecraft_upper")
    fitted_class, true_class = batch["spec_environment_class"], truth["spec_environment_class"]
    rows = []
    for label, m in groups(region, truth["spec_spacecraft_in_sun"]):
        reported = m & np.isfinite(u_sc)
        if lower is not None and upper is not None:
            usable = reported & ~np.isnan(lower) & ~np.isnan(upper)
            covered = (lower <= truth["spec_u_spacecraft"]) & (truth["spec_u_spacecraft"] <= upper)
            coverage, width = pct(fraction(covered, usable)), fmt(median((upper - lower)[usable]))
        else:
            coverage = width = "-"
        not_wake = m & (fitted_class != WAKE_CLASS)
        rows.append([
            label, count(int(m.sum())), str(int(reported.sum())),
            f"{fmt(median(du_sc[reported]))} / {fmt(p90(du_sc[reported]))}", coverage, width,
            fmt(median((batch["spec_electron_density"] / truth["spec_electron_density"])[m]), 2),
            fmt(median((batch["spec_electron_temperature"] / truth["spec_electron_temperature"])[m]), 2),
            fmt(median((batch["spec_kappa_value"] - truth["spec_kappa_value"])[m]), 2),
            pct(fraction(fitted_class == true_class, m)),
            pct(fraction(fitted_class == true_class, not_wake)),
        ])
    header = ["region, spacecraft", "spectra", "U_sc reported", "abs dU_sc median / p90 (V)",
              "U_sc 68 % coverage", "U_sc width median (V)", "n/n_true median", "T/T_true median",
              "kappa - kappa_true median", "class = truth", "class = truth (non-wake)"]
    return markdown(header, rows)


def surface_table(batch, truth, region):
    u_true = truth["spec_u_surface"]
    connected = np.isfinite(u_true)
    status = batch["spec_status"]
    fitted = status == 0
    du = np.abs(batch["spec_u_surface"] - u_true)
    within = du <= np.maximum(TOLERANCE_V, TOLERANCE_FRACTION * np.abs(u_true))
    lower, upper = batch["spec_u_surface_lower"], batch["spec_u_surface_upper"]
    has_interval = ~np.isnan(lower) & ~np.isnan(upper)
    covered = (lower <= u_true) & (u_true <= upper)
    rows = []
    for label, m in groups(region, truth["spec_projection_in_sun"], connected):
        f = m & fitted
        rows.append([
            label, count(int(m.sum())), f"{int(f.sum())} ({pct(fraction(fitted, m))})",
            f"{fmt(median(du[f]))} / {fmt(p90(du[f]))}", pct(fraction(within, f)),
            pct(fraction(covered, f & has_interval)), fmt(median((upper - lower)[f & has_interval])),
            status_counts(status[m]),
        ])
    header = ["region, footpoint", "connected", "fitted", "abs dU median / p90 (V)",
              "within max(10 V, 10 %)", "68 % coverage", "width median (V)", "spectra per status"]
    return markdown(header, rows)


def day_limits(batch):
    try:
        low, high = json.loads(str(batch["meta_settings"]))["day_potential_range_v"]
        return float(low), float(high)
    except (KeyError, ValueError, TypeError):
        return DEFAULT_DAY_LIMITS_V


def totals_line(batch, truth):
    status = batch["spec_status"]
    fitted = status == 0
    connected = np.isfinite(truth["spec_u_surface"])
    u_sc, lit = batch["spec_u_spacecraft"], truth["spec_spacecraft_in_sun"]
    low, high = day_limits(batch)
    at_limit = fitted & lit & ((u_sc == low) | (u_sc == high))
    day_at_limit = lit & ((u_sc == low) | (u_sc == high))
    true_u_sc = truth["spec_u_spacecraft"]
    truth_at_limit = lit & ((true_u_sc == low) | (true_u_sc == high))
    return (f"Totals: {status.size} spectra, {int(connected.sum())} connected in the truth; "
            f"fitted {int(fitted.sum())} ({pct(fraction(fitted))} of all, "
            f"{pct(fraction(fitted, connected))} of connected); "
            f"fitted with U_sc at the day limit {low:g} or {high:g} V: {int(at_limit.sum())} "
            f"(sunlit spectra at the limit: {int(day_at_limit.sum())} of {int(lit.sum())}, "
            f"in the truth {int(truth_at_limit.sum())}); "
            f"fitted although the truth is not connected: {int((fitted & ~connected).sum())}.")


def describe(batch, truth_dir, region_key, utc_checked):
    files = [os.path.basename(str(f)) for f in batch["files"]]
    span = f"{files[0]} … {files[-1]}" if files else "no files"
    return (f"{len(files)} tables ({span}), {batch['spec_spec_no'].size} spectra; truth {truth_dir}; "
            f"region from truth `{region_key}`; matched by per-file spec_no offset, "
            f"first-row UTC checked for {utc_checked}, footpoints checked for all; "
            f"fit method {batch.get('meta_fit_method', '?')}, version {batch.get('meta_version', '?')}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cache", help="batch output NPZ")
    parser.add_argument("truth_dir", help="folder of the simulator's 3DYYMMDD_truth.npz")
    parser.add_argument("--title", default=None, help="heading of the report")
    args = parser.parse_args()

    batch = load(args.cache)
    truth, utc_checked = match_to_truth(batch, args.truth_dir)
    region_key = "spec_plasma_region" if "spec_plasma_region" in truth else "spec_environment_class"
    region = truth[region_key]

    print(f"## {args.title or os.path.basename(args.cache)}\n")
    print(describe(batch, args.truth_dir, region_key, utc_checked) + "\n")
    print("### (a) spacecraft and plasma (region x spacecraft illumination)\n")
    print(spacecraft_table(batch, truth, region) + "\n")
    print("### (b) surface potential (connected spectra; region x footpoint illumination)\n")
    print(surface_table(batch, truth, region) + "\n")
    print(totals_line(batch, truth) + "\n")


if __name__ == "__main__":
    main()
