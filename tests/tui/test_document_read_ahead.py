"""The document chooser (`d`) and phase 1's document list read the highlighted transcript ahead, so Enter shows it
without another read — but never shows what changed since, and never starts a thread per
keypress when ↓ is held through the list."""

from __future__ import annotations

import threading

from tema.domain import coding
from tema.store.db import open_store
from tema.tui import prefetch
from tema.tui.modals.choose import ChooseModal
from tema.tui.screens import transcript_base
from tests.tui.conftest import CODER
from tests.tui.util import doc_id, settle, wait_until


def _count_reads(monkeypatch):
    """Record every document read, by who asked: the read ahead or the open."""
    calls: list[tuple[str, int]] = []
    ahead, opened = prefetch.read_document, transcript_base.read_document

    def via(origin, fn):
        def read(app, doc, *args):
            calls.append((origin, doc))
            return fn(app, doc, *args)
        return read

    monkeypatch.setattr(prefetch, "read_document", via("ahead", ahead))
    monkeypatch.setattr(transcript_base, "read_document", via("open", opened))
    return calls


async def _chooser(pilot) -> None:
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChooseModal), what="the document chooser")
    await settle(pilot)


async def _read_ahead_of_the_other(pilot, store, calls):
    """Phase 2 on one interview; the chooser's ↓ on the other, read ahead: (screen, its id)."""
    ids = {doc_id(store, t) for t in ("Intervju med Åse", "Intervju med Øystein")}
    await pilot.press("2")
    await settle(pilot)
    screen = pilot.app.screen
    (other,) = ids - {screen.model.doc_id}  # the one not shown (Øystein sorts before Åse)
    await _chooser(pilot)
    await pilot.press("down")
    await settle(pilot)
    assert calls[-1] == ("ahead", other)
    return screen, other


async def test_enter_shows_the_document_read_ahead(tui_project, open_app, read_store, monkeypatch):
    calls = _count_reads(monkeypatch)
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, other = await _read_ahead_of_the_other(pilot, read_store(tui_project), calls)
        before = len(calls)
        await pilot.press("enter")
        assert screen.model is not None and screen.model.doc_id == other  # shown as the list closed
        await settle(pilot)
        assert calls[before:] == []  # no second read
        assert screen.model.title == "Intervju med Åse"
        assert app.current_doc_id == other
        await _chooser(pilot)  # the same (reused) chooser, on the document now open
        assert app.screen.query_one("#choose-list").highlighted_option.id == str(other)
        assert calls[before:] == []  # the open document is not read ahead


async def test_a_change_meanwhile_makes_enter_read_again(tui_project, open_app, read_store, monkeypatch):
    calls = _count_reads(monkeypatch)
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, other = await _read_ahead_of_the_other(pilot, read_store(tui_project), calls)
        seen = app.data_generation
        colleague = open_store(tui_project)  # another process codes the document meanwhile
        try:
            with colleague.transaction() as s:
                coding.code_span(s, other, 0, 10, ["Søsken i skyggen"], coder_id=None)
        finally:
            colleague.close()
        await wait_until(pilot, lambda: app.check_elsewhere() or app.data_generation > seen, what="the change noticed")
        await pilot.press("enter")
        await settle(pilot)
        assert ("open", other) in calls
        assert [c.code for c in screen.model.codings] == ["Søsken i skyggen"]


async def test_holding_down_reads_ahead_one_at_a_time(demo_project, open_app, monkeypatch):
    release, active, peak = threading.Event(), [0], [0]
    calls: list[int] = []
    real = prefetch.read_document

    def slow_read(app, doc, *args):
        calls.append(doc)
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        try:
            release.wait(10)  # the first read ahead is still running while ↓ is held
            return real(app, doc, *args)
        finally:
            active[0] -= 1

    monkeypatch.setattr(prefetch, "read_document", slow_read)
    app = open_app(demo_project, coder=CODER)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the document chooser")
        chooser = app.screen
        await settle(pilot)
        assert calls == []  # the open document is not read ahead
        await pilot.press("down")
        await wait_until(pilot, lambda: len(calls) == 1, what="the first read ahead")
        await pilot.press(*["down"] * 3)
        assert len(calls) == 1  # the keys started no read of their own
        release.set()
        await settle(pilot)
        highlighted = int(chooser.query_one("#choose-list").highlighted_option.id)
        assert calls[-1] == highlighted and len(calls) == 2  # then only the one highlighted now
        assert peak[0] == 1
        await pilot.press("enter")
        await settle(pilot)
        assert screen.model.doc_id == highlighted


async def test_phase_1_list_reads_the_highlighted_document_ahead(tui_project, open_app, read_store, monkeypatch):
    store = read_store(tui_project)
    ids = {doc_id(store, t) for t in ("Intervju med Åse", "Intervju med Øystein")}
    calls = _count_reads(monkeypatch)
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#documents")
        assert table.has_focus and calls.count(("ahead", screen.model.doc_id)) == 0
        (other,) = ids - {screen.model.doc_id}
        row = table.get_row_index(str(other))
        await pilot.press(*["down" if row > table.cursor_row else "up"] * abs(row - table.cursor_row))
        await settle(pilot)
        assert calls[-1] == ("ahead", other)
        before = len(calls)
        await pilot.press("enter")
        assert screen.model.doc_id == other
        await settle(pilot)
        assert calls[before:] == []  # shown from the read ahead; the rows read again start none
