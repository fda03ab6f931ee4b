"""Every domain action is one Event that undo/redo replays exactly."""

from __future__ import annotations

import pytest

from tema.domain import codes, coding, documents, events, themes
from tema.domain.events import NothingToUndo
from tema.errors import Conflict
from tema.store import models as m
from tests.domain.conftest import TRANSCRIPT


def state(store):
    with store.session() as s:
        return {
            "codes": sorted((c.name, c.level, c.status) for c in s.query(m.Code)),
            "codings": sorted((c.code.name, c.start, c.end, tuple(sorted(l.perspective.name for l in c.perspective_links))) for c in s.query(m.Coding)),
            "themes": sorted((t.name, t.status, t.parent_id is not None) for t in s.query(m.Theme)),
            "links": sorted((l.theme_id, l.code_id) for l in s.query(m.ThemeCode)),
        }


def test_undo_redo_round_trip_over_many_actions(store, doc_id, coder):
    snapshots = [state(store)]
    start = TRANSCRIPT.index("Vi samarbeider tett.")
    end = start + len("Vi samarbeider tett.")

    def act(fn):
        with store.transaction() as s:
            fn(s)
        snapshots.append(state(store))

    act(lambda s: coding.code_span(s, documents.find_document(s, "Randi"), start, end, ["Tett samarbeid"], coder_id=coder,
                                   perspectives=["familieperspektiv", "koordinatorperspektiv"]))
    act(lambda s: codes.toggle_level(s, codes.find_code(s, "Tett samarbeid"), coder))
    act(lambda s: codes.rename_code(s, codes.find_code(s, "Tett samarbeid"), "Nært samarbeid", coder))
    act(lambda s: themes.upsert_theme(s, "Samarbeid", codes=["Nært samarbeid"], coder_id=coder))
    act(lambda s: themes.discard_theme(s, themes.find_theme(s, "Samarbeid"), coder))
    act(lambda s: coding.set_perspectives(s, s.query(m.Coding).one(), ["familieperspektiv"], coder))
    act(lambda s: coding.remove_coding(s, s.query(m.Coding).one(), coder))
    n = len(snapshots) - 1
    for i in range(n):
        with store.transaction() as s:
            events.undo(s, coder)
        assert state(store) == snapshots[n - i - 1], f"after undo {i + 1}"
    for i in range(n):
        with store.transaction() as s:
            events.redo(s, coder)
        assert state(store) == snapshots[i + 1], f"after redo {i + 1}"


def test_nothing_to_undo_in_a_new_project(store):
    with store.transaction() as s, pytest.raises(NothingToUndo, match="nothing to undo"):
        events.undo(s)


def test_new_action_drops_redo(store, doc_id, coder):
    with store.transaction() as s:
        codes.create_code(s, "A", coder_id=coder)
    with store.transaction() as s:
        events.undo(s, coder)
    with store.transaction() as s:
        codes.create_code(s, "B", coder_id=coder)
    with store.transaction() as s, pytest.raises(NothingToUndo, match="redo"):
        events.redo(s, coder)


def test_failed_action_leaves_no_event(store, doc_id, coder):
    with store.session() as s:
        before = s.query(m.Event).count()
    with pytest.raises(Conflict), store.transaction() as s:
        codes.create_code(s, "Hei", coder_id=coder)
        codes.create_code(s, "hei", coder_id=coder)
    with store.session() as s:
        assert s.query(m.Event).count() == before
        assert s.query(m.Code).count() == 0


def test_an_action_that_cannot_be_undone_keeps_no_images(store):
    """An import is one action that cannot be undone: the rows it writes (every document's
    text) are not copied into images that would be thrown away (issue 15)."""
    with store.transaction() as s:
        with events.recorded(s, "document.import", "import", None, undoable=False) as uow:
            documents.add_document(s, title="Randi", text=TRANSCRIPT)
            s.flush()
            assert uow.changes == []
        with events.recorded(s, "coder.add", "coder") as uow:
            s.add(m.Coder(name="Kari"))
            s.flush()
            assert [ch["table"] for ch in uow.changes] == ["coder"]
    with store.session() as s:
        assert [e.changes for e in s.query(m.Event).filter(m.Event.action == "document.import")] == [None]
