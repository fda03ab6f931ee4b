"""mypy over tema/store and tema/domain (issue 20.7; settings in pyproject.toml `[tool.mypy]`)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers.paths import REPO


def mypy(*args: str, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=900)


def test_store_and_domain_are_clean():
    proc = mypy()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # It really looked at both packages (not a `files` setting that matches nothing).
    checked = re.search(r"no issues found in (\d+) source files", proc.stdout)
    assert checked and int(checked[1]) >= 50, proc.stdout


def test_the_settings_report_a_type_error(tmp_path):
    """The same settings fail on a wrong type (nothing silences errors), in a typed or untyped function."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x: int) -> str:\n    return x\n\n\ndef g():\n    return len(3)\n", encoding="utf-8")
    proc = mypy(str(bad), cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bad.py:2: error: Incompatible return value type" in proc.stdout
    assert "bad.py:6: error: Argument 1 to \"len\"" in proc.stdout
