"""Turns and sentences on hand-written transcript fragments (exact expected segments)."""

from __future__ import annotations

import pytest

from tema.nlp import SegmentSpan, load_pipeline, pipeline_name, segment_many, segment_transcript

PIPELINES = ["tema", "tema-rules"]


def pieces(text: str, spans: list[SegmentSpan]) -> list[tuple]:
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        assert piece, s
        assert piece == piece.strip(), s
        assert (s.lemmas is None) == (s.kind == "turn")
        out.append((s.kind, piece, s.speaker, s.turn))
    return out


def sentences(text: str, name: str = "tema") -> list[str]:
    spans = segment_transcript(text, nlp=load_pipeline(name))
    return [p[1] for p in pieces(text, spans) if p[0] == "sentence"]


def turns(text: str) -> list[tuple]:
    spans = segment_transcript(text, nlp=load_pipeline("tema-rules"))
    return [(p[1], p[2]) for p in pieces(text, spans) if p[0] == "turn"]


def test_pipeline_name_is_recorded_form():
    assert pipeline_name(load_pipeline("tema-rules")).startswith("tema-nb-rules ")
    assert pipeline_name(load_pipeline()).startswith("tema-nb-")
    assert load_pipeline() is load_pipeline()


# ---------------------------------------------------------------- turns


def test_labels_roles_and_names():
    text = (
        "I: Kan du fortelle litt om jobben?\n"
        "Informant: Ja. Jeg har jobbet der lenge.\n"
        "Intervjuer: Hvor lenge?\n"
        "IP: Ti år.\n"
        "Anne Berit: Og jeg i fem.\n"
    )
    assert turns(text) == [
        ("Kan du fortelle litt om jobben?", "I"),
        ("Ja. Jeg har jobbet der lenge.", "Informant"),
        ("Hvor lenge?", "Intervjuer"),
        ("Ti år.", "IP"),
        ("Og jeg i fem.", "Anne Berit"),
    ]


def test_full_segments_in_document_order():
    text = "I: Hei. Hvordan går det?\nElise: Bra, takk.\n"
    spans = segment_transcript(text, nlp=load_pipeline("tema-rules"))
    assert pieces(text, spans) == [
        ("turn", "Hei. Hvordan går det?", "I", 0),
        ("sentence", "Hei.", "I", 0),
        ("sentence", "Hvordan går det?", "I", 0),
        ("turn", "Bra, takk.", "Elise", 1),
        ("sentence", "Bra, takk.", "Elise", 1),
    ]
    assert spans[0].meta is None


def test_timestamps_and_markdown_bold():
    text = (
        "[00:01:23] Elise: Først dette.\n"
        "00:01:30 Jonas: Så dette.\n"
        "**Elise:** Fet etikett.\n"
        "**Jonas**: Også fet.\n"
        "Elise (00:02:10): Tid etter navnet.\n"
    )
    spans = segment_transcript(text, nlp=load_pipeline("tema-rules"))
    got = [(text[s.start : s.end], s.speaker, s.meta) for s in spans if s.kind == "turn"]
    assert got == [
        ("Først dette.", "Elise", {"timestamp": "00:01:23"}),
        ("Så dette.", "Jonas", {"timestamp": "00:01:30"}),
        ("Fet etikett.", "Elise", None),
        ("Også fet.", "Jonas", None),
        ("Tid etter navnet.", "Elise", {"timestamp": "00:02:10"}),
    ]


def test_vtt_voice_tags_and_rendered_cues():
    text = (
        "<v Elise>Det begynte i fjor.</v>\n"
        "[00:00:05.000] <v Jonas>Jeg husker det.</v>\n"
        "[00:00:07.500] Elise: Gjør du?\n"
        "<v.loud Jonas>Ja!</v> <v Elise>Bra.</v>\n"
    )
    spans = segment_transcript(text, nlp=load_pipeline("tema-rules"))
    got = [(text[s.start : s.end], s.speaker, s.meta) for s in spans if s.kind == "turn"]
    assert got == [
        ("Det begynte i fjor.", "Elise", None),
        ("Jeg husker det.", "Jonas", {"timestamp": "00:00:05.000"}),
        ("Gjør du?", "Elise", {"timestamp": "00:00:07.500"}),
        ("Ja!", "Jonas", None),
        ("Bra.", "Elise", None),
    ]


