#!/usr/bin/env python3
"""numpy oracle for tests/io/npz_test.cpp.

The reference payload below is built by the same formulas in reference_payload() of the C++ test.
  npz_check.py check PATH [--expect-zip64]   numpy.load a C++-written file and compare every key
  npz_check.py write PATH                    np.savez_compressed the payload (deflated entries)
  npz_check.py write-stored PATH             np.savez the payload (stored entries)
  npz_check.py write-stream PATH             np.savez_compressed into a non-seekable stream
                                             (zipfile then writes data descriptors, flag bit 3)
Exits non-zero with a message on any mismatch.
"""
import io
import struct
import sys
import zipfile

import numpy as np


def reference_payload():
    f8 = [i * 0.37 - 100.0 for i in range(1000)] + [float("nan"), float("inf"), float("-inf"), -0.0, 5e-324]
    i8 = [i * i * 1000003 - 2**40 for i in range(100)] + [-(2**63), 2**63 - 1]
    i4 = [i * 7919 - 50000 for i in range(100)] + [-(2**31), 2**31 - 1]
    strings = ["", "ascii", "Mondstaub \u2013 \u03bb \U0001F319", "x" * 70, "\u00e9" * 64 + "z", "tail\u00e9"]
    return {
        "f8": np.array(f8, dtype="<f8"),
        "i8": np.array(i8, dtype="<i8"),
        "i4": np.array(i4, dtype="<i4"),
        "i1": np.arange(-128, 128, dtype="|i1"),
        "b1": np.array([i % 3 == 0 for i in range(50)], dtype="|b1"),
        "u64": np.array(strings, dtype="<U64"),
        "u256": np.array(["/data/3D%06d.TAB" % (980101 + i) for i in range(20)], dtype="<U256"),
        "empty_f8": np.zeros(0, dtype="<f8"),
        "empty_u64": np.zeros(0, dtype="<U64"),
        "scalar_f8": np.array(2.5, dtype="<f8"),
        "scalar_nan": np.array(float("nan"), dtype="<f8"),
        "scalar_i8": np.array(-42, dtype="<i8"),
        "scalar_bool": np.array(True, dtype="|b1"),
        "scalar_u64": np.array("potential-mapper 0.1.0", dtype="<U64"),
        "scalar_u256": np.array('{"fit": "halekas", "\u00e4": 1}', dtype="<U256"),
    }


def fail(message):
    print("npz_check: " + message)
    sys.exit(1)


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def has_zip64_extra(extra):
    pos = 0
    while pos + 4 <= len(extra):
        header_id, size = struct.unpack_from("<HH", extra, pos)
        if header_id == 1:
            return True
        pos += 4 + size
    return False


def check(path, expect_zip64):
    expected = reference_payload()
    with np.load(path, allow_pickle=False) as npz:
        if list(npz.files) != list(expected):
            fail("keys %s, expected %s in that order" % (npz.files, list(expected)))
        for key, want in expected.items():
            got = npz[key]
            if got.dtype.str != want.dtype.str or got.shape != want.shape:
                fail("%s: dtype %s shape %s, expected %s %s" % (key, got.dtype.str, got.shape, want.dtype.str, want.shape))
            if got.tobytes() != want.tobytes():
                fail("%s: values differ: %r vs %r" % (key, got[:8], want[:8]))
    # Each entry must be byte-identical to numpy's own np.save (same header text and padding).
    with zipfile.ZipFile(path) as archive:
        for key, want in expected.items():
            info = archive.getinfo(key + ".npy")
            if info.compress_type != zipfile.ZIP_DEFLATED:
                fail("%s: compression method %d, expected deflate" % (key, info.compress_type))
            if archive.read(info) != npy_bytes(want):
                fail("%s: .npy bytes differ from np.save" % key)
            if info.date_time != (1980, 1, 1, 0, 0, 0):
                fail("%s: timestamp %s, expected 1980-01-01 00:00" % (key, info.date_time))
            if expect_zip64 and not has_zip64_extra(info.extra):
                fail("%s: no ZIP64 extra field in the central directory" % key)
    raw = open(path, "rb").read()
    if expect_zip64 and (b"PK\x06\x06" not in raw or b"PK\x06\x07" not in raw):
        fail("no ZIP64 end-of-central-directory record or locator")
    print("npz_check: %d keys match" % len(expected))


class Unseekable(io.RawIOBase):
    def __init__(self, target):
        self.target = target

    def writable(self):
        return True

    def write(self, data):
        return self.target.write(data)


def main(argv):
    if len(argv) < 3:
        fail("usage: npz_check.py check|write|write-stored|write-stream PATH [--expect-zip64]")
    mode, path = argv[1], argv[2]
    if mode == "check":
        check(path, "--expect-zip64" in argv[3:])
    elif mode == "write":
        np.savez_compressed(path, **reference_payload())
    elif mode == "write-stored":
        np.savez(path, **reference_payload())
    elif mode == "write-stream":
        with open(path, "wb") as target:
            np.savez_compressed(Unseekable(target), **reference_payload())
        with zipfile.ZipFile(path) as archive:
            if not all(info.flag_bits & 0x08 for info in archive.infolist()):
                fail("expected data descriptors (flag bit 3) on every entry")
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
