#!/usr/bin/env bash
# `stats` speed on a month cache (issue 18: under 2 s): wall time of `potential-mapper stats`
# for every --by and both formats, min / median / max of LPM_BENCH_REPETITIONS runs (default 5).
#   bench/stats_month.sh CACHE.npz [POTENTIAL_MAPPER]
# A month cache comes from `simulate --year 1998 --month 6` and `batch --year 1998 --month 6`.
# Figures are printed, never asserted.
set -euo pipefail
cache=${1:?usage: bench/stats_month.sh CACHE.npz [POTENTIAL_MAPPER]}
bin=${2:-$(dirname "$0")/../build/release/potential-mapper}
repetitions=${LPM_BENCH_REPETITIONS:-5}
work=$(mktemp -d /tmp/lpm-stats-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

spectra=$(/usr/bin/python3 -c "import numpy as np; print(np.load('$cache')['spec_spec_no'].size)")
echo "stats on $cache ($spectra spectra), $repetitions runs each"
echo "| --by | output | min s | median s | max s |"
echo "|---|---|---|---|---|"
for by in grid sza local-time region; do
  for ext in nc csv; do
    times=()
    for ((i = 0; i < repetitions; i++)); do
      /usr/bin/time -f %e -o "$work/time.txt" "$bin" stats -q "$cache" --by "$by" -o "$work/out.$ext"
      times+=("$(cat "$work/time.txt")")
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    min=$(echo "$sorted" | head -1)
    max=$(echo "$sorted" | tail -1)
    median=$(echo "$sorted" | sed -n "$(((repetitions + 1) / 2))p")
    printf '| %s | .%s | %.3f | %.3f | %.3f |\n' "$by" "$ext" "$min" "$median" "$max"
  done
done
