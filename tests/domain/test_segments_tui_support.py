"""segment_spans and next_uncoded_segment: the coding screen's systematic navigation."""

from __future__ import annotations

from tema.domain import codes, coding, documents, segments
from tests.domain.conftest import TRANSCRIPT


def _sentences():
    starts = ["Hvordan samarbeider", "Vi samarbeider tett.", "Samarbeidet med", "Og søsken?", "Søsken blir", "Det er et dilemma"]
    ends = ["familien?", "tett.", "slitne.", "søsken?", "glemt.", "for oss."]
    out = []
    for a, b in zip(starts, ends):
        s = TRANSCRIPT.index(a)
        out.append((s, TRANSCRIPT.index(b, s) + len(b)))
    return out


def test_segment_spans_are_the_sentences_in_order(store, doc_id):
    with store.session() as s:
        spans = segments.segment_spans(s, doc_id)
        turns = segments.segment_spans(s, doc_id, kind="turn")
    assert [(a, b) for a, b, _ in spans] == _sentences()
    assert [sp for _, _, sp in turns] == ["I", "Randi", "I", "Randi"]


def test_next_uncoded_skips_coded_sentences_both_ways(store, doc_id, coder):
    sents = _sentences()
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        # Code the 2nd sentence and part of the 3rd.
        coding.code_span(s, doc, sents[1][0], sents[1][1], ["Tett"], coder_id=coder)
        coding.code_span(s, doc, sents[2][0] + 3, sents[2][0] + 10, ["Delvis"], coder_id=coder)
    with store.session() as s:
        assert segments.next_uncoded_segment(s, doc_id, 0) == sents[0]
        assert segments.next_uncoded_segment(s, doc_id, sents[0][0] + 1) == sents[3]
        assert segments.next_uncoded_segment(s, doc_id, sents[3][1], backwards=True) == sents[3]
        assert segments.next_uncoded_segment(s, doc_id, sents[3][0], backwards=True) == sents[0]
        assert segments.next_uncoded_segment(s, doc_id, sents[5][0] + 1) is None


def test_codings_of_a_trashed_code_do_not_count(store, doc_id, coder):
    sents = _sentences()
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        coding.code_span(s, doc, sents[0][0], sents[0][1], ["Bort"], coder_id=coder)
    with store.session() as s:
        assert segments.next_uncoded_segment(s, doc_id, 0) == sents[1]
    with store.transaction() as s:
        codes.delete_code(s, codes.find_code(s, "Bort"), coder)
    with store.session() as s:
        assert segments.next_uncoded_segment(s, doc_id, 0) == sents[0]
