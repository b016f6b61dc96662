"""Checks a `potential-mapper view` page in headless chromium against numpy's reading of its cache.

usage: check_view.py make CACHE.npz EMPTY.npz NAN.npz
         writes a cache with 0 spectra and one whose U_surface is NaN everywhere (from CACHE)
       check_view.py figures CACHE.npz DIR
         writes a stand-in explain figure <cache stem>_spec<spec_no>.png into DIR for every spectrum
       check_view.py check PAGE.html CACHE.npz KIND OUTDIR [--stats GRID.nc] [--explain-dir DIR]
         KIND full: drives the page's own controls and compares data-shown after each change with
         numpy's count; hovers and clicks a footpoint (its values; its explain figure from DIR, or
         the command that makes it); checks the screenshot (colour bar, coloured footpoints).
         KIND empty / nan: a page that says there is nothing to draw, data-shown 0.

Numpy's side reads the spec_ keys of the cache (footpoint geometry, status, illumination,
environment) and the footpoint row's rows_utc; a spectrum is drawn when its U_surface and
footpoint are finite. Status and region names are those of the README (fit_status.hpp,
environment.hpp), spelled out here.
"""
import json
import os
import re
import struct
import subprocess
import sys
import zlib

import numpy as np

from check_stats import footpoint_rows

STATUS = {0: "fitted", 1: "no_valid_bins", 2: "too_few_bins", 3: "rejected_by_chi2", 4: "u_sc_failed",
          5: "kappa_fit_failed", 6: "geometry_invalid", 7: "not_connected", 8: "dropped_on_input",
          9: "u_sc_at_limit", 10: "unconstrained", 11: "at_bound"}
REGION = {0: "unknown", 1: "solar_wind", 2: "magnetosheath", 3: "tail_lobes", 4: "plasma_sheet", 5: "wake"}
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def make(source, empty_path, nan_path):
    c = dict(np.load(source))
    per_item = [k for k in c if k.startswith(("rows_", "spec_"))]
    np.savez(empty_path, **{k: (v[:0] if k in per_item else v) for k, v in c.items()})
    nan = dict(c)
    for key in ("rows_projected_potential", "spec_u_surface", "rows_u_surface_lower", "rows_u_surface_upper",
                "spec_u_surface_lower", "spec_u_surface_upper"):
        nan[key] = np.full_like(c[key], np.nan)
    np.savez(nan_path, **nan)


