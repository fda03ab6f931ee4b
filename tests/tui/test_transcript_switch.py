"""Opening one long transcript in place of another: the scroll bar and the scroll range
follow the new text (the view sets its new length without a layout of the whole screen
while the scroll bar stays shown)."""

from __future__ import annotations

from pathlib import Path

from tema.domain import project as project_d
from tema.ingest.importer import import_files
from tema.store.db import create_store
from tests.tui.conftest import CODER
from tests.tui.util import doc_id, settle

SENTENCE = "Koordinatoren {n} snakker med familien om søsken, skolen og avlastning hver uke."


def _transcript(turns: int, last: str) -> str:
    lines = []
    for n in range(turns):
        lines.append(f"I: Spørsmål {n}?")
        lines.append("Åse: " + " ".join(SENTENCE.format(n=f"{n}.{k}") for k in range(3)))
    lines.append(f"Åse: {last}")
    return "\n".join(lines) + "\n"


def _project(folder: Path) -> Path:
    path = folder / "lang.tema"
    store = create_store(path)
    try:
        with store.transaction() as s:
            project_d.init_project(s, "Lange intervju")
        for title, turns in (("Lang", 60), ("Mellom", 25), ("Kort", 0)):
            src = folder / f"{title}.txt"
            src.write_text(_transcript(turns, f"Slutt på {title}."), encoding="utf-8")
            import_files(store, [src], participant="Åse", title=title, coder=CODER)
    finally:
        store.close()
    return path


def _geometry_follows(view) -> None:
    lines = len(view.model.layout(view.text_width)) + 1
    assert view.virtual_size.height == lines
    assert view.max_scroll_y == max(0, lines - view.scrollable_content_region.height)
    if view.show_vertical_scrollbar:
        assert view.vertical_scrollbar.window_virtual_size == lines


async def test_switching_long_transcripts_keeps_the_scroll_range_true(tmp_path, open_app, read_store):
    path = _project(tmp_path)
    store = read_store(path)
    ids = {t: doc_id(store, t) for t in ("Lang", "Mellom", "Kort")}
    app = open_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        for title in ("Lang", "Mellom", "Kort", "Lang", "Mellom"):
            screen.open_document(ids[title])
            await settle(pilot)
            view = screen.view
            assert view.model.title == title
            _geometry_follows(view)
            assert view.show_vertical_scrollbar == (title != "Kort")
            view.scroll_end(animate=False)
            await pilot.pause()
            assert view.scroll_y == view.max_scroll_y
            lay = view.model.layout(view.text_width)
            last_row = lay.row_of(view.model.text.rindex(f"Slutt på {title}."))
            assert view.scroll_y <= last_row < view.scroll_y + view.scrollable_content_region.height
