"""document_overview: words, coded share (union of spans) and last opened, per document."""

from __future__ import annotations

from tema.domain import coding, documents
from tests.domain.conftest import TRANSCRIPT


def test_coded_share_counts_overlaps_once(store, doc_id, coder):
    a = TRANSCRIPT.index("Vi samarbeider")
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        coding.code_span(s, doc, a, a + 20, ["En"], coder_id=coder)
        coding.code_span(s, doc, a + 10, a + 30, ["To"], coder_id=coder)
        coding.code_span(s, doc, a + 50, a + 55, ["Tre"], coder_id=coder)
        other = documents.add_document(s, title="Åse", text="I: Hei?\nÅse: Hei på deg.\n")
        documents.mark_opened(s, doc.id)
    with store.session() as s:
        rows = documents.document_overview(s)
    assert [r.title for r in rows] == ["Randi", "Åse"]
    randi, aase = rows
    assert (randi.participant, randi.participant_label) == ("Randi", "A")
    assert randi.coded_chars == 35 and randi.codings == 3
    assert abs(randi.coded_share - 35 / len(TRANSCRIPT)) < 1e-9
    assert randi.n_words == len(TRANSCRIPT.split())
    assert randi.last_opened_at is not None
    assert aase.coded_chars == 0 and aase.coded_share == 0 and aase.participant is None
    assert aase.last_opened_at is None and aase.id == other.id


def test_trashed_documents_are_left_out(store, doc_id, coder):
    with store.transaction() as s:
        documents.delete_document(s, documents.find_document(s, "Randi"), coder)
    with store.session() as s:
        assert documents.document_overview(s) == []
