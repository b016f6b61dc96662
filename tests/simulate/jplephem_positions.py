"""Positions from an SPK file read by Debian's python3-jplephem (independent of our reader).
Usage: jplephem_positions.py FILE CENTER TARGET ET [ET ...]
Prints one line "x y z" (km) per ET (TDB seconds past J2000)."""
import sys

from jplephem.spk import SPK

path, center, target = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kernel = SPK.open(path)
segment = kernel[center, target]
for et_text in sys.argv[4:]:
    jd = 2451545.0 + float(et_text) / 86400.0
    x, y, z = segment.compute(jd)
    print(f"{x!r} {y!r} {z!r}")
kernel.close()
