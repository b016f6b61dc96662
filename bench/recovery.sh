#!/usr/bin/env bash
# Recovery benchmark (issue 15, item 5): simulates a week around a full moon (the Moon crosses the
# magnetotail: solar wind → magnetosheath → lobes/plasma sheet → back) in 1998 (40 eV sweep floor)
# and in 1999 (7 eV floor, low orbit), runs `batch` on each and prints, per year, bench/recovery.py's
# truth tables (region × day/night: U_sc, n, T, κ, class; U_surface error, tolerance, interval
# coverage and width, status counts).
#
#   bench/recovery.sh [--quick]
#
# Environment (defaults in brackets):
#   POTENTIAL_MAPPER          binary [build/release/potential-mapper of this checkout]
#   RECOVERY_DIR              scratch folder [/tmp/lpm-recovery]; [quick/]YEAR/{data,out} below it
#   RECOVERY_DAYS             days per window, centred on the full moon [7]
#   RECOVERY_SPECTRA_PER_DAY  spectra per simulated day [1080; 150 with --quick]
#   RECOVERY_THREADS          batch --threads [batch's default: hardware threads]
#   RECOVERY_YEARS            which windows [1998 1999]
#   RECOVERY_BATCH_FLAGS      extra `batch` flags, e.g. "--losscone-fit-method lillis" [none]
# Simulated data are reused when YEAR/data/recovery.stamp records the same seed, dates, spectra
# per day and binary (SHA-256); otherwise that data folder is rebuilt. `batch` always reruns.
# Re-analyse an existing output without simulating: /usr/bin/python3 bench/recovery.py CACHE TRUTH_DIR
set -euo pipefail
src_dir=$(cd "$(dirname "$0")/.." && pwd)
bin=${POTENTIAL_MAPPER:-$src_dir/build/release/potential-mapper}
root=${RECOVERY_DIR:-/tmp/lpm-recovery}
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
days=${RECOVERY_DAYS:-7}
per_day=${RECOVERY_SPECTRA_PER_DAY:-$([ "$quick" = 1 ] && echo 150 || echo 1080)}
years=${RECOVERY_YEARS:-1998 1999}
[ "$quick" = 1 ] && root=$root/quick  # keep the full run's data
threads_flag=()
[ -n "${RECOVERY_THREADS:-}" ] && threads_flag=(--threads "$RECOVERY_THREADS")

# Full moons (UTC dates) with the simulated Moon in the tail for ~4 days around them, and seeds.
declare -A full_moon=([1998]=1998-06-10 [1999]=1999-06-28)
declare -A seed=([1998]=1501 [1999]=1502)

# The binary may be being rebuilt: wait for it up to 5 minutes.
for _ in $(seq 60); do [ -x "$bin" ] && break; echo "waiting for $bin ..." >&2; sleep 5; done
[ -x "$bin" ] || { echo "recovery: no binary at $bin" >&2; exit 1; }
bin=$(realpath "$bin")
bin_sha=$(sha256sum "$bin" | cut -d' ' -f1)

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }

echo "# Recovery benchmark"
echo
echo "binary $bin (sha256 ${bin_sha:0:12}), $days day(s) per window, $per_day spectra/day, scratch $root"
echo
for year in $years; do
  centre=${full_moon[$year]:?no full moon known for $year}
  start=$(date -u -d "$centre - $(( (days - 1) / 2 )) days" +%F)
  end=$(date -u -d "$start + $(( days - 1 )) days" +%F)
  data=$root/$year/data
  out=$root/$year/out
  stamp="seed=${seed[$year]} start=$start end=$end spectra_per_day=$per_day binary_sha256=$bin_sha"

  if [ -f "$data/recovery.stamp" ] && [ "$(cat "$data/recovery.stamp")" = "$stamp" ]; then
    simulate_note="reused (same seed, dates and binary)"
  else
    # Only ever delete a folder this script made (it has a stamp or a truth/ folder).
    if [ -d "$data" ]; then
      if [ -f "$data/recovery.stamp" ] || [ -d "$data/truth" ]; then rm -rf "$data"
      else echo "recovery: $data exists and is not ours; choose another RECOVERY_DIR" >&2; exit 1; fi
    fi
    t0=$(now)
    "$bin" simulate -q --data-dir "$data" --start "$start" --end "$end" --seed "${seed[$year]}" \
      --spectra-per-day "$per_day"
    simulate_note="$(since "$t0") s"
    echo "$stamp" > "$data/recovery.stamp"
  fi

  mkdir -p "$out"
  t0=$(now)
  "$bin" batch -q --data-dir "$data" --year "$year" --output-dir "$out" --overwrite "${threads_flag[@]}" ${RECOVERY_BATCH_FLAGS:-}
  batch_seconds=$(since "$t0")
  cache=$out/potential_batch_$year.npz

  /usr/bin/python3 "$src_dir/bench/recovery.py" "$cache" "$data/truth" \
    --title "$year: $start … $end (full moon $centre), seed ${seed[$year]}"
  echo "Elapsed: simulate $simulate_note, batch $batch_seconds s${RECOVERY_THREADS:+ on $RECOVERY_THREADS threads}."
  echo
done
