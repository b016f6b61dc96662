#!/usr/bin/env bash
# The whole test suite: Release build + tests, then the same tests under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --workflow --preset release
cmake --workflow --preset debug
