#!/usr/bin/env bash
# The whole test suite: the citation and layering checks, the Release build (g++) and its tests,
# two mutants, the tests again under ASan+UBSan (clang, the ci-debug preset: warnings as errors),
# and a short fuzz run of the input readers built in that same sanitizer tree.
# Budget: CI must finish in 30 minutes on 2 cores, so nothing is built twice: the mutants reuse the
# Release objects (scripts/mutants.sh), and the fuzz targets come from the ci-debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests of `view` skip without chromium or plotly.js; scripts/install-deps.sh installs
# both, so here a skip is a failure.
export LPM_REQUIRE_BROWSER=1
step() { echo "== test.sh: $1 (${SECONDS} s)"; }
/usr/bin/python3 scripts/check_citations.py  # every P§/D§/SPEC § citation has a heading in docs/
# Fails in seconds on an upward include or an undeclared/unused dependency (README "Source layout").
/usr/bin/python3 scripts/check_layering.py
# No machine-dependent libm call in src/ (base/portable_math.hpp: the same bytes on every CPU).
/usr/bin/python3 scripts/check_portable_math.py
# Release: g++'s warnings fail the suite but do not stop the build (the mutants are built from this
# tree, and a mutant that only draws a warning must still reach the tests).
step "Release build"
cmake --preset release
cmake --build --preset release 2>&1 | tee build/release/test-sh-build.log
if grep -q 'warning:' build/release/test-sh-build.log; then
  echo "test.sh: g++ warnings in the Release build (build/release/test-sh-build.log)" >&2
  exit 1
fi
step "Release tests"
ctest --preset release
step "mutants"
# Rotating mutation check (docs/mutants.md): two mutants of scripts/mutants.txt, chosen from the
# commit hash, applied to a scratch copy; CI fails if a Release test does not catch one.
# The whole list: scripts/mutants.sh.
scripts/mutants.sh --ci-subset "${LPM_CI_MUTANTS:-2}" --no-baseline
step "ASan+UBSan build and tests"
cmake --workflow --preset ci-debug
step "fuzz smoke run"
# libFuzzer smoke run (≤ 60 s of fuzzing) on the readers of hostile input.
LPM_FUZZ_BUILD_DIR=build/debug LPM_CORPUS_BINARY=build/release/potential-mapper LPM_FUZZ_SECONDS=8 \
  scripts/fuzz-smoke.sh
step "done"
