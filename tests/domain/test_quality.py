"""Quality prompts on a real project file: each kind is raised when its rule holds and not
when it does not; all of them are read with a fixed number of statements."""

from __future__ import annotations

import pytest

from tema.domain import codes, documents, guide, participants, quality, themes
from tema.domain.quality import looks_like_topic, quality_prompts, uncoded_runs
from tema.store import models as m
from tests.domain.test_theme_matrix import BERIT, KJETIL, KJETIL_2, add_doc, code, place
from tests.helpers.statements import counted

GRO = [
    "Vi bor langt fra sykehuset.", "Kjøreturen tar nesten to timer hver vei.", "Om vinteren er veien ofte stengt.",
    "Da må vi overnatte hos søsteren min.", "Hun har tre barn selv.", "Det blir trangt, men det går.",
    "Gutten vår liker å være der.", "Han får leke med fetterne sine.", "Jeg savner at noen spør hvordan jeg har det.",
    "Mannen min jobber turnus på plattformen.", "Han er borte to uker av gangen.", "Da står jeg alene med alt.",
    "Naboen hjelper til med dyrene.", "Hun spør aldri om noe tilbake.",
    "Kommunen har tilbudt avlastning én helg i måneden.", "Det hjelper mer enn jeg trodde.",
    "Første gang gråt jeg hele kvelden.", "Nå gleder jeg meg til de helgene.", "Jeg leser bøker og sover lenge.",
    "Så er jeg klar for en ny runde.",
]
GRO_TEXT = "I: Fortell om hvordan dere har det.\nGro: " + " ".join(GRO) + "\n"


def of(prompts, kind: str) -> list[quality.Prompt]:
    return [p for p in prompts if p.kind == kind]


@pytest.fixture
def two(store, coder):
    """Berit (A) and Kjetil (B), a deleted second interview of Kjetil's, codes coded:
    Tidspress (Berit ×2; Kjetil in the deleted one), Stolthet (both), Ensomhet (Berit),
    Nettverk (Kjetil; again in the deleted one), Seier (Kjetil)."""
    with store.transaction() as s:
        berit = participants.upsert_participant(s, "Berit", label="A")
        kjetil = participants.upsert_participant(s, "Kjetil", label="B")
        b = add_doc(s, "Intervju Berit", BERIT, berit)
        k = add_doc(s, "Intervju Kjetil", KJETIL, kjetil)
        k2 = add_doc(s, "Intervju Kjetil 2", KJETIL_2, kjetil)
        code(s, b, "Uka er full av avtaler.", "Tidspress", coder)
        code(s, b, "Jeg rekker sjelden å puste.", "Tidspress", coder)
        code(s, b, "Jeg er stolt av det vi får til.", "Stolthet", coder)
        code(s, k, "At gutten vår klarte skoleåret.", "Stolthet", coder)
        code(s, b, "Ofte står jeg alene med ansvaret.", "Ensomhet", coder)
        code(s, k, "Naboene stiller opp når det trengs.", "Nettverk", coder)
        code(s, k, "Det var en seier for hele familien.", "Seier", coder)
        code(s, k2, "kalenderen sprekker fortsatt", "Tidspress", coder)
        code(s, k2, "Nettverket rundt oss har blitt mindre.", "Nettverk", coder)
        documents.delete_document(s, documents.get_document(s, k2))
    return {"berit": b, "kjetil": k, "kjetil2": k2}


def theme(s, name: str, *code_names: str, parent=None, definition: str | None = "Noe delt.",
          concept: str | None = "Kjerne.") -> m.Theme:
    """A theme with its codes; defined and with a concept unless told otherwise."""
    t = themes.create_theme(s, name, parent=parent)
    themes.set_theme_fields(s, t, definition=definition, central_concept=concept)
    place(s, t, *code_names)
    return t


# ---- no definition -----------------------------------------------------------------------


def test_no_definition_for_themes_and_subthemes(store, two):
    with store.transaction() as s:
        tempo = theme(s, "Hverdagens tempo", "Tidspress", "Stolthet", definition=None)
        seire = theme(s, "Små seire", "Stolthet", parent=tempo)
        tom = theme(s, "Ord som mangler", "Stolthet", parent=tempo, definition="   ")
        felles = theme(s, "Fellesskap", "Nettverk", "Stolthet")
        gammel = theme(s, "Et gammelt forsøk", "Stolthet", definition=None)
        themes.discard_theme(s, gammel)
        place(s, themes.ensure_holding_theme(s), "Seier")
        ids = (tempo.id, seire.id, tom.id, felles.id)
    with store.session() as s:
        got = of(quality_prompts(s), "no_definition")
    assert [p.theme_id for p in got] == [ids[0], ids[2]]  # not the defined ones, the discarded one, the pile
    assert got[0].message.startswith("«Hverdagens tempo»: no definition yet — what does this theme capture")
    assert "this subtheme" in got[1].message
    assert (got[0].code_id, got[0].document_id) == (None, None)


