#!/usr/bin/python3
"""Guards the stage layering of src/ (README "Source layout").

Fails, with one line per violation, when
  * a file in src/<stage>/ includes a header of a stage that does not come before it
    (an upward include, or one between siblings of the same tier);
  * a stage's CMake library links a project stage or package whose headers it does not
    include, or includes headers of one it does not link ("dependencies declared as used").

Usage: scripts/check_layering.py [--root DIR]   (DIR defaults to the repository holding this script)
Only the Python standard library is used.
"""

import argparse
import pathlib
import re
import sys

# The order data flows in. A stage may include headers of itself and of stages in earlier tiers;
# stages in one tier know nothing of each other.
TIERS = [
    ["base"],
    ["io"],
    ["spice"],
    ["geometry"],
    ["physics"],
    ["fit"],
    ["pipeline"],
    ["product"],
    ["acquire", "simulate", "plot"],
    ["cli"],
]
RANK = {stage: tier for tier, stages in enumerate(TIERS) for stage in stages}
ORDER_TEXT = " -> ".join(s[0] if len(s) == 1 else "{" + ", ".join(s) + "}" for s in TIERS)

# The CMake target that holds each stage's code (cli is the program itself).
STAGE_TARGET = {stage: f"lpm_{stage}" for stage in RANK}
STAGE_TARGET["cli"] = "potential-mapper"

# Third-party packages: the include that shows a stage uses one, and its imported CMake target.
PACKAGE_INCLUDES = [
    (re.compile(r"^fmt/"), "fmt::fmt"),
    (re.compile(r"^spdlog/"), "spdlog::spdlog"),
    (re.compile(r"^tbb/"), "TBB::tbb"),
    (re.compile(r"^curl/"), "CURL::libcurl"),
    (re.compile(r"^cairo"), "PkgConfig::CAIRO"),
    (re.compile(r"^zlib\.h$"), "ZLIB::ZLIB"),
    (re.compile(r"^openssl/"), "OpenSSL::Crypto"),
    (re.compile(r"^CLI/"), "CLI11::CLI11"),
    (re.compile(r"^Eigen/"), "Eigen3::Eigen"),
    (re.compile(r"^(thread|future)$"), "Threads::Threads"),
]
PACKAGE_TARGETS = {target for _, target in PACKAGE_INCLUDES}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_SUFFIXES = {".hpp", ".cpp", ".h", ".in"}


def scan_includes(src):
    """Yields (path, line number, quote, included name) for every include under src/."""
    for path in sorted(src.rglob("*")):
        if not path.is_file() or path.suffix not in SOURCE_SUFFIXES:
            continue
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                match = INCLUDE.match(line)
                if match:
                    yield path, number, match.group(1), match.group(2)


def declared_links(cmake_text):
    """Maps each stage target to the list of libraries its CMakeLists call links."""
    text = "\n".join(line.split("#", 1)[0] for line in cmake_text.splitlines())
    links = {}
    for match in re.finditer(r"\blpm_stage\s*\(([^)]*)\)", text):
        words = match.group(1).split()
        if words:
            links.setdefault(f"lpm_{words[0]}", []).extend(words[1:])
    for match in re.finditer(r"\btarget_link_libraries\s*\(\s*potential-mapper\b([^)]*)\)", text):
        words = [w for w in match.group(1).split() if w not in ("PRIVATE", "PUBLIC", "INTERFACE")]
        links.setdefault("potential-mapper", []).extend(words)
    return links


def check(root):
    src = root / "src"
    problems = []
    used = {stage: set() for stage in RANK}  # targets each stage's includes show it needs

    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        if folder.name not in RANK:
            problems.append(f"src/{folder.name}/: stage '{folder.name}' is not in the stage order "
                            f"of scripts/check_layering.py ({ORDER_TEXT})")

    for path, number, quote, name in scan_includes(src):
        relative = path.relative_to(root)
        stage = path.relative_to(src).parts[0]
        if stage not in RANK:
            continue
        head = name.split("/", 1)[0]
        if "/" in name and head in RANK:
            if quote == "<":
                problems.append(f'{relative}:{number}: includes <{name}>: project headers are included '
                                f'with quotes, "{name}"')
            if head != stage:
                used[stage].add(STAGE_TARGET[head])
            if head == stage or RANK[head] < RANK[stage]:
                continue
            if RANK[head] == RANK[stage]:
                why = f"{head} and {stage} are siblings in one tier and must not know each other"
            else:
                why = f"{head} comes after {stage}"
            problems.append(f'{relative}:{number}: upward include "{name}": {why} ({ORDER_TEXT})')
            continue
        if quote == "<":
            for pattern, target in PACKAGE_INCLUDES:
                if pattern.search(name):
                    used[stage].add(target)

    cmake = root / "CMakeLists.txt"
    links = declared_links(cmake.read_text(encoding="utf-8"))
    for stage in sorted(RANK, key=lambda s: (RANK[s], s)):
        target = STAGE_TARGET[stage]
        if not (src / stage).is_dir():
            continue
        if target not in links:
            problems.append(f"CMakeLists.txt: no link declaration found for {target} (stage {stage})")
            continue
        declared = set(links[target])
        # Only project stages and the known packages are judged; anything else is left alone.
        judged = {d for d in declared if d in PACKAGE_TARGETS or d in STAGE_TARGET.values()}
        for missing in sorted(used[stage] - declared):
            problems.append(f"CMakeLists.txt: {target} includes headers of {missing} but does not link it")
        for unused in sorted(judged - used[stage]):
            problems.append(f"CMakeLists.txt: {target} links {unused} but includes none of its headers")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent.parent,
                        help="repository root (holds src/ and CMakeLists.txt)")
    args = parser.parse_args()
    problems = check(args.root.resolve())
    for problem in problems:
        print(f"layering: {problem}", file=sys.stderr)
    if problems:
        print(f"layering: {len(problems)} problem(s); see README \"Source layout\"", file=sys.stderr)
        return 1
    print(f"layering: ok ({ORDER_TEXT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
