#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets at run time (nothing generated is committed):
#   fuzz/make_corpus.sh POTENTIAL_MAPPER OUT_DIR [SHARED_DIR]
# OUT_DIR/<target>/ gets seeds made from a small simulated day (`potential-mapper simulate`,
# then `batch` for an NPZ cache) and from the shared NAIF kernels (SHARED_DIR/kernels, default
# ../shared next to the source tree), plus a few hand-written HTML listings.
set -euo pipefail

bin=${1:?usage: make_corpus.sh POTENTIAL_MAPPER OUT_DIR [SHARED_DIR]}
out=${2:?usage: make_corpus.sh POTENTIAL_MAPPER OUT_DIR [SHARED_DIR]}
src_dir=$(cd "$(dirname "$0")/.." && pwd)
shared=${3:-${LPM_SHARED_DIR:-$src_dir/../shared}}
kernels=$shared/kernels
max_seed_bytes=65536    # larger text/table inputs only slow the fuzzers down; their head still makes a seed
max_kernel_bytes=262144  # binary kernels are kept whole up to this size (a cut DAF fails at once)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"/{er_table,spk,text_kernel,npz,listing}

# A small simulated day: ER table, simulated SPK/LSK/PCK, truth NPZ; then a batch cache.
"$bin" simulate -q --data-dir "$work/data" --year 1998 --month 6 --day 15 --spectra-per-day 6 --seed 3
"$bin" batch -q --threads 1 --data-dir "$work/data" --output-dir "$work/cache" --year 1998 --month 6 --day 15
table=$(find "$work/data" -name '3D*.TAB' | head -n 1)

# er_table: one line, one spectrum (15 lines), two spectra (also interleaved); CRLF, LF and CR-only
# variants; a fill-valued row.
head -n 1 "$table" > "$out/er_table/one_line.tab"
head -n 15 "$table" > "$out/er_table/one_spectrum.tab"
head -n 30 "$table" > "$out/er_table/two_spectra.tab"
head -n 15 "$table" | tr -d '\r' > "$out/er_table/one_spectrum_lf.tab"
head -n 15 "$table" | tr -d '\n' > "$out/er_table/one_spectrum_cr.tab"
paste -d '\n' <(head -n 15 "$table") <(sed -n 16,30p "$table") > "$out/er_table/two_spectra_interleaved.tab"
sed -n 16,30p "$table" | sed -E '3s/ [0-9.]+E[-+][0-9]+ / 9.999E-99 /; 5s/ [0-9]+\.[0-9]+\r?$/ 999.99/' \
  > "$out/er_table/fill_values.tab"

# spk: the simulated and shared kernels up to max_kernel_bytes (together every supported segment
# type, both byte orders), plus the head of each larger one (a truncated file).
for f in "$work"/data/spice_kernels/*.bsp "$kernels"/*.bsp "$kernels"/*.bpc; do
  [ -e "$f" ] || continue
  name=$(basename "$(dirname "$f")")_$(basename "$f")
  if [ "$(stat -c %s "$f")" -le "$max_kernel_bytes" ]; then cp "$f" "$out/spk/$name"
  else head -c "$max_seed_bytes" "$f" > "$out/spk/head_$name"; fi
done

# text_kernel: simulated and shared LSK / PCK / FK (large ones cut to their head).
for f in "$work"/data/spice_kernels/*.tls "$work"/data/spice_kernels/*.tpc "$kernels"/*.tls "$kernels"/*.tpc "$kernels"/*.tf; do
  [ -e "$f" ] || continue
  head -c "$max_seed_bytes" "$f" > "$out/text_kernel/$(basename "$(dirname "$f")")_$(basename "$f")"
done

# npz: first byte 0 = a whole archive, 1 = one .npy entry, 6 / 0x42 = an archive read in pieces
# of 1 041 / 16 641 bytes (see npz_fuzz.cpp).
npz_seed() {  # npz_seed MODE_BYTE FILE NAME
  { printf "\\x$1"; cat "$2"; } > "$out/npz/$3"
}
npz_seed 00 "$(find "$work/cache" -name '*.npz' | head -n 1)" batch_cache.npz
npz_seed 06 "$(find "$work/cache" -name '*.npz' | head -n 1)" batch_cache_pieces_1041.npz
npz_seed 42 "$(find "$work/cache" -name '*.npz' | head -n 1)" batch_cache_pieces_16641.npz
truth=$(find "$work/data" -name '*_truth.npz' | head -n 1)
if [ "$(stat -c %s "$truth")" -le "$max_seed_bytes" ]; then npz_seed 00 "$truth" truth.npz; fi
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  /usr/bin/python3 - "$work/np" <<'PY'
import os, sys
import numpy as np
d = sys.argv[1]
os.makedirs(d)
arrays = {"f8": np.linspace(-1, 1, 7), "i4": np.arange(5, dtype="<i4"), "i8": np.arange(3, dtype="<i8"),
          "i1": np.array([-1, 0, 1], dtype="i1"), "u": np.array(["a", "bc"], dtype="<U64"),
          "m": np.zeros((2, 3)), "s0": np.array(1.5), "b": np.array([True, False]), "e": np.zeros((0,))}
np.savez(os.path.join(d, "plain.npz"), **arrays)
np.savez_compressed(os.path.join(d, "compressed.npz"), **arrays)
for k, a in arrays.items():
    np.save(os.path.join(d, k + ".npy"), a)
PY
  for f in "$work"/np/*.npz; do npz_seed 00 "$f" "numpy_$(basename "$f")"; done
  for f in "$work"/np/*.npy; do npz_seed 01 "$f" "numpy_$(basename "$f")"; done
fi

# listing: Apache-style folder listings of the archive's three levels, and hostile hrefs.
cat > "$out/listing/root.html" <<'HTML'
<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN"><html><head><title>Index of /lp-er</title></head><body>
<h1>Index of /lp-er</h1><table><tr><th><a href="?C=N;O=D">Name</a></th></tr>
<tr><td><a href="/pub/">Parent Directory</a></td></tr>
<tr><td><a href="1998/">1998/</a></td><td align="right">2009-01-01 12:00</td></tr>
<tr><td><a href="1999/">1999/</a></td></tr>
<tr><td><a href="../">../</a></td></tr></table></body></html>
HTML
cat > "$out/listing/year.html" <<'HTML'
<html><body><pre><a href="../">../</a>
<a href="001_031JAN/">001_031JAN/</a>   01-Jan-2009 12:00    -
<A HREF='152_181JUN/'>152_181JUN/</A>
<a  href = 182_212JUL/ >182_212JUL/</a>
<a href="https://example.org/334_365DEC/">abs</a>
</pre></body></html>
HTML
cat > "$out/listing/month.html" <<'HTML'
<html><body><ul>
<li><a href="3D980615.TAB">3D980615.TAB</a></li>
<li><a href="3D980615.xml">3D980615.xml</a></li>
<li><a href="3d980616.tab">3d980616.tab</a></li>
<li><a href="../../../etc/3D980617.TAB">evil</a></li>
<li><a href="/3D980618.TAB">abs</a></li>
<li><a href="3D980615.TAB">duplicate</a></li>
<li><a href="sub/3D980619.TAB">nested</a></li>
</ul></body></html>
HTML
printf '<a href="3D980615.TAB' > "$out/listing/unterminated.html"

for t in er_table spk text_kernel npz listing; do
  echo "$t: $(find "$out/$t" -type f | wc -l) seeds"
done
