"""SVG snapshots of the phase 1 and phase 2 screens on the demo project at 120×40
(cursor blink off). Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs under tests/tui/__snapshots__ before committing them."""

from __future__ import annotations

from tema.tui.app import make_app
from tests.tui.util import settle

SIZE = (120, 40)


def demo_app(path):
    return make_app(path, coder="Demo-koder", cursor_blink=False)


def test_phase1_familiarisation(demo_project, snap_compare):
    assert snap_compare(demo_app(demo_project), press=["1", "down", "down"], terminal_size=SIZE)


def test_phase2_coding_on_a_coded_extract(demo_project, snap_compare):
    async def select_first_coding(pilot):
        await pilot.press("2")
        await pilot.pause()
        view = pilot.app.screen.view
        first = view.model.codings[0]
        view.select(first.start, first.end, centre=True)
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()  # the scroll that centres it

    assert snap_compare(demo_app(demo_project), run_before=select_first_coding, terminal_size=SIZE)


def test_phase2_code_picker(demo_project, snap_compare):
    assert snap_compare(demo_app(demo_project), press=["2", "down", "c", "s", "l"], terminal_size=SIZE)
