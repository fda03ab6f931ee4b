"""Undo is per coder and never overwrites: two coders interleaving actions on one store,
on SQLite and on PostgreSQL (TEMA_TEST_PG_URL; skipped with a reason when unset)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tema.domain import coders, codes, documents, events, themes, trash
from tema.domain import project as project_d
from tema.domain.events import NothingToUndo, UndoRefused
from tema.errors import Conflict
from tema.store import models as m
from tema.store.db import create_store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def team(request, tmp_path):
    """A store with two coders, Kari (a) and Ola (b)."""
    target = str(tmp_path / "felles.tema") if request.param == "sqlite" else request.getfixturevalue("pg_database")
    st = create_store(target)
    with st.transaction() as s:
        project_d.init_project(s, "Felles", "Hvordan?")
        a = coders.get_or_create_coder(s, "Kari").id
        b = coders.get_or_create_coder(s, "Ola").id
    try:
        yield SimpleNamespace(store=st, a=a, b=b)
    finally:
        st.close()


def act(team, fn):
    with team.store.transaction() as s:
        return fn(s)


def live_themes(team) -> list[str]:
    with team.store.session() as s:
        return sorted(t.name for t in s.scalars(select(m.Theme).where(m.Theme.deleted_at.is_(None))))


def everything(team) -> tuple:
    """All rows that an undo could write, and the log's states: equal means nothing was written."""
    with team.store.session() as s:
        return (
            sorted((t.id, t.name, t.status, t.definition, t.version, t.deleted_at) for t in s.scalars(select(m.Theme))),
            sorted((c.id, c.name, c.definition, c.version, c.deleted_at) for c in s.scalars(select(m.Code))),
            sorted((e.id, e.state, str(e.versions)) for e in s.scalars(select(m.Event))),
        )


def undo(team, who):
    return act(team, lambda s: events.undo(s, who))


def redo(team, who):
    return act(team, lambda s: events.redo(s, who))


def create(team, who, name):
    return act(team, lambda s: themes.create_theme(s, name, coder_id=who).id)


def test_each_coder_undoes_only_their_own_action(team):
    create(team, team.a, "Kari sitt tema")
    create(team, team.b, "Olas tema")
    assert undo(team, team.a).summary == "theme «Kari sitt tema» created"
    assert live_themes(team) == ["Olas tema"]
    with pytest.raises(NothingToUndo, match="nothing to undo"):
        undo(team, team.a)
    assert undo(team, team.b).summary == "theme «Olas tema» created"
    assert live_themes(team) == []


def test_a_new_action_drops_only_that_coders_redo(team):
    create(team, team.a, "Kari 1")
    create(team, team.b, "Ola 1")
    undo(team, team.b)  # Ola's redo list: "Ola 1"
    undo(team, team.a)  # Kari's redo list: "Kari 1"
    create(team, team.a, "Kari 2")  # drops Kari's redo list, not Ola's
    with pytest.raises(NothingToUndo, match="nothing to redo"):
        redo(team, team.a)
    assert redo(team, team.b).summary == "theme «Ola 1» created"
    assert live_themes(team) == ["Kari 2", "Ola 1"]


def test_undo_refused_after_another_coder_changed_the_row(team):
    tid = create(team, team.a, "Samarbeid")
    act(team, lambda s: themes.rename_theme(s, s.get(m.Theme, tid), "Tett samarbeid", team.b))
    before = everything(team)
    with pytest.raises(UndoRefused) as refused:
        undo(team, team.a)
    message = str(refused.value)
    with team.store.session() as s:
        rename_event = s.scalars(select(m.Event.id).where(m.Event.action == "theme.rename")).one()
    assert message == (f'cannot undo "theme «Samarbeid» created": theme «Tett samarbeid» was changed since by Ola '
                       f'(event {rename_event}, "theme «Samarbeid» renamed «Tett samarbeid»"); nothing was written')
    assert "\n" not in message
    assert everything(team) == before


def test_an_edit_of_another_column_also_stops_the_undo(team):
    """The version says the row changed, even where the columns the undo restores did not."""
    tid = create(team, team.a, "Ærlighet")
    act(team, lambda s: themes.rename_theme(s, s.get(m.Theme, tid), "Åpenhet", team.a))
    act(team, lambda s: themes.set_theme_fields(s, s.get(m.Theme, tid), definition="Å si det som det er.",
                                                coder_id=team.b))
    before = everything(team)
    with pytest.raises(UndoRefused, match=r'cannot undo "theme «Ærlighet» renamed «Åpenhet»": theme «Åpenhet» '
                                          r"was changed since by Ola \(event \d+, \"theme «Åpenhet» edited\"\)"):
        undo(team, team.a)
    assert everything(team) == before
    undo(team, team.b)  # Ola takes his edit back: now Kari's undo goes through
    undo(team, team.a)
    assert live_themes(team) == ["Ærlighet"]


def test_redo_after_a_refused_undo(team):
    first = create(team, team.a, "Første")
    create(team, team.a, "Andre")
    undo(team, team.a)  # "Andre" undone
    act(team, lambda s: themes.set_theme_fields(s, s.get(m.Theme, first), definition="Oles tanke", coder_id=team.b))
    with pytest.raises(UndoRefused, match="was changed since by Ola"):
        undo(team, team.a)
    assert redo(team, team.a).summary == "theme «Andre» created"
    assert live_themes(team) == ["Andre", "Første"]
    undo(team, team.b)
    undo(team, team.a)  # "Andre" again
    undo(team, team.a)  # "Første": its row is back as Kari left it (Ola's edit was undone)
    assert live_themes(team) == []
    redo(team, team.a)
    redo(team, team.a)
    assert live_themes(team) == ["Andre", "Første"]


