"""Independent check of the per-row geometry of a batch cache (issue 17, item 3).

Usage: independent_geometry.py POTENTIAL_MAPPER DATA_DIR CACHE_NPZ

Recomputes, for every row of the cache, the spacecraft latitude/longitude, the footpoint
latitude/longitude, the polarity and both sun flags from primitives only, with numpy, following
../shared/reference/data-geometry-spec.md (D) and written from it, not from src/geometry:

* ET, positions and rotations come from the `potential-mapper spice et|state|rotate` commands
  (the SPICE reader, not the geometry library) on the kernels in DATA_DIR/spice_kernels;
  ECLIPJ2000->J2000 is also built here from the IAU 1976 obliquity and J2000->IAU_MOON from the
  text PCK's polynomials (D 4.7), and both must agree with `spice rotate` (a shared frame error
  in the SPICE layer would otherwise cancel too);
* B (SCD) and the row identity (UTC, spec_no) are parsed from the ER table text (D 2.1);
* the spin axis is interpolated from DATA_DIR/attitude.tab as in D 2.6;
* SCD -> ECLIPJ2000 (D 5.2 step 6), B in IAU_MOON, the straight field line against the
  R = 1737.4 km sphere in both directions (step 9), lat/lon (10, 11), the spacecraft shadow test
  (12) and the footpoint illumination (13).

Compared with the cache, row by row: the class of rows_geometry_status (0 full geometry; 6/7
Sun along the spin axis or bad B: spacecraft position only; 1-5 no geometry, both sun flags
false; a time outside the kernels' coverage makes `spice`, and so this script, fail), lat/lon
within LATLON_TOL_DEG (the latitude difference, and the longitude difference times cos(latitude)
so that a pole does not inflate it), polarity and both sun flags exactly. Rows within a tiny
margin of a decision boundary (field line or Sun ray tangent to the sphere within BOUNDARY_KM,
Sun within BOUNDARY_COS of the footpoint's horizon) are excluded from the exact comparisons and
counted.

The tolerance: the inputs are identical doubles (17 significant digits through the CLI, the same
decimal text of B and of the attitude), so the two computations differ only in the order of
floating-point operations: ~1e-16 relative on vectors of ~2000 km, i.e. ~1e-12 km or ~1e-11 deg
on the surface (observed: a few 1e-13 deg). Only near tangency does the ray-sphere root amplify
this (half-chord L from L^2 = R^2 - d^2 with an error ~1e-16 |p|^2 ~ 4e-10 km^2, so
dL ~ 2e-10 km^2 / L); rows with L below TANGENT_CHORD_KM are left out of the lat/lon comparison
(and counted). 1e-6 deg (3e-5 km) is thus a wide margin for arithmetic and still below the
smallest real error in D we know of (the SCD x-axis from the Moon's instead of the spacecraft's
Sun direction, ~1e-5 rad: 2e-5 to 3e-3 deg at the footpoint on the simulated days).

Then the same comparison is run on deliberately wrong variants of this script's own geometry
(MUTATIONS); each must be caught, so the check is shown not to be blind.

Exit status 0 when everything matches and every mutation is caught; else 1 with one line per
mismatch kind ("FAIL ...").
"""
import glob
import os
import subprocess
import sys

import numpy as np

R_MOON_KM = 1737.4
LATLON_TOL_DEG = 1e-6
BOUNDARY_KM = 1e-6          # |miss distance - R| below this: tangent within a micrometre-ish margin
BOUNDARY_COS = 1e-9         # |cos(solar incidence)| below this: Sun on the horizon
TANGENT_CHORD_KM = 1e-3     # half-chord below this: footpoint ill-conditioned (see docstring)
OBLIQUITY_J2000_ARCSEC = 84381.448  # IAU 1976, mean obliquity at J2000 (defines ECLIPJ2000)


def fail_usage(msg):
    print(f"usage error: {msg}", file=sys.stderr)
    sys.exit(2)


if len(sys.argv) != 4:
    fail_usage("independent_geometry.py POTENTIAL_MAPPER DATA_DIR CACHE_NPZ")
BIN, DATA, CACHE = sys.argv[1:4]

