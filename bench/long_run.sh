#!/usr/bin/env bash
# Long run (issue 11): a simulated month through `batch --threads 2` under /usr/bin/time -v.
#   bench/long_run.sh [POTENTIAL_MAPPER] [DAYS] [SPECTRA_PER_DAY]     (defaults: build/release, 30, 200)
# Prints: wall time and peak RSS of the whole run, of a run over its first 5 days and of each
# single-day run (RSS must not grow per file: only the kept results grow, ~2 KB per spectrum);
# and whether the month's arrays equal the single-day runs' (spec_no offsets removed).
# Exit status 1 if the results differ.
set -euo pipefail
src_dir=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$src_dir/build/release/potential-mapper}")
days=${2:-30}
per_day=${3:-200}
threads=2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

last_day=$(printf '1998-06-%02d' "$days")
"$bin" simulate -q --data-dir "$work/data" --start 1998-06-01 --end "$last_day" --spectra-per-day "$per_day"

# timed NAME ARGS...: runs one batch under /usr/bin/time -v; appends "NAME seconds peak_kB" to figures.
timed() {
  local name=$1
  shift
  /usr/bin/time -v -o "$work/time.txt" "$bin" batch -q --threads "$threads" "$@"
  local rss seconds
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
  echo "$name $seconds $rss" >> "$work/figures.txt"
}

# The whole run, with its RSS sampled every 0.2 s (VmRSS) to see whether it grows file by file.
sample_rss() {  # sample_rss PID: "seconds kB" lines until the process ends
  local t0 now
  t0=$(date +%s.%N)
  while kill -0 "$1" 2>/dev/null; do
    now=$(date +%s.%N)
    awk -v t="$now" -v t0="$t0" '/^VmRSS:/ {printf "%.2f %s\n", t - t0, $2}' "/proc/$1/status" 2>/dev/null || true
    sleep 0.2
  done
}
timed month --data-dir "$work/data" --output-dir "$work/month" --year 1998 --month 6 &
timed_pid=$!
batch_pid=""
for _ in $(seq 50); do  # the batch is the child of /usr/bin/time, the child of the backgrounded function
  time_pid=$(pgrep -P "$timed_pid" | head -n 1 || true)
  [ -n "$time_pid" ] && batch_pid=$(pgrep -P "$time_pid" | head -n 1 || true)
  [ -n "$batch_pid" ] && break
  sleep 0.1
done
if [ -n "$batch_pid" ]; then sample_rss "$batch_pid" > "$work/rss_samples.txt"; fi
wait "$timed_pid"

# The first min(5, days) days alone (a data folder of links), for the RSS-growth comparison.
first=$(( days < 5 ? days : 5 ))
mkdir -p "$work/first/1998/152_181JUN"
for item in spice_kernels attitude.tab theta.tab solid_angles.tab; do
  [ -e "$work/data/$item" ] && ln -s "$work/data/$item" "$work/first/$item"
done
for d in $(seq 1 "$first"); do
  ln -s "$work/data/1998/152_181JUN/3D9806$(printf %02d "$d").TAB" "$work/first/1998/152_181JUN/"
done
timed "first_${first}_days" --data-dir "$work/first" --output-dir "$work/first_out" --year 1998 --month 6

for d in $(seq 1 "$days"); do
  timed "day_$d" --data-dir "$work/data" --output-dir "$work/days" --year 1998 --month 6 --day "$d"
done

/usr/bin/python3 - "$work" "$days" "$per_day" <<'PY'
import glob, os, sys
import numpy as np

work, days, per_day = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fig = {}
for line in open(os.path.join(work, "figures.txt")):
    name, seconds, rss = line.split()
    parts = [float(p) for p in seconds.split(":")]
    secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    fig[name] = (secs, int(rss) / 1024.0)

month = np.load(os.path.join(work, "month", "potential_batch_1998_06.npz"))
n_spec = len(month["spec_spec_no"])
secs, rss = fig["month"]
first_name = next(k for k in fig if k.startswith("first_"))
day_rss = [fig[f"day_{d}"][1] for d in range(1, days + 1)]
day_secs = sum(fig[f"day_{d}"][0] for d in range(1, days + 1))
print(f"long run: {days} simulated days x {per_day} spectra/day, --threads 2")
print(f"  whole run:        {n_spec} spectra in {secs:.1f} s ({n_spec / secs:.1f} spectra/s), peak RSS {rss:.1f} MB")
print(f"  {first_name.replace('_', ' '):17s} peak RSS {fig[first_name][1]:.1f} MB")
print(f"  single-day runs:  peak RSS min {min(day_rss):.1f} / max {max(day_rss):.1f} MB, {day_secs:.1f} s in all")
growth = (rss - max(day_rss)) / max(days - 1, 1)
print(f"  RSS growth per extra file: {growth * 1024:.0f} kB ({growth * 1024 / per_day:.2f} kB per kept spectrum)")

samples = os.path.join(work, "rss_samples.txt")
if os.path.exists(samples) and os.path.getsize(samples) > 0:
    t_rss = np.loadtxt(samples, ndmin=2)
    marks = [int(q * (len(t_rss) - 1)) for q in (0.1, 0.25, 0.5, 0.75, 0.9, 1.0)]
    print("  whole run RSS over time (0.2 s samples): " +
          ", ".join(f"{t_rss[i, 0]:.0f} s {t_rss[i, 1] / 1024:.0f} MB" for i in marks))
    body = t_rss[int(0.1 * len(t_rss)):int(0.9 * len(t_rss)), 1] / 1024
    if len(body) > 1:
        print(f"  RSS between 10% and 90% of the run: min {body.min():.0f} MB, max {body.max():.0f} MB "
              f"(the final peak is the output payload being built and compressed)")

files = [str(f) for f in month["files"]]
spec_keys = [k for k in month.files if k.startswith("spec_") and k not in ("spec_spec_no", "spec_file_index")]
row_keys = [k for k in month.files if k.startswith("rows_") and k != "rows_spec_no"]
problems = []

def same(a, b):
    if a.dtype.kind == "f":
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    return a.shape == b.shape and np.array_equal(a, b)

for path in sorted(glob.glob(os.path.join(work, "days", "*.npz"))):
    day = np.load(path)
    name = str(day["files"][0])
    if name not in files:
        problems.append(f"{name}: not among the month's files")
        continue
    in_file = month["spec_file_index"] == files.index(name)
    offsets = np.unique(month["spec_spec_no"][in_file] - day["spec_spec_no"]) if in_file.sum() == len(day["spec_spec_no"]) else None
    if offsets is None or len(offsets) > 1:
        problems.append(f"{name}: spectra differ ({in_file.sum()} in the month, {len(day['spec_spec_no'])} alone)")
        continue
    offset = offsets[0] if len(offsets) else 0
    for k in spec_keys:
        if not same(month[k][in_file], day[k]):
            problems.append(f"{name}: {k} differs")
    rows = np.isin(month["rows_spec_no"], month["spec_spec_no"][in_file])
    if not same(month["rows_spec_no"][rows] - offset, day["rows_spec_no"]):
        problems.append(f"{name}: rows_spec_no differs after removing the offset {offset}")
    for k in row_keys:
        if not same(month[k][rows], day[k]):
            problems.append(f"{name}: {k} differs")

print(f"  month vs single-day runs: {'identical' if not problems else 'DIFFERENT'} "
      f"({len(spec_keys)} spec_* and {len(row_keys)} rows_* keys, spec_no offsets removed)")
for p in problems[:20]:
    print("    " + p)
sys.exit(1 if problems else 0)
PY
