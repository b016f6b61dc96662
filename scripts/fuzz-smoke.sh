#!/usr/bin/env bash
# Fuzz smoke run for CI (issue 11): builds the libFuzzer targets of fuzz/ with clang and
# -fsanitize=fuzzer,address,undefined (in LPM_FUZZ_BUILD_DIR, default build/fuzz), generates the
# seed corpus (fuzz/make_corpus.sh), and runs every target for a few seconds (LPM_FUZZ_SECONDS,
# default 10; 5 targets → ≤ 60 s of fuzzing).
# A crash, sanitizer report, leak or timeout fails the run; the input is kept in $artifacts.
# Long runs: the same binaries with -max_total_time=600 (see docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${LPM_FUZZ_BUILD_DIR:-build/fuzz}
seconds=${LPM_FUZZ_SECONDS:-10}
artifacts=${LPM_FUZZ_ARTIFACTS:-$build/fuzz-artifacts}
targets=(er_table_fuzz spk_fuzz text_kernel_fuzz npz_fuzz listing_fuzz)

# A tree already configured with the fuzz targets and the sanitizers (the debug presets, which
# scripts/test.sh has just built) is used as it is; any other folder gets its own clang build.
if grep -q '^LPM_BUILD_FUZZERS:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
   grep -q '^LPM_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "fuzz-smoke.sh: using the configured tree $build"
else
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLPM_SANITIZE=ON -DLPM_BUILD_FUZZERS=ON -DLPM_BUILD_TESTS=OFF -DLPM_BUILD_BENCH=OFF > /dev/null
fi
# The seed corpus needs a potential-mapper binary (to simulate a day); reuse a given one
# (LPM_CORPUS_BINARY, e.g. the Release build's) instead of building the whole tree with clang.
corpus_binary=${LPM_CORPUS_BINARY:-}
if [[ -z "$corpus_binary" ]]; then
  cmake --build "$build" --target potential-mapper -j2
  corpus_binary=$build/potential-mapper
fi
cmake --build "$build" --target "${targets[@]}" -j2

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
fuzz/make_corpus.sh "$corpus_binary" "$corpus/seeds"
mkdir -p "$artifacts"

status=0
for target in "${targets[@]}"; do
  name=${target%_fuzz}
  mkdir -p "$corpus/new/$name"
  echo "== $target (${seconds} s)"
  if ! "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -max_len=262144 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$name-" "$corpus/new/$name" "$corpus/seeds/$name" 2> "$corpus/$name.log"; then
    tail -n 60 "$corpus/$name.log"
    echo "FAILED: $target (input kept in $artifacts)"
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$corpus/$name.log" || true
  fi
done
exit $status