# ------------------------------------------------------------------------------------------
# Kernels (loaded as the reference does: *.bsp, then *.tpc, then *.tls; sorted for determinism)
kdir = os.path.join(DATA, "spice_kernels")
kernels = []
for pattern in ("*.bsp", "*.tpc", "*.tls"):
    kernels += sorted(glob.glob(os.path.join(kdir, pattern)))
if not kernels:
    fail_usage(f"no kernels in {kdir}")
KARGS = [a for k in kernels for a in ("--kernel", k)]


def spice(sub, extra, times):
    """One `potential-mapper spice SUB` call over many times; one float row per time."""
    out = subprocess.run([BIN, "spice", sub] + KARGS + extra + list(times), capture_output=True, text=True)
    if out.returncode != 0:
        print(f"FAIL spice {sub} {' '.join(extra)}: exit {out.returncode}: {out.stderr.strip()[:300]}")
        sys.exit(1)
    rows = [list(map(float, line.split())) for line in out.stdout.splitlines() if line.strip()]
    arr = np.array(rows, dtype=float)
    if arr.shape[0] != len(times):
        print(f"FAIL spice {sub}: {arr.shape[0]} answers for {len(times)} times")
        sys.exit(1)
    return arr


# ------------------------------------------------------------------------------------------
# Cache
cache = np.load(CACHE, allow_pickle=False)
utc = np.array([str(u) for u in cache["rows_utc"]])
spec_no = cache["rows_spec_no"].astype(np.int64)
n = utc.size
if n == 0:
    print("FAIL cache has no rows")
    sys.exit(1)

# ------------------------------------------------------------------------------------------
# ER tables: B (SCD, nT) per row, keyed by (spec_no, UTC); first occurrence wins (D 2.1; the
# pipeline keeps the first of a repeated spec_no).
b_by_key = {}
tables = sorted(glob.glob(os.path.join(DATA, "[0-9]" * 4, "*", "3D*.TAB")))
if not tables:
    fail_usage(f"no ER tables under {DATA}")
for path in tables:
    with open(path, "r", errors="replace") as fh:
        for line in fh:
            f = line.split()
            if len(f) != 183:
                continue
            try:
                key = (int(f[3]), f[0])
                b = (float(f[4]), float(f[5]), float(f[6]))
            except ValueError:
                continue
            b_by_key.setdefault(key, b)
missing = [i for i in range(n) if (int(spec_no[i]), utc[i]) not in b_by_key]
if missing:
    print(f"FAIL {len(missing)} cache rows not found in the ER tables (first: spec_no {spec_no[missing[0]]} {utc[missing[0]]})")
    sys.exit(1)
b_scd = np.array([b_by_key[(int(spec_no[i]), utc[i])] for i in range(n)])

# ------------------------------------------------------------------------------------------
# SPICE primitives
et = spice("et", [], utc)[:, 0]
r_lp = spice("state", ["--target", "-25", "--observer", "301", "--frame", "J2000"], utc)[:, :3]
r_sun = spice("state", ["--target", "10", "--observer", "301", "--frame", "J2000"], utc)[:, :3]
m_j2i = spice("rotate", ["--from", "J2000", "--to", "IAU_MOON"], utc).reshape(n, 3, 3)
m_e2j = spice("rotate", ["--from", "ECLIPJ2000", "--to", "J2000"], utc[:1]).reshape(3, 3)

failures = []  # one line per mismatch kind

# ECLIPJ2000 -> J2000 from the obliquity: v_J2000 = R_x(+eps) v_ecl.
eps = np.radians(OBLIQUITY_J2000_ARCSEC / 3600.0)
m_e2j_own = np.array([[1, 0, 0], [0, np.cos(eps), -np.sin(eps)], [0, np.sin(eps), np.cos(eps)]])
d_e2j = float(np.max(np.abs(m_e2j - m_e2j_own)))
if d_e2j > 1e-14:
    failures.append(f"frame ECLIPJ2000->J2000: spice rotate differs from the IAU 1976 obliquity matrix by {d_e2j:.2e}")


