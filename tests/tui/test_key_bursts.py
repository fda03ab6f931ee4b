"""Keys arriving in one burst (a fast typist, a paste, SSH latency) act in order."""

from __future__ import annotations

from textual import events

from tests.tui.util import codings, sentences, settle

NAMES = {" ": "space", "\r": "enter"}


async def burst(pilot, text_or_keys) -> None:
    """Post the keys to the app in one go, as a driver does for a burst of input, without
    waiting between them; then wait until they and what they started are done."""
    keys = list(text_or_keys) if isinstance(text_or_keys, str) else text_or_keys
    for key in keys:
        if key in NAMES:
            key = NAMES[key]
        char = " " if key == "space" else (key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, char))
    await pilot.pause()
    await settle(pilot)


async def test_burst_codes_then_sets_two_perspectives(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await burst(pilot, ["down", "c", *"slitne", "enter"])
        await burst(pilot, ["p"])
        await burst(pilot, ["space", "down", "space", "ctrl+s"])
    [c] = codings(read_store(tui_project))
    assert c["code"] == "Slitne foreldre"
    assert c["perspectives"] == ["familieperspektiv", "koordinatorperspektiv"]


async def test_burst_new_code_and_level(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await burst(pilot, ["down", "c", *"Rask koding", "enter"])
        await burst(pilot, ["l"])
    store = read_store(tui_project)
    [c] = codings(store)
    assert (c["code"], c["level"]) == ("Rask koding", "latent")
    assert (c["start"], c["end"]) == sentences(store, "Intervju med Øystein")[1]  # «↓» acted before «c»
