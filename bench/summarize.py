"""Prints the benchmark table of scripts/bench.sh from its result folder."""
import glob
import json
import os
import re
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
    try:
        with open(path) as f:
            data = json.load(f)
    except json.JSONDecodeError:  # the program stopped half-way (a crash): say so, keep the rest
        print(f"{os.path.basename(path)[:-5]}: no result, the program failed (scripts/bench.sh says how)")
        continue
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

SIZES = ("day", "week", "month", "year")  # the end-to-end rows, in order of work


def seconds_of(elapsed):
    """Seconds of a /usr/bin/time -v wall clock, [h:]mm:ss.ss."""
    parts = [float(p) for p in elapsed.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


e2e = os.path.join(results, "end_to_end.txt")
if os.path.exists(e2e):
    runs = {}
    for line in open(e2e):
        size, threads, elapsed, rss_kb, spectra = line.split()
        runs.setdefault((size, int(threads)), []).append(
            (int(spectra) / seconds_of(elapsed), int(rss_kb) / 1024, int(spectra)))
    print("\nend to end (`batch` on simulated data; spectra/s over the runs, peak RSS the largest):\n")
    print("| size | threads | runs | spectra | spectra/s min | median | max | peak RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    medians = {}
    for (size, threads), values in sorted(runs.items(), key=lambda item: (SIZES.index(item[0][0]), item[0][1])):
        rates = [v[0] for v in values]
        medians[(size, threads)] = statistics.median(rates)
        print(f"| {size} | {threads} | {len(values)} | {values[0][2]:,} | {min(rates):,.0f} | "
              f"{statistics.median(rates):,.0f} | {max(rates):,.0f} | {max(v[1] for v in values):,.0f} |")
    efficiency = [f"{size} {medians[(size, 2)] / (2 * medians[(size, 1)]):.0%}"
                  for size in SIZES if (size, 1) in medians and (size, 2) in medians]
    if efficiency:
        print(f"\nparallel efficiency on 2 threads (medians): {', '.join(efficiency)}")

counts = {}
for n in (40, 80):
    path = os.path.join(results, f"callgrind_{n}.txt")
    if os.path.exists(path):
        text = open(path).read().strip().replace(",", "")
        if text:
            counts[n] = int(text)
if len(counts) == 2:
    print(f"\ninstructions per spectrum (callgrind, batch --threads 1): {(counts[80] - counts[40]) / 40:,.0f}")

PROFILE_LINES = 20  # enough to reach the fit stages below the batch → file → spectrum chain


def without_groups(text):
    """The text without its (...) and <...> groups: a C++ name without parameters or template arguments."""
    out, depth = [], 0
    for c in text:
        if c in "(<":
            depth += 1
        elif c in ")>":
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


def inclusive_counts(path):
    """Inclusive instructions per lpm:: function of a `callgrind_annotate --inclusive=yes` listing,
    in its order (largest first); lambdas and wrappers of a function listed already are left out."""
    counts = {}
    if not os.path.exists(path):
        return counts
    for line in open(path):
        match = re.match(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+[^:]*:(.*?)(?: \[[^\]]*\])*\s*$", line)
        if not match:
            continue
        name = without_groups(match.group(2).replace("(anonymous namespace)::", "")).replace(" const", "").split()
        if name and name[-1].startswith("lpm::") and "{lambda" not in name[-1]:
            counts.setdefault(name[-1], int(match.group(1).replace(",", "")))
    return counts


if len(counts) == 2:
    at_80 = inclusive_counts(os.path.join(results, "callgrind_80_inclusive.txt"))
    at_40 = inclusive_counts(os.path.join(results, "callgrind_40_inclusive.txt"))
    if at_80:
        print("\nwhere the time goes (callgrind inclusive instructions, batch --threads 1 on 80 spectra;")
        print("per spectrum: difference of the 80- and 40-spectrum runs / 40, start-up cancels):\n")
        print("| function | share of the run | M instructions per spectrum |")
        print("| --- | ---: | ---: |")
        for name, count in list(at_80.items())[:PROFILE_LINES]:
            per_spectrum = f"{(count - at_40[name]) / 40 / 1e6:.2f}" if name in at_40 else ""
            print(f"| {name} | {count / counts[80]:.1%} | {per_spectrum} |")
