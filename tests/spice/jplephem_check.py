"""Independent oracle for the SPK reader/writer tests: evaluates type 2/3 SPK segments with
Debian's python3-jplephem. Usage: jplephem_check.py FILE TARGET CENTER ET [ET ...]
Prints one line per ET: x y z [km] vx vy vz [km/s] (repr precision). Segment choice: the last
segment of the file for the pair whose coverage contains ET (SPICE's rule)."""
import math
import sys

from jplephem.spk import SPK


def main():
    path, target, center = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ets = [float(a) for a in sys.argv[4:]]
    kernel = SPK.open(path)
    try:
        for et in ets:
            chosen = None
            for seg in kernel.segments:
                if seg.target == target and seg.center == center and seg.start_second <= et <= seg.end_second:
                    chosen = seg
            if chosen is None:
                print("no segment for", target, center, et)
                return 2
            # Julian date split in whole days + fraction to keep full precision.
            days = math.floor(et / 86400.0)
            pos, vel = chosen.compute_and_differentiate(2451545.0 + days, (et - days * 86400.0) / 86400.0)
            print(" ".join(repr(float(v)) for v in list(pos) + [v / 86400.0 for v in vel]))
    finally:
        kernel.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
