"""A coding from the picker reads its span together with the code and the twin check (one
statement). It refuses exactly what the two separate reads refused, with the same errors in
the same order, and stores the same row and event, which undo and redo round-trip — on SQLite
and on PostgreSQL (TEMA_TEST_PG_URL; skipped with a reason when unset)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tema.domain import codes, coding, documents, events
from tema.domain import project as project_d
from tema.domain.replay import enc
from tema.domain.workspace import Workspace
from tema.errors import TemaError
from tema.store import models as m
from tema.store.db import create_store
from tests.domain.conftest import TRANSCRIPT

A = TRANSCRIPT.index("Vi samarbeider")
B = TRANSCRIPT.index("Søsken blir")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """The domain tests' project (tests/domain/conftest.py), on each backend."""
    target = str(tmp_path / "domene.tema") if request.param == "sqlite" else request.getfixturevalue("pg_database")
    st = create_store(target)
    with st.transaction() as s:
        project_d.init_project(s, "Domene", "Hva?")
    yield st
    st.close()


def _two_reads(session, doc, start, end, code, **kw):
    """The reference: the span read alone (span_text), then apply_coding given that span."""
    extract = coding.span_text(session, doc, start, end)
    return coding.apply_coding(session, doc, start, end, code, extract=extract, **kw)


def _outcome(ws, fn, *args, **kw):
    try:
        return ("ok", ws.write(fn, *args, **kw))
    except TemaError as exc:
        return (type(exc).__name__, str(exc))


@pytest.fixture
def setting(store, doc_id, coder):
    """Live, retired, trashed and merged codes, a coding already there, a trashed document."""
    with store.transaction() as s:
        live = codes.get_or_create_code(s, "Levende", coder_id=coder).id
        retired = codes.get_or_create_code(s, "Pensjonert", coder_id=coder).id
        trashed = codes.get_or_create_code(s, "Kastet", coder_id=coder).id
        merged = codes.get_or_create_code(s, "Slått sammen", coder_id=coder).id
        codes.retire_code(s, retired, coder)
        codes.delete_code(s, trashed, coder)
        codes.merge_codes(s, [merged], live, coder)
        coding.apply_coding(s, doc_id, A, A + 10, live, coder_id=coder)
        coding.apply_coding(s, doc_id, A, A + 10, live, coder_id=None)
        gone = documents.add_document(s, title="Borte", text=TRANSCRIPT + "Slutt.\n").id
        documents.delete_document(s, gone, coder)
    return {"live": live, "retired": retired, "trashed": trashed, "merged": merged, "gone_doc": gone}


@pytest.mark.parametrize("who", ["coder", None])
def test_the_one_statement_refuses_as_the_two_reads_did(store, doc_id, coder, setting, who):
    coder_id = coder if who == "coder" else None
    n = len(TRANSCRIPT)
    cases = [
        (doc_id, A, A + 10, setting["live"]),  # already applied by this coder
        (doc_id, A, A + 10, setting["retired"]),
        (doc_id, A, A + 10, setting["trashed"]),
        (doc_id, A, A + 10, setting["merged"]),
        (doc_id, A, A + 10, 99_999),  # no such code
        (99_999, A, A + 10, setting["live"]),  # no such document
        (99_999, A, A + 10, 99_999),  # neither: the document is named
        (setting["gone_doc"], A, A + 10, setting["live"]),  # in the trash
        (setting["gone_doc"], -1, n + 5, 99_999),
        (doc_id, n - 5, n + 5, setting["live"]),  # past the end
        (doc_id, -1, 5, setting["live"]),
        (doc_id, A, A, setting["live"]),  # empty
        (doc_id, A + 10, A, 99_999),
        (doc_id, n - 5, n + 5, 99_999),  # the span is checked before the code
    ]
    ws = Workspace.open(store, coder="Tester")
    for doc, start, end, code in cases:
        got = _outcome(ws, coding.apply_coding, doc, start, end, code, coder_id=coder_id)
        want = _outcome(ws, _two_reads, doc, start, end, code, coder_id=coder_id)
        assert got[0] != "ok", (doc, start, end, code)
        assert got == want, (doc, start, end, code)


def _event_and_row(store, coding_id):
    with store.session() as s:
        ev = s.scalars(select(m.Event).order_by(m.Event.id.desc()).limit(1)).one()
        row = s.get(m.Coding, coding_id)
        image = None if row is None else {c.key: enc(getattr(row, c.key)) for c in m.Coding.__table__.columns}
        return (ev.action, ev.summary, ev.coder_id, ev.undoable, ev.state, ev.changes), image


@pytest.mark.parametrize("who", ["coder", None])
def test_the_one_statement_stores_the_row_and_event_the_two_reads_stored(store, doc_id, coder, who):
    coder_id = coder if who == "coder" else None
    with store.transaction() as s:
        code = codes.get_or_create_code(s, "Nærhet", coder_id=coder).id
    ws = Workspace.open(store, coder="Tester")
    fast = ws.write(coding.apply_coding, doc_id, A, A + 20, code, coder_id=coder_id)
    fast_event, fast_row = _event_and_row(store, fast)
    slow = ws.write(_two_reads, doc_id, B, B + 11, code, coder_id=coder_id)
    slow_event, slow_row = _event_and_row(store, slow)

    assert fast_row["text"] == TRANSCRIPT[A : A + 20] and slow_row["text"] == TRANSCRIPT[B : B + 11]
    assert fast_event[0] == slow_event[0] == "coding.apply" and fast_event[4] == slow_event[4] == "done"
    assert fast_event[1] == f"«Nærhet» on «{TRANSCRIPT[A : A + 20]}»"
    assert fast_event[2:4] == slow_event[2:4] == (coder_id, True)
    # The event's image is the stored row, column for column, and shaped as the reference's.
    for (*_, changes), row in ((fast_event, fast_row), (slow_event, slow_row)):
        assert changes == [{"op": "insert", "table": "coding", "pk": {"id": row["id"]}, "row": row}]
    assert list(fast_event[5][0]["row"]) == list(slow_event[5][0]["row"])
    same = {"code_id", "document_id", "coder_id", "memo"}
    assert {k: fast_row[k] for k in same} == {k: slow_row[k] for k in same}

    with store.transaction() as s:  # undo the reference's, then the picker's coding; redo both
        events.undo(s, coder_id)
        events.undo(s, coder_id)
    assert _event_and_row(store, fast)[1] is None and _event_and_row(store, slow)[1] is None
    with store.transaction() as s:
        events.redo(s, coder_id)
        events.redo(s, coder_id)
    assert _event_and_row(store, fast)[1] == fast_row and _event_and_row(store, slow)[1] == slow_row