# J2000 -> IAU_MOON from the text PCK (D 4.7): M = R3(W) R1(90 - Dec) R3(90 + RA), SPICE's frame
# rotations; angles in degrees, T in Julian centuries and d in days of TDB past J2000.
def read_text_kernel(path):
    values, on, buf = {}, False, ""
    with open(path, "r", errors="replace") as fh:
        for line in fh:
            s = line.strip()
            if s.startswith("\\begindata"):
                on = True
                continue
            if s.startswith("\\begintext"):
                on = False
                continue
            if on:
                buf += " " + s
    for part in buf.split("BODY")[1:]:
        key, _, rest = part.partition("=")
        rest = rest.replace("(", " ").replace(")", " ").replace("D", "E").replace("d", "e")
        values["BODY" + key.strip()] = np.array([float(x) for x in rest.split()])
    return values


def r1(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, s], -1), np.stack([z, -s, c], -1)], -2)


def r3(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, s, z], -1), np.stack([-s, c, z], -1), np.stack([z, z, o], -1)], -2)


pck_checked = False
for tpc in sorted(glob.glob(os.path.join(kdir, "*.tpc"))):
    k = read_text_kernel(tpc)
    if "BODY301_PM" not in k or "BODY3_NUT_PREC_ANGLES" not in k:
        continue
    pck_checked = True
    T = et / (86400.0 * 36525.0)
    d = et / 86400.0
    ang = k["BODY3_NUT_PREC_ANGLES"].reshape(-1, 2)
    theta = np.radians(ang[:, 0][None, :] + ang[:, 1][None, :] * T[:, None])

    def poly(name, t):
        c = k.get(name, np.zeros(1))
        return sum(c[i] * t**i for i in range(c.size))

    def nut(name, fn):
        c = k.get(name)
        if c is None:
            return 0.0
        return (c[None, :] * fn(theta[:, : c.size])).sum(axis=1)

    ra = np.radians(poly("BODY301_POLE_RA", T) + nut("BODY301_NUT_PREC_RA", np.sin))
    dec = np.radians(poly("BODY301_POLE_DEC", T) + nut("BODY301_NUT_PREC_DEC", np.cos))
    w = np.radians(poly("BODY301_PM", d) + nut("BODY301_NUT_PREC_PM", np.sin))
    m_own = r3(w) @ r1(np.pi / 2 - dec) @ r3(np.pi / 2 + ra)
    d_j2i = float(np.max(np.abs(m_own - m_j2i)))
    if d_j2i > 1e-12:
        failures.append(f"frame J2000->IAU_MOON: spice rotate differs from the text PCK's model by {d_j2i:.2e}")
    break

# ------------------------------------------------------------------------------------------
# Attitude (D 2.6): linear interpolation in ET, shortest-arc RA, linear Dec.
att_utc, att_ra, att_dec = [], [], []
with open(os.path.join(DATA, "attitude.tab"), "r") as fh:
    for line in fh:
        f = [x.strip() for x in line.split(",")]
        if len(f) == 4 and f[0]:
            att_utc.append(f[0])
            att_ra.append(float(f[2]))
            att_dec.append(float(f[3]))
att_et = spice("et", [], att_utc)[:, 0]
att_ra, att_dec = np.array(att_ra), np.array(att_dec)
if not np.all(np.diff(att_et) > 0):
    print("FAIL attitude.tab times are not strictly increasing")
    sys.exit(1)


def attitude(t, mode="linear"):
    right = np.clip(np.searchsorted(att_et, t, side="right"), 1, att_et.size - 1)
    left = right - 1
    f = (t - att_et[left]) / (att_et[right] - att_et[left])
    if mode == "previous":  # wrong on purpose (piecewise constant)
        f = np.zeros_like(f)
    dra = np.mod(att_ra[right] - att_ra[left] + 180.0, 360.0) - 180.0
    ra = np.mod(att_ra[left] + f * dra, 360.0)
    dec = att_dec[left] + f * (att_dec[right] - att_dec[left])
    inside = (t >= att_et[0]) & (t <= att_et[-1])
    return np.where(inside, ra, np.nan), np.where(inside, dec, np.nan)


# ------------------------------------------------------------------------------------------
# Geometry, written from D 5.2


def unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def dot(a, b):
    return np.sum(a * b, axis=-1)


