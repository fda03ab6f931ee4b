"""Fixtures for team work: the coders' projects and a fresh PostgreSQL database per test."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from tests.team.builders import build_base, build_coder_projects

PG_URL = os.environ.get("TEMA_TEST_PG_URL")
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


def _admin_engine():
    from sqlalchemy import create_engine

    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture
def pg_database():
    """A fresh, empty PostgreSQL database (URL), dropped after the test."""
    if not PG_URL:
        pytest.skip("needs a PostgreSQL server: set TEMA_TEST_PG_URL (`.ci/postgres.sh start` prints it)")
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"tema_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


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
