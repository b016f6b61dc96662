#!/usr/bin/env bash
# The benchmark suite (issue 10): builds Release, runs every Google Benchmark program and the
# end-to-end runs on simulated data, and prints one table (min / median / max of several runs).
#   scripts/bench.sh            all of it (a simulated month takes a few minutes)
#   scripts/bench.sh --quick    micro-benchmarks and one simulated day only
# Figures are printed, never asserted. Uses /usr/bin/time -v for peak RSS and callgrind for
# instruction counts (stable on a noisy machine).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
repetitions=${LPM_BENCH_REPETITIONS:-3}

cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
build=build/release
bin=$build/potential-mapper
work=$(mktemp -d /tmp/lpm-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
results=$work/results
mkdir -p "$results"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)" >&2

# 1. Micro-benchmarks (JSON, every repetition kept for min/median/max).
for b in tab_parse_bench time_bench spk_bench geometry_bench kappa_fit_bench losscone_fit_bench npz_write_bench plot_bench; do
  [[ -x $build/bench/$b ]] || continue
  echo "running $b ..." >&2
  "$build/bench/$b" --benchmark_repetitions="$repetitions" --benchmark_format=json \
      --benchmark_out="$results/$b.json" --benchmark_out_format=json >/dev/null 2>"$results/$b.log" || true
done

# 2. End to end: batch on a simulated day (and month) at 1 and 2 threads.
end_to_end() {  # label data_dir selection threads
  local label=$1 data=$2 selection=$3 threads=$4
  for ((i = 0; i < repetitions; i++)); do
    rm -rf "$work/out"
    /usr/bin/time -v "$bin" batch -q --data-dir "$data" --output-dir "$work/out" $selection --threads "$threads" \
        2>"$work/time.txt"
    local elapsed rss spectra
    elapsed=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
    spectra=$(/usr/bin/python3 -c "import numpy as np,glob; print(np.load(glob.glob('$work/out/*.npz')[0])['spec_spec_no'].size)")
    echo "$label threads=$threads $elapsed $rss $spectra" >>"$results/end_to_end.txt"
  done
}
"$bin" simulate -q --data-dir "$work/day" --year 1998 --month 6 --day 15 >&2
end_to_end day "$work/day" "--year 1998 --month 6 --day 15" 1
end_to_end day "$work/day" "--year 1998 --month 6 --day 15" 2
if ((quick == 0)); then
  "$bin" simulate -q --data-dir "$work/month" --year 1998 --month 6 >&2
  repetitions_saved=$repetitions; repetitions=1
  end_to_end month "$work/month" "--year 1998 --month 6" 1
  end_to_end month "$work/month" "--year 1998 --month 6" 2
  repetitions=$repetitions_saved
  bench/stats_month.sh "$work"/out/*.npz "$bin" >"$results/stats_month.md"  # issue 18: < 2 s
fi

# 3. Instructions per spectrum (callgrind): difference of two runs of 40 and 80 spectra, so the
#    fixed start-up cost (kernels, tables) cancels.
if command -v valgrind >/dev/null; then
  for n in 40 80; do
    "$bin" simulate -q --data-dir "$work/cg$n" --year 1998 --month 6 --day 15 --spectra-per-day $n >&2
    valgrind --tool=callgrind --callgrind-out-file="$work/cg$n.out" "$bin" batch -q --threads 1 \
        --data-dir "$work/cg$n" --output-dir "$work/cgout$n" --year 1998 --month 6 --day 15 2>"$work/cg$n.log" || true
    grep -m1 "Collected" "$work/cg$n.log" | awk '{print $NF}' >"$results/callgrind_$n.txt" || true
  done
fi

/usr/bin/python3 bench/summarize.py "$results"
[[ -f $results/stats_month.md ]] && cat "$results/stats_month.md"
