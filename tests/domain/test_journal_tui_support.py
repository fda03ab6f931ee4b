"""set_phase_journaled: changing the project's phase writes a journal entry, one undoable action."""

from __future__ import annotations

import pytest

from tema.domain import events, journal, project
from tema.errors import InvalidInput


def test_phase_change_is_journaled_and_undone_together(store, coder):
    with store.transaction() as s:
        memo = journal.set_phase_journaled(s, 3, "Kodene begynner å samle seg.", coder_id=coder,
                                           context={"screen": "coding", "document": None, "offset": None})
        memo_id = memo.id
    with store.session() as s:
        assert project.get_project(s).phase == 3
        entry = journal.get_memo(s, memo_id)
        assert entry.phase == 3 and entry.kind == "journal"
        assert entry.body.startswith("Fase 1 → 3 (Initielle tema).")
        assert "Kodene begynner å samle seg." in entry.body
        assert entry.context["screen"] == "coding"
    with store.transaction() as s:
        events.undo(s, coder)
    with store.session() as s:
        assert project.get_project(s).phase == 1
        assert journal.journal_entries(s) == []


def test_bad_phase_refused(store):
    with store.transaction() as s, pytest.raises(InvalidInput):
        journal.set_phase_journaled(s, 7)


def test_note_on_a_document_needs_the_document(store):
    with store.transaction() as s, pytest.raises(InvalidInput, match="note on a document: no document given"):
        journal.add_note(s, "Et notat", target_kind="document", target_id=None, start=0)
