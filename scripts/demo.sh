#!/usr/bin/env bash
# Builds the Release binary and runs the demo job: simulate 1998-06-15 into data/ when no ER
# tables are there, fit it with `batch`, then summarise the cache with `inspect`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/potential-mapper
if ! find data -name '3D*.TAB' 2>/dev/null | grep -q .; then
  "$bin" simulate --data-dir data --year 1998 --month 6 --day 15
fi
"$bin" batch --year 1998 --month 6 --day 15 --overwrite
"$bin" inspect artifacts/potential_cache/potential_batch_1998_06_15.npz
