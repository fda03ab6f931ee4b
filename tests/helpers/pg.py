"""The PostgreSQL server for team-store tests: ``TEMA_TEST_PG_URL`` (``.ci/postgres.sh start``
prints it). Locally, tests that need it skip with a reason when it is unset; under CI
(``CI=true``) a missing server is a failure, never a silent skip."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_URL = os.environ.get("TEMA_TEST_PG_URL")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_pg() -> str:
    if PG_URL:
        return PG_URL
    reason = "needs a PostgreSQL server: set TEMA_TEST_PG_URL (`.ci/postgres.sh start` prints it)"
    if in_ci():
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def fresh_database() -> Iterator[str]:
    """Create an empty database on the test server, yield its URL, drop it afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = require_pg()
    name = f"tema_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
