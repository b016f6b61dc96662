#!/usr/bin/env bash
# Builds the Release binary and runs the demo job.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/potential-mapper
"$bin" --help
