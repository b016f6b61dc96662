#!/usr/bin/python3
"""Fake LP archive for the fetch tests (stdlib only, 127.0.0.1 only).

Serves the mirror layout /HOST/PATH (what `fetch --mirror http://127.0.0.1:PORT` requests):
the seven kernels, attitude.tab, theta.tab and four ER tables, with Apache-style listings that
also carry hostile hrefs. Supports Range. Faults per file name: --ignore-range, --truncate
(announces the full length, sends half, closes), --unavailable-once (first GET: 503 with
Retry-After: 1), --stall-once (first GET: headers, then silence), --trickle (1 byte every
0.5 s), --slow (4 KiB every 0.1 s), --oversize-announced (Content-Length of 2 GiB, no body),
--oversize-unannounced (no Content-Length, 4 MiB until the connection closes). Prints the port on
stdout, logs every request as one JSON line to --log, exits by itself after --lifetime seconds.
"""
import argparse
import hashlib
import http.server
import json
import os
import sys
import threading
import time

KERNELS = [
    "naif.jpl.nasa.gov/pub/naif/LPM/kernels/spk/lp_ask_980111-980531.bsp",
    "naif.jpl.nasa.gov/pub/naif/LPM/kernels/spk/lp_ask_980601-981031.bsp",
    "naif.jpl.nasa.gov/pub/naif/LPM/kernels/spk/lp_ask_981101-990331.bsp",
    "naif.jpl.nasa.gov/pub/naif/LPM/kernels/spk/lp_ask_990401-990730.bsp",
    "naif.jpl.nasa.gov/pub/naif/generic_kernels/lsk/latest_leapseconds.tls",
    "naif.jpl.nasa.gov/pub/naif/generic_kernels/pck/pck00011.tpc",
    "pds-geosciences.wustl.edu/missions/lunarp/spice/lpephemu.bsp",
]
ATTITUDE = "pds-geosciences.wustl.edu/lunar/prospectorcd/lp_0019/geometry/attitude.tab"
THETA = "pds-ppi.igpp.ucla.edu/data/lp-er-calibrated/data-3deleflux-anc/theta/theta.tab"
ER_BASE = "pds-ppi.igpp.ucla.edu/data/lp-er-calibrated/data-3deleflux/"
ER_TABLES = ["1998/152_181JUN/3D980615.TAB", "1998/152_181JUN/3D980616.TAB",
             "1998/182_212JUL/3D980701.TAB", "1999/001_031JAN/3D990105.TAB"]

# Every listing carries these: none may be requested or written.
HOSTILE_HREFS = ["../", "./", "/etc/", "/data/lp-er-calibrated/", "http://evil/", "https://evil.example/3D980620.TAB",
                 "a/../../x.TAB", "3D980615.TAB?x=1", "..%2F3D980621.TAB", "..\\3D980622.TAB", "3D980623.TAB/",
                 "3d980624.tab", ".../", "1998/../", "19980/", "152_181XYZ/", "3D981332.TAB", "?C=N;O=D",
                 "../3D980625.TAB", "/3D980626.TAB", "1998/152_181JUN/3D980627.TAB", "3D980628.TAB#x"]


def payload(path, size):
    """Deterministic bytes for a path."""
    out = bytearray()
    block = hashlib.sha256(path.encode()).digest()
    while len(out) < size:
        out += block
        block = hashlib.sha256(block).digest()
    return bytes(out[:size])


def theta_text():
    rings = [(11.25, 16), (-11.25, 16), (33.75, 16), (-33.75, 16), (56.25, 8), (-56.25, 8), (78.75, 4), (-78.75, 4)]
    return "".join(f"{theta:.2f}\n" for theta, count in rings for _ in range(count)).encode()


def build_tree():
    files = {}
    for path in KERNELS:
        files["/" + path] = payload(path, 20000)
    files["/" + ATTITUDE] = payload(ATTITUDE, 5000)
    files["/" + THETA] = theta_text()
    for table in ER_TABLES:
        files["/" + ER_BASE + table] = payload(table, 300000)
    return files


