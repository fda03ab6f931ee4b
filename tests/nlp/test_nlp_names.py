"""Name suggestions on hand-written fragments."""

from __future__ import annotations

from tema.nlp.names import NameSuggestion, suggest_names


def _found(text: str) -> list[tuple[str, str]]:
    out = []
    for s in suggest_names([text]):
        assert text[s.start : s.end] == s.text
        assert 0 < s.score <= 1
        out.append((s.text, s.kind))
    return out


def test_speaker_labels_and_names_in_speech():
    text = (
        "I: Hvordan kom du i kontakt med dem?\n"
        "Marte: Det var naboen min, Kjell Arne Bråten, som ringte. Vi bodde i Storgata i Tromsø.\n"
        "I: Og skolen?\n"
        "Marte: Jeg jobbet på Solbakken skole en stund.\n"
    )
    found = _found(text)
    assert ("Marte", "PER") in found
    assert ("Kjell Arne Bråten", "PER") in found
    assert ("Tromsø", "LOC") in found
    assert any(t == "Storgata" for t, _k in found)
    assert any(t.startswith("Solbakken") for t, _k in found)
    assert not any(t in ("I", "Hvordan", "Det", "Vi", "Og", "Jeg") for t, _k in found)


def test_sentence_initial_common_words_are_not_names():
    found = _found("Regjeringen sa nei. Barna lekte ute. Etterpå kom Sigrid hjem.")
    assert [t for t, _k in found] == ["Sigrid"]


def test_suggestions_carry_document_index_and_context():
    res = suggest_names(["Ingen navn her.", "Vi møtte Hedda i går."])
    assert res == [
        NameSuggestion("Hedda", res[0].kind, 9, 14, res[0].context, res[0].score, 1),
    ]
    assert "Hedda" in res[0].context
    assert res[0].kind == "PER"


def test_lower_case_speech_gives_no_suggestions():
    assert suggest_names("ja nei vi var der med mamma og pappa") == []
