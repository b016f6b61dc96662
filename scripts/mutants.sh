#!/usr/bin/env bash
# Mutation campaign (issue 17, docs/mutants.md): applies each deliberate single-point bug of
# scripts/mutants.txt to a SCRATCH COPY of the work tree, rebuilds (Release), runs the Release
# tests until the first failure, and prints which test caught it, or SURVIVED.
#
#   scripts/mutants.sh                     every mutant
#   scripts/mutants.sh ID [ID ...]         the named mutants
#   scripts/mutants.sh --ci-subset N       N mutants of .cpp files chosen from `git rev-parse HEAD` (CI)
#   scripts/mutants.sh --list              ids, files and descriptions; nothing is built
#   scripts/mutants.sh --check             every `old` text occurs exactly once; nothing is built
# Options: --exclude REGEX   ctest names left out (default: slow oracles, see below)
#          --timeout S       per-test timeout (default 300 s)
#          --no-baseline     skip the unmutated test run (the CI step runs after the Release tests)
#          --allow-baseline-failures  tests failing on the unmutated copy are reported and left
#                            out of the mutant runs instead of stopping the campaign
# Environment: LPM_MUTANTS_DIR (default /tmp/lpm-mutants-<hash of the tree's path>) holds the copy
# and its build.
# Exit status: 0 every mutant caught, 1 some SURVIVED, 2 an error (bad list, build failure of
# a mutant, failing baseline).
#
# The work tree is never modified. Where `unshare -m` works (root, Linux), the copy and a copy of
# build/release are bind-mounted over the work tree's own paths inside a private mount namespace
# that only the build and the tests see: the build keeps its paths, so a mutant rebuilds one
# object and relinks instead of building everything. Elsewhere the copy gets its own build folder
# (one full build first).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd -P)"
exec nice -n 10 /usr/bin/env python3 - "$repo" "$@" <<'PYTHON'
import hashlib, os, re, shutil, subprocess, sys, time

repo = sys.argv[1]
args = sys.argv[2:]
# One scratch folder per work tree: a build made for another tree's paths (e.g. a CI clone
# beside a developer's tree on the same machine) cannot be reused.
work = os.environ.get("LPM_MUTANTS_DIR",
                      "/tmp/lpm-mutants-" + hashlib.sha1(repo.encode()).hexdigest()[:10])
copy = os.path.join(work, "src-copy")
list_file = os.path.join(repo, "scripts", "mutants.txt")
# Slow tests that add minutes per mutant; the TruthRecovery end-to-end tests are kept.
exclude = "Oracle|LongRun"
timeout = 300
baseline = True
allow_baseline_failures = False
mode = "all"
subset_n = 0
wanted = []

def die(message, code=2):
    print(f"mutants.sh: {message}", file=sys.stderr, flush=True)
    sys.exit(code)

i = 0
while i < len(args):
    a = args[i]
    if a in ("--exclude", "--timeout", "--ci-subset"):
        if i + 1 >= len(args):
            die(f"{a} needs a value")
        v = args[i + 1]
        i += 2
        if a == "--exclude": exclude = v
        elif a == "--timeout": timeout = int(v)
        else: mode, subset_n = "subset", int(v)
        continue
    if a == "--list": mode = "list"
    elif a == "--check": mode = "check"
    elif a == "--no-baseline": baseline = False
    elif a == "--allow-baseline-failures": allow_baseline_failures = True
    elif a in ("-h", "--help"):
        with open(os.path.join(repo, "scripts", "mutants.sh")) as f:
            for line in f.read().splitlines()[1:22]:
                print(line[2:])
        sys.exit(0)
    elif a.startswith("-"): die(f"unknown option {a}")
    else: wanted.append(a)
    i += 1

# ---- the list ----
def parse(path):
    mutants, cur = [], {}
    def flush():
        if cur:
            for k in ("id", "file", "desc", "old", "new"):
                if k not in cur: die(f"{path}: mutant {cur.get('id', '?')} has no '{k}'")
            mutants.append(dict(cur))
            cur.clear()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"): continue
            if not line.strip():
                flush(); continue
            m = re.match(r"(id|file|desc|old|new|tests):(.*)$", line)
            if not m: die(f"{path}:{n}: expected 'key: value', got {line!r}")
            key, value = m.group(1), m.group(2)
            value = value[1:] if value.startswith(" ") else value
            if key in ("id", "file", "tests"): value = value.strip()
            if key in cur: die(f"{path}:{n}: '{key}' twice in mutant {cur.get('id', '?')}")
            cur[key] = value
    flush()
    ids = [m["id"] for m in mutants]
    dup = {x for x in ids if ids.count(x) > 1}
    if dup: die(f"{path}: duplicate ids {sorted(dup)}")
    return mutants

