"""The columns phase 4's matrix switches between: only kinds the project has values for,
in the order participant → case → wave → attributes, round again; the matrix by them is
the export's theme_matrix (one implementation), by participant when an attribute chosen
earlier lost its last value."""

from __future__ import annotations

from tema.domain import documents, participants
from tema.domain.matrix_columns import column_choices, next_columns, review_matrix
from tema.domain.theme_matrix import theme_matrix
from tests.domain.test_theme_matrix import build


def test_choices_follow_what_the_project_has(store, coder):
    build(store, coder)
    with store.session() as s:
        assert column_choices(s) == ["participant"]
        assert next_columns(s, "participant") == "participant"
    with store.transaction() as s:
        berit = participants.find_participant(s, "Berit")
        participants.set_participant_attribute(s, berit, "Rolle", "forelder")
        participants.set_participant_attribute(s, berit, "Alder", "  ")  # no value: not a column
        participants.add_to_case(s, berit, "Familie 2")
        documents.find_document(s, "Intervju Berit").wave = "1"
    with store.session() as s:
        choices = column_choices(s)
        assert choices == ["participant", "case", "wave", "attr:Rolle"]
        walked = ["participant"]
        for _ in range(4):
            walked.append(next_columns(s, walked[-1]))
        assert walked == ["participant", "case", "wave", "attr:Rolle", "participant"]
        assert next_columns(s, "attr:Gone") == "participant"


def test_the_review_matrix_is_the_exports_matrix(store, coder):
    build(store, coder)
    with store.transaction() as s:
        participants.set_participant_attribute(s, participants.find_participant(s, "Berit"), "Rolle", "forelder")
        participants.add_to_case(s, participants.find_participant(s, "Kjetil"), "Familie 1")
    with store.session() as s:
        for columns in ("participant", "case", "attr:Rolle"):
            assert review_matrix(s, columns) == theme_matrix(s, columns)
        assert review_matrix(s, "case").dimension == "case"
        assert review_matrix(s, "attr:Finnes ikke") == theme_matrix(s, "participant")
