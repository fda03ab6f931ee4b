"""Phase 6's export menu never overwrites a file silently: an existing target asks first;
No leaves the file byte for byte as it was, Yes writes the new export over it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tema.tui.modals.confirm import ConfirmModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.screens.writing import WritingScreen
from tests.tui.test_phase3_6_review import pick
from tests.tui.util import record_notices, settle, wait_until

OLD = "Dette er en tidligere fil som ikke skal forsvinne, med æøå.\n".encode()


async def export_codebook_to(pilot, path: Path) -> None:
    await pilot.press("x")
    await pick(pilot, "codebook")
    await pick(pilot, "md")
    assert isinstance(pilot.app.screen, PromptModal)
    pilot.app.screen.query_one(Input).value = str(path)  # typing a long temporary path is slow
    await pilot.press("enter")
    await settle(pilot)


async def finish_task(pilot) -> None:
    """The export's progress window closes itself when the file is written."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WritingScreen), what="the export to finish")
    await settle(pilot)


async def test_export_to_an_existing_file_asks_no_keeps_it_yes_overwrites(tui_project, open_app, tmp_path):
    target = tmp_path / "kodebok.md"
    target.write_bytes(OLD)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert isinstance(app.screen, WritingScreen)
        notices = record_notices(app)
        await export_codebook_to(pilot, target)
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.title_text == f"{target} exists. Overwrite?"
        await pilot.press("n")
        await settle(pilot)
        assert target.read_bytes() == OLD
        assert notices == [f"Not exported: {target} was left as it was."]
        await export_codebook_to(pilot, target)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await finish_task(pilot)
        assert app.screen.query_one("#write-last").render().plain == f"Written: {target}"
    body = target.read_text(encoding="utf-8")
    assert body != OLD.decode() and "Søsken i skyggen" in body


async def test_export_into_a_folder_whose_default_file_exists_asks_too(tui_project, open_app, tmp_path):
    """The file name is chosen by the export (codebook.md in the folder typed): it asks too."""
    folder = tmp_path / "ut"
    folder.mkdir()
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await export_codebook_to(pilot, folder)
        await finish_task(pilot)
        [written] = list(folder.iterdir())
        first = written.read_bytes()
        written.write_bytes(OLD)
        await export_codebook_to(pilot, folder)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the overwrite question")
        assert app.screen.title_text == f"{written} exists. Overwrite?"
        await pilot.press("n")
        await settle(pilot)
        assert written.read_bytes() == OLD
        await export_codebook_to(pilot, folder)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the overwrite question")
        await pilot.press("y")
        await finish_task(pilot)
    assert written.read_bytes() == first and list(folder.iterdir()) == [written]
