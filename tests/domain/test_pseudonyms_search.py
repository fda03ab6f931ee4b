"""Pseudonym rules and lemma search."""

from __future__ import annotations

from tema.domain import pseudonyms
from tema.domain.search import search


def test_pseudonymizer_whole_word_case_and_genitive():
    p = pseudonyms.Pseudonymizer([("Kari Nordmann", "Anne Berg"), ("Kari", "Anne"), ("Tromsø", "Byen")])
    assert p("Kari Nordmann og Karis bror bor i Tromsø.") == "Anne Berg og Annes bror bor i Byen."
    assert p("KARI sa det. kari skrev.") == "ANNE sa det. anne skrev."
    assert p("Karianne og Karin er andre navn.") == "Karianne og Karin er andre navn."
    assert p(None) is None


def test_lemma_search_finds_inflections(store, doc_id):
    with store.session() as s:
        hits = search(s, "samarbeid")
        texts = [h.text for h in hits]
        assert any("samarbeider" in t for t in texts)
        assert any("Samarbeidet" in t for t in texts)
        exact = search(s, "samarbeider", exact=True)
        assert [h.text for h in exact] == ["Hvordan samarbeider dere med familien?", "Vi samarbeider tett."]
        assert exact[1].participant == "Randi" and [h.speaker for h in exact] == ["I", "Randi"]
        a, b = exact[1].marks[0]
        assert exact[1].text[a:b] == "samarbeider"
        assert [h.text for h in search(s, "søsken glemt")] == ["Søsken blir lett glemt."]


def test_name_suggestions_exclude_covered_names(store, coder):
    from tema.domain import documents
    from tema.domain.segments import write_segments
    from tema.nlp import segment_transcript

    text = "I: Hvem hjelper dere?\nRandi: Vi får hjelp av naboen Sigbjørn Haugland, og mormor kommer fra Steinkjer hver fredag.\n"
    with store.transaction() as s:
        doc = documents.add_document(s, title="Navn", text=text)
        write_segments(s, doc.id, text, segment_transcript(text))
    with store.session() as s:
        names = {x.text for x in pseudonyms.suggest(s)}
    assert any("Sigbjørn" in n for n in names) and "Steinkjer" in names
    with store.transaction() as s:
        pseudonyms.add_rule(s, "Steinkjer", "Småby", coder)
    with store.session() as s:
        assert "Steinkjer" not in {x.text for x in pseudonyms.suggest(s)}
