#!/usr/bin/env bash
# The whole test suite: the layering check, Release build + tests, a short fuzz run of the input
# readers, then the same tests again under ASan+UBSan with warnings as errors (the ci-debug preset:
# LPM_WARNINGS_AS_ERRORS=ON). The Release build keeps warnings as warnings: the mutants are built
# from it, and a mutant that only draws a warning must still reach the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests of `view` skip without chromium or plotly.js; scripts/install-deps.sh installs
# both, so here a skip is a failure.
export LPM_REQUIRE_BROWSER=1
/usr/bin/python3 scripts/check_citations.py  # every P§/D§/SPEC § citation has a heading in docs/
# Fails in seconds on an upward include or an undeclared/unused dependency (README "Source layout").
/usr/bin/python3 scripts/check_layering.py
cmake --workflow --preset release
# Rotating mutation check (docs/mutants.md): two mutants of scripts/mutants.txt, chosen from the
# commit hash, applied to a scratch copy; CI fails if a Release test does not catch one.
# The whole list: scripts/mutants.sh.
scripts/mutants.sh --ci-subset "${LPM_CI_MUTANTS:-2}" --no-baseline
# libFuzzer smoke run (≤ 60 s of fuzzing) on the readers of hostile input.
LPM_CORPUS_BINARY=build/release/potential-mapper LPM_FUZZ_SECONDS=8 scripts/fuzz-smoke.sh
cmake --workflow --preset ci-debug
