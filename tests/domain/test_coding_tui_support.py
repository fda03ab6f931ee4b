"""recent_code_ids: the code picker lists recently applied codes first."""

from __future__ import annotations

from tema.domain import coders, codes, coding, documents
from tests.domain.conftest import TRANSCRIPT


def test_recent_codes_newest_first_per_coder(store, doc_id, coder):
    a = TRANSCRIPT.index("Vi samarbeider")
    with store.transaction() as s:
        other = coders.get_or_create_coder(s, "Annen").id
        doc = documents.find_document(s, "Randi")
        for i, name in enumerate(["Første", "Andre", "Tredje"]):
            coding.code_span(s, doc, a + i, a + 10, [name], coder_id=coder)
        coding.code_span(s, doc, a, a + 12, ["Andre"], coder_id=coder)
        coding.code_span(s, doc, a, a + 5, ["Fremmed"], coder_id=other)
    with store.session() as s:
        names = {c.id: c.name for c in s.query(codes.m.Code)}
        mine = [names[i] for i in coding.recent_code_ids(s, coder)]
        everyone = [names[i] for i in coding.recent_code_ids(s, None, limit=2)]
    assert mine == ["Andre", "Tredje", "Første"]
    assert everyone == ["Fremmed", "Andre"]


def test_retired_codes_are_not_recent(store, doc_id, coder):
    a = TRANSCRIPT.index("Vi samarbeider")
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        coding.code_span(s, doc, a, a + 10, ["Gammel"], coder_id=coder)
        coding.code_span(s, doc, a, a + 11, ["Ny"], coder_id=coder)
        codes.retire_code(s, codes.find_code(s, "Gammel"), coder)
    with store.session() as s:
        ids = coding.recent_code_ids(s, coder)
        assert [s.get(codes.m.Code, i).name for i in ids] == ["Ny"]


def test_document_codings_are_plain_views_of_live_codes(store, doc_id, coder):
    a = TRANSCRIPT.index("Vi samarbeider")
    b = TRANSCRIPT.index("Søsken blir")
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        coding.code_span(s, doc, a, a + 20, ["Tett", "Nært"], coder_id=coder,
                         perspectives=["familieperspektiv", "koordinatorperspektiv"], memo="Sterkt utsagn.")
        coding.code_span(s, doc, b, b + 11, ["Søsken"], coder_id=None)
        coding.code_span(s, doc, a, a + 5, ["Bort"], coder_id=coder)
        codes.delete_code(s, codes.find_code(s, "Bort"), coder)
    with store.session() as s:
        fast = coding.document_codings(s, doc_id)
        at_a = coding.codings_at(s, doc_id, a, a + 1)
    assert all(type(v) is coding.CodingView for v in fast)
    assert at_a == [v for v in fast if v.start <= a < v.end]
    assert sorted(v.code for v in fast) == ["Nært", "Søsken", "Tett"]
    assert fast[0].perspectives == ("familieperspektiv", "koordinatorperspektiv") and fast[0].memo == "Sterkt utsagn."
    assert fast[-1].coder is None
