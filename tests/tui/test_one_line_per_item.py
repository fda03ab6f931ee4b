"""Layout (issue 16, defect 6): one line per code in the codes and unplaced panels at any
width (a long name ends in an ellipsis, no blank row, no wrap); under the phase 3 tree
the highlighted item is repeated only when the tree cuts its line, so a reorder never
shows a line twice."""

from __future__ import annotations

from textual.widgets import OptionList

from tema.domain import coders, codes, themes
from tests.tui.util import settle

LONG = "Å skrive seg inn i en ny rolle"


def with_a_new_theme(store) -> None:
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, "Demo-koder").id
        t = themes.create_theme(s, LONG, coder_id=cid)
        for name in ["Ansvarsgruppemøter", "Grensesetting i rollen"]:
            themes.place_code(s, codes.find_code(s, name), t, cid)


async def test_one_line_per_code_in_the_panels(demo_project, open_app):
    for size in [(80, 24), (100, 30)]:
        app = open_app(demo_project)
        async with app.run_test(size=size) as pilot:
            for phase, selector in [("2", "#codes-list"), ("3", "#unplaced-list")]:
                await pilot.press(phase)
                await settle(pilot)
                opts = app.screen.query_one(selector, OptionList)
                assert opts.option_count > 0
                assert opts.virtual_size.height == opts.option_count, (size, selector)


async def test_a_reorder_shows_no_line_twice(demo_project, open_app, read_store):
    with_a_new_theme(read_store(demo_project))
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        board = app.screen
        tree = board.tree
        tree.focus()
        await pilot.press("home")
        for _ in range(30):
            if tree.cursor_node.label.plain.startswith(LONG):
                break
            await pilot.press("down")
        await pilot.press("shift+up")
        await settle(pilot)
        assert tree.cursor_node.label.plain.startswith(LONG)
        detail = str(board.query_one("#board-detail").render())
        assert LONG not in detail and "shift+↑/↓ reorder" in detail
        # A line the tree cuts is shown whole under it.
        await pilot.resize_terminal(60, 24)
        await settle(pilot)
        await pilot.press("home", "down")
        await settle(pilot)
        node = tree.cursor_node
        assert tree.label_is_cut(node)
        assert node.label.plain in str(board.query_one("#board-detail").render()).replace("\n", " ")