def test_colon_sentence_is_not_a_label():
    text = "I: Hva skjedde?\nIP: Tja.\nDet var sånn: vi måtte bare gå.\nAltså: ingen visste noe.\n"
    assert turns(text) == [
        ("Hva skjedde?", "I"),
        ("Tja.\nDet var sånn: vi måtte bare gå.\nAltså: ingen visste noe.", "IP"),
    ]


def test_unlabelled_text_is_one_turn_per_paragraph():
    text = "Første avsnitt. Med to setninger.\n\n\nAndre avsnitt\nover to linjer."
    assert turns(text) == [
        ("Første avsnitt. Med to setninger.", None),
        ("Andre avsnitt\nover to linjer.", None),
    ]


def test_report_with_field_lines_has_no_speakers():
    text = "Rapport om noe\n\nTelefon: 12 34 56 78\n\nDette er brødteksten. Den er lang.\n\nMer tekst her.\n"
    assert [s for _t, s in turns(text)] == [None, None, None, None]


def test_multi_paragraph_turn_and_preamble():
    text = "Intervju 3, mars\n\nI: Fortell.\n\nIP: Første del.\n\nAndre del av svaret.\nI: Takk.\n"
    spans = segment_transcript(text, nlp=load_pipeline("tema-rules"))
    assert pieces(text, spans) == [
        ("turn", "Intervju 3, mars", None, 0),
        ("sentence", "Intervju 3, mars", None, 0),
        ("turn", "Fortell.", "I", 1),
        ("sentence", "Fortell.", "I", 1),
        ("turn", "Første del.\n\nAndre del av svaret.", "IP", 2),
        ("sentence", "Første del.", "IP", 2),
        ("sentence", "Andre del av svaret.", "IP", 2),
        ("turn", "Takk.", "I", 3),
        ("sentence", "Takk.", "I", 3),
    ]


def test_label_without_content_on_its_line():
    text = "I:\nHva tenker du?\nIP:\n\nJeg vet ikke.\n"
    assert turns(text) == [("Hva tenker du?", "I"), ("Jeg vet ikke.", "IP")]


def test_same_speaker_again_is_a_new_turn_and_empty_label_is_dropped():
    text = "Elise: En.\nElise: To.\nJonas:\nElise: Tre.\n"
    assert turns(text) == [("En.", "Elise"), ("To.", "Elise"), ("Tre.", "Elise")]


def test_offsets_with_crlf_emoji_and_norwegian_letters():
    text = "\ufeffI: Blåbær og æøå 😀👍🏽. Neste setning!\r\nIP: Øl? Ærlig talt, nei.\r\n\r\nSlutt på svaret 🎉.\r\n"
    spans = segment_transcript(text)
    got = pieces(text, spans)
    assert ("turn", "Blåbær og æøå 😀👍🏽. Neste setning!", "I", 0) in got
    assert ("turn", "Øl? Ærlig talt, nei.\r\n\r\nSlutt på svaret 🎉.", "IP", 1) in got
    sents = [p[1] for p in got if p[0] == "sentence"]
    assert sents == ["Blåbær og æøå 😀👍🏽.", "Neste setning!", "Øl?", "Ærlig talt, nei.", "Slutt på svaret 🎉."]


def test_empty_and_blank_text():
    assert segment_transcript("") == []
    assert segment_transcript("  \n\n \r\n") == []


def test_segment_many_matches_single_and_is_lazy():
    texts = ["I: Hei. Hallo.\nIP: Ja.", "Bare tekst. To.", ""]
    many = list(segment_many(iter(texts), batch_size=2))
    assert many == [segment_transcript(t) for t in texts]


# ---------------------------------------------------------------- sentence rules


@pytest.mark.parametrize("name", PIPELINES)
def test_abbreviations_do_not_break(name):
    text = (
        "Vi snakket f.eks. om skolen, bl.a. om leksene, dvs. mye lesing. "
        "Det var ca. tjue elever i klasse nr. 3 som møttes kl. 9 mht. prøvene. "
        "Det gjelder evt. neste år, ev. året etter, jf. planen og pga. været. "
        "Vi hadde bøker, penner osv. og noen hadde kalkulator o.l. i sekken."
    )
    assert sentences(text, name) == [
        "Vi snakket f.eks. om skolen, bl.a. om leksene, dvs. mye lesing.",
        "Det var ca. tjue elever i klasse nr. 3 som møttes kl. 9 mht. prøvene.",
        "Det gjelder evt. neste år, ev. året etter, jf. planen og pga. været.",
        "Vi hadde bøker, penner osv. og noen hadde kalkulator o.l. i sekken.",
    ]


