#!/usr/bin/env bash
# The benchmark suite (issues 10 and 22): builds Release, runs every Google Benchmark program and
# the end-to-end runs on simulated data, and prints one table per kind (min / median / max).
#   scripts/bench.sh            micro-benchmarks; end to end on a simulated day, week and month
#   scripts/bench.sh --quick    micro-benchmarks and one simulated day only
#   scripts/bench.sh --year     the default plus the simulated year 1998 (392 012 spectra: about
#                               10 minutes to simulate, 12 or more per run on 2 cores)
# Repetitions: LPM_BENCH_REPETITIONS (default 3; the year 1 unless it is set). Figures are
# printed, never asserted. Uses /usr/bin/time -v for peak RSS and callgrind for instruction
# counts (stable on a noisy machine). Each size's data is deleted after its runs, so the disk
# needed is that of the largest size: ≈ 22 MB of tables a day, so ≈ 0.7 GB for the month and
# ≈ 9.5 GB for the year (8 GB of tables, 1 GB of batch spill, the cache); the work folder is
# under $TMPDIR (default /tmp), so point that at a larger disk if need be.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=default
case "${1:-}" in
  "") ;;
  --quick) mode=quick ;;
  --year) mode=year ;;
  *) echo "usage: scripts/bench.sh [--quick | --year]" >&2; exit 2 ;;
esac
repetitions=${LPM_BENCH_REPETITIONS:-3}
year_repetitions=${LPM_BENCH_REPETITIONS:-1}

cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
build=build/release
bin=$build/potential-mapper
work=$(mktemp -d "${TMPDIR:-/tmp}/lpm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
year_disk_kb=$((10 * 1024 * 1024))
if [[ $mode == year ]] && (($(df -Pk "$work" | awk 'NR == 2 {print $4}') < year_disk_kb)); then
  echo "scripts/bench.sh --year needs 10 GB free under $(dirname "$work"); set TMPDIR to a larger disk" >&2
  exit 1
fi
results=$work/results
mkdir -p "$results"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)" >&2

# 1. Micro-benchmarks (JSON, every repetition kept for min/median/max).
for b in tab_parse_bench time_bench spk_bench geometry_bench kappa_fit_bench losscone_fit_bench npz_write_bench plot_bench; do
  [[ -x $build/bench/$b ]] || continue
  echo "running $b ..." >&2
  "$build/bench/$b" --benchmark_repetitions="$repetitions" --benchmark_format=json \
      --benchmark_out="$results/$b.json" --benchmark_out_format=json >/dev/null 2>"$results/$b.log" ||
      echo "$b failed (exit $?): $(tail -1 "$results/$b.log")" >&2
done

# 2. End to end: `batch` on each simulated size; one line per run in end_to_end.txt
#    (size threads elapsed peak-RSS-kB spectra), summarised by bench/summarize.py.
end_to_end() {  # size selection threads runs
  local size=$1 selection=$2 threads=$3 runs=$4
  for ((i = 0; i < runs; i++)); do
    echo "batch $size, $threads thread(s), run $((i + 1)) of $runs ..." >&2
    rm -rf "$work/out"
    /usr/bin/time -v "$bin" batch -q --data-dir "$work/$size" --output-dir "$work/out" $selection \
        --threads "$threads" 2>"$work/time.txt"
    local elapsed rss spectra
    elapsed=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
    spectra=$(/usr/bin/python3 -c "import numpy as np,glob; print(sum(np.load(p)['spec_spec_no'].size for p in glob.glob('$work/out/*.npz')))")
    echo "$size $threads $elapsed $rss $spectra" >>"$results/end_to_end.txt"
  done
}
simulate_size() {  # size selection: simulated once per bench run
  echo "simulating the $1 ..." >&2
  "$bin" simulate -q --data-dir "$work/$1" $2 >&2
}
day="--year 1998 --month 6 --day 15"
week="--start 1998-06-15 --end 1998-06-21"
month="--year 1998 --month 6"
year="--year 1998"

simulate_size day "$day"
end_to_end day "$day" 1 "$repetitions"
end_to_end day "$day" 2 "$repetitions"
rm -rf "$work/day"
if [[ $mode != quick ]]; then
  simulate_size week "$week"
  end_to_end week "$week" 1 "$repetitions"
  end_to_end week "$week" 2 "$repetitions"
  rm -rf "$work/week"
  simulate_size month "$month"
  end_to_end month "$month" 2 "$repetitions"
  rm -rf "$work/month"
  bench/stats_month.sh "$work"/out/*.npz "$bin" >"$results/stats_month.md"  # issue 18: < 2 s
fi
if [[ $mode == year ]]; then
  simulate_size year "$year"
  end_to_end year "$year" 2 "$year_repetitions"
  rm -rf "$work/year"
fi
rm -rf "$work/out"

# 3. Instructions per spectrum (callgrind): difference of two runs of 40 and 80 spectra, so the
#    fixed start-up cost (kernels, tables) cancels. `batch` records no per-stage timings, so the
#    inclusive counts per function (callgrind_annotate) show where the time goes.
if command -v valgrind >/dev/null; then
  for n in 40 80; do
    "$bin" simulate -q --data-dir "$work/cg$n" $day --spectra-per-day $n >&2
    valgrind --tool=callgrind --callgrind-out-file="$work/cg$n.out" "$bin" batch -q --threads 1 \
        --data-dir "$work/cg$n" --output-dir "$work/cgout$n" $day 2>"$work/cg$n.log" || true
    grep -m1 "Collected" "$work/cg$n.log" | awk '{print $NF}' >"$results/callgrind_$n.txt" || true
    callgrind_annotate --inclusive=yes --threshold=100 "$work/cg$n.out" >"$results/callgrind_${n}_inclusive.txt" \
        2>/dev/null || true
  done
fi

/usr/bin/python3 bench/summarize.py "$results"
[[ -f $results/stats_month.md ]] && cat "$results/stats_month.md"
