"""tema.domain.plain_reads — what `tema info` and `tema extracts` read, in plain SQL without
the ORM models — answers as the ORM functions do: the same code and document for every
reference, the same error (type and message) when there is none, the same counts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tema.domain import codes, coding, documents, plain_reads, themes
from tema.errors import TemaError
from tema.store import models as m
from tema.store.db import create_store, open_store
from tests.domain.conftest import TRANSCRIPT


def outcome(read):
    try:
        return read()
    except TemaError as exc:
        return type(exc).__name__, str(exc)


def span(text):
    i = TRANSCRIPT.index(text)
    return i, i + len(text)


@pytest.fixture
def shelf(store, doc_id, coder):
    """Documents whose file names and stems collide, one in the trash; codes live, merged,
    retired and trashed."""
    with store.transaction() as s:
        for n, (title, source) in enumerate([("Intervju Ola", "ola.txt"), ("Ola, runde 2", "ola.docx"),
                                             ("Kari", "intervju-kari.docx"), ("Slettet", "slettet.txt")]):
            documents.add_document(s, title=title, text=f"I: Spørsmål {n}?\nSvar: Svar {n}.\n", source_name=source)
        trashed = documents.find_document(s, "Slettet")
        coding.code_span(s, trashed, 20, 27, ["Slitne foreldre"], coder_id=coder)  # "Svar 3."
        documents.delete_document(s, trashed, coder)
        doc = documents.find_document(s, "Randi")
        for quote, names in [("Vi samarbeider tett.", ["Tett samarbeid", "Samarbeid med familien"]),
                             ("de er ofte slitne", ["Slitne foreldre"]),
                             ("Søsken blir lett glemt.", ["Søsken glemmes"]),
                             ("Det er et dilemma for oss.", ["Dilemma", "Gammel kode"])]:
            coding.code_span(s, doc, *span(quote), names, coder_id=coder, perspectives=["familieperspektiv"])
        codes.merge_codes(s, [codes.find_code(s, "Tett samarbeid")], codes.find_code(s, "Samarbeid med familien"), coder)
        codes.retire_code(s, codes.find_code(s, "Gammel kode"), coder)
        codes.delete_code(s, codes.find_code(s, "Dilemma"), coder)
    return store


@pytest.mark.parametrize("name", ["Slitne foreldre", "  slitne   FORELDRE ", "Søsken glemmes", "Gammel kode",
                                  "Tett samarbeid", "Dilemma", "Slitne foreldr", "Ukjent", ""])
def test_code_id_is_find_codes_answer(shelf, name):
    with shelf.session() as s:
        want = outcome(lambda: codes.find_code(s, name).id)
    with shelf.session() as s:
        assert outcome(lambda: plain_reads.code_id(s, name)) == want
    assert isinstance(want, int) or want[1]  # the merged, trashed and unknown names are errors with a message


def test_a_merged_code_that_kept_its_key_is_find_codes_error_too(shelf):
    with shelf.transaction() as s:  # as an older store may hold it
        target = codes.find_code(s, "Slitne foreldre").id
        s.execute(text("UPDATE code SET status = 'merged', merged_into_id = :t WHERE name = 'Gammel kode'"), {"t": target})
    with shelf.session() as s:
        want = outcome(lambda: codes.find_code(s, "Gammel kode").id)
        assert want == ("Conflict", "code 'Gammel kode': was merged into 'Slitne foreldre'")
    with shelf.session() as s:
        assert outcome(lambda: plain_reads.code_id(s, "Gammel kode")) == want


@pytest.mark.parametrize("ref", ["Randi", "intervju  ola", "ola.txt", "OLA.DOCX", "ola", "intervju-kari", "1", "2",
                                 "999", "Slettet", "slettet.txt", "Ingen slik", " Kari "])
def test_document_id_is_find_documents_answer(shelf, ref):
    with shelf.session() as s:
        want = outcome(lambda: documents.find_document(s, ref).id)
    with shelf.session() as s:
        assert outcome(lambda: plain_reads.document_id(s, ref)) == want


def test_document_summaries_are_the_live_documents_in_their_order(shelf):
    with shelf.session() as s:
        want = [(d.id, d.title, d.n_words, d.pipeline, d.encoding) for d in documents.live_documents(s)]
        got = [(d.id, d.title, d.n_words, d.pipeline, d.encoding) for d in plain_reads.document_summaries(s)]
    assert got == want and "Slettet" not in {t for _, t, *_ in got} and len(got) == 4


def test_extracts_filter_by_code_document_and_coding(shelf):
    with shelf.session() as s:
        every = plain_reads.extracts(s)
        slitne = codes.find_code(s, "Slitne foreldre").id
        randi = documents.find_document(s, "Randi").id
        by_code = plain_reads.extracts(s, [slitne])
        assert [(e.code, e.text, e.perspectives, e.participant, e.participant_label, e.coder) for e in by_code] == [
            ("Slitne foreldre", "de er ofte slitne", ("familieperspektiv",), "Randi", "A", "Tester")]
        assert plain_reads.extracts(s, [slitne], doc_id=randi) == by_code
        assert plain_reads.extracts(s, coding_ids=[by_code[0].coding_id]) == by_code
        assert plain_reads.extracts(s, [slitne], coding_ids=[e.coding_id for e in every if e.code != "Slitne foreldre"]) == []
        assert plain_reads.extracts(s, []) == [] and plain_reads.extracts(s, coding_ids=()) == []
        # in document order; the merged code's coding now under its target
        assert [e.start for e in every] == sorted(e.start for e in every)
        assert {e.code for e in every} == {"Samarbeid med familien", "Slitne foreldre", "Søsken glemmes", "Dilemma",
                                           "Gammel kode"}


def test_extracts_see_what_the_session_has_not_written_yet_as_an_orm_query_would(shelf, coder):
    with shelf.session() as s:
        code_id = codes.find_code(s, "Søsken glemmes").id
        doc = documents.find_document(s, "Randi")
        start, end = span("Randi: Vi samarbeider tett.")
        s.add(m.Coding(code_id=code_id, document_id=doc.id, start=start, end=end, text=TRANSCRIPT[start:end],
                       coder_id=coder))
        with s.no_autoflush:
            assert len(plain_reads.extracts(s, [code_id])) == 1
        assert len(plain_reads.extracts(s, [code_id])) == 2
        s.rollback()


def test_info_counts_what_the_orm_counts(shelf, coder):
    with shelf.transaction() as s:
        themes.upsert_theme(s, "Familien", codes=["Slitne foreldre"], coder_id=coder)
        themes.upsert_theme(s, "Søsken", parent="Familien", codes=["Søsken glemmes"], coder_id=coder)
        themes.discard_theme(s, themes.upsert_theme(s, "Forkastet", coder_id=coder), coder)
    with shelf.session() as s:
        got = plain_reads.info(s)

        def count(model, *where):
            return s.scalar(select(func.count()).select_from(model).where(*where))

        live_theme = (m.Theme.deleted_at.is_(None), m.Theme.status != "discarded")
        assert got == {
            "title": "Domene", "question": "Hva?", "phase": 1,
            "participants": count(m.Participant), "cases": count(m.Case),
            "documents": 4, "segments": count(m.Segment, m.Segment.kind == "sentence"),
            "turns": count(m.Segment, m.Segment.kind == "turn"), "codes": 3,
            "codings": count(m.Coding) - 1, "perspectives": 1, "themes": 1, "subthemes": 1,
            "snapshots": count(m.ThemeMapSnapshot), "memos": count(m.Memo, m.Memo.deleted_at.is_(None)),
            "coders": 1, "pseudonym_rules": 0, "events": count(m.Event),
        }
        assert got["turns"] > 0 and got["segments"] > 0 and got["codings"] == 5 and got["events"] > 10
        assert count(m.Theme, *live_theme) == 2 and count(m.Code) == 6


def test_info_of_a_store_without_a_project_is_the_same_error(tmp_path):
    create_store(tmp_path / "tom.tema").close()
    store = open_store(tmp_path / "tom.tema")
    try:
        with store.session() as s, pytest.raises(TemaError, match="the store holds no project"):
            plain_reads.info(s)
    finally:
        store.close()