# ---- named like a topic --------------------------------------------------------------------


@pytest.mark.parametrize("name, topic", [
    ("Samarbeid", True),
    ("Samarbeid med skolen om oppfølging", True),  # a topic opener, however long
    ("Barrierer for deltakelse i fritidsaktiviteter", True),
    ("Betydningen av gode rutiner for familien", True),
    ("Rollen som koordinator", True),
    ("Slitne foreldre", True),  # short and verb-less
    ("Foreldrene bærer familien gjennom krisen", False),  # a verb: reads like a claim
    ("Søsken blir usynlige", False),
    ("Å stå i det alene", False),
    ("Ingen spør hvordan søsken har det", False),
    ("Omsorg for de minste i en travel familiehverdag", False),  # «om» is an opener only as a word
])
def test_topic_heuristic(name, topic):
    assert looks_like_topic(name) is topic


def test_topic_name_without_concept(store, two):
    with store.transaction() as s:
        sam = theme(s, "Samarbeid", "Stolthet", concept=None)
        bar = theme(s, "Barrierer for deltakelse i fritidsaktiviteter", "Stolthet", concept="  ")
        theme(s, "Rollen som koordinator", "Stolthet", concept="Koordinatoren holder trådene når ingen andre gjør det.")
        theme(s, "Foreldrene bærer familien gjennom krisen", "Stolthet", concept=None)
        ids = [sam.id, bar.id]
    with store.session() as s:
        got = of(quality_prompts(s), "topic_name")
    assert [p.theme_id for p in got] == ids
    assert got[0].message == ("«Samarbeid» reads like a topic label and has no central organising concept written — "
                              "what shared meaning holds it together?")


# ---- carried by one participant ------------------------------------------------------------


def test_theme_carried_by_one_participant(store, two):
    with store.transaction() as s:
        tempo = theme(s, "Tempo", "Tidspress")  # Berit only; Kjetil's is in the deleted interview
        theme(s, "Stolt", "Stolthet")  # both
        tom = theme(s, "Tomt")  # no codes at all
        nett = theme(s, "Nett", "Nettverk")  # Kjetil only (the deleted interview does not count either way)
        fam = theme(s, "Familien", "Ensomhet")  # Berit …
        nabo = theme(s, "Naboer", "Nettverk", parent=fam)  # … and Kjetil through its subtheme
        ids = [tempo.id, tom.id, nett.id, nabo.id]
    with store.session() as s:
        got = of(quality_prompts(s), "one_participant")
    assert [p.theme_id for p in got] == ids
    by_theme = {p.theme_id: p.message for p in got}
    assert by_theme[ids[0]].startswith("«Tempo» is carried by one participant (A) —")
    assert by_theme[ids[2]].startswith("«Nett» is carried by one participant (B) —")
    assert by_theme[ids[1]].startswith("«Tomt» has no coded extracts from any participant yet")
    with store.transaction() as s:  # restoring the interview brings Kjetil into «Tempo»
        documents.restore_document(s, documents.find_document(s, "Intervju Kjetil 2", include_deleted=True))
    with store.session() as s:
        assert tempo.id not in [p.theme_id for p in of(quality_prompts(s), "one_participant")]


# ---- one interview-guide section -----------------------------------------------------------


