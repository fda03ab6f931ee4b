"""The feedback the UI shows beside items, read by id: threads per theme/code/extract in
one read, every thread on a document's codings at once, and where a thread belongs (to
jump there) — a removed item is Vanished, not a traceback."""

from __future__ import annotations

from datetime import datetime

import pytest

from tema.domain import coding, documents, themes
from tema.domain.feedback_import import IncomingComment, ensure_project_uid, import_comments
from tema.domain.feedback_views import FeedbackPlace, feedback_in_document, feedback_on, feedback_place
from tema.errors import InvalidInput, Vanished
from tema.store import models as m
from tests.helpers.statements import counted


@pytest.fixture
def items(store, doc_id, coder):
    """A theme with a code, two codings in the document, comments on each and a reply."""
    with store.transaction() as s:
        doc = documents.get_document(s, doc_id)
        text = documents.document_text(s, doc_id)
        ids = []
        for quote, code in (("Søsken blir lett glemt.", "Glemte søsken"), ("Det er et dilemma for oss.", "Dilemma")):
            start = text.index(quote)
            coding.code_span(s, doc, start, start + len(quote), [code], coder_id=coder)
        theme = themes.upsert_theme(s, "Søsken", codes=["Glemte søsken"], coder_id=coder)
        ids = [c.id for c in s.query(m.Coding).order_by(m.Coding.start)]
        first = s.get(m.Coding, ids[0])
        out = {"theme": theme.id, "code": first.code_id, "codings": ids, "start": first.start, "end": first.end}
        when = datetime(2024, 3, 12, 10, 0)
        import_comments(s, [
            IncomingComment("0", "Eva", "Hva er poenget?", when, None, "Søsken", ("theme", theme.id)),
            IncomingComment("1", "Eva", "Godt sitat.", when.replace(minute=5), None, "Søsken", ("coding", ids[0])),
            IncomingComment("2", "Eva", "Og dette?", when.replace(minute=6), None, "Det er", ("coding", ids[1])),
            IncomingComment("3", "Eva", "Utdyp.", when.replace(minute=7), None, "Søsken", ("theme", theme.id),
                            parent_ref="0"),
            IncomingComment("4", "Eva", "For bred kode.", when.replace(minute=8), None, "Glemte", ("code", first.code_id)),
        ], file_name="kb.docx", file_uid=ensure_project_uid(s), coder_id=coder)
        return out


def test_threads_per_item_in_one_read(store, items):
    with store.session() as s:
        on_theme = feedback_on(s, "theme", [items["theme"], 999])
        on_codings = feedback_on(s, "coding", items["codings"])
        assert feedback_on(s, "code", []) == {}
    assert list(on_theme) == [items["theme"]]
    (thread,) = on_theme[items["theme"]]
    assert (thread.author, thread.text, thread.status, [r.text for r in thread.replies]) == (
        "Eva", "Hva er poenget?", "open", ["Utdyp."])
    assert {cid: [t.text for t in ts] for cid, ts in on_codings.items()} == {
        items["codings"][0]: ["Godt sitat."], items["codings"][1]: ["Og dette?"]}


def test_a_documents_codings_read_at_once_with_a_fixed_number_of_statements(store, items, doc_id):
    with store.session() as s, counted(store) as statements:
        found = feedback_in_document(s, doc_id)
    assert sorted(found) == sorted(items["codings"])
    assert len(statements) <= 4  # the threads, and the names of what they are on
    with store.session() as s:
        assert feedback_in_document(s, doc_id + 1) == {}


def test_where_a_thread_belongs(store, items, doc_id):
    with store.session() as s:
        threads = {t.text: t.id for ts in feedback_on(s, "coding", items["codings"]).values() for t in ts}
        theme_thread = feedback_on(s, "theme", [items["theme"]])[items["theme"]][0]
        code_thread = feedback_on(s, "code", [items["code"]])[items["code"]][0]
        at_coding = feedback_place(s, threads["Godt sitat."])
        at_reply = feedback_place(s, theme_thread.replies[0].id)
        at_code = feedback_place(s, code_thread.id)
    assert at_coding == FeedbackPlace(threads["Godt sitat."], "coding", items["codings"][0], at_coding.name, doc_id,
                                      items["start"], items["end"])
    assert at_coding.name.startswith("«Søsken blir lett glemt.»")
    assert (at_reply.feedback_id, at_reply.kind, at_reply.target_id, at_reply.name) == (
        theme_thread.id, "theme", items["theme"], "Søsken")
    assert (at_code.kind, at_code.target_id) == ("code", items["code"])


def test_a_removed_item_is_vanished_and_a_project_kind_refused(store, items, coder):
    with store.session() as s:
        theme_thread = feedback_on(s, "theme", [items["theme"]])[items["theme"]][0]
    with store.transaction() as s:
        themes.delete_theme(s, s.get(m.Theme, items["theme"]), coder_id=coder)
    with store.session() as s, pytest.raises(Vanished, match="theme"):
        feedback_place(s, theme_thread.id)
    with store.session() as s, pytest.raises(InvalidInput, match="feedback target"):
        feedback_on(s, "project", [1])
