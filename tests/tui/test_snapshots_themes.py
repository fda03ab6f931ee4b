"""SVG snapshots of the phase 3–6 screens at 120×40 (cursor blink off): the demo project's
board, review, defining and writing screens and their views (theme map, codebook preview),
and the thesis project's board holding the 5 themes / 32 subthemes of Vedlegg 4.
Regenerate with `pytest tests/tui/test_snapshots_themes.py --snapshot-update` and look at
the SVGs under tests/tui/__snapshots__ before committing them."""

from __future__ import annotations

from tema.tui.app import make_app
from tests.tui.test_board_snapshot_load import VEDLEGG4, load_by_keys, thesis_with_vedlegg4  # noqa: F401
from tests.tui.util import no_toasts, settle

SIZE = (120, 40)


def demo_app(path):
    return make_app(path, coder="Demo-koder", cursor_blink=False)


async def quiet(pilot) -> None:
    """Let everything settle and drop the toasts (they carry times)."""
    await settle(pilot)
    await no_toasts(pilot)


def test_phase3_theme_board(demo_project, snap_compare):
    async def board(pilot):
        await pilot.press("3")
        await quiet(pilot)
        await pilot.press("down", "tab", "down", "down")
        await quiet(pilot)

    assert snap_compare(demo_app(demo_project), run_before=board, terminal_size=SIZE)


def test_phase3_board_with_vedlegg4(thesis_with_vedlegg4, snap_compare):  # noqa: F811
    project, _ = thesis_with_vedlegg4

    async def loaded(pilot):
        await load_by_keys(pilot, VEDLEGG4)
        await pilot.press("tab", "home", "down")
        await quiet(pilot)

    assert snap_compare(make_app(project, coder="Forsker", cursor_blink=False), run_before=loaded, terminal_size=SIZE)


def test_phase3_board_with_vedlegg4_scrolled_to_the_end(thesis_with_vedlegg4, snap_compare):  # noqa: F811
    project, _ = thesis_with_vedlegg4

    async def scrolled(pilot):
        await load_by_keys(pilot, VEDLEGG4)
        await pilot.press("tab", "end")
        await quiet(pilot)

    assert snap_compare(make_app(project, coder="Forsker", cursor_blink=False), run_before=scrolled, terminal_size=SIZE)


def test_phase4_review(demo_project, snap_compare):
    async def review(pilot):
        await pilot.press("4")
        await quiet(pilot)
        await pilot.press("down")
        await quiet(pilot)

    assert snap_compare(demo_app(demo_project), run_before=review, terminal_size=SIZE)


def test_phase4_theme_map(demo_project, snap_compare):
    async def theme_map(pilot):
        await pilot.press("4")
        await quiet(pilot)
        await pilot.press("v", "enter")
        await quiet(pilot)

    assert snap_compare(demo_app(demo_project), run_before=theme_map, terminal_size=SIZE)


def test_phase5_defining(demo_project, snap_compare):
    async def defining(pilot):
        await pilot.press("5")
        await quiet(pilot)

    assert snap_compare(demo_app(demo_project), run_before=defining, terminal_size=SIZE)


def test_phase6_writing(demo_project, snap_compare):
    async def writing(pilot):
        await pilot.press("6")
        await quiet(pilot)
        await pilot.press("enter", "space", "down", "down", "space")
        await quiet(pilot)

    assert snap_compare(demo_app(demo_project), run_before=writing, terminal_size=SIZE)


def test_phase6_codebook_preview(demo_project, snap_compare):
    async def preview(pilot):
        await pilot.press("6")
        await quiet(pilot)
        await pilot.press("v")
        await quiet(pilot)

    assert snap_compare(demo_app(demo_project), run_before=preview, terminal_size=SIZE)
