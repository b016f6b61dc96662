#!/usr/bin/python3
"""Every section citation in the code must lead into the repository's own documentation.

Comments in src/, tests/, bench/ and fuzz/ cite sections as P§x.y (physics and fitting,
docs/method.md), D§x.y (data, files and geometry, docs/data-geometry.md) and SPEC §x (the
contract's sections, docs/data-geometry.md and docs/method.md). A citation resolves when a
Markdown heading of docs/*.md carries the same anchor, e.g. "### Loss-cone model (P§4.3)".
Ranges are expanded: "P§2–3" needs P§2 and P§3, "P§5.5-5.6" needs P§5.5 and P§5.6.

Prints one line per unresolved citation (file:line: citation: no section of docs/ carries this
anchor) and exits 1; otherwise prints a one-line summary and exits 0.
Usage: scripts/check_citations.py [--list]   (--list: every distinct citation with its count)
Standard library only.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CODE_DIRS = ("src", "tests", "bench", "fuzz")
DOCS_DIR = ROOT / "docs"

NUMBER = r"\d+(?:\.\d+)?"
# P§4.3, D§ 2, P §4 (tolerated spellings), P§2–3, P§5.5-5.6, P§4.3–P§4.4.
PD_CITATION = re.compile(
    rf"(?<![A-Za-z])([PD])\s?§\s?({NUMBER})(?:\s?[-–]\s?(?:[PD]\s?§\s?)?({NUMBER}))?")
# SPEC §2, SPEC§2, SPEC §2–3.
SPEC_CITATION = re.compile(rf"\bSPEC\s?§\s?({NUMBER})(?:\s?[-–]\s?(?:§\s?)?({NUMBER}))?")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def expand(first, last):
    """Section numbers from first to last inclusive ("2", "3" -> 2, 3; "5.5", "5.6" -> 5.5, 5.6)."""
    if not last:
        return [first]
    a, b = first.split("."), last.split(".")
    if len(a) != len(b) or (len(a) == 2 and a[0] != b[0]):
        return [first, last]
    lo, hi = int(a[-1]), int(b[-1])
    if hi < lo or hi - lo > 20:
        return [first, last]
    prefix = a[0] + "." if len(a) == 2 else ""
    return [f"{prefix}{n}" for n in range(lo, hi + 1)]


def citations(line):
    """The normalised citations of one line: "P§4.3", "D§2", "SPEC§2", ..."""
    found = []
    for m in PD_CITATION.finditer(line):
        found += [f"{m.group(1)}§{n}" for n in expand(m.group(2), m.group(3))]
    for m in SPEC_CITATION.finditer(line):
        found += [f"SPEC§{n}" for n in expand(m.group(1), m.group(2))]
    return found


def anchors():
    """Every citation carried by a heading of docs/*.md."""
    carried = set()
    for doc in sorted(DOCS_DIR.glob("*.md")):
        for line in doc.read_text(encoding="utf-8").splitlines():
            if HEADING.match(line):
                carried.update(citations(line))
    return carried


def code_files():
    for top in CODE_DIRS:
        base = ROOT / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                yield path


def main(argv):
    carried = anchors()
    problems, counts, total = [], {}, 0
    for path in code_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary or unreadable: no comments to check
        for number, line in enumerate(text.splitlines(), start=1):
            for cite in citations(line):
                total += 1
                counts[cite] = counts.get(cite, 0) + 1
                if cite not in carried:
                    rel = path.relative_to(ROOT)
                    problems.append(f"{rel}:{number}: {cite}: no section of docs/ carries this anchor")
    if "--list" in argv:
        def key(c):
            kind, num = c.split("§")
            return (kind, [int(x) for x in num.split(".")])
        for cite in sorted(counts, key=key):
            mark = "ok" if cite in carried else "MISSING"
            print(f"{cite}\t{counts[cite]}\t{mark}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_citations: {len(problems)} of {total} citations do not resolve", file=sys.stderr)
        return 1
    print(f"check_citations: {total} citations ({len(counts)} distinct) in "
          f"{', '.join(CODE_DIRS)} all resolve to headings of docs/*.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
