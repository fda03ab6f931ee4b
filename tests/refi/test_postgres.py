"""The REFI import's bulk writes (codings with RETURNING, the code book at once) on
PostgreSQL: the same project as on SQLite."""

from __future__ import annotations

import pytest

from tests.helpers.cli import tema
from tests.refi.helpers import content

pytestmark = pytest.mark.postgres


def test_import_into_postgresql_matches_sqlite(rich_project, tmp_path, pg_url, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a database URL has no folder: the report file goes in the current one
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", rich_project, "-o", out)
    tema("qdpx", "import", out, tmp_path / "copy.tema")
    tema("qdpx", "import", out, pg_url)
    on_sqlite, on_pg = content(tmp_path / "copy.tema"), content(pg_url)
    assert on_pg == on_sqlite
    assert len(on_pg["codings"]) == 80 and any(c[6] for c in on_pg["codings"])  # perspectives too
    again = tmp_path / "again.qdpx"
    tema("qdpx", "export", pg_url, "-o", again)
    tema("qdpx", "import", again, tmp_path / "again.tema")
    assert content(tmp_path / "again.tema")["codings"] == on_sqlite["codings"]