def test_no_undo_or_redo_crosses_a_purge(team):
    create(team, team.a, "Før utrenskingen")
    create(team, team.a, "Angret")
    undo(team, team.a)  # on Kari's redo list
    doc = act(team, lambda s: documents.add_document(s, title="Intervju", text="Vi snakker om været.").id)
    act(team, lambda s: documents.delete_document(s, s.get(m.Document, doc), team.b))
    act(team, lambda s: trash.purge(s, "document", "Intervju", team.b))
    before = everything(team)
    with pytest.raises(UndoRefused, match=r'cannot undo "theme «Før utrenskingen» created": "document \d+ purged" '
                                          r"\(event \d+ by Ola\) came after it and cannot be undone; nothing was written"):
        undo(team, team.a)
    with pytest.raises(UndoRefused, match='cannot redo "theme «Angret» created": "document'):
        redo(team, team.a)
    assert everything(team) == before
    with pytest.raises(NothingToUndo):  # Ola's delete was scrubbed by the purge: not undoable any more
        undo(team, team.b)


def test_a_replay_is_a_new_version_to_an_edit_prepared_before_it(team):
    """An edit loaded before an undo must fail its optimistic lock, not overwrite the undo."""
    tid = create(team, team.a, "Makt")
    act(team, lambda s: themes.rename_theme(s, s.get(m.Theme, tid), "Avmakt", team.a))
    stale_session = team.store.session()
    stale = stale_session.get(m.Theme, tid)
    stale_session.commit()  # the object keeps its (now old) version
    undo(team, team.a)  # back to "Makt": a new version
    stale.definition = "Skrevet på et gammelt bilde"
    with pytest.raises(StaleDataError):
        stale_session.commit()
    stale_session.close()
    assert live_themes(team) == ["Makt"]
    redo(team, team.a)
    assert live_themes(team) == ["Avmakt"]


def test_history_says_whose_event_is_whose(team):
    create(team, team.a, "Kari sitt")
    create(team, team.b, "Olas")
    undo(team, team.b)
    with team.store.session() as s:
        log = [(e.coder, e.action, e.state) for e in events.history(s, 10)]
        mine = [(e.coder, e.action) for e in events.history(s, 10, team.a)]
    assert log[:3] == [("Ola", "undo", "final"), ("Ola", "theme.create", "undone"), ("Kari", "theme.create", "done")]
    assert log[-1] == (None, "project.init", "barrier")
    assert mine == [("Kari", "theme.create")]


def test_theme_names_are_unique_in_the_store_itself(team):
    """The store refuses a second live theme with the same name (as the app compares names),
    also when the application check is bypassed, with one clear line."""
    create(team, team.a, "Søsken")
    with pytest.raises(Conflict, match=r"^theme «SØSKEN »: already exists \(another coder made it at the same time\); "
                                       "nothing was written$"):
        with team.store.transaction() as s, events.recorded(s, "theme.create", "rå", team.b):
            s.add(m.Theme(name="SØSKEN ", status="candidate"))
    act(team, lambda s: themes.delete_theme(s, themes.find_theme(s, "Søsken"), team.a))
    create(team, team.b, "søsken")  # a theme in the trash does not hold its name
    with pytest.raises(Conflict, match="a live theme with that name exists"):
        act(team, lambda s: trash.restore(s, "theme", "Søsken", team.a))
    assert live_themes(team) == ["søsken"]


def test_undo_of_a_code_action_and_its_codings(team):
    act(team, lambda s: codes.create_code(s, "Tillit", coder_id=team.a))
    act(team, lambda s: codes.rename_code(s, codes.find_code(s, "Tillit"), "Tillit til NAV", team.b))
    with pytest.raises(UndoRefused, match="code «Tillit til NAV» was changed since by Ola"):
        undo(team, team.a)
    undo(team, team.b)
    undo(team, team.a)
    with team.store.session() as s:
        assert s.scalars(select(m.Code)).all() == []


def test_an_action_that_creates_then_edits_rows_undoes_and_redoes(team):
    """Rows inserted and then changed within one action (columns set after the insert without
    an old value loaded, UPDATEs that only bump the version) are replayed exactly."""
    from tema.domain import snapshots
    from tema.domain.snapshot_restore import restore_snapshot

    typed = {"themes": [
        {"name": "Å holde trådene", "label": "1", "definition": "Bindeledd.", "codes": [],
         "subthemes": [{"name": "Ansvarsgruppen", "label": "1a", "codes": [], "subthemes": []}]},
        {"name": "Økonomi", "label": "2", "codes": [], "subthemes": []},
    ], "unplaced": []}
    create(team, team.b, "Fra før")
    act(team, lambda s: snapshots.store_structure(s, "Tegnet", typed, phase=3, coder_id=team.a))

    def shape():
        with team.store.session() as s:
            return snapshots.current_structure(s)["themes"]

    before = shape()
    act(team, lambda s: restore_snapshot(s, snapshots.find_snapshot(s, "Tegnet"), team.a))
    after = shape()
    assert [t["name"] for t in after] == ["Å holde trådene", "Økonomi"]
    assert undo(team, team.a).action == "snapshot.restore"
    assert shape() == before
    redo(team, team.a)
    assert shape() == after
