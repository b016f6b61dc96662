#!/usr/bin/python3
"""Proves scripts/check_layering.py fails on what it guards: each case runs the check on a scratch
copy of src/ and CMakeLists.txt with one fault injected. Run by CTest (test `layering_check_rejects`).

Usage: tests/layering/check_layering_test.py [SOURCE_DIR]
"""

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
CHECK = SOURCE_DIR / "scripts" / "check_layering.py"


class CheckLayeringTest(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory(prefix="lpm-layering-")
        self.root = pathlib.Path(self.scratch.name)
        shutil.copytree(SOURCE_DIR / "src", self.root / "src")
        shutil.copy(SOURCE_DIR / "CMakeLists.txt", self.root / "CMakeLists.txt")

    def tearDown(self):
        self.scratch.cleanup()

    def run_check(self):
        return subprocess.run([sys.executable, str(CHECK), "--root", str(self.root)],
                              capture_output=True, text=True, check=False)

    def inject_include(self, stage, header):
        """Adds `#include "<header>"` as line 2 of the first .cpp of src/<stage>/; returns its path."""
        target = sorted((self.root / "src" / stage).glob("*.cpp"))[0]
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(1, f'#include {header}\n')
        target.write_text("".join(lines), encoding="utf-8")
        return target.relative_to(self.root)

    def some_header(self, stage):
        return sorted((self.root / "src" / stage).glob("*.hpp"))[0].relative_to(self.root / "src").as_posix()

    def assert_fails_with(self, *texts):
        """Runs the check, expects exit status 1 and every text in its messages; returns the messages."""
        result = self.run_check()
        self.assertEqual(result.returncode, 1, result.stdout)
        for text in texts:
            self.assertIn(text, result.stderr)
        return result.stderr

    def edit_cmake(self, pattern, replacement):
        cmake = self.root / "CMakeLists.txt"
        text, count = re.subn(pattern, replacement, cmake.read_text(encoding="utf-8"), count=1, flags=re.M)
        self.assertEqual(count, 1, f"pattern {pattern!r} not found in CMakeLists.txt")
        cmake.write_text(text, encoding="utf-8")

    def test_tree_as_committed_passes(self):
        result = self.run_check()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("layering: ok", result.stdout)

    def test_upward_include_fails_with_file_line_and_reason(self):
        header = self.some_header("pipeline")
        path = self.inject_include("io", f'"{header}"')
        messages = self.assert_fails_with(
            f'layering: {path.as_posix()}:2: upward include "{header}": pipeline comes after io')
        self.assertEqual(messages.count("upward include"), 1, messages)

    def test_include_between_siblings_fails(self):
        header = self.some_header("plot")
        path = self.inject_include("simulate", f'"{header}"')
        self.assert_fails_with(f"{path.as_posix()}:2: upward include", "plot and simulate are siblings")

    def test_project_header_in_angle_brackets_fails(self):
        header = self.some_header("base")
        path = self.inject_include("fit", f"<{header}>")
        self.assert_fails_with(f"{path.as_posix()}:2: includes <{header}>")

    def test_stage_used_but_not_linked_fails(self):
        self.edit_cmake(r"^(lpm_stage\(geometry\b.*?) lpm_spice\b", r"\1")
        self.assert_fails_with("lpm_geometry includes headers of lpm_spice but does not link it")

    def test_stage_linked_but_not_used_fails(self):
        self.edit_cmake(r"^(lpm_stage\(physics\b[^)]*)\)", r"\1 lpm_io)")
        self.assert_fails_with("lpm_physics links lpm_io but includes none of its headers")

    def test_package_linked_but_not_used_fails(self):
        self.edit_cmake(r"^(lpm_stage\(fit\b[^)]*)\)", r"\1 Eigen3::Eigen)")
        self.assert_fails_with("lpm_fit links Eigen3::Eigen but includes none of its headers")

    def test_stage_folder_outside_the_order_fails(self):
        (self.root / "src" / "extra").mkdir()
        self.assert_fails_with("stage 'extra' is not in the stage order")


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        SOURCE_DIR = pathlib.Path(sys.argv.pop(1)).resolve()
        CHECK = SOURCE_DIR / "scripts" / "check_layering.py"
    unittest.main(verbosity=2)
