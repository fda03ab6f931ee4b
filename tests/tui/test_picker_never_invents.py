"""The code picker never invents a code (issue 16, defect 2): Enter on a typo takes the
best existing match; a new code needs the "+ New code" row or ctrl+n, and a new name
close to an existing code asks "Did you mean …?" first. Against the demo project."""

from __future__ import annotations

from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.code_picker import CodePicker
from tema.tui.modals.level import LevelModal
from tema.tui.screens.coding import CodingScreen
from tests.tui.util import codings, settle, wait_until


def code_names(store) -> set[str]:
    from tema.domain.codes import code_stats

    with store.session() as s:
        return {st.code.name for st in code_stats(s)}


async def open_picker(pilot, *keys: str) -> None:
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CodePicker), what="the picker")
    await pilot.press(*keys)
    await settle(pilot)


async def test_enter_on_a_typo_takes_the_existing_code(demo_project, open_app, read_store):
    store = read_store(demo_project)
    before = code_names(store)
    n_codings = len(codings(store))
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        await open_picker(pilot, *"enshet")
        highlighted = app.screen.query_one("#picker-list").highlighted_option
        assert "Ensomhet i rollen" in highlighted.prompt.plain
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    assert code_names(store) == before
    after = codings(store)
    assert len(after) == n_codings + 1 and after[-1]["code"] == "Ensomhet i rollen"


async def test_a_new_name_needs_the_new_row_or_ctrl_n_and_a_near_name_asks_first(demo_project, open_app, read_store):
    store = read_store(demo_project)
    before = code_names(store)
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        # Nothing close: the "+ New code" row is Enter's choice, then the level.
        await open_picker(pilot, *"Mestring")
        assert app.screen.query_one("#picker-list").highlighted_option.id == "__new__"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LevelModal), what="the level question")
        await pilot.press("s")
        await settle(pilot)
        # A typo of an existing name, on purpose with ctrl+n: "Did you mean …?" — take the existing code.
        await open_picker(pilot, *"Ensomhet i rolen")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the did-you-mean question")
        assert "Did you mean «Ensomhet i rollen»?" in str(app.screen.query_one(".modal-title").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        # … or insist: ↑ to the new row, Enter, "create", level.
        await open_picker(pilot, *"Slitne foreldrer")
        await pilot.press("up", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the did-you-mean question")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LevelModal), what="the level question")
        await pilot.press("l")
        await settle(pilot)
    assert code_names(store) - before == {"Mestring", "Slitne foreldrer"}
    last = codings(store)[-3:]
    assert [c["code"] for c in last] == ["Mestring", "Ensomhet i rollen", "Slitne foreldrer"]
