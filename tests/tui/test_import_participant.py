"""The TUI's import dialog offers the participant as `tema import` decides it (issue 16,
item 10): the transcript's one named speaker besides the interviewer prefills the field
(editable); an emptied field imports the transcript with no participant; several files
keep each its own."""

from __future__ import annotations

from textual.widgets import Input

from tema.domain import documents
from tema.tui import tasks
from tema.tui.modals.import_files import ImportModal
from tema.tui.modals.task import TaskModal
from tests.tui.util import settle, wait_until

KARI = ("I: Hvordan var det å bli koordinator?\n"
        "Kari: Det var uvant i starten. Jeg visste ikke hvem jeg skulle ringe.\n"
        "I: Og nå?\n"
        "Kari: Nå kjenner jeg familiene godt.\n")


def participant_of(store, title: str) -> str | None:
    with store.session() as s:
        doc = documents.find_document(s, title)
        return doc.participant.pseudonym if doc.participant else None


async def import_with(app, pilot, path, edit: str | None) -> None:
    """Open the dialog, name ``path``, wait for the prefill; ``edit``: what to type instead."""
    tasks.start_import(app)
    await wait_until(pilot, lambda: isinstance(app.screen, ImportModal), what="the import dialog")
    modal = app.screen
    await pilot.press(*str(path))
    field = modal.query_one("#import-participant", Input)
    await wait_until(pilot, lambda: field.value == "Kari", what="the participant prefilled")
    assert "«Kari»" in str(modal.query_one("#import-status").render())
    await pilot.press("enter")
    assert app.focused is field
    if edit is not None:
        await pilot.press("end", *["backspace"] * len(field.value), *edit)
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, ImportModal), what="the dialog closed")
    await app.workers.wait_for_complete()
    await wait_until(pilot, lambda: not isinstance(app.screen, TaskModal), what="the import done")
    await settle(pilot)


async def test_the_speaker_prefills_the_participant_and_an_emptied_field_means_none(tui_project, tmp_path, open_app,
                                                                                     read_store):
    first, second, third = (tmp_path / f"kari_{n}.txt" for n in (1, 2, 3))
    for n, path in enumerate((first, second, third), 1):
        path.write_text(KARI.replace("uvant", f"uvant ({n})"), encoding="utf-8")
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await import_with(app, pilot, first, None)  # as suggested
        await import_with(app, pilot, second, "")  # emptied: none
        await import_with(app, pilot, third, "Karianne")  # typed over
    store = read_store(tui_project)
    want = {"kari_1": "Kari", "kari_2": None, "kari_3": "Karianne"}
    assert {t: participant_of(store, t) for t in want} == want


async def test_several_files_keep_each_its_own_participant(tui_project, tmp_path, open_app, read_store):
    kari, per = tmp_path / "kari.txt", tmp_path / "per.txt"
    kari.write_text(KARI, encoding="utf-8")
    per.write_text(KARI.replace("Kari:", "Per:"), encoding="utf-8")
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tasks.start_import(app)
        await wait_until(pilot, lambda: isinstance(app.screen, ImportModal), what="the import dialog")
        modal = app.screen
        await pilot.press(*str(kari))
        field = modal.query_one("#import-participant", Input)
        await wait_until(pilot, lambda: field.value == "Kari", what="the participant prefilled")
        await pilot.press(" ", *str(per))  # a second file: the prefilled participant goes
        assert field.value == ""
        assert "Several files" in str(modal.query_one("#import-status").render())
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportModal), what="the dialog closed")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: not isinstance(app.screen, TaskModal), what="the import done")
    store = read_store(tui_project)
    assert (participant_of(store, "kari"), participant_of(store, "per")) == ("Kari", "Per")
