"""The hot paths issue a fixed number of SQL statements, whatever the corpus size
(no N+1): counted with a before_cursor_execute listener on two seeded projects."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import event, func, select

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
    small = _export_code_themes(bench_projects["test-smaller"], tmp_path / "small.md")
    large = _export_code_themes(bench_projects["test-larger"], tmp_path / "large.md")
    assert large[1] > 2 * small[1]  # more codes, more rows
    assert small[0] == large[0], f"statements grow with the corpus: {small[0]} vs {large[0]}"


def _undo_bookkeeping(path: Path, folder: Path, history: int) -> tuple[dict[str, int], list[str]]:
    """On a copy of a seeded project with ``history`` more events (two coders, both with
    something on their redo lists): the statements of one new action (a coding), one undo
    and one redo of it by one coder, and the SQLite query plans of those touching ``event``."""
    from tema.domain import coders, coding, events, journal

    copy = folder / f"{path.parent.name}-{history}.tema"
    shutil.copy(path, copy)
    store = open_store(copy)
    try:
        with store.transaction() as s:
            a = coders.get_or_create_coder(s, "Angrer").id
            b = coders.get_or_create_coder(s, "Kollega").id
            for i in range(history):
                journal.add_journal(s, f"Notat {i}", coder_id=a if i % 2 else b)
            for _ in range(3):
                events.undo(s, b)
            for _ in range(2):
                events.undo(s, a)
            doc = s.get(m.Document, _busiest(s, m.Coding.document_id))
        seen: list[tuple[str, object]] = []

        def listen(_conn, _cursor, statement, params, _context, _many):
            seen.append((statement, params))

        counts: dict[str, int] = {}
        plans: list[str] = []
        steps = {
            "new action": lambda s: coding.code_span(s, s.get(m.Document, doc.id), 0, 12, ["Ny kode i dag"], coder_id=a),
            "undo": lambda s: events.undo(s, a),
            "redo": lambda s: events.redo(s, a),
        }
        for name, step in steps.items():
            seen.clear()
            event.listen(store.engine, "before_cursor_execute", listen)
            try:
                with store.transaction() as s:
                    step(s)
            finally:
                event.remove(store.engine, "before_cursor_execute", listen)
            counts[name] = len(seen)
            with store.engine.connect() as conn:
                for sql, params in seen:
                    if " event" in sql and not sql.startswith(("INSERT", "SAVEPOINT", "RELEASE")):
                        plans += [f"{name}: {' '.join(sql.split())[:60]}… → {row[-1]}"
                                  for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]
        assert any(p.startswith("new action: UPDATE event") for p in plans)  # the redo list it empties
        assert any(p.startswith("undo: SELECT") for p in plans) and any(p.startswith("redo: SELECT") for p in plans)
        return counts, plans
    finally:
        store.close()


def test_one_undo_and_one_new_action_do_not_grow_with_history_or_corpus(bench_projects, tmp_path):
    """Each coder's undo/redo lists are index ranges: a fixed number of statements whatever
    the history's length (10 vs 2,000 more events) and the corpus's size, and no statement
    scans the event log."""
    results = {(size, history): _undo_bookkeeping(bench_projects[size], tmp_path, history)
               for size in ("test-smaller", "test-larger") for history in (10, 2_000)}
    counts = {key: counts for key, (counts, _plans) in results.items()}
    assert len(set(map(str, counts.values()))) == 1, f"statements grow: {counts}"
    for key, (_counts, plans) in results.items():
        scans = [p for p in plans if "SCAN event" in p]
        assert plans and not scans, f"{key}: the event log is scanned: {scans}"
