"""Fixtures for team work: the coders' projects and a fresh PostgreSQL database per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.team.builders import build_base, build_coder_projects

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def _coder_masters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coders")
    base = build_base(folder / "base")
    return build_coder_projects(base, folder)


@pytest.fixture
def coder_projects(_coder_masters, tmp_path):
    """Private copies of Kari's, Ola's and Per's projects (see tests/team/builders.py)."""
    from dataclasses import replace

    out = {}
    for name, proj in _coder_masters.items():
        dest = tmp_path / proj.path.name
        shutil.copy(proj.path, dest)
        out[name] = replace(proj, path=dest)
    return out


@pytest.fixture
def target(request, tmp_path):
    """Where a project lives on the backend the test is parametrised with: a file or a URL."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.tema")
    return request.getfixturevalue("pg_database")


def new_project(target: str, coder: str = "Tester") -> str:
    from tests.helpers.cli import tema

    tema("init", target, "--title", "Felles studie", "--question", "Hvordan samarbeider teamet?", "--coder", coder)
    return target


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]