def listing_html(path, files):
    children = set()
    for name in files:
        if name.startswith(path):
            rest = name[len(path):]
            children.add(rest.split("/")[0] + ("/" if "/" in rest else ""))
    if not children:
        return None
    rows = "".join(f'<tr><td><a href="{c}">{c}</a></td><td>2020-01-01 00:00</td><td>-</td></tr>\n'
                   for c in sorted(children))
    rows += "".join(f"<tr><td><a href='{h}'>x</a></td></tr>\n" for h in HOSTILE_HREFS)
    rows += '<tr><td><a href="label.xml">label.xml</a></td></tr>\n'
    return (f"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html><head><title>Index of {path}</title>"
            f"</head><body><h1>Index of {path}</h1><table><tr><th><a href=\"?C=N;O=D\">Name</a></th></tr>\n"
            f"{rows}</table></body></html>\n").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, status):
        entry = {"method": self.command, "path": self.path, "range": self.headers.get("Range"),
                 "status": status, "t": time.monotonic()}
        with self.server.log_lock:
            self.server.log.write(json.dumps(entry) + "\n")
            self.server.log.flush()

    def send_simple(self, status, body=b"", extra=()):
        self.record(status)
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head_only(self, status, headers):
        self.record(status)
        self.send_response(status)
        for header in headers:
            self.send_header(*header)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True

    def send_paced(self, body, block, pause):
        """Sends body in blocks with a pause after each, until done or the client hangs up."""
        self.close_connection = True
        try:
            for start in range(0, len(body), block):
                self.wfile.write(body[start:start + block])
                self.wfile.flush()
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def fault_once(self, kind, name):
        with self.server.log_lock:
            key = (kind, name)
            if name in self.server.faults[kind] and key not in self.server.fired:
                self.server.fired.add(key)
                return True
        return False

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        files = self.server.files
        if self.path.endswith("/"):
            html = listing_html(self.path, files)
            if html is None:
                return self.send_simple(404, b"not found")
            return self.send_simple(200, html, [("Content-Type", "text/html")])
        body = files.get(self.path)
        if body is None:
            return self.send_simple(404, b"not found")
        name = self.path.rsplit("/", 1)[-1]
        if self.command == "GET" and self.fault_once("unavailable_once", name):
            return self.send_simple(503, b"busy", [("Retry-After", "1")])
        if self.command == "GET" and name in self.server.faults["oversize_announced"]:
            self.send_head_only(200, [("Content-Length", str(2 << 30))])
            return
        if self.command == "GET" and name in self.server.faults["oversize_unannounced"]:
            self.send_head_only(200, [("Connection", "close")])
            return self.send_paced(payload(name, 4 << 20), 1 << 16, 0.0)
        start, status = 0, 200
        headers = []
        wanted = self.headers.get("Range")
        if wanted and name not in self.server.faults["ignore_range"] and wanted.startswith("bytes="):
            first, _, last = wanted[6:].partition("-")
            start = int(first)
            end = int(last) + 1 if last else len(body)
            if start >= len(body):
                return self.send_simple(416, b"", [("Content-Range", f"bytes */{len(body)}")])
            body = body[start:end]
            status = 206
            headers.append(("Content-Range", f"bytes {start}-{start + len(body) - 1}/{len(files[self.path])}"))
        self.record(status)
        self.send_response(status)
        for header in headers:
            self.send_header(*header)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        if name in self.server.faults["truncate"]:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.command == "GET" and name in self.server.faults["trickle"]:
            return self.send_paced(body, 1, 0.5)
        if self.command == "GET" and name in self.server.faults["slow"]:
            return self.send_paced(body, 4096, 0.1)
        if self.command == "GET" and self.fault_once("stall_once", name):
            self.wfile.flush()  # headers only: libcurl's speed window then sees 0 bytes/s at once
            time.sleep(self.server.stall_seconds)
            self.close_connection = True
            return
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client hanging up (fetch abandoning a slow transfer) is expected: no traceback."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=60.0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--export")
    parser.add_argument("--stall-seconds", type=float, default=20.0)
    faults = ("ignore-range", "truncate", "unavailable-once", "stall-once", "trickle", "slow", "oversize-announced",
              "oversize-unannounced")
    for fault in faults:
        parser.add_argument("--" + fault, action="append", default=[])
    args = parser.parse_args()

    files = build_tree()
    if args.export:
        for path, body in files.items():
            target = os.path.join(args.export, path.lstrip("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(body)
        with open(os.path.join(args.export, "kernels.lock"), "w") as lock:
            for path in KERNELS:
                lock.write(f"{hashlib.sha1(files['/' + path]).hexdigest()}  {path.rsplit('/', 1)[-1]}\n")

    server = Server(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.files = files
    server.log = open(args.log, "a")
    server.log_lock = threading.Lock()
    server.stall_seconds = args.stall_seconds
    server.fired = set()
    server.faults = {f.replace("-", "_"): set(getattr(args, f.replace("-", "_"))) for f in faults}
    timer = threading.Timer(args.lifetime, lambda: os._exit(0))  # bounded lifetime whatever happens
    timer.daemon = True
    timer.start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
