"""The same commands on SQLite and PostgreSQL (skipped with a reason when no server is
configured): schema through Alembic, coding, renames, full-text search, merge into
the shared store, and several writers at once without lost updates."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tema.store import models as m
from tema.store.db import open_store
from tema.store.models import Base
from tests.helpers.cli import info, tema
from tests.team.conftest import BACKENDS, new_project

TRANSCRIPT = (
    "Intervjuer: Hvordan har dere det i hverdagen?\n\n"
    "Far: Vi er slitne foreldre. Blåbærturen i helgen var fin, men møtene med kommunen tar all energi. "
    "Koordinatoren vår ringer sjelden tilbake, så vi må purre hele tiden.\n\n"
    "Intervjuer: Hva ville gjort det lettere?\n\n"
    "Far: At én person hadde oversikt. Ansvarsgruppemøtene burde være et sted der vi blir hørt, ikke bare informert.\n"
)


def _import(target: str, folder: Path, name: str = "far", body: str = TRANSCRIPT) -> None:
    path = folder / f"{name}.txt"
    path.write_text(body, encoding="utf-8")
    tema("import", target, path, "--participant", "Far")


@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_commands_and_search_on_each_backend(target, tmp_path):
    new_project(target)
    _import(target, tmp_path)
    tema("code", target, "--doc", "far", "--quote", "Vi er slitne foreldre", "--code", "Slitne foreldre",
         "--perspective", "familieperspektiv", "--coder", "Åse")
    tema("codes", "rename", target, "Slitne foreldre", "Utslitte foreldre")
    tema("theme", target, "Belastning", "--code", "Utslitte foreldre")
    tema("snapshot", target, "Fase 3: første kart", "--phase", "3")
    tema("journal", target, "Jeg merker min egen erfaring som forelder.", "--coder", "Åse")
    data = info(target)
    assert data["codings"] == 1 and data["codes"] == 1 and data["themes"] == 1 and data["snapshots"] == 1
    # Full-text search: word forms (--exact) and lemmas, æøå intact.
    exact = tema("search", target, "Blåbærturen", "--exact").output
    assert "Blåbærturen i helgen" in exact
    assert "no hits" in tema("search", target, "blåbærtur", "--exact").output
    lemma = tema("search", target, "møte").output
    assert "Ansvarsgruppemøtene" in lemma or "møtene med kommunen" in lemma
    assert "Koordinatoren" in tema("search", target, "koordinatoren ringer", "--exact").output
    # Re-segmenting a document keeps the search index in step (no stale rows).
    tema("resegment", target, "--doc", "far")
    assert tema("search", target, "Blåbærturen", "--exact").output.count("Blåbærturen") == 1
    tema("undo", target, "--coder", "Åse")  # undo is per coder: the journal entry is Åse's
    assert info(target)["memos"] == 0


@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_merge_sqlite_work_into_the_shared_store(target, tmp_path):
    projects = []
    for coder, code in (("Kari", "Slitne foreldre"), ("Ola", "slitne foreldere")):
        path = tmp_path / f"{coder.lower()}.tema"
        new_project(str(path), coder)
        _import(str(path), tmp_path)
        tema("code", path, "--doc", "far", "--quote", "Vi er slitne foreldre", "--code", code, "--coder", coder)
        tema("code", path, "--doc", "far", "--quote", "én person hadde oversikt", "--code", "Oversikt", "--coder", coder)
        projects.append(path)
    plan = tmp_path / "plan.toml"  # OUT does not exist yet: the merge creates it (schema through Alembic)
    tema("merge", target, *projects, "--plan", plan)
    assert "«slitne foreldere» → «Slitne foreldre»" in tema("merge", target, *projects, "--plan", plan, "--force").output
    tema("merge", target, *projects, "--plan", plan, "--apply")
    data = info(target)
    assert data["codings"] == 4 and data["codes"] == 2 and data["documents"] == 1
    assert "Vi er slitne foreldre" in tema("search", target, "slitne", "--exact").output
    again = tema("merge", target, *projects, "--plan", plan, "--apply", "--force").output  # --force: the report
    assert "nothing new" in again
    assert info(target)["codings"] == 4


def _shared_setup(target: str, folder: Path, n_codes: int = 4) -> dict:
    new_project(target)
    body = " ".join(f"Setning {i}: vi snakker om samarbeid, møter og hverdagen i familien." for i in range(200))
    _import(target, folder, "lang", "Far: " + body + "\n")
    for k in range(n_codes):
        tema("codes", "define", target, f"Delt kode {k}", "--definition", "Brukes av alle i teamet.")
    store = open_store(target)
    with store.session() as s:
        versions = dict(s.execute(select(m.Code.id, m.Code.version).order_by(m.Code.id)).all())
        code_ids = list(versions)
        doc = s.scalars(select(m.Document)).one()
        from tema.domain.documents import document_text

        setup = {"url": target, "code_ids": code_ids, "doc_id": doc.id, "text": document_text(s, doc.id)}
    store.close()
    return setup, versions


def _run_workers(setup: dict, n: int, codings: int, renames: int, repo: Path) -> list[dict]:
    start_at = time.time() + 3.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.team.workers",
             json.dumps(dict(setup, worker=w, codings=codings, renames=renames, start_at=start_at))],
            cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for w in range(n)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.slow
@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_writers_at_once_lose_nothing(target, tmp_path, repo_root):
    """PostgreSQL: 8 processes × (500 codings + 20 renames of shared codes).
    SQLite: 2 processes × 1,000 codings (+ 10 renames) on one file."""
    pg = "://" in target
    n, codings, renames = (8, 500, 20) if pg else (2, 1000, 10)
    setup, versions = _shared_setup(target, tmp_path)
    results = _run_workers(setup, n, codings, renames, repo_root)

    store = open_store(target)
    with store.session() as s:
        per_coder = dict(s.execute(select(m.Coder.name, func.count(m.Coding.id))
                                   .join(m.Coding, m.Coding.coder_id == m.Coder.id).group_by(m.Coder.name)).all())
        codes = {c.id: c for c in s.scalars(select(m.Code))}
    store.close()
    assert sum(per_coder.values()) == n * codings
    assert all(per_coder[r["coder"]] == codings for r in results)

    applied = [a for r in results for a in r["applied"]]
    conflicts = [c for r in results for c in r["conflicts"]]
    assert [o for r in results for o in r["other"]] == []
    assert len(applied) + len(conflicts) == n * renames
    for message in conflicts:
        assert "someone else changed this item at the same time; nothing was written" in message
    # No lost update: each shared code's version counts exactly the renames applied to it,
    # and its name is one of them.
    for cid, code in codes.items():
        mine = [name for target_id, name in applied if target_id == cid]
        assert code.version == versions[cid] + len(mine)
        assert code.name in mine if mine else code.name.startswith("Delt kode")
    if not pg:
        assert conflicts == []  # SQLite serialises writers (BEGIN IMMEDIATE): nothing to conflict with


@pytest.mark.postgres
def test_stale_rename_prints_a_clear_conflict(pg_database, tmp_path):
    """A rename that lost a race on PostgreSQL: the CLI says so in one line, exit 1."""
    target = pg_database
    new_project(target)
    tema("codes", "define", target, "Tillit", "--definition", "Tillit til tjenestene.")
    store = open_store(target)
    engine = store.engine
    other = engine.connect()
    tx = other.begin()
    other.execute(text("UPDATE code SET definition = 'Endret av en annen', version = version + 1 WHERE key = 'tillit'"))
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(r=tema("codes", "rename", target, "Tillit", "Tillit til NAV", ok=False)))
    thread.start()
    # Wait until the CLI's UPDATE is blocked on the row lock, then let the other edit commit.
    for _ in range(200):
        with engine.connect() as c:
            waiting = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).scalar()
        if waiting:
            break
        time.sleep(0.05)
    assert waiting, "the rename never waited for the other transaction"
    tx.commit()
    other.close()
    thread.join(30)
    r = result["r"]
    assert r.exit_code == 1
    assert r.output.strip() == "Error: someone else changed this item at the same time; nothing was written — reload and try again"
    with store.session() as s:
        code = s.scalars(select(m.Code)).one()
        assert (code.name, code.definition, code.version) == ("Tillit", "Endret av en annen", 3)
    store.close()


@pytest.mark.postgres
def test_two_coders_create_the_same_theme_at_once(pg_database):
    """Both pass the application's check (neither sees the other's uncommitted theme); the
    store's unique index stops the second, which says so in one line and writes nothing."""
    from tema.domain import themes

    target = pg_database
    new_project(target)
    store = open_store(target)
    first = store.transaction()
    s = first.__enter__()
    themes.create_theme(s, "Samarbeid")  # flushed, not committed
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(r=tema("theme", target, "SAMARBEID ", ok=False)))
    thread.start()
    for _ in range(200):  # until the second insert waits for the first transaction
        with store.engine.connect() as c:
            waiting = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).scalar()
        if waiting:
            break
        time.sleep(0.05)
    assert waiting, "the second create never waited for the first"
    first.__exit__(None, None, None)
    thread.join(30)
    r = result["r"]
    assert r.exit_code == 1
    assert r.output.strip() == ("Error: theme «SAMARBEID»: already exists (another coder made it at the same time); "
                                "nothing was written")
    with store.session() as s2:
        assert [t.name for t in s2.scalars(select(m.Theme))] == ["Samarbeid"]
        assert s2.scalar(select(func.count()).select_from(m.Event).where(m.Event.action == "theme.upsert")) == 0
    store.close()


@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_models_and_migrations_agree_on_each_backend(target):
    """Alembic's head schema is what the models declare, on SQLite and on PostgreSQL."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    new_project(target)
    store = open_store(target)
    hand_made = ("segment_fts", "segment_search")
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": lambda o, n, t, r, c: not (t == "table" and n.startswith(hand_made))}
        )
        assert compare_metadata(ctx, Base.metadata) == []
    store.close()
