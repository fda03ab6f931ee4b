"""Illustrative extracts (phase 6): marking appends to the theme's order, moving and
unmarking renumber densely, each change is one event that undo/redo replays."""

from __future__ import annotations

import pytest

from tema.domain import coding, documents, events, illustrative, themes
from tema.errors import NotFound
from tema.store import models as m
from tests.domain.conftest import TRANSCRIPT

QUOTES = ["Vi samarbeider tett.", "de er ofte slitne", "Søsken blir lett glemt.", "Det er et dilemma for oss."]


@pytest.fixture
def chosen(store, doc_id, coder):
    """Theme «Hverdagen» with four extracts (one code each), none chosen yet; their ids in text order."""
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        ids = []
        for n, quote in enumerate(QUOTES):
            start = TRANSCRIPT.index(quote)
            (c,) = coding.code_span(s, doc, start, start + len(quote), [f"Kode {n}"], coder_id=coder)
            ids.append(c.id)
        themes.upsert_theme(s, "Hverdagen", codes=[f"Kode {n}" for n in range(4)], coder_id=coder)
    return ids


def links(store) -> list[tuple[int, int]]:
    """(coding id, ordinal) of the theme's chosen extracts, in the order stored."""
    with store.session() as s:
        t = themes.find_theme(s, "Hverdagen")
        rows = s.query(m.ThemeExtract).filter_by(theme_id=t.id).order_by(m.ThemeExtract.ordinal).all()
        return [(r.coding_id, r.ordinal) for r in rows]


def act(store, fn, coder):
    with store.transaction() as s:
        fn(s, themes.find_theme(s, "Hverdagen"), coder)


def n_events(store) -> int:
    with store.session() as s:
        return s.query(m.Event).count()


def test_mark_order_and_unmark_keep_ordinals_dense(store, chosen, coder):
    a, b, c, d = chosen
    for cid in (c, a, d):
        act(store, lambda s, t, k, cid=cid: illustrative.set_extract_selection(s, t, cid, True, k), coder)
    assert links(store) == [(c, 0), (a, 1), (d, 2)]
    act(store, lambda s, t, k: illustrative.reorder_extract(s, t, d, -1, k), coder)
    assert links(store) == [(c, 0), (d, 1), (a, 2)]
    act(store, lambda s, t, k: illustrative.reorder_extract(s, t, a, -10, k), coder)  # clamps to the top
    assert links(store) == [(a, 0), (c, 1), (d, 2)]
    before = n_events(store)
    act(store, lambda s, t, k: illustrative.reorder_extract(s, t, a, -1, k), coder)  # already first: no change, no event
    act(store, lambda s, t, k: illustrative.set_extract_selection(s, t, a, True, k), coder)  # already chosen
    assert n_events(store) == before and links(store) == [(a, 0), (c, 1), (d, 2)]
    act(store, lambda s, t, k: illustrative.set_extract_selection(s, t, c, False, k), coder)
    assert links(store) == [(a, 0), (d, 1)]
    act(store, lambda s, t, k: illustrative.set_extract_selection(s, t, b, True, k), coder)
    assert links(store) == [(a, 0), (d, 1), (b, 2)]
    with store.session() as s:
        assert illustrative.selected_extracts(s, themes.find_theme(s, "Hverdagen")) == [a, d, b]


def test_moving_an_unchosen_extract_is_refused(store, chosen, coder):
    a, b, *_ = chosen
    act(store, lambda s, t, k: illustrative.set_extract_selection(s, t, a, True, k), coder)
    with pytest.raises(NotFound, match="not chosen for «Hverdagen»"):
        act(store, lambda s, t, k: illustrative.reorder_extract(s, t, b, -1, k), coder)
    with pytest.raises(NotFound, match="no such coding"):
        act(store, lambda s, t, k: illustrative.set_extract_selection(s, t, 999_999, True, k), coder)
    assert links(store) == [(a, 0)]


def test_each_change_is_one_event_undo_and_redo_replay_it(store, chosen, coder):
    a, b, c, _ = chosen
    states = [links(store)]
    steps = [
        ("theme.extract_mark", lambda s, t, k: illustrative.set_extract_selection(s, t, a, True, k)),
        ("theme.extract_mark", lambda s, t, k: illustrative.set_extract_selection(s, t, b, True, k)),
        ("theme.extract_mark", lambda s, t, k: illustrative.set_extract_selection(s, t, c, True, k)),
        ("theme.extract_reorder", lambda s, t, k: illustrative.reorder_extract(s, t, c, -2, k)),
        ("theme.extract_unmark", lambda s, t, k: illustrative.set_extract_selection(s, t, a, False, k)),
        ("theme.extract_reorder", lambda s, t, k: illustrative.reorder_extract(s, t, c, 1, k)),
    ]
    for action, fn in steps:
        before = n_events(store)
        act(store, fn, coder)
        assert n_events(store) == before + 1
        with store.session() as s:
            assert events.history(s, 1)[0].action == action
        states.append(links(store))
    assert states[-1] == [(b, 0), (c, 1)]
    n = len(steps)
    for i in range(n):
        with store.transaction() as s:
            events.undo(s, coder)
        assert links(store) == states[n - i - 1], f"after undo {i + 1}"
    for i in range(n):
        with store.transaction() as s:
            events.redo(s, coder)
        assert links(store) == states[i + 1], f"after redo {i + 1}"
