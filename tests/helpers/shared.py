"""Built once per test run: a project that many tests copy (the thesis, the story) is
built by the first xdist worker that needs it, under a file lock in the run's temporary
root, and reused by the others (each test still gets its own copy).

A build lives only as long as the run's temporary folder: the builds are quick now
(domain calls, not 130 CLI commands), so nothing is cached across runs that could go
stale when the code changes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every worker of this run shares (under xdist each worker's
    base folder is ``<run root>/popen-gwN``)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Path]) -> Path:
    """``build(folder)`` run once per test run for ``name``; the path it returned."""
    folder = run_root(tmp_path_factory) / f"shared-{name}"
    with FileLock(f"{folder}.lock"):
        done = folder / ".built"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            result = build(folder)
            done.write_text(str(result.relative_to(folder)), encoding="utf-8")
        return folder / done.read_text(encoding="utf-8")
