#!/usr/bin/python3
"""Proves scripts/check_portable_math.py fails on what it guards: each case runs the check on a
scratch src/ holding one file. Run by CTest (test `portable_math_check_rejects`).

Usage: tests/layering/check_portable_math_test.py [SOURCE_DIR]
"""

import pathlib
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
CHECK = SOURCE_DIR / "scripts" / "check_portable_math.py"


class CheckPortableMathTest(unittest.TestCase):
    def check(self, code):
        """Exit status and output of the check on a tree whose only file holds `code`."""
        with tempfile.TemporaryDirectory(prefix="lpm-portable-math-") as root:
            (pathlib.Path(root) / "src" / "fit").mkdir(parents=True)
            (pathlib.Path(root) / "src" / "fit" / "model.cpp").write_text(code, encoding="utf-8")
            r = subprocess.run([sys.executable, str(CHECK), "--root", root], capture_output=True, text=True)
            return r.returncode, r.stdout

    def test_std_exp_in_src_fails_naming_file_line_and_function(self):
        code, out = self.check("double f(double x) {\n  return std::exp(x);\n}\n")
        self.assertEqual(code, 1)
        self.assertIn("src/fit/model.cpp:2: exp:", out)

    def test_global_and_unqualified_calls_fail_too(self):
        for call in ("::sin(x)", "pow(x, 2.0)", "return atan2(y, x);", "std::log10 (x)"):
            with self.subTest(call=call):
                code, out = self.check(f"double f(double x, double y) {{ {call}; }}\n")
                self.assertEqual(code, 1, out)

    def test_portable_calls_declarations_comments_and_exact_functions_pass(self):
        code, out = self.check(
            "// std::exp(x) in a comment\n"
            "double f(double x) { MessageLog log(x); const char* s = \"std::log(x)\";\n"
            "  return math::exp(x) + lpm::math::sin(x) + std::sqrt(x) + std::hypot(x, x) + std::floor(x); }\n")
        self.assertEqual(code, 0, out)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        SOURCE_DIR = pathlib.Path(sys.argv.pop(1))
        CHECK = SOURCE_DIR / "scripts" / "check_portable_math.py"
    unittest.main()
