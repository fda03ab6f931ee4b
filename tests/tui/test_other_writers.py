"""The TUI lives with other writers: another process (`tema undo` in a subprocess) or another
connection (a second Store, as a colleague's tema would hold) changes the project while
the app is open. A row that vanished under an action gives a one-line notice and a
refreshed view, never a traceback; new codes and themes appear without reopening."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tema.domain import coders, codes, themes
from tema.store.db import open_store
from tema.tui.modals.prompt import PromptModal
from tema.tui.screens.extracts_modal import ExtractsModal
from tema.tui.screens.theme_board import ThemeBoardScreen
from tests.tui.conftest import CODER, build_project
from tests.tui.util import record_notices, settle, wait_until


def add_theme(path_or_url, name: str) -> int:
    """A theme made by CODER through another connection; the holding theme exists first,
    so the theme and its code are CODER's two newest actions (what `tema undo 2` takes back)."""
    store = open_store(path_or_url)
    try:
        with store.transaction() as s:
            cid = coders.get_or_create_coder(s, CODER).id
            themes.ensure_holding_theme(s, cid)
        with store.transaction() as s:
            cid = coders.get_or_create_coder(s, CODER).id
            t = themes.create_theme(s, name, coder_id=cid)
            themes.place_code(s, codes.find_code(s, "Slitne foreldre"), t, cid)
            return t.id
    finally:
        store.close()


async def board_at(pilot, data: tuple) -> ThemeBoardScreen:
    await pilot.press("3")
    await settle(pilot)
    board = pilot.app.screen
    assert isinstance(board, ThemeBoardScreen)
    board.tree.focus()
    await pilot.press("home")
    for _ in range(20):
        if board.tree.selected == data:
            return board
        await pilot.press("down")
    raise AssertionError(f"{data} not on the board")


def on_board(board: ThemeBoardScreen, data: tuple) -> bool:
    return board.tree._find(data) is not None


async def test_enter_on_a_theme_another_process_undid_is_a_notice_not_a_crash(tui_project, open_app):
    tid = add_theme(tui_project, "Trivsel")
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await board_at(pilot, ("theme", tid))
        app.change_timer.pause()  # the user acts before the next look for changes elsewhere
        notices = record_notices(app)
        done = subprocess.run([sys.executable, "-c", "from tema.cli import cli; cli()", "undo", str(tui_project), "2",
                               "--coder", CODER], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "Trivsel" in done.stdout, done.stdout + done.stderr
        assert board.tree.selected == ("theme", tid)  # still shown: nothing told the board yet
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is board and not isinstance(app.screen, ExtractsModal)
        assert "«Trivsel» was removed by another change; the view was refreshed" in notices
        assert not on_board(board, ("theme", tid))


async def test_rename_of_a_theme_trashed_by_another_connection(tui_project, open_app):
    tid = add_theme(tui_project, "Trivsel")
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await board_at(pilot, ("theme", tid))
        app.change_timer.pause()
        notices = record_notices(app)
        other = open_store(tui_project)
        try:
            with other.transaction() as s:
                themes.delete_theme(s, tid)
        finally:
            other.close()
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, PromptModal)
        assert notices == ["«Trivsel» was removed by another change; the view was refreshed"]
        assert not on_board(board, ("theme", tid))


async def test_a_code_placed_elsewhere_then_removed_under_the_cursor(tui_project, open_app):
    """x on a code another connection already took out of the theme: a notice, no change."""
    tid = add_theme(tui_project, "Trivsel")
    store = open_store(tui_project)
    with store.session() as s:
        cid = codes.find_code(s, "Slitne foreldre").id
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await board_at(pilot, ("code", cid, tid))
        app.change_timer.pause()
        notices = record_notices(app)
        with store.transaction() as s:
            themes.remove_code(s, cid, tid)
        await pilot.press("x")
        await settle(pilot)
        assert len(notices) == 1 and notices[0].endswith("the view was refreshed")
        assert not on_board(board, ("code", cid, tid))
    store.close()


async def seen_when_a_colleague_writes(pilot, app, other) -> None:
    """A colleague (``other``, another connection) adds a code and a theme: both appear
    on the open board, the cursor stays on the code it was on; then in the codes panel."""
    board = app.screen
    assert isinstance(board, ThemeBoardScreen)
    board.unplaced.options.focus()
    await pilot.press("end")
    before = board.unplaced.selected_code_id
    assert before is not None
    with other.transaction() as s:
        cid = coders.get_or_create_coder(s, "Kollega").id
        codes.create_code(s, "Aller først", coder_id=cid)  # sorts first: the cursor must not move with the rows
        themes.create_theme(s, "Kollegas tema", coder_id=cid)
    await wait_until(pilot, lambda: "Aller først" in [st.code.name for st in board.unplaced.stats]
                     and any(n.name == "Kollegas tema" for n in board.roots), what="the colleague's code and theme")
    assert board.unplaced.selected_code_id == before
    await pilot.press("2")
    await settle(pilot)
    assert "Aller først" in [st.code.name for st in app.screen.query_one("#codes").stats]


async def test_a_colleagues_new_code_and_theme_appear_without_reopening(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        other = open_store(tui_project)
        try:
            await seen_when_a_colleague_writes(pilot, app, other)
        finally:
            other.close()


async def test_own_writes_are_not_taken_for_changes_elsewhere(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        version = app.workspace.data_version()
        await pilot.press("n", *"Eget tema", "enter")
        await settle(pilot)
        assert any(n.name == "Eget tema" for n in app.screen.roots)
        assert app.workspace.data_version() == version
        assert app.check_elsewhere() is False


@pytest.fixture
def pg_project(pg_database, tmp_path):
    """The TUI fixture project in a fresh PostgreSQL database (dropped after)."""
    build_project(tmp_path, target=pg_database)
    return pg_database


@pytest.mark.postgres
async def test_a_colleague_on_postgresql_is_seen_through_listen_notify(pg_project, open_app):
    app = open_app(pg_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        version = app.workspace.data_version()
        await pilot.press("n", *"Eget tema", "enter")
        await settle(pilot)
        assert app.workspace.data_version() == version  # its own NOTIFY is not news
        other = open_store(pg_project)
        try:
            await seen_when_a_colleague_writes(pilot, app, other)
        finally:
            other.close()