def test_all_tagged_extracts_answer_one_guide_section(store, two):
    with store.transaction() as s:
        hverdag = guide.upsert_section(s, "Hverdagen")
        stotte = guide.upsert_section(s, "Støtte")
        btext = documents.document_text(s, two["berit"])
        ktext = documents.document_text(s, two["kjetil"])

        def tag(section, doc_id, text, quote):
            start = text.index(quote)
            guide.tag_span(s, section, doc_id, start, start + len(quote))

        tag(hverdag, two["berit"], btext, "Uka er full av avtaler. Jeg rekker sjelden å puste.")
        tag(hverdag, two["berit"], btext, "Ofte står jeg alene")  # overlaps the Ensomhet coding in part
        tag(stotte, two["kjetil"], ktext, "Naboene stiller opp når det trengs.")
        # a tag in the deleted interview, over its Tidspress coding: does not count
        k2text = KJETIL_2
        start = k2text.index("kalenderen")
        guide.tag_span(s, stotte, two["kjetil2"], start, start + 10)

        tempo = theme(s, "Tempo", "Tidspress", "Ensomhet")  # 3 codings, all in «Hverdagen»
        blandet = theme(s, "Blandet", "Tidspress", "Nettverk")  # «Hverdagen» and «Støtte»
        theme(s, "Seire", "Seier")  # nothing tagged: no prompt
        halv = theme(s, "Halvveis", "Tidspress", "Seier")  # 2 tagged, 1 untagged: still one section
        ids = {"tempo": tempo.id, "blandet": blandet.id, "halv": halv.id}
    with store.session() as s:
        got = of(quality_prompts(s), "one_guide_section")
    assert [p.theme_id for p in got] == [ids["tempo"], ids["halv"]]
    assert got[0].message.startswith("«Tempo»: all its extracts tagged to the interview guide (3) answer «Hverdagen» —")
    assert "(2) answer «Hverdagen»" in got[1].message


def test_no_guide_prompt_without_tags(store, two):
    with store.transaction() as s:
        guide.upsert_section(s, "Hverdagen")
        theme(s, "Tempo", "Tidspress")
    with store.session() as s:
        assert of(quality_prompts(s), "one_guide_section") == []


# ---- a code in many themes -----------------------------------------------------------------


def test_code_sitting_in_many_themes(store, two, monkeypatch):
    with store.transaction() as s:
        t1 = theme(s, "Tempo", "Stolthet", "Tidspress")
        s1 = theme(s, "Små seire", "Stolthet", parent=t1)  # a subtheme counts as a place of its own
        t2 = theme(s, "Fellesskap", "Stolthet", "Tidspress")
        t3 = theme(s, "Forkastet", "Tidspress")
        themes.discard_theme(s, t3)  # Tidspress: 2 live themes + 1 discarded
        stolthet = codes.find_code(s, "Stolthet").id
        tidspress = codes.find_code(s, "Tidspress").id
        ids = (t1.id, s1.id, t2.id)
    with store.session() as s:
        got = of(quality_prompts(s), "code_in_many_themes")
    assert [(p.code_id, p.themes, p.theme_id) for p in got] == [(stolthet, ids, None)]
    assert got[0].message.startswith("Code «Stolthet» sits in 3 themes («Tempo», «Små seire», «Fellesskap») —")
    assert got[0].concerns(ids[2]) and not got[0].concerns(t3.id)
    monkeypatch.setattr(quality, "MANY_THEMES", 2)
    with store.session() as s:
        assert {p.code_id for p in of(quality_prompts(s), "code_in_many_themes")} == {stolthet, tidspress}


# ---- sparsely coded parts ------------------------------------------------------------------


def test_uncoded_runs_sweep():
    sentences = [(i * 10, i * 10 + 9) for i in range(12)]  # 0–9, 10–19, … 110–119
    # one long coding over sentences 0–3 with a short one inside it; one touching 8 and 9
    codings = [(0, 35), (12, 15), (88, 92)]
    assert uncoded_runs(sentences, codings, min_run=4) == [(40, 79, 4)]  # sentences 4–7
    assert uncoded_runs(sentences, codings, min_run=2) == [(40, 79, 4), (100, 119, 2)]
    assert uncoded_runs(sentences, [(39, 41)], min_run=5) == [(50, 119, 7)]  # sentence 3 ends at 39: only 4 is touched
    assert uncoded_runs(sentences, [], min_run=12) == [(0, 119, 12)]
    assert uncoded_runs(sentences, [(29, 30)], min_run=10) == [(0, 119, 12)]  # in the gap after sentence 2: touches none
    assert uncoded_runs(sentences, [(28, 31)], min_run=10) == []  # touches sentences 2 and 3: runs of 2 and 8


