#!/usr/bin/python3
"""The program's elementary functions come from base/portable_math.hpp and base/portable_trig.hpp.

glibc's libm chooses an FMA or an SSE2 variant of exp, log, sin, ... by the CPU, and the two
differ in the last bit for some arguments, so a call of std::exp (or exp, ::exp) in src/ would make
the products depend on the machine. This check lists every such call in src/ (file:line: name)
and exits 1; otherwise prints a one-line summary and exits 0. Exact functions (sqrt, hypot, cbrt,
floor, fmod, ...) give the same bits everywhere and are allowed.
Usage: scripts/check_portable_math.py [--root DIR]    Standard library only.
"""
import pathlib
import re
import sys

MACHINE_DEPENDENT = ("exp", "expm1", "exp10", "log", "log1p", "log2", "log10", "pow", "sin", "cos", "tan",
                     "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
                     "erf", "erfc", "lgamma", "tgamma", "sincos")
# std::exp(, ::exp(, or a bare exp( that is not a member, a lpm::math:: call or part of a longer name.
CALL = re.compile(r"(?:\bstd::|(?<![\w.:>])::|(?<![\w.:>]))(" + "|".join(MACHINE_DEPENDENT) + r")[fl]?\s*\(")
ALLOWED_FILES = {"src/base/portable_math.hpp", "src/base/portable_trig.hpp"}


def code_only(line):
    """The line without its // comment and string literals (calls named in prose are not calls)."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//", 1)[0]


def main(argv):
    root = pathlib.Path(argv[argv.index("--root") + 1]) if "--root" in argv else pathlib.Path(__file__).resolve().parent.parent
    found = []
    files = sorted(p for p in (root / "src").rglob("*") if p.suffix in (".cpp", ".hpp", ".h", ".cc"))
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel in ALLOWED_FILES:
            continue
        in_block_comment = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if in_block_comment:
                if "*/" not in line:
                    continue
                line = line.split("*/", 1)[1]
                in_block_comment = False
            if "/*" in line and "*/" not in line.split("/*", 1)[1]:
                in_block_comment = True
                line = line.split("/*", 1)[0]
            code = code_only(line)
            for match in CALL.finditer(code):
                before = code[: match.start(1)]
                if before.endswith("math::"):
                    continue
                # `Type log(args)` declares a variable: a bare name after a type's name is not a call.
                declared = re.search(r"([\w>&*]+)\s+$", before)
                if not before.endswith("::") and declared and declared.group(1) not in ("return", "case", "else", "do"):
                    continue
                found.append(f"{rel}:{number}: {match.group(1)}: machine-dependent libm call; use lpm::math::{match.group(1)}")
    for line in found:
        print(line)
    if found:
        return 1
    print(f"check_portable_math: {len(files)} files of src/ call no machine-dependent libm function")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