def ray_sphere(p, v):
    """Forward ray p + t v (v unit) against |x| = R: (hit, point, miss_margin_km, half_chord_km).

    miss_margin = distance of the line from the centre minus R (< 0: the line cuts the sphere);
    the hit is the smallest strictly positive root; tangency counts as a hit."""
    pv = dot(p, v)
    c = dot(p, p) - R_MOON_KM**2
    disc = pv * pv - c  # D/4 of D 5.2 with a = 1, b = 2 p.v
    dist_line = np.sqrt(np.maximum(dot(p, p) - pv * pv, 0.0))
    with np.errstate(invalid="ignore"):
        root = np.sqrt(np.where(disc >= 0, disc, np.nan))
    t1, t2 = -pv - root, -pv + root
    t = np.where(t1 > 0, t1, np.where(t2 > 0, t2, np.nan))
    hit = np.isfinite(t)
    point = p + np.where(hit, t, np.nan)[:, None] * v
    return hit, point, dist_line - R_MOON_KM, root


def latlon(p):
    r = np.linalg.norm(p, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        lat = np.degrees(np.arcsin(p[:, 2] / r))
    lon = np.degrees(np.arctan2(p[:, 1], p[:, 0]))
    return lat, lon


def geometry(mut=None):
    m_j2i_used = np.transpose(m_j2i, (0, 2, 1)) if mut == "inverse_moon_rotation" else m_j2i
    p = np.einsum("nij,nj->ni", m_j2i_used, r_lp)                  # LP wrt Moon, IAU_MOON
    s_lp_j = r_sun - r_lp                                           # Sun wrt LP, J2000
    if mut == "sun_from_moon_for_scd":
        s_lp_j_scd = r_sun                                          # wrong on purpose (~1e-5 rad)
    else:
        s_lp_j_scd = s_lp_j
    s_lp_ecl = s_lp_j_scd @ m_e2j                                   # M_e2j^T s (row vectors)
    s_lp_iau = np.einsum("nij,nj->ni", m_j2i_used, s_lp_j)
    s_moon_iau = np.einsum("nij,nj->ni", m_j2i_used, r_sun)

    ra, dec = attitude(et, "previous" if mut == "attitude_previous_record" else "linear")
    a, dl = np.radians(ra), np.radians(dec)
    z = np.stack([np.cos(dl) * np.cos(a), np.cos(dl) * np.sin(a), np.sin(dl)], -1)
    if mut == "spin_axis_equatorial":  # the reference's old bug: RA/Dec taken as J2000
        z = z @ m_e2j
    z = unit(z)
    s_hat = unit(s_lp_ecl)
    x_raw = s_hat - dot(s_hat, z)[:, None] * z
    with np.errstate(invalid="ignore"):
        frame_ok = (np.linalg.norm(x_raw, axis=-1) >= 1e-8)      # D 5.2 step 6: Sun along the spin axis
    x = unit(np.where(frame_ok[:, None], x_raw, np.nan))
    y = np.cross(z, x)
    if mut == "left_handed_scd":
        y = -y
    m_s2e = np.stack([x, y, z], axis=-1)                           # columns x, y, z
    m_s2i = m_j2i_used @ m_e2j[None] @ m_s2e
    b_norm = np.linalg.norm(b_scd, axis=-1)
    field_ok = np.isfinite(b_scd).all(1) & (b_norm > 0)             # step 8
    with np.errstate(invalid="ignore", divide="ignore"):
        b_iau = np.einsum("nij,nj->ni", m_s2i, np.where(field_ok[:, None], unit(b_scd), np.nan))

    hit_p, pt_p, marg_p, chord_p = ray_sphere(p, b_iau)
    hit_m, pt_m, marg_m, chord_m = ray_sphere(p, -b_iau)
    pol = np.where(hit_p & ~hit_m, 1, np.where(hit_m & ~hit_p, -1, 0)).astype(np.int8)
    if mut == "polarity_sign":
        pol = -pol
    foot = np.where((pol == 1)[:, None], pt_p, np.where((pol == -1)[:, None], pt_m, np.nan))
    chord = np.where(pol == 1, chord_p, np.where(pol == -1, chord_m, np.inf))

    sc_lat, sc_lon = latlon(p)
    fp_lat, fp_lon = latlon(foot)
    if mut == "latlon_swap":
        fp_lat, fp_lon = fp_lon, fp_lat

    hit_sun, _, marg_sun, _ = ray_sphere(p, unit(s_lp_iau))
    sc_sun = ~hit_sun
    if mut == "shadow_inverted":
        sc_sun = ~sc_sun
    with np.errstate(invalid="ignore"):
        cos_inc = dot(unit(foot), unit(s_moon_iau))
    if mut == "footpoint_sun_from_spacecraft":  # Sun direction seen from LP, wrong vector
        cos_inc = dot(unit(foot), -unit(s_lp_iau))
    fp_sun = np.where(pol != 0, cos_inc > 0, False)

    near = {
        "polarity": (np.abs(marg_p) < BOUNDARY_KM) | (np.abs(marg_m) < BOUNDARY_KM),
        "spacecraft_in_sun": np.abs(marg_sun) < BOUNDARY_KM,
        "projection_in_sun": (pol != 0) & (np.abs(cos_inc) < BOUNDARY_COS),
        "tangent_footpoint": chord < TANGENT_CHORD_KM,
    }
    # Status classes (README, rows_geometry_status): 0 = full geometry; 6/7 (Sun along the spin
    # axis, bad field) = spacecraft position valid, no footpoint; 1-5 (time, ephemeris, attitude)
    # = NaN geometry and both sun flags false (a deliberate change from the reference's "in sun").
    eph_ok = (np.isfinite(et) & np.isfinite(p).all(1) & np.isfinite(s_lp_iau).all(1) & np.isfinite(s_moon_iau).all(1)
              & np.isfinite(s_lp_ecl).all(1) & (np.linalg.norm(s_lp_ecl, axis=-1) > 0)
              & np.isfinite(ra) & np.isfinite(dec))
    full = eph_ok & frame_ok & field_ok
    cls = np.where(full, 0, np.where(eph_ok, 1, 2))  # 0 full, 1 spacecraft only, 2 none
    none = cls == 2
    sc_lat, sc_lon = np.where(none, np.nan, sc_lat), np.where(none, np.nan, sc_lon)
    sc_sun = np.where(none, False, sc_sun)
    return dict(sc_lat=sc_lat, sc_lon=sc_lon, fp_lat=fp_lat, fp_lon=fp_lon, pol=pol,
                sc_sun=sc_sun, fp_sun=fp_sun, near=near, cls=cls)


def compare(g):
    """Mismatch lines (one per kind) and statistics."""
    out, stats = [], {}
    status = cache["rows_geometry_status"]
    cache_cls = np.where(status == 0, 0, np.where((status == 6) | (status == 7), 1, 2))
    bad_status = cache_cls != g["cls"]
    if bad_status.any():
        i = int(np.argmax(bad_status))
        out.append(f"geometry_status: {int(bad_status.sum())} rows in another status class (first {utc[i]}: cache status"
                   f" {int(status[i])}, here {['full geometry', 'spacecraft only (6/7)', 'none (1-5)'][g['cls'][i]]})")
    ok = ~bad_status

    def angle_check(name, lat, lon, key_lat, key_lon, rows):
        c_lat, c_lon = cache[key_lat], cache[key_lon]
        nan_here, nan_there = ~np.isfinite(lat), ~np.isfinite(c_lat)
        nan_diff = rows & (nan_here != nan_there)
        both = rows & ~nan_here & ~nan_there
        dlat = np.abs(lat - c_lat)
        dlon = np.abs(np.mod(lon - c_lon + 180.0, 360.0) - 180.0)
        dlon_h = dlon * np.cos(np.radians(np.where(np.isfinite(lat), lat, 0.0)))
        err = np.where(both, np.maximum(dlat, dlon_h), 0.0)
        worst = float(err.max()) if both.any() else 0.0
        stats[name] = (int(both.sum()), worst, float(np.where(both, dlat, 0).max()) if both.any() else 0.0,
                       float(np.where(both, dlon, 0).max()) if both.any() else 0.0)
        bad = err > LATLON_TOL_DEG
        if nan_diff.any():
            i = int(np.argmax(nan_diff))
            out.append(f"{name}: {int(nan_diff.sum())} rows NaN on one side only (first {utc[i]}: here {lat[i]:.6f},{lon[i]:.6f}"
                       f" cache {c_lat[i]:.6f},{c_lon[i]:.6f})")
        if bad.any():
            i = int(np.argmax(err))
            out.append(f"{name}: {int(bad.sum())} rows off by more than {LATLON_TOL_DEG:g} deg (worst {worst:.3e} deg at {utc[i]}:"
                       f" here {lat[i]:.9f},{lon[i]:.9f} cache {c_lat[i]:.9f},{c_lon[i]:.9f})")

    angle_check("spacecraft_latlon", g["sc_lat"], g["sc_lon"], "rows_spacecraft_latitude", "rows_spacecraft_longitude", ok)
    near_any = g["near"]["polarity"] | g["near"]["tangent_footpoint"]
    angle_check("projection_latlon", g["fp_lat"], g["fp_lon"], "rows_projection_latitude", "rows_projection_longitude",
                ok & ~near_any)

    def exact(name, mine, theirs, excluded):
        rows = ok & ~excluded
        bad = rows & (mine != theirs)
        stats[name] = (int(rows.sum()), int((ok & excluded).sum()))
        if bad.any():
            i = int(np.argmax(bad))
            out.append(f"{name}: {int(bad.sum())} of {int(rows.sum())} rows differ (first {utc[i]}: here {mine[i]} cache {theirs[i]})")

    exact("polarity", g["pol"], cache["rows_projection_polarity"].astype(np.int8), g["near"]["polarity"])
    exact("spacecraft_in_sun", g["sc_sun"], cache["rows_spacecraft_in_sun"].astype(bool), g["near"]["spacecraft_in_sun"])
    exact("projection_in_sun", g["fp_sun"], cache["rows_projection_in_sun"].astype(bool),
          g["near"]["projection_in_sun"] | g["near"]["polarity"])
    return out, stats


MUTATIONS = ["polarity_sign", "latlon_swap", "shadow_inverted", "footpoint_sun_from_spacecraft",
             "sun_from_moon_for_scd", "spin_axis_equatorial", "left_handed_scd",
             "attitude_previous_record", "inverse_moon_rotation"]

g = geometry()
mismatches, stats = compare(g)
failures += mismatches

pol = g["pol"]
print(f"independent geometry: {n} rows, {len(tables)} table(s), {len(kernels)} kernels;"
      f" polarity +1/-1/0 = {int((pol == 1).sum())}/{int((pol == -1).sum())}/{int((pol == 0).sum())};"
      f" spacecraft in sun {int(g['sc_sun'].sum())}, footpoint in sun {int(g['fp_sun'].sum())}")
print(f"  frames: ECLIPJ2000->J2000 vs obliquity max |dM| = {d_e2j:.1e};"
      + (f" J2000->IAU_MOON vs text PCK max |dM| = {d_j2i:.1e}" if pck_checked else " no text PCK for IAU_MOON (not checked)"))
for name in ("spacecraft_latlon", "projection_latlon"):
    cnt, worst, dlat, dlon = stats[name]
    print(f"  {name}: {cnt} rows compared, worst {worst:.2e} deg (max |dlat| {dlat:.2e}, max |dlon| {dlon:.2e}),"
          f" tolerance {LATLON_TOL_DEG:g} deg")
print(f"  footpoints excluded as near-tangent (half-chord < {TANGENT_CHORD_KM} km) or near a polarity boundary:"
      f" {int((g['near']['tangent_footpoint'] | g['near']['polarity']).sum())}")
for name in ("polarity", "spacecraft_in_sun", "projection_in_sun"):
    cnt, excl = stats[name]
    print(f"  {name}: {cnt} rows compared exactly, {excl} excluded within the boundary margin")

for mut in MUTATIONS:
    found, _ = compare(geometry(mut))
    if found:
        print(f"  mutation {mut}: caught")
        for line in found:
            print(f"      {line}")
    else:
        failures.append(f"mutation {mut}: NOT caught - the check is blind to it")

for line in failures:
    print(f"FAIL {line}")
print("independent geometry: " + ("OK" if not failures else f"{len(failures)} failure(s)"))
sys.exit(1 if failures else 0)
