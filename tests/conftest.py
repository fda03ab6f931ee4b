"""Shared fixtures: real SQLite project files in tmp_path, the thesis project (built once
per test run through the domain calls the CLI makes — tests/helpers/thesis.py — and
copied for each test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tema.i18n import set_language
from tests.helpers.cli import tema


@pytest.fixture(autouse=True)
def _english_unless_chosen(monkeypatch):
    """Every test starts in English (TEMA_LANG=en, whatever the machine's locale or config
    say); a test that switches to Bokmål (set_language, --lang, TEMA_LANG) cannot leak it."""
    monkeypatch.setenv("TEMA_LANG", "en")
    set_language("en")
    yield
    set_language("en")


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


# --- the few long tests: run by CI (CI=true) and with --slow, left out of a quick local run ---------


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (CI=true runs them anyway)")


def _slow_left_out(config) -> bool:
    from tests.helpers.pg import in_ci

    return not (config.getoption("--slow") or in_ci() or config.getoption("markexpr"))


def pytest_collection_modifyitems(config, items):
    """Tests marked slow are deselected unless CI=true, --slow or a -m expression chooses;
    one named on the command line (path::name) runs anyway."""
    if not _slow_left_out(config):
        return
    named = [a for a in config.args if "::" in a]
    slow = [i for i in items if i.get_closest_marker("slow") and not any(i.nodeid.startswith(a) for a in named)]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [i for i in items if i not in slow]


def pytest_terminal_summary(terminalreporter, config):
    if _slow_left_out(config):
        terminalreporter.write_line("tests marked slow were left out (CI=true or --slow runs them)")
