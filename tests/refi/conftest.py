"""The thesis project made richer for the REFI tests: attributes, a case group,
documents' wave, date and interviewer, a code in two themes, a code nested under
a code, a latent and a retired code, perspectives and a coding memo, journal
entries, anchored notes, a snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tema.domain import codes, journal, participants, themes
from tema.domain.coders import get_or_create_coder
from tema.store.db import open_store
from tests.helpers.cli import tema


def enrich(project: Path) -> Path:
    P = str(project)
    tema("participant", P, "Anne", "--attr", "alder:number=34", "--attr", "samtykke:boolean=true",
         "--attr", "intervjudato:date=2023-05-02", "--attr", "yrke=sosionom", "--case", "Kommune Nord", "--coder", "Forsker")
    tema("participant", P, "Birgit", "--attr", "alder:number=51.5", "--attr", "yrke=helsesykepleier",
         "--case", "Kommune Nord", "--coder", "Forsker")
    tema("theme", P, "Samarbeid på tvers", "--code", "Ansvarsgruppemøter som arena", "--coder", "Forsker")
    tema("theme", P, "Organisering av barnekoordinatorrollen", "--definition", "Hvordan rollen er organisert",
         "--concept", "Rollen formes av rammene", "--coder", "Forsker")
    tema("codes", "define", P, "Et dynamisk system", "--level", "latent", "--definition", "Familien endrer seg over tid")
    tema("code", P, "--doc", "Birgit", "--span", "0:40", "--code", "Foreldres stemme", "--perspective", "Foreldreperspektiv",
         "--perspective", "Systemperspektiv", "--memo", "Viktig sitat å bruke", "--coder", "Medforsker")
    tema("code", P, "--doc", "Carmen", "--span", "5:30", "--code", "Utdatert kode", "--coder", "Forsker")
    tema("codes", "retire", P, "Utdatert kode")
    tema("journal", P, "Jeg merker at jeg leser med sosionomblikk.", "--phase", "2", "--coder", "Forsker")
    tema("snapshot", P, "Fase 3: initielle tema", "--phase", "3", "--coder", "Forsker")
    store = open_store(P)
    try:
        with store.transaction() as s:
            case = participants.upsert_case(s, "Kommune Nord", [("fylke", "Nordland", "text")])
            case.description = "To kommuner i samme region"
            theme = themes.find_theme(s, "Organisering av barnekoordinatorrollen")
            themes.set_theme_fields(s, theme, status="final", scope="Gjelder kommunal organisering")
            child = codes.find_code(s, "100% barnekoordinator")
            parent = codes.find_code(s, "Barnekoordinatorrollen med utgangspunkt i lovverk")
            codes.set_code_parent(s, child, parent)
            from tema.domain.documents import find_document

            doc = find_document(s, "Dagny")
            doc.wave, doc.interview_date = "2", "2023-05-02"
            doc.interviewer_id = get_or_create_coder(s, "Ingrid Intervjuer").id
            find_document(s, "Anne").wave = "1"
            journal.add_note(s, "Her skifter tonen", target_kind="document", target_id=doc.id, start=12, end=48)
            journal.add_note(s, "Et punkt i teksten", target_kind="document", target_id=doc.id, start=70)
            journal.add_note(s, "Koden brukes bredt", target_kind="code", target_id=parent.id)
            memo = journal.add_note(s, "Temaet bærer analysen", target_kind="theme", target_id=theme.id)
            memo.kind = "memo"
            from sqlalchemy import select

            from tema.store import models as m

            coding = s.scalars(select(m.Coding).where(m.Coding.memo.is_not(None))).first()
            journal.add_note(s, "Diskutert i veiledning", target_kind="coding", target_id=coding.id)
    finally:
        store.close()
    return project


@pytest.fixture
def rich_project(thesis_project: Path) -> Path:
    return enrich(thesis_project)


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database (URL), dropped after the test."""
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = os.environ.get("TEMA_TEST_PG_URL")
    if not admin_url:
        pytest.skip("needs a PostgreSQL server: set TEMA_TEST_PG_URL (`.ci/postgres.sh start` prints it)")
    name = f"tema_r_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