mutants = parse(list_file)
by_id = {m["id"]: m for m in mutants}

def stage_of(m):
    parts = m["file"].split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "src" else ""

def check_once(m, root):
    path = os.path.join(root, m["file"])
    if not os.path.isfile(path): die(f"mutant {m['id']}: no file {m['file']}")
    with open(path, encoding="utf-8") as f: text = f.read()
    count = text.count(m["old"])
    if count != 1:
        die(f"mutant {m['id']}: the old text occurs {count} times in {m['file']} (must be exactly once):\n  {m['old']}")
    if m["old"] == m["new"]: die(f"mutant {m['id']}: old and new are the same")
    return text

if mode == "list":
    for m in mutants: print(f"{m['id']:34} {m['file']:40} {m['desc']}")
    sys.exit(0)
for m in mutants: check_once(m, repo)
if mode == "check":
    print(f"{len(mutants)} mutants, each old text found exactly once"); sys.exit(0)

if mode == "subset":
    head = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True)
    seed = head.stdout.strip() if head.returncode == 0 else "no-git"
    # Only mutants of .cpp files: one in a header included everywhere (base/constants.hpp, a
    # geometry header) recompiles most of the tree, ≈ 4–5 min each on 2 cores, and two of them
    # took a cold CI run from ≈ 27 to 47 minutes. The full campaign still runs every mutant.
    in_sources = [m for m in mutants if m["file"].endswith(".cpp")]
    ranked = sorted(in_sources, key=lambda m: hashlib.sha256((seed + m["id"]).encode()).hexdigest())
    selected = ranked[:subset_n]
    print(f"mutants.sh: {len(selected)} of {len(mutants)} mutants chosen from commit {seed[:12]}", flush=True)
elif wanted:
    unknown = [w for w in wanted if w not in by_id]
    if unknown: die(f"unknown mutant ids: {' '.join(unknown)} (see --list)")
    selected = [by_id[w] for w in wanted]
else:
    selected = mutants

# ---- the scratch copy ----
os.makedirs(work, exist_ok=True)
import fcntl
lock = open(os.path.join(work, "lock"), "w")
try:
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    die(f"another mutants.sh run holds {work}/lock")

def tree_files(root):
    r = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z"], capture_output=True)
    if r.returncode == 0:
        return [p for p in r.stdout.decode().split("\0") if p and os.path.isfile(os.path.join(root, p))]
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not (d == root and x in ("build", ".git"))]
        out += [os.path.relpath(os.path.join(d, f), root) for f in files]
    return out

def sync(work_tree_times):
    """Make the copy equal to the work tree; only differing files are rewritten (fresh mtime,
    so a file restored after a mutant is always recompiled). With work_tree_times every file
    gets its work-tree mtime: the build was just copied from the work tree's own, so ninja
    then rebuilds only what the work tree's build lacks (on a fresh CI clone: nothing)."""
    files = set(tree_files(repo))
    for rel in files:
        src, dst = os.path.join(repo, rel), os.path.join(copy, rel)
        with open(src, "rb") as f: data = f.read()
        try:
            with open(dst, "rb") as f: same = f.read() == data
        except OSError:
            same = False
        if not same:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, "wb") as f: f.write(data)
            shutil.copymode(src, dst)
        if work_tree_times:
            st = os.stat(src)
            os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
    for d, dirs, fs in os.walk(copy, topdown=True):
        if d == copy: dirs[:] = [x for x in dirs if x != "build"]
        for f in fs:
            rel = os.path.relpath(os.path.join(d, f), copy)
            if rel not in files: os.remove(os.path.join(d, f))

def write(path, text):
    with open(path, "w", encoding="utf-8") as f: f.write(text)

os.makedirs(copy, exist_ok=True)
os.makedirs(os.path.join(copy, "build", "release"), exist_ok=True)  # mount point

