"""Shared fixtures: real SQLite project files in tmp_path, the thesis project (built once
per test run through the domain calls the CLI makes — tests/helpers/thesis.py — and
copied for each test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import tema


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project file."""
    path = tmp_path / "study.tema"
    tema("init", path, "--title", "Studie", "--question", "Hva betyr rollen?", "--coder", "Tester")
    return path


@pytest.fixture(scope="session")
def _thesis_master(tmp_path_factory) -> Path:
    from tests.helpers.shared import built_once
    from tests.helpers.thesis import build_thesis_project

    return built_once(tmp_path_factory, "thesis", build_thesis_project)


@pytest.fixture
def thesis_project(_thesis_master: Path, tmp_path: Path) -> Path:
    """A private copy of the thesis project (5 participants, 78 codings, Tabell 5 themes)."""
    dest = tmp_path / "thesis.tema"
    shutil.copy(_thesis_master, dest)
    return dest


@pytest.fixture
def pg_database():
    """A fresh, empty PostgreSQL database (URL), dropped after the test; skips locally without
    TEMA_TEST_PG_URL and fails under CI=true (tests/helpers/pg.py)."""
    from tests.helpers.pg import fresh_database

    yield from fresh_database()


@pytest.fixture(scope="session")
def _thesis_full_master(tmp_path_factory) -> Path:
    from tests.helpers.shared import built_once
    from tests.helpers.thesis import build_thesis_project

    return built_once(tmp_path_factory, "thesis-full", lambda folder: build_thesis_project(folder, full=True))


@pytest.fixture
def thesis_full(_thesis_full_master: Path, tmp_path: Path) -> Path:
    """A private copy of the whole thesis analysis (tests/helpers/thesis.py, full=True):
    attributes, guide, Tabell 2 and 3 extracts, Vedlegg 4 and phase-4 snapshots."""
    dest = tmp_path / "thesis-full.tema"
    shutil.copy(_thesis_full_master, dest)
    return dest
