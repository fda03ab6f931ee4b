"""The theme × participant matrix, computed in the domain on a real project file: distinct
extracts (or codings) of a theme's codes (its own and its live subthemes', each code once)
per participant — or case, wave, attribute value — in live documents only, read with a
fixed number of statements whatever the number of themes."""

from __future__ import annotations

from tema.domain import codes, coding, documents, participants, themes
from tema.domain.segments import write_segments
from tema.domain.theme_matrix import theme_matrix
from tema.nlp import segment_transcript
from tema.store import models as m
from tests.helpers.statements import counted

BERIT = (
    "I: Hvordan ser en vanlig uke ut for deg?\n"
    "Berit: Uka er full av avtaler. Jeg rekker sjelden å puste.\n"
    "I: Hva gir deg krefter?\n"
    "Berit: Jeg er stolt av det vi får til. Ofte står jeg alene med ansvaret.\n"
)
KJETIL = (
    "I: Hvem støtter dere?\n"
    "Kjetil: Naboene stiller opp når det trengs. Vi har lært oss å be om hjelp.\n"
    "I: Hva er du fornøyd med?\n"
    "Kjetil: At gutten vår klarte skoleåret. Det var en seier for hele familien.\n"
)
KJETIL_2 = (
    "I: Vi snakket sist om naboene.\n"
    "Kjetil: Ja, og kalenderen sprekker fortsatt. Nettverket rundt oss har blitt mindre.\n"
)


def add_doc(s, title: str, text: str, person) -> int:
    doc = documents.add_document(s, title=title, text=text, participant=person)
    s.flush()
    write_segments(s, doc.id, text, segment_transcript(text))
    return doc.id


def code(s, doc_id: int, quote: str, name: str, coder: int | None = None) -> None:
    doc = documents.get_document(s, doc_id)
    text = documents.document_text(s, doc_id)
    start = text.index(quote)
    coding.apply_coding(s, doc, start, start + len(quote), codes.get_or_create_code(s, name, coder_id=coder),
                        coder_id=coder, text=text)


def place(s, theme, *names: str) -> None:
    for name in names:
        themes.place_code(s, codes.find_code(s, name), theme)


def build(store, coder) -> dict[str, int]:
    """Berit (A) and Kjetil (B), one deleted interview of Kjetil's, an unlabelled participant."""
    with store.transaction() as s:
        berit = participants.upsert_participant(s, "Berit", label="A")
        kjetil = participants.upsert_participant(s, "Kjetil", label="B")
        participants.upsert_participant(s, "Solveig")  # no label, no interviews
        b = add_doc(s, "Intervju Berit", BERIT, berit)
        k = add_doc(s, "Intervju Kjetil", KJETIL, kjetil)
        k2 = add_doc(s, "Intervju Kjetil 2", KJETIL_2, kjetil)
        code(s, b, "Uka er full av avtaler.", "Tidspress", coder)
        code(s, b, "Jeg rekker sjelden å puste.", "Tidspress", coder)
        code(s, b, "Jeg er stolt av det vi får til.", "Stolthet", coder)
        code(s, b, "Ofte står jeg alene med ansvaret.", "Ensomhet", coder)
        code(s, k, "Det var en seier for hele familien.", "Stolthet", coder)
        code(s, k, "Naboene stiller opp når det trengs.", "Nettverk", coder)
        code(s, k2, "kalenderen sprekker fortsatt", "Tidspress", coder)
        code(s, k2, "Nettverket rundt oss har blitt mindre.", "Nettverk", coder)
        code(s, b, "Hvordan ser en vanlig uke ut", "Ukerytme", coder)

        tempo = themes.create_theme(s, "Hverdagens tempo")
        seire = themes.create_theme(s, "Små seire", parent=tempo)
        forkastet = themes.create_theme(s, "Forkastet delte", parent=tempo)
        felles = themes.create_theme(s, "Fellesskap", label="2")
        place(s, tempo, "Tidspress", "Stolthet")
        place(s, seire, "Stolthet", "Ensomhet")  # Stolthet sits in the theme and its subtheme
        place(s, forkastet, "Nettverk")
        place(s, felles, "Nettverk")
        themes.discard_theme(s, forkastet)
        holding = themes.ensure_holding_theme(s)
        place(s, holding, "Ukerytme")
        documents.delete_document(s, documents.get_document(s, k2))
        return {"tempo": tempo.id, "seire": seire.id, "felles": felles.id, "forkastet": forkastet.id,
                "holding": holding.id}


def test_matrix_counts_extracts_per_theme_and_participant(store, coder):
    ids = build(store, coder)
    with store.session() as s:
        matrix = theme_matrix(s)
    assert matrix.participants == ["A", "B", "Solveig"]
    assert matrix.rows == [
        # Tidspress 2 + Stolthet 1 + Ensomhet 1 for Berit (Stolthet counted once though it sits in
        # the subtheme too); Kjetil's Stolthet; not the discarded subtheme's Nettverk, nor the
        # deleted interview's codings
        (ids["tempo"], "Hverdagens tempo", [4, 1, 0]),
        (ids["seire"], "  └ Små seire", [2, 1, 0]),
        (ids["felles"], "2 Fellesskap", [0, 1, 0]),
    ]


def test_restoring_the_deleted_document_and_subtheme_changes_the_counts(store, coder):
    ids = build(store, coder)
    with store.transaction() as s:
        documents.restore_document(s, documents.find_document(s, "Intervju Kjetil 2", include_deleted=True))
        themes.restore_theme(s, s.get(m.Theme, ids["forkastet"]))
    with store.session() as s:
        rows = {name.strip(" └"): counts for _, name, counts in theme_matrix(s).rows}
    # Kjetil now also has Tidspress (2nd interview) and Nettverk ×2 through the restored subtheme
    assert rows == {"Hverdagens tempo": [4, 4, 0], "Små seire": [2, 1, 0], "Forkastet delte": [0, 2, 0],
                    "2 Fellesskap": [0, 2, 0]}


