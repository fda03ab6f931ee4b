"""Domain tests work on a real project file through a Store and plain domain calls."""

from __future__ import annotations

import pytest

from tema.domain import coders, documents, participants
from tema.domain import project as project_d
from tema.domain.segments import write_segments
from tema.nlp import segment_transcript
from tema.store.db import create_store

TRANSCRIPT = (
    "I: Hvordan samarbeider dere med familien?\n"
    "Randi: Vi samarbeider tett. Samarbeidet med foreldrene er viktig, og de er ofte slitne.\n"
    "I: Og søsken?\n"
    "Randi: Søsken blir lett glemt. Det er et dilemma for oss.\n"
)


@pytest.fixture
def store(tmp_path):
    st = create_store(tmp_path / "domene.tema")
    with st.transaction() as s:
        project_d.init_project(s, "Domene", "Hva?")
    yield st
    st.close()


@pytest.fixture
def doc_id(store):
    with store.transaction() as s:
        p = participants.upsert_participant(s, "Randi", label="A")
        doc = documents.add_document(s, title="Randi", text=TRANSCRIPT, participant=p)
        write_segments(s, doc.id, TRANSCRIPT, segment_transcript(TRANSCRIPT))
        return doc.id


@pytest.fixture
def coder(store):
    with store.transaction() as s:
        return coders.get_or_create_coder(s, "Tester").id
