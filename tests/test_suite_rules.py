"""The suite's own rules: what is missing under CI fails instead of skipping, and the tests
marked slow are left out of a quick local run but run under CI (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import paths
from tests.helpers.paths import REPO


@pytest.mark.parametrize("ci", ["true", ""])
def test_missing_shared_data_skips_locally_and_fails_under_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setattr(paths, "SHARED", tmp_path / "no-shared")
    monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match=r"needs \.\./shared/fixtures/thesis_quotes\.json beside the clone"):
        paths.load_fixture("thesis_quotes.json")


def _collected(*args: str, ci: str = "", where: str = "tests/bench/test_bench_cli.py") -> set[str]:
    env = {**os.environ, "CI": ci}
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           where, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {line.split("::")[1].split("[")[0] for line in proc.stdout.splitlines() if "::" in line}


def test_slow_tests_are_left_out_locally_and_run_under_ci_or_on_request():
    slow = "test_quick_bench_writes_json_with_every_step"
    quick = "test_only_a_missing_external_program_may_make_a_step_unavailable"
    assert _collected() == {quick}
    assert _collected(ci="true") == {quick, slow}
    assert _collected("--slow") == {quick, slow}
    assert _collected(where=f"tests/bench/test_bench_cli.py::{slow}") == {slow}  # named on its own: runs
