"""Phase 6's export menu (issue 16, defect 8): every choice says what it holds; before
anything is written the file it will write is shown (and can be changed); the progress
window closes itself and the path written is shown."""

from __future__ import annotations

import os

from textual.widgets import Input

from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.modals.task import TaskModal
from tema.tui.screens.writing import WritingScreen
from tests.tui.test_phase3_6_review import pick
from tests.tui.util import record_notices, settle, wait_until


async def test_the_menu_describes_each_export_and_shows_the_target_first(tui_project, open_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default target is exports/<project>/ under the current folder
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WritingScreen)
        notices = record_notices(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the export menu")
        items = {str(label).split("\n")[0].split("  ")[0]: str(label) for _, label in app.screen.items}
        assert {"codebook", "themes", "lineage", "guide", "matrix", "theme map"} <= set(items)
        for name, label in items.items():
            description = label.split("\n", 1)[1].strip()
            assert len(description) > 20, name
        assert "interview guide" in items["guide"] and "snapshot" in items["lineage"]
        await pick(pilot, "themes")
        await pick(pilot, "md")
        assert isinstance(app.screen, PromptModal)
        target = app.screen.query_one(Input).value
        assert target == os.path.join("exports", "studie", "themes.md")
        assert not (tmp_path / target).exists()  # shown before anything is written
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, what="the progress window to close itself")
        assert not isinstance(app.screen, TaskModal)
        written = tmp_path / target
        assert written.is_file()
        assert f"Written: {written}" in notices
        assert str(screen.query_one("#write-last").render()) == f"Written: {written}"
