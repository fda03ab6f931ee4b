"""The domain gateway (tema.domain.workspace): reads and writes by id with plain results,
database failures as one-line tema errors without secrets, and noticing what other
connections commit (SQLite data_version; PostgreSQL LISTEN/NOTIFY in tests/tui)."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from tema.domain import codes, coding, theme_views, themes, transcript_view
from tema.domain.workspace import Workspace, translate
from tema.errors import Busy, Conflict, NotFound, StoreFailure, Vanished
from tema.store import db
from tema.store.db import open_store


@pytest.fixture
def ws(store):
    w = Workspace.open(store.path, "Gunn")
    yield w
    w.close()


def test_writes_by_id_return_ids_and_reads_return_plain_views(ws):
    tid = ws.write(themes.create_theme, "Hverdagen", coder_id=ws.coder_id)
    sub = ws.write(themes.create_theme, "Søvn", parent=tid, coder_id=ws.coder_id)
    cid = ws.write(codes.create_code, "Slitne foreldre", coder_id=ws.coder_id)
    assert all(type(x) is int for x in (tid, sub, cid))
    ws.write(themes.place_code, cid, sub, ws.coder_id)
    ws.write(themes.rename_theme, tid, "Hverdagen hjemme", ws.coder_id)
    brief = ws.read(theme_views.theme_brief, sub)
    assert (brief.name, brief.parent_id) == ("Søvn", tid)
    assert ws.read(theme_views.theme_scope, tid)[1] == [cid]
    form = ws.read(theme_views.theme_form, tid)
    assert form.name == "Hverdagen hjemme" and [h[1:] for h in form.history] == [("Hverdagen", "Hverdagen hjemme")]
    assert ws.read(codes.code_info, cid).name == "Slitne foreldre"
    assert ws.read(codes.code_stats)[0].code == ws.read(codes.code_info, cid)


def test_an_id_that_vanished_is_a_one_line_not_found(ws, store):
    tid = ws.write(themes.create_theme, "Trivsel", coder_id=ws.coder_id)
    with store.transaction() as s:
        themes.delete_theme(s, tid)
    with pytest.raises(Vanished, match="^theme «Trivsel»: is in the trash$") as got:
        ws.write(themes.rename_theme, tid, "Glede", ws.coder_id)
    assert (got.value.kind, got.value.ref_id) == ("theme", tid)
    with pytest.raises(NotFound, match=r"^theme 9999: no longer exists$"):
        ws.read(theme_views.theme_brief, 9999)
    with pytest.raises(NotFound, match="^coding 4242: no longer exists$"):
        ws.write(coding.remove_coding, 4242, ws.coder_id)
    with pytest.raises(NotFound, match="^document 77: no longer exists$"):
        ws.read(transcript_view.transcript, 77)
    with store.session() as s:
        assert themes.lookup_theme(s, "Glede") is None


def test_a_locked_database_is_busy_and_nothing_is_written(tmp_path, store, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    w = Workspace.open(store.path, "Gunn")
    blocker = sqlite3.connect(store.path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(Busy, match="busy: another tema process is writing; nothing was written"):
            w.write(themes.create_theme, "Låst", coder_id=w.coder_id)
        blocker.execute("ROLLBACK")
        assert w.write(themes.create_theme, "Låst", coder_id=w.coder_id)
    finally:
        blocker.close()
        w.close()


def test_database_failures_become_one_line_tema_errors_without_the_password():
    fake = SimpleNamespace(url="postgresql+psycopg://kari:hemmelig-42@db.example/tema", name="tema")
    stale = translate(StaleDataError("UPDATE statement on table 'theme' expected to update 1 row(s)"), fake)
    assert isinstance(stale, Conflict) and "nothing was written" in str(stale)
    orig = Exception('connection to server failed: password "hemmelig-42" rejected\nDETAIL: more')
    failure = translate(OperationalError("SELECT 1", {}, orig), fake)
    assert isinstance(failure, StoreFailure)
    assert "hemmelig-42" not in str(failure) and "\n" not in str(failure)
    assert str(failure).startswith("database error: connection to server failed")


def test_other_connections_commits_change_the_data_version_own_writes_do_not(ws, store):
    start = ws.data_version()
    ws.write(themes.create_theme, "Eget", coder_id=ws.coder_id)
    assert ws.data_version() == start
    other = open_store(store.path)
    try:
        with other.transaction() as s:
            themes.create_theme(s, "Annet")
        changed = ws.data_version()
        assert changed != start
        assert ws.data_version() == changed  # reported once
    finally:
        other.close()
    assert "domene" in repr(ws) and "sqlite" not in repr(ws)
