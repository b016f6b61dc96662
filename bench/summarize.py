"""Prints the benchmark table of scripts/bench.sh from its result folder."""
import glob
import json
import os
import statistics
import sys

results = sys.argv[1]


def rate_of(run):
    """The throughput a benchmark reports: bytes/s, items/s or a user counter, else 1/time."""
    for key in ("bytes_per_second", "items_per_second"):
        if key in run:
            return run[key], "MB/s" if key == "bytes_per_second" else "/s"
    for key, value in run.items():
        if key.endswith("_per_s") or key.endswith("per_second"):
            return value, "/s"
    seconds = run["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[run["time_unit"]]
    return 1.0 / seconds, "/s (1/time)"


print(f"{'benchmark':<58} {'min':>12} {'median':>12} {'max':>12}  unit")
for path in sorted(glob.glob(os.path.join(results, "*.json"))):
    with open(path) as f:
        data = json.load(f)
    by_name = {}
    for run in data.get("benchmarks", []):
        if run.get("run_type") == "aggregate":
            continue
        value, unit = rate_of(run)
        if unit == "MB/s":
            value /= 1e6
        by_name.setdefault(run["run_name"], (unit, []))[1].append(value)
    for name, (unit, values) in by_name.items():
        print(f"{name:<58} {min(values):>12.4g} {statistics.median(values):>12.4g} {max(values):>12.4g}  {unit}")

e2e = os.path.join(results, "end_to_end.txt")
if os.path.exists(e2e):
    print()
    print(f"{'end to end (batch)':<24} {'threads':>7} {'spectra':>8} {'spectra/s min/med/max':>26} {'peak RSS MiB':>13}")
    runs = {}
    for line in open(e2e):
        label, threads, elapsed, rss_kb, spectra = line.split()
        parts = [float(p) for p in elapsed.split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        runs.setdefault((label, threads), []).append((int(spectra) / seconds, int(rss_kb) / 1024, int(spectra)))
    medians = {}
    for (label, threads), values in sorted(runs.items()):
        rates = [v[0] for v in values]
        medians[(label, threads)] = statistics.median(rates)
        text = f"{min(rates):.0f} / {statistics.median(rates):.0f} / {max(rates):.0f}"
        print(f"{label:<24} {threads.split('=')[1]:>7} {values[0][2]:>8} {text:>26} {max(v[1] for v in values):>13.0f}")
    for label in ("day", "month"):
        one, two = medians.get((label, "threads=1")), medians.get((label, "threads=2"))
        if one and two:
            print(f"parallel efficiency ({label}, 2 threads): {two / (2 * one):.0%}")

counts = {}
for n in (40, 80):
    path = os.path.join(results, f"callgrind_{n}.txt")
    if os.path.exists(path):
        text = open(path).read().strip().replace(",", "")
        if text:
            counts[n] = int(text)
if len(counts) == 2:
    print(f"\ninstructions per spectrum (callgrind, batch --threads 1): {(counts[80] - counts[40]) / 40:,.0f}")