def _grow(store, coder, first: int, last: int) -> None:
    """Themes first..last-1, each with a subtheme, each with its own code and codings."""
    quotes = ["Uka er full av avtaler.", "Naboene stiller opp når det trengs.", "Ofte står jeg alene med ansvaret."]
    with store.transaction() as s:
        docs = [documents.find_document(s, "Intervju Berit").id, documents.find_document(s, "Intervju Kjetil").id]
        for i in range(first, last):
            quote = quotes[i % 3]
            code(s, docs[1] if quote.startswith("Naboene") else docs[0], quote, f"Kode {i}", coder)
            t = themes.create_theme(s, f"Tema {i}")
            sub = themes.create_theme(s, f"Subtema {i}", parent=t)
            place(s, t, f"Kode {i}")
            place(s, sub, f"Kode {i}", "Tidspress")


def _statements(store) -> tuple[int, list]:
    with counted(store) as statements, store.session() as s:
        matrix = theme_matrix(s)
    return len([st for st in statements if st != "BEGIN"]), matrix.rows


def test_statements_do_not_grow_with_the_number_of_themes(store, coder):
    """3 themes, then 30 (each with a subtheme): the same 5 statements (participants,
    documents, coded spans of placed codes, themes, code links)."""
    build(store, coder)
    _grow(store, coder, 0, 3)
    few, rows_few = _statements(store)
    _grow(store, coder, 3, 30)
    many, rows_many = _statements(store)
    assert (len(rows_few), len(rows_many)) == (3 + 2 * 3, 3 + 2 * 30)
    # Tema 29's subtheme: its own code (Berit, "Ofte står …") and Tidspress (Berit 2)
    assert rows_many[-1][1:] == ("  └ Subtema 29", [3, 0, 0])
    assert few == many == 5


def test_overlapping_codings_of_a_theme_are_one_extract(store, coder):
    """One passage coded with two of a theme's codes, and a coding inside another, count once;
    touching spans are two extracts. Codings count each (17.1)."""
    from tema.domain.extracts import merged

    assert merged([(0, 10), (0, 10), (5, 20), (20, 30), (40, 45), (41, 42)]) == [(0, 20), (20, 30), (40, 45)]
    ids = build(store, coder)
    with store.transaction() as s:
        b = documents.find_document(s, "Intervju Berit").id
        code(s, b, "Uka er full av avtaler.", "Stolthet", coder)  # same span, another code of the theme
        code(s, b, "full av avtaler", "Travelhet", coder)  # inside it
        place(s, s.get(m.Theme, ids["tempo"]), "Travelhet")
        code(s, b, "Jeg rekker sjelden å puste.", "Pust", coder)  # touches nothing new: same span as Tidspress
    with store.session() as s:
        extracts = {r.name: (r.counts, r.total) for r in theme_matrix(s).lines}
        coded = {r.name: (r.counts, r.total) for r in theme_matrix(s, measure="codings").lines}
    # Berit: "Uka …" (3 codings), "Jeg rekker …", "Jeg er stolt …", "Ofte står …": 4 extracts, 6 codings
    assert extracts["Hverdagens tempo"] == ([4, 1, 0], 5)
    assert coded["Hverdagens tempo"] == ([6, 1, 0], 7)


def test_columns_by_case_wave_and_attribute(store, coder):
    """The same extracts split by case (a document's own case, else its participant's cases),
    by wave, and by a participant attribute; a document in no column counts in the total only."""
    ids = build(store, coder)
    with store.transaction() as s:
        berit = participants.find_participant(s, "Berit")
        kjetil = participants.find_participant(s, "Kjetil")
        participants.set_participant_attribute(s, berit, "Rolle", "forelder")
        participants.set_participant_attribute(s, kjetil, "rolle", "fagperson")
        participants.add_to_case(s, berit, "Familie 2")
        participants.add_to_case(s, kjetil, "Familie 2")
        participants.add_to_case(s, kjetil, "Familie 10")
        documents.find_document(s, "Intervju Berit").wave = "2"
        documents.find_document(s, "Intervju Kjetil").wave = "10"
    with store.session() as s:
        by_case = theme_matrix(s, columns="case")
        by_wave = theme_matrix(s, columns="wave")
        by_role = theme_matrix(s, columns="attr:ROLLE")
    assert by_case.columns == ["Familie 2", "Familie 10"]
    assert by_case.rows[0] == (ids["tempo"], "Hverdagens tempo", [5, 1])
    assert by_wave.columns == ["2", "10"] and by_wave.rows[0][2] == [4, 1]
    assert by_role.columns == ["fagperson", "forelder"] and by_role.rows[0][2] == [1, 4]
    assert [r.total for r in by_wave.lines] == [5, 3, 1]


def test_unknown_columns_are_refused(store, coder):
    import pytest

    from tema.errors import InvalidInput

    build(store, coder)
    with store.session() as s, pytest.raises(InvalidInput, match="no participant has attribute 'Alder'"):
        theme_matrix(s, columns="attr:Alder")
    with store.session() as s, pytest.raises(InvalidInput, match="--columns 'kommune'"):
        theme_matrix(s, columns="kommune")
    with store.session() as s, pytest.raises(InvalidInput, match="--measure 'sider'"):
        theme_matrix(s, measure="sider")
