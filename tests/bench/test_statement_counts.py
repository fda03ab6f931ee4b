"""The hot paths issue a fixed number of SQL statements, whatever the corpus size
(no N+1): counted with a before_cursor_execute listener on two seeded projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tema.domain.coding import document_codings, extracts
from tema.domain.documents import document_text
from tema.domain.segments import document_segments
from tema.store import models as m
from tema.store.db import open_store
from tests.helpers.statements import counted


def _busiest(session, column) -> int:
    return session.execute(select(column).group_by(column).order_by(func.count().desc()).limit(1)).scalar_one()


def _open_document(path: Path) -> tuple[int, int]:
    """(statements, codings shown) for opening the most coded document in the coding view."""
    store = open_store(path)
    try:
        with store.session() as s:
            doc_id = _busiest(s, m.Coding.document_id)
        with counted(store) as statements, store.session() as s:
            text = document_text(s, doc_id)
            views = document_codings(s, doc_id)
            segments = document_segments(s, doc_id)
        assert text and segments
        return len(statements), len(views)
    finally:
        store.close()


def _code_extracts(path: Path) -> tuple[int, int]:
    store = open_store(path)
    try:
        with store.session() as s:
            code_id = _busiest(s, m.Coding.code_id)
        with counted(store) as statements, store.session() as s:
            found = extracts(s, [code_id])
        return len(statements), len(found)
    finally:
        store.close()


def _export_code_themes(path: Path, out: Path) -> tuple[int, int]:
    from tema.export import run_export

    store = open_store(path)
    try:
        with counted(store) as statements:
            written = run_export(store, "code-themes", "md", out, force=True)
        return len(statements), written.read_text(encoding="utf-8").count("\n")
    finally:
        store.close()


def test_opening_a_document_in_the_coding_view(bench_projects):
    small, large = _open_document(bench_projects["test-smaller"]), _open_document(bench_projects["test-larger"])
    assert large[1] > 2 * small[1]  # really more codings on screen
    assert small[0] == large[0], f"statements grow with the corpus: {small[0]} vs {large[0]}"


def test_listing_a_codes_extracts(bench_projects):
    small, large = _code_extracts(bench_projects["test-smaller"]), _code_extracts(bench_projects["test-larger"])
    assert large[1] > 2 * small[1]
    assert small[0] == large[0], f"statements grow with the corpus: {small[0]} vs {large[0]}"


def test_exporting_the_code_themes_table(bench_projects, tmp_path):
    try:
        import tema.export  # noqa: F401
        from tema.export import run_export  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"tema.export is not importable yet ({exc})")
    small = _export_code_themes(bench_projects["test-smaller"], tmp_path / "small.md")
    large = _export_code_themes(bench_projects["test-larger"], tmp_path / "large.md")
    assert large[1] > 2 * small[1]  # more codes, more rows
    assert small[0] == large[0], f"statements grow with the corpus: {small[0]} vs {large[0]}"