@pytest.mark.parametrize("name", PIPELINES)
def test_capitalised_abbreviation_and_nynorsk(name):
    text = "F.eks. kan du ta bussen. Me kan t.d. gå. Dvs. at det går fint."
    assert sentences(text, name) == ["F.eks. kan du ta bussen.", "Me kan t.d. gå.", "Dvs. at det går fint."]


@pytest.mark.parametrize("name", PIPELINES)
def test_osv_at_sentence_end(name):
    text = "Vi hadde epler, pærer osv. Etterpå gikk vi hjem."
    assert sentences(text, name) == ["Vi hadde epler, pærer osv.", "Etterpå gikk vi hjem."]


@pytest.mark.parametrize("name", PIPELINES)
def test_dates_and_numbers_at_sentence_end(name):
    text = "Jeg begynte 1. august 2019. Da var jeg 23. Vi flyttet i 2015. Etterpå kom 17. mai."
    assert sentences(text, name) == [
        "Jeg begynte 1. august 2019.",
        "Da var jeg 23.",
        "Vi flyttet i 2015.",
        "Etterpå kom 17. mai.",
    ]


@pytest.mark.parametrize("name", PIPELINES)
def test_omissions_pauses_and_brackets(name):
    text = (
        "Han sa at [...] det ikke var noe. Og så [\u2026] gikk vi. "
        "Det var.. liksom... ikke så lett (ler) egentlig. "
        "Jeg vet ikke [pause] hva jeg skal si. Ja. (ler) Det var det."
    )
    assert sentences(text, name) == [
        "Han sa at [...] det ikke var noe.",
        "Og så [\u2026] gikk vi.",
        "Det var.. liksom... ikke så lett (ler) egentlig.",
        "Jeg vet ikke [pause] hva jeg skal si.",
        "Ja. (ler)",
        "Det var det.",
    ]


@pytest.mark.parametrize("name", PIPELINES)
def test_dialogue_dashes(name):
    text = "Så sa læreren det. – Nå går vi, sa hun. – Hvorfor det? spurte jeg. Jeg – altså – visste ikke."
    assert sentences(text, name) == [
        "Så sa læreren det.",
        "– Nå går vi, sa hun.",
        "– Hvorfor det? spurte jeg.",
        "Jeg – altså – visste ikke.",
    ]


@pytest.mark.parametrize("name", PIPELINES)
def test_quotes_and_questions(name):
    text = "«Kommer du?» spurte hun. Jeg svarte ja. Hva skulle jeg si!"
    assert sentences(text, name) == ["«Kommer du?» spurte hun.", "Jeg svarte ja.", "Hva skulle jeg si!"]


def test_lower_case_speech_with_punctuation_is_split_by_the_trained_senter():
    text = "ja. det var fint der. hva tenker du om det? nei altså jeg vet ikke"
    assert sentences(text) == ["ja.", "det var fint der.", "hva tenker du om det?", "nei altså jeg vet ikke"]


def test_unpunctuated_speech_is_not_broken_mid_clause():
    text = "og så gikk vi hjem da og så var det middag og etterpå la vi oss tidlig fordi vi var slitne"
    assert sentences(text) == [text]


def test_timestamp_only_cues_are_turns_without_speaker():
    text = "[00:00:01.000] første cue her.\n[00:00:04.200] andre cue.\n"
    spans = segment_transcript(text, nlp=load_pipeline("tema-rules"))
    got = [(text[s.start : s.end], s.speaker, s.meta) for s in spans if s.kind == "turn"]
    assert got == [
        ("første cue her.", None, {"timestamp": "00:00:01.000"}),
        ("andre cue.", None, {"timestamp": "00:00:04.200"}),
    ]


def test_labelled_list_in_a_long_report_is_not_a_transcript():
    body = "\n\n".join(f"Avsnitt {k} i rapporten handler om noe annet. Det er lange setninger." for k in range(40))
    text = body + "\n\nVedlegg 1\n\nA: Hvordan organiserer dere arbeidet?\nB: Hvor lenge har du jobbet?\nA: Hva gjør du?\nB: Hvem samarbeider du med?\n"
    assert {s for _t, s in turns(text)} == {None}


def test_numbered_question_is_not_split_before_the_number():
    text = "I: Spørsmål 2.3, hvordan var det?\nIP: Det gikk bra i kapittel 4, tror jeg."
    assert sentences(text) == ["Spørsmål 2.3, hvordan var det?", "Det gikk bra i kapittel 4, tror jeg."]
