#!/usr/bin/env bash
# The whole test suite: Release build + tests, a short fuzz run of the input readers, then the
# same tests again under ASan+UBSan (the Debug preset).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --workflow --preset release
# libFuzzer smoke run (≤ 60 s of fuzzing) on the readers of hostile input.
LPM_CORPUS_BINARY=build/release/potential-mapper LPM_FUZZ_SECONDS=8 scripts/fuzz-smoke.sh
cmake --workflow --preset debug