def png_bytes(width, height, rgb):
    """An 8-bit RGB PNG of one colour."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def figure_name(cache, spec_no):
    """The README's name of a spectrum's explain figure: <cache stem>_spec<spec_no>.png."""
    return f"{os.path.splitext(os.path.basename(cache))[0]}_spec{spec_no}.png"


def figures(cache, folder):
    """A stand-in explain figure for every spectrum of the cache."""
    os.makedirs(folder, exist_ok=True)
    image = png_bytes(40, 30, (200, 60, 60))
    for spec_no in np.load(cache)["spec_spec_no"]:
        with open(os.path.join(folder, figure_name(cache, spec_no)), "wb") as f:
            f.write(image)


def read_png(path):
    """RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG as an (h, w, 3) array."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.int32)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1).astype(np.int32)
        if kind == 1:  # Sub: add the byte one pixel to the left (sequential)
            line = line.copy()
            for x in range(channels, stride):
                line[x] = (line[x] + line[x - channels]) & 255
        elif kind == 2:
            line = (line + prev) & 255
        elif kind in (3, 4):
            line = line.copy()
            for x in range(stride):
                left = line[x - channels] if x >= channels else 0
                up = prev[x]
                if kind == 3:
                    line[x] = (line[x] + (left + up) // 2) & 255
                else:
                    upleft = prev[x - channels] if x >= channels else 0
                    p = left + up - upleft
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                    pred = left if pa <= pb and pa <= pc else up if pb <= pc else upleft
                    line[x] = (line[x] + pred) & 255
        out[y] = line
        prev = out[y]
    return out.reshape(height, width, channels)[:, :, :3]


def drive(page, outdir, actions, shot=True):
    out = os.path.join(outdir, "driver.json")
    png = os.path.join(outdir, "shot.png")
    command = ["node", "--experimental-websocket", os.path.join(HERE, "view_browser.mjs"), page, out,
               png if shot else "-"] + actions
    r = subprocess.run(command, capture_output=True, text=True, timeout=240)
    if r.returncode != 0:
        fail(f"driver failed ({r.returncode}): {r.stderr[-3000:]}")
    return json.load(open(out)), png


class Expected:
    """numpy's reading of the cache, and the page's filter state it models."""

    def __init__(self, path):
        c = np.load(path)
        self.total = len(c["spec_spec_no"])
        self.spec_no = c["spec_spec_no"]
        self.u_sc = c["spec_u_spacecraft"]
        self.lower, self.upper = c["spec_u_surface_lower"], c["spec_u_surface_upper"]
        self.sza, self.local_time = c["spec_solar_zenith_deg"], c["spec_local_time_h"]
        # float32, as the page keeps them
        self.density, self.temperature, self.kappa = (c[k].astype(np.float32).astype(np.float64) for k in (
            "spec_electron_density", "spec_electron_temperature", "spec_kappa_value"))
        u = c["spec_u_surface"]
        self.u = u
        self.drawable = np.isfinite(u) & np.isfinite(c["spec_projection_latitude"]) & np.isfinite(
            c["spec_projection_longitude"])
        self.status = np.array([STATUS.get(int(s), "unknown") for s in c["spec_status"]])
        rows = footpoint_rows(c) if self.total else np.zeros(0, dtype=int)
        # The region of the footpoint row, as `stats --by region` (spec_environment_class is the first row's).
        self.region = np.array([REGION.get(int(e), "unknown") for e in c["rows_environment_class"][rows]])
        self.day = c["spec_projection_in_sun"].astype(bool)
        # The page keeps float32 copies of the interval ends.
        self.width = c["spec_u_surface_upper"].astype(np.float32).astype(np.float64) - c[
            "spec_u_surface_lower"].astype(np.float32).astype(np.float64)
        self.time = np.array([np.datetime64(str(t)[:19]) for t in c["rows_utc"][rows]], dtype="datetime64[s]")
        self.reset()

    def reset(self):
        self.filters = {"status": "any", "illumination": "all", "region": "any", "max-width": "",
                        "time-from": "", "time-to": ""}

    def keep(self):
        k = self.drawable.copy()
        f = self.filters
        if f["status"] != "any":
            k &= self.status == f["status"]
        if f["region"] != "any":
            k &= self.region == f["region"]
        if f["illumination"] != "all":
            k &= self.day == (f["illumination"] == "day")
        if f["max-width"] != "":
            with np.errstate(invalid="ignore"):
                k &= self.width <= float(f["max-width"])
        if f["time-from"]:
            k &= self.time >= np.datetime64(f["time-from"])
        if f["time-to"]:
            k &= self.time <= np.datetime64(f["time-to"])
        return k

    def apply(self, action):
        if action == "reset":
            self.reset()
        else:
            name, value = action.split("=", 1)
            if name in self.filters:
                self.filters[name] = value


def choose_actions(e, with_stats):
    """Filter changes whose every step keeps some spectra and drops others."""
    actions = []

    def useful(values):  # the most common value among the kept spectra that is not all of them
        kept = e.keep()
        names, counts = np.unique(values[kept], return_counts=True)
        return [n for n, k in sorted(zip(names, counts), key=lambda p: -p[1]) if 0 < k < kept.sum()]

    for name, values in (("status", e.status), ("region", e.region),
                         ("illumination", np.where(e.day, "day", "night"))):
        if not useful(values):  # this filter's effect is already taken by the others: start again
            actions.append("reset")
            e.apply("reset")
        if not useful(values):
            fail(f"no {name} filter that keeps some spectra and drops others: use another test cache")
        actions.append(f"{name}={useful(values)[0]}")
        e.apply(actions[-1])
    widths = np.unique(e.width[e.keep() & np.isfinite(e.width)])
    if len(widths) >= 2:  # halfway between two neighbouring widths: no value sits on the limit
        m = len(widths) // 2
        actions.append(f"max-width={(widths[m - 1] + widths[m]) / 2:.6f}")
    actions.append("reset")
    times = np.sort(e.time[e.drawable])
    actions += [f"time-from={times[len(times) // 4]}", f"time-to={times[len(times) * 3 // 4]}"]
    actions += ["hover", "click", "projection=orthographic"]
    if with_stats:
        actions.append("layer=stats")
    e.reset()
    return actions


def check_screenshot(result, png, e):
    pixels = read_png(png)
    r, g, b = (pixels[:, :, i] for i in range(3))
    bar = result["colorbar"]
    if not bar or bar["h"] < 50:
        fail(f"no colour bar on the page: {bar}")
    x = int(bar["x"] + bar["w"] / 2)
    top, bottom = int(bar["y"] + 3), int(bar["y"] + bar["h"] - 4)
    if not (r[top, x] > b[top, x] + 60):
        fail(f"colour bar top is not red: {pixels[top, x]}")
    if not (b[bottom, x] > r[bottom, x] + 60):
        fail(f"colour bar bottom is not blue: {pixels[bottom, x]}")
    drawn = np.flatnonzero(e.drawable)
    points = result["points"]  # the first drawn footpoints, in cache order
    if len(points) < min(100, len(drawn)):
        fail(f"only {len(points)} footpoints in the page's map")
    lo, hi = min(np.percentile(e.u[drawn], 2), 0), max(np.percentile(e.u[drawn], 98), 0)
    checked = matched = 0
    for k, (px, py) in enumerate(points):
        u = e.u[drawn[k]]
        if lo * 0.5 < u < hi * 0.5:  # pale: near white
            continue
        checked += 1
        y, x = int(round(py)), int(round(px))
        win = pixels[max(0, y - 1):y + 2, max(0, x - 1):x + 2].reshape(-1, 3)
        red = np.any(win[:, 0] > win[:, 2] + 40)
        blue = np.any(win[:, 2] > win[:, 0] + 40)
        matched += red if u > 0 else blue
    print(f"screenshot: colour bar ok; {matched} of {checked} strongly coloured footpoints have their colour")
    if checked < 20 or matched < 0.8 * checked:
        fail("footpoints are not coloured where they are drawn")


def g3(v):
    """Three significant digits as the page prints them (JavaScript's shortest number text)."""
    if not np.isfinite(v):
        return "–"
    x = float(f"{v:.3g}")
    return str(int(x)) if x == int(x) else repr(x)


def check_pointer(step, e, cache, explain_dir):
    """The tooltip names a drawn spectrum with its values; the click shows its figure or command."""
    text = step["text"]
    if not text:
        fail(f"{step['action']}: nothing shown")
    print(f"{step['action']}: {text!r}" + (f" image {step['image']}" if step.get("image") else ""))
    m = re.search(r"spec_no (\d+)\s+(\S+) UTC", text)
    if not m:
        fail(f"{step['action']}: no spec_no and time in {text!r}")
    spec_no = int(m.group(1))
    hits = np.flatnonzero(e.spec_no == spec_no)
    if len(hits) != 1 or not e.drawable[hits[0]]:
        fail(f"{step['action']}: spec_no {spec_no} is not one drawn spectrum of the cache")
    i = hits[0]
    if m.group(2) != str(e.time[i]):
        fail(f"time {m.group(2)} != the footpoint row's {e.time[i]}")
    for label, value in (("U_surface", e.u[i]), ("U_sc", e.u_sc[i])):
        if f"{label} {value:.1f} V" not in text:
            fail(f"{label} {value:.1f} V not in {text!r}")
    if f"[{e.lower[i]:.1f}, {e.upper[i]:.1f}] (68 %)" not in text:
        fail(f"interval [{e.lower[i]:.1f}, {e.upper[i]:.1f}] not in {text!r}")
    plasma = f"n {g3(e.density[i] / 1e6)} cm⁻³   T {g3(e.temperature[i])} eV   κ {g3(e.kappa[i])}"
    for word in (plasma, f"status {e.status[i]}", f"region {e.region[i]}",
                 f"SZA {e.sza[i]:.1f}°", f"LT {e.local_time[i]:.1f} h"):
        if word not in text:
            fail(f"'{word}' not in {text!r}")
    if step["action"] == "click":
        figure = figure_name(cache, spec_no)
        if explain_dir:
            image = step.get("image") or {}
            if not (image.get("src", "").endswith(figure) and image.get("loaded")):
                fail(f"click: figure {figure} not shown: {image}")
        else:
            command = f"potential-mapper explain {os.path.abspath(cache)} --data-dir data --spec-no {spec_no} -o {figure}"
            if command not in text:
                fail(f"click: command {command!r} not in {text!r}")


def check(page, cache, kind, outdir, stats_file="", explain_dir=""):
    e = Expected(cache)
    actions = choose_actions(e, bool(stats_file)) if kind == "full" else ["status=any", "illumination=night"]
    result, png = drive(page, outdir, actions, shot=kind == "full")
    print(f"loaded in {result['ready_ms']:.0f} ms; total {result['total']}, shown {result['shown']}")
    if result["errors"]:
        fail(f"console errors: {result['errors']}")
    if result["requests"]:
        fail(f"network requests: {result['requests']}")
    if result["total"] != e.total:
        fail(f"data-total {result['total']} != {e.total} spectra in the cache")
    if result["shown"] != int(e.drawable.sum()):
        fail(f"data-shown {result['shown']} != {int(e.drawable.sum())} spectra with a finite U_surface and footpoint")
    if kind == "empty" and "no spectra" not in result["message"]:
        fail(f"an empty cache's page does not say so: '{result['message']}'")
    if kind == "nan" and "nothing to draw" not in result["message"]:
        fail(f"an all-NaN cache's page does not say so: '{result['message']}'")
    if kind == "full" and result["message"]:
        fail(f"unexpected message: {result['message']}")
    previous = result["shown"]
    for step in result["actions"]:
        a = step["action"]
        if a in ("hover", "click"):
            check_pointer(step, e, cache, explain_dir)
            continue
        e.apply(a)
        if a == "layer=stats":  # data-shown counts the drawn cells: those with spectra
            import xarray as xr
            with xr.open_dataset(stats_file) as ds:
                cells = int((ds["u_surface_count"] > 0).sum())
            print(f"{a}: data-shown {step['shown']} cells (xarray {cells})")
            if step["layer"] != "stats" or step["shown"] != cells:
                fail(f"stats layer: {step}, expected {cells} cells")
            continue
        want = int(e.keep().sum())
        print(f"{a}: data-shown {step['shown']} (numpy {want})")
        if step["shown"] != want:
            fail(f"after {a}: data-shown {step['shown']} != numpy's {want}")
        if kind == "full" and a.split("=")[0] in ("status", "illumination", "region", "max-width") and want == previous:
            fail(f"{a} changed nothing: choose another test filter")
        previous = want
    if kind == "full":
        check_screenshot(result, png, e)
    print("ok")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(*sys.argv[2:5])
    elif sys.argv[1] == "figures":
        figures(*sys.argv[2:4])
    else:
        extra = sys.argv[6:]
        explain = extra[extra.index("--explain-dir") + 1] if "--explain-dir" in extra else ""
        stats = extra[extra.index("--stats") + 1] if "--stats" in extra else ""
        check(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], stats, explain)
