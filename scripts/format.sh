#!/usr/bin/env bash
# Applies .clang-format to the C++ sources (src/, tests/, bench/, fuzz/).
#   scripts/format.sh           reformat the files in place
#   scripts/format.sh --check   list the files that differ from the style and exit 1 if any do
#   scripts/format.sh [--check] FILE...   only these files
# Uses clang-format-14 (Debian 12's; another version may format some constructs differently).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
clang_format=${CLANG_FORMAT:-$(command -v clang-format-14 || command -v clang-format || true)}
if [ -z "$clang_format" ]; then
  echo "format.sh: clang-format-14 not found (scripts/install-deps.sh installs it)" >&2
  exit 2
fi
if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp' \
                                    'fuzz/*.cpp' 'fuzz/*.hpp')
fi
if ((check == 0)); then
  "$clang_format" -i --style=file "${files[@]}"
  echo "format.sh: formatted ${#files[@]} files"
  exit 0
fi
differ=0
for f in "${files[@]}"; do
  if ! "$clang_format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "$f"
    differ=$((differ + 1))
  fi
done
if ((differ)); then
  echo "format.sh: $differ of ${#files[@]} files differ from .clang-format (run scripts/format.sh)" >&2
  exit 1
fi
echo "format.sh: all ${#files[@]} files follow .clang-format"
