"""Feedback in the domain: imported comments as threads on their items, replies,
resolving and reopening as undoable actions, the reads the UI needs (by status, by
item, open counts), and the refusals."""

from __future__ import annotations

from datetime import datetime

import pytest

from tema.domain import coding, documents, events, journal, themes
from tema.domain import feedback as fb
from tema.domain.feedback_import import IncomingComment, ensure_project_uid, import_comments
from tema.errors import Conflict, InvalidInput, NotFound
from tema.store import models as m


@pytest.fixture
def items(store, doc_id, coder):
    """A theme, its code and one coding; the project's id."""
    with store.transaction() as s:
        doc = documents.get_document(s, doc_id)
        text = documents.document_text(s, doc_id)
        start = text.index("Søsken blir lett glemt.")
        coding.code_span(s, doc, start, start + len("Søsken blir lett glemt."), ["Glemte søsken"], coder_id=coder)
        theme = themes.upsert_theme(s, "Søsken", codes=["Glemte søsken"], coder_id=coder)
        c = s.query(m.Coding).one()
        return {"theme": theme.id, "code": c.code_id, "coding": c.id, "uid": ensure_project_uid(s)}


def _comments(items):
    when = datetime(2024, 3, 12, 10, 0)
    return [
        IncomingComment("0", "Eva", "Hva er poenget?", when, "E", "Søsken", ("theme", items["theme"])),
        IncomingComment("1", "Eva", "For bred kode.", when.replace(minute=5), None, "Glemte søsken",
                        ("code", items["code"])),
        IncomingComment("2", "Eva", "Godt sitat.", when.replace(minute=10), None, "Søsken blir",
                        ("coding", items["coding"])),
        IncomingComment("3", "Eva", "Og tema 2?", when.replace(minute=15), None, "Søsken", ("theme", items["theme"]),
                        parent_ref="0"),
        IncomingComment("4", "Eva", "Generelt bra.", when.replace(minute=20), None, "", None),
        IncomingComment("5", "Eva", "Temaet er borte?", when.replace(minute=25), None, "", ("theme", 999)),
    ]


def test_import_threads_targets_and_reads(store, items, coder):
    with store.transaction() as s:
        summary = import_comments(s, _comments(items), file_name="kb.docx", file_uid=items["uid"], coder_id=coder)
    assert (summary.added, summary.replies, summary.unanchored, summary.duplicates) == (
        {"theme": 1, "code": 1, "coding": 1, "project": 2}, 1, 2, 0)
    with store.session() as s:
        threads = fb.list_feedback(s)
        assert [t.text for t in threads] == ["Hva er poenget?", "For bred kode.", "Godt sitat.", "Generelt bra.",
                                             "Temaet er borte?"]
        first = threads[0]
        assert (first.author, first.who_when, first.target, first.status, first.origin, first.round) == (
            "Eva", "Eva, 12.03.2024", "Søsken", "open", "docx", 1)
        assert [r.text for r in first.replies] == ["Og tema 2?"]
        assert [t.text for t in fb.feedback_for(s, "coding", items["coding"])] == ["Godt sitat."]
        assert threads[2].target.startswith("«Søsken blir lett glemt.»")
        assert [t.anchored for t in threads[3:]] == [False, False]
        assert fb.open_counts(s, "theme") == {items["theme"]: 1}
    with store.transaction() as s:  # the same comments again: nothing new
        again = import_comments(s, _comments(items), file_name="kb.docx", file_uid=items["uid"])
    assert (again.new, again.duplicates, again.round) == (0, 6, None)


def test_reply_resolve_reopen_are_undoable_actions(store, items, coder):
    with store.transaction() as s:
        import_comments(s, _comments(items)[:2], file_name="kb.docx", file_uid=items["uid"])
    with store.session() as s:
        theme_thread = fb.feedback_for(s, "theme", items["theme"])[0]
    with store.transaction() as s:
        thread = fb.reply(s, theme_thread.id, "  Jeg har skrevet et konsept.  ", coder)
    assert [(r.author, r.text, r.origin) for r in thread.replies] == [("Tester", "Jeg har skrevet et konsept.", "tema")]
    with store.session() as s:  # journaled, in the same action
        assert [e.body for e in journal.journal_entries(s)] == [
            "Svar på tilbakemelding fra Eva om tema «Søsken»: Jeg har skrevet et konsept."]
    with store.transaction() as s:  # a reply to a reply joins the thread
        thread = fb.reply(s, thread.replies[0].id, "Og en definisjon.", coder)
    assert len(thread.replies) == 2
    with store.transaction() as s:
        assert fb.resolve(s, theme_thread.id, coder).status == "resolved"
    with store.session() as s:
        assert [t.id for t in fb.list_feedback(s, status="resolved")] == [theme_thread.id]
        assert fb.open_counts(s, "theme") == {}
        assert s.query(m.Event).order_by(m.Event.id.desc()).first().action == "feedback.resolve"
    with store.transaction() as s:
        events.undo(s, coder)
    with store.session() as s:
        assert fb.get_thread(s, theme_thread.id).status == "open"
        assert [e.body for e in journal.journal_entries(s)][-1].endswith("Og en definisjon.")
    with store.transaction() as s:
        events.redo(s, coder)
    with store.session() as s:
        assert [e.body for e in journal.journal_entries(s)][-1] == (
            "Tilbakemelding fra Eva om tema «Søsken» markert som løst.")
    with store.transaction() as s:
        events.undo(s, coder)
        events.undo(s, coder)  # the second reply
    with store.session() as s:
        assert [r.text for r in fb.get_thread(s, theme_thread.id).replies] == ["Jeg har skrevet et konsept."]
        assert len(journal.journal_entries(s)) == 1
    with store.transaction() as s:
        fb.resolve(s, theme_thread.id, coder)
        assert fb.reopen(s, theme_thread.id, coder).status == "open"


def test_refusals_are_one_line_and_write_nothing(store, items, coder):
    with store.transaction() as s, pytest.raises(InvalidInput, match="another project"):
        import_comments(s, _comments(items), file_name="kb.docx", file_uid="0" * 32)
    with store.transaction() as s, pytest.raises(InvalidInput, match="not a tema codebook"):
        import_comments(s, _comments(items), file_name="kb.docx", file_uid=None)
    with store.session() as s:
        assert s.query(m.Memo).filter_by(kind="feedback").count() == 0
    with store.transaction() as s:
        import_comments(s, _comments(items)[:1], file_name="kb.docx", file_uid=items["uid"])
    with store.session() as s:
        tid = fb.list_feedback(s)[0].id
    with store.transaction() as s, pytest.raises(InvalidInput, match="must not be empty"):
        fb.reply(s, tid, "   ", coder)
    with store.transaction() as s, pytest.raises(NotFound, match="feedback 999"):
        fb.resolve(s, 999, coder)
    with store.transaction() as s, pytest.raises(Conflict, match="already open"):
        fb.reopen(s, tid, coder)
    with store.session() as s, pytest.raises(InvalidInput, match="--status"):
        fb.list_feedback(s, status="done")