def test_sparsely_coded_part_of_a_coded_transcript(store, two, coder):
    with store.transaction() as s:
        gro = participants.upsert_participant(s, "Gro", label="C")
        g = add_doc(s, "Intervju Gro", GRO_TEXT, gro)
        add_doc(s, "Intervju uten koder", "I: Noe å legge til?\nGro: " + " ".join(reversed(GRO)) + "\n", gro)
        code(s, g, GRO[3], "Overnatting", coder)  # the 4th of Gro's 20 sentences
        sentences = [(sg.start, sg.end) for sg in documents_sentences(s, g)]
    assert len(sentences) == 21  # the interviewer's question and Gro's 20
    with store.session() as s:
        got = of(quality_prompts(s), "sparse_coding")
    # before the coding: the question and 3 sentences (4 < 15); after it: 16 in a row
    assert [(p.document_id, p.start, p.end, p.sentences) for p in got] == [(g, sentences[5][0], sentences[20][1], 16)]
    assert got[0].message.startswith(f"«Intervju Gro»: 16 sentences in a row without a coding (characters "
                                     f"{sentences[5][0]}–{sentences[20][1]},")
    with store.session() as s:  # the interviews of Berit and Kjetil are short: nothing there
        assert quality_prompts(s, sparse=False) == [p for p in quality_prompts(s) if p.kind != "sparse_coding"]

    with store.transaction() as s:  # one more coding in the middle: 7 and 8 uncoded in a row
        code(s, g, GRO[12], "Naboer", coder)
    with store.session() as s:
        assert of(quality_prompts(s), "sparse_coding") == []

    with store.transaction() as s:  # a code in the trash hides its codings: the run is back
        codes.delete_code(s, codes.find_code(s, "Naboer"))
    with store.session() as s:
        assert [p.sentences for p in of(quality_prompts(s), "sparse_coding")] == [16]

    with store.transaction() as s:  # a deleted transcript is not prompted about
        documents.delete_document(s, documents.get_document(s, g))
    with store.session() as s:
        assert of(quality_prompts(s), "sparse_coding") == []


def documents_sentences(s, doc_id: int):
    from tema.domain.segments import document_segments

    return sorted(document_segments(s, doc_id, "sentence"), key=lambda sg: sg.start)


# ---- bounded statements, grouping ----------------------------------------------------------


def _grow(store, coder, first: int, last: int) -> None:
    with store.transaction() as s:
        berit = documents.find_document(s, "Intervju Berit").id
        for i in range(first, last):
            code(s, berit, "Uka er full av avtaler.", f"Kode {i}", coder)
            t = theme(s, f"Tema {i}", f"Kode {i}", "Stolthet", definition=None, concept=None)
            theme(s, f"Subtema {i}", f"Kode {i}", parent=t)
            person = participants.upsert_participant(s, f"Deltaker {i}")
            d = add_doc(s, f"Intervju {i}", GRO_TEXT.replace("Fortell", f"Fortell ({i})"), person)
            code(s, d, GRO[i % 20], f"Kode {i}", coder)


def _count(store) -> tuple[int, int]:
    with counted(store) as statements, store.session() as s:
        prompts = quality_prompts(s)
    return len([st for st in statements if st != "BEGIN"]), len(prompts)


def test_statements_do_not_grow_with_themes_or_documents(store, two, coder):
    _grow(store, coder, 0, 3)
    few, n_few = _count(store)
    _grow(store, coder, 3, 30)
    many, n_many = _count(store)
    assert n_many > n_few
    assert few == many == 11  # 8 for the theme prompts, 3 for the transcript sweep


def test_grouped_by_kind_in_order(store, two):
    with store.transaction() as s:
        theme(s, "Samarbeid", "Tidspress", definition=None, concept=None)
    with store.session() as s:
        groups = quality.grouped(quality_prompts(s))
    assert [(title, [p.kind for p in ps]) for title, ps in groups] == [
        ("No definition written", ["no_definition"]),
        ("Named like a topic, no central organising concept", ["topic_name"]),
        ("Carried by one participant", ["one_participant"]),
    ]


def test_coding_fingerprint_follows_what_the_sweep_reads(store, two, coder):
    """Phase 5 keeps the sweep's prompts while this is unchanged: it must change with every
    change of coding, trash or segments, and not with theme edits."""
    def fp():
        with store.session() as s:
            return quality.coding_fingerprint(s)

    seen = [fp()]
    with store.transaction() as s:
        theme(s, "Travle uker", "Tidspress")
    assert fp() == seen[-1]  # themes, definitions: the sweep is unchanged
    steps = [
        lambda s: code(s, two["berit"], "Jeg rekker sjelden", "Pust", coder),
        lambda s: codes.delete_code(s, codes.find_code(s, "Pust")),
        lambda s: documents.delete_document(s, documents.get_document(s, two["kjetil"])),
        lambda s: add_doc(s, "Intervju Gro", GRO_TEXT, participants.upsert_participant(s, "Gro")),
    ]
    for step in steps:
        with store.transaction() as s:
            step(s)
        seen.append(fp())
    assert all(a != b for a, b in zip(seen, seen[1:])), seen  # (trashing «Pust» returns to the first state)
