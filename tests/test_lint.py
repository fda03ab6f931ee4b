"""ruff (pyflakes, bugbear, isort, pyupgrade; settings in pyproject.toml) over the whole tree."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.paths import REPO


def test_ruff_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "benchmarks"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