def namespaces_work():
    if os.geteuid() != 0 or not shutil.which("unshare"): return False
    return subprocess.run(["unshare", "-m", "--propagation", "private", "true"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0

overlay = namespaces_work() and os.environ.get("LPM_MUTANTS_PLAIN") != "1"
if overlay:
    build = os.path.join(work, "build-release")       # bound at <repo>/build/release
    seen_build = os.path.join(repo, "build", "release")
    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.isfile(cache):  # a build made for another tree's paths cannot be reused
        with open(cache, encoding="utf-8", errors="replace") as f:
            home = next((l.split("=", 1)[1].strip() for l in f if l.startswith("CMAKE_HOME_DIRECTORY")), None)
        if home != repo:
            shutil.rmtree(build, ignore_errors=True)
    build_copied = False
    if not os.path.isfile(os.path.join(build, "build.ninja")):
        shutil.rmtree(build, ignore_errors=True)
        if os.path.isfile(os.path.join(seen_build, "build.ninja")):
            shutil.copytree(seen_build, build, symlinks=True)  # keeps the objects' mtimes
            build_copied = True
        else:
            os.makedirs(build)
    sync(work_tree_times=build_copied)
    marker = ".lpm-mutants-scratch-copy"
    write(os.path.join(copy, marker), "scratch copy of scripts/mutants.sh\n")
    # The commands run only if both binds succeeded and the work-tree path now shows the copy.
    prefix = ["unshare", "-m", "--propagation", "private", "sh", "-c",
              'mount --bind "$1" "$3" && mount --bind "$2" "$3/build/release" && test -f "$3/$4" '
              '&& cd "$3" && shift 4 && exec "$@"', "sh", copy, build, repo, marker]
    configure = ["cmake", "--preset", "release", "-DLPM_BUILD_BENCH=OFF"]
else:
    build = os.path.join(work, "build-plain")
    seen_build = build
    prefix = []
    sync(work_tree_times=False)
    shared = os.path.realpath(os.path.join(repo, "..", "shared"))
    configure = ["cmake", "-S", copy, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                 f"-DLPM_SHARED_DIR={shared}", "-DLPM_BUILD_BENCH=OFF"]

def run(cmd, log, timeout_s=None):
    with open(log, "w") as out:
        try:
            return subprocess.run(prefix + cmd, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=timeout_s).returncode
        except subprocess.TimeoutExpired:
            return 124

logs = os.path.join(work, "logs")
os.makedirs(logs, exist_ok=True)

def build_tree(log):
    if not os.path.isfile(os.path.join(build, "build.ninja")):
        if run(configure, log + ".configure") != 0: return False
    return run(["cmake", "--build", seen_build, "-j", "2"], log) == 0

failed_re = re.compile(r"^\s*\d+/\d+ Test\s+#\d+: (\S+) .*\*\*\*(Failed|Exception|Timeout)")

def ctest(extra, log, stop=True, every=None):
    """First failing test's name, or None when all passed; `every` collects all failures."""
    cmd = ["ctest", "--test-dir", seen_build, "-j", "2", "--timeout", str(timeout),
           "--output-on-failure"] + (["--stop-on-failure"] if stop else []) + \
          (["-E", exclude] if exclude else []) + extra
    code = run(cmd, log)
    with open(log, errors="replace") as f: text = f.read()
    first = None
    for line in text.splitlines():
        m = failed_re.match(line)
        if m:
            first = first or m.group(1)
            if every is not None: every.append(m.group(1))
    if first: return first
    if "No tests were found" in text: return None
    if code != 0: return f"(ctest exit {code}, see {log})"
    return None

def recorded_catchers():
    """Mutant id → the test that caught it in the campaign recorded in docs/mutants.md (its
    tables' rows end `| `Test.Name` | seconds |`)."""
    found = {}
    try:
        with open(os.path.join(repo, "docs", "mutants.md"), encoding="utf-8") as f: lines = f.read().splitlines()
    except OSError:
        return found
    for line in lines:
        cells = line.split("|")
        if len(cells) < 6 or not line.startswith("|"): continue
        mid, test = cells[1].strip(), cells[-3].strip()
        if mid in by_id and re.fullmatch(r"`[A-Za-z_][\w./]*`", test): found[mid] = test.strip("`")
    return found

def test_program(name):
    """The test program (build target) that holds ctest test `name`: from the lists
    gtest_discover_tests wrote into the build's tests/ folder (None when not listed yet)."""
    folder = os.path.join(build, "tests")
    needle = f"[=[{name}]=]"
    for f in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if f.endswith("_tests.cmake"):
            with open(os.path.join(folder, f), encoding="utf-8", errors="replace") as fh:
                if needle in fh.read(): return f.split("[")[0]
    return None

def quick_catch(m, log):
    """The test that caught this mutant last time, alone: only its program is rebuilt (an io/
    mutant otherwise relinks all 80-odd test programs first). None: not caught that way."""
    name = catchers.get(m["id"])
    program = test_program(name) if name else None
    if not program: return None
    if run(["cmake", "--build", seen_build, "-j", "2", "--target", program], log + ".quick.build") != 0:
        return None  # the full build below reports it
    return ctest(["-R", "^" + re.escape(name) + "$"], log + ".quick.ctest")

def tests_catch(m, log):
    phases = []
    if m.get("tests"): phases.append(["-R", m["tests"]])
    st = stage_of(m)
    if st: phases.append(["-L", f"^{st}$"])
    phases.append(["-LE", f"^{st}$"] if st else [])
    for k, extra in enumerate(phases):
        caught = ctest(extra, f"{log}.ctest{k}")
        if caught: return caught
    return None

start = time.time()
mode_name = "mount-namespace overlay" if overlay else "own build folder"
print(f"mutants.sh: scratch copy {copy}, build {build} ({mode_name})", flush=True)
if not build_tree(os.path.join(logs, "baseline.build")):
    die(f"the unmutated copy does not build, see {logs}/baseline.build")
if baseline:
    t0 = time.time()
    failing = []
    caught = ctest([], os.path.join(logs, "baseline.ctest"), stop=False, every=failing)
    if caught and not failing: die(f"baseline tests: {caught}")
    if failing and not allow_baseline_failures:
        die(f"the unmutated copy fails {' '.join(failing)}: fix that before mutating "
            "(or --allow-baseline-failures)")
    if failing:
        print(f"mutants.sh: WARNING: the unmutated copy fails {' '.join(failing)}; "
              "left out of the mutant runs", flush=True)
        exclude = "|".join(([exclude] if exclude else []) + [re.escape(t) for t in failing])
    print(f"mutants.sh: baseline tests done ({time.time() - t0:.0f} s)", flush=True)

# The CI subset first runs each mutant's recorded catcher alone, and the whole suite only if that
# test lets it through (the result is the same: caught or SURVIVED; it takes seconds, not minutes).
catchers = recorded_catchers() if mode == "subset" else {}
rows = []
for n, m in enumerate(selected, 1):
    t0 = time.time()
    path = os.path.join(copy, m["file"])
    original = check_once(m, copy)
    log = os.path.join(logs, m["id"])
    try:
        write(path, original.replace(m["old"], m["new"], 1))
        result = quick_catch(m, log)
        if result is None and not build_tree(log + ".build"):
            result = "BUILD FAILED"
        elif result is None:
            result = tests_catch(m, log) or "SURVIVED"
    finally:
        write(path, original)  # fresh mtime: recompiled before the next mutant's tests
    seconds = time.time() - t0
    rows.append((m, result, seconds))
    print(f"[{n}/{len(selected)}] {m['id']}: {result} ({seconds:.0f} s)", flush=True)
# Leave the copy's build unmutated. (The CI subset skips it: its clone is thrown away, and a later
# run rebuilds the restored files anyway, their mtime being fresh.)
if mode != "subset": build_tree(os.path.join(logs, "restore.build"))

total = time.time() - start
w_id = max(len("mutant"), *(len(m["id"]) for m, _, _ in rows)) if rows else 6
w_file = max(len("file"), *(len(m["file"]) for m, _, _ in rows)) if rows else 4
print()
print(f"| {'mutant':{w_id}} | {'file':{w_file}} | description | caught by | s |")
print(f"|{'-' * (w_id + 2)}|{'-' * (w_file + 2)}|---|---|---|")
for m, result, seconds in rows:
    shown = result if result in ("SURVIVED", "BUILD FAILED") else f"`{result}`"
    print(f"| {m['id']:{w_id}} | {m['file']:{w_file}} | {m['desc']} | {shown} | {seconds:.0f} |")
survived = [m["id"] for m, r, _ in rows if r == "SURVIVED"]
broken = [m["id"] for m, r, _ in rows if r == "BUILD FAILED"]
print()
print(f"{len(rows)} mutants, {len(rows) - len(survived) - len(broken)} caught, {len(survived)} SURVIVED, "
      f"{len(broken)} did not build; total {total / 60:.1f} min")
if broken:
    print("did not build (fix the list): " + " ".join(broken))
    sys.exit(2)
if survived:
    print("SURVIVED: " + " ".join(survived))
    sys.exit(1)
PYTHON
