#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian 12 packages.
# Idempotent; run as root (or with sudo) on a fresh machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libcli11-dev libfmt-dev libspdlog-dev
  zlib1g-dev libcurl4-openssl-dev libssl-dev libtbb-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libcairo2-dev libnetcdf-dev poppler-utils librsvg2-bin
  python3 python3-numpy python3-jplephem python3-xarray python3-netcdf4
  clang libclang-rt-14-dev clang-format-14 clang-tidy-14
  valgrind time util-linux
  chromium nodejs
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-deps: all ${#packages[@]} packages present"

# plotly.js for `potential-mapper view` (bundled into every page it writes), from npm at a pinned
# version into the clone's gitignored third_party/npm/ (CMake's LPM_PLOTLY_JS points there).
plotly_version=4.1.2
npm_dir="$(cd "$(dirname "$0")/.." && pwd)/third_party/npm"
plotly_package="$npm_dir/node_modules/plotly.js-dist-min/package.json"
if ! grep -q "\"version\": \"$plotly_version\"" "$plotly_package" 2>/dev/null; then
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --save-exact --no-audit --no-fund --silent "plotly.js-dist-min@$plotly_version"
fi
echo "install-deps: plotly.js-dist-min $plotly_version in $npm_dir"
