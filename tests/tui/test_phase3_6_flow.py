"""Phases 3 → 6 by keys alone: build the map on the board, snapshot «Fase 3», move,
rename, merge, discard and restore, snapshot «Fase 4», define a theme, mark two
extracts; then assert on the store and on the lineage between the two snapshots."""

from __future__ import annotations

from tema.domain import illustrative, snapshots, themes
from tests.tui.test_phase3_6_board import choose, coded_project, ids, tree_to, typed, unplaced_to  # noqa: F401
from tests.tui.test_phase3_6_review import pick, to_theme
from tests.tui.util import settle


async def test_phase_3_to_6_by_keys(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        for name in ["Familien", "Samarbeid", "Hverdag"]:
            await pilot.press("n")
            await typed(pilot, name)
        tids, cids = ids(store)
        await tree_to(pilot, app, ("theme", tids["Familien"]))
        await pilot.press("N")
        await typed(pilot, "Søsken")
        for code, theme in [("Søsken i skyggen", "Søsken"), ("Slitne foreldre", "Familien"),
                            ("Ansvarsgruppe", "Samarbeid"), ("Skolen som ankerfeste", "Samarbeid"),
                            ("Travle dager", "Hverdag")]:
            await unplaced_to(pilot, code)
            await pilot.press("p")
            await choose(pilot, theme)
        tids, cids = ids(store)
        await tree_to(pilot, app, ("code", cids["Slitne foreldre"], tids["Familien"]))
        await pilot.press("p")
        await choose(pilot, "Hverdag")
        await pilot.press("S", *["backspace"] * 40)
        await typed(pilot, "Fase 3")
        # move two codes, rename a theme
        await tree_to(pilot, app, ("code", cids["Ansvarsgruppe"], tids["Samarbeid"]))
        await pilot.press("m")
        await choose(pilot, "Familien")
        await tree_to(pilot, app, ("code", cids["Travle dager"], tids["Hverdag"]))
        await pilot.press("m")
        await choose(pilot, "Søsken")
        await tree_to(pilot, app, ("theme", tids["Familien"]))
        await pilot.press("r", *["backspace"] * 20)
        await typed(pilot, "Familien som helhet")
        # phase 4: merge Hverdag into Samarbeid; discard Samarbeid and restore it
        await pilot.press("4")
        await settle(pilot)
        await to_theme(pilot, "Hverdag")
        await pilot.press("m")
        await pick(pilot, "Samarbeid")
        await to_theme(pilot, "Samarbeid")
        await pilot.press("d")
        await settle(pilot)
        await to_theme(pilot, "Samarbeid")
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("3", "S", *["backspace"] * 40)
        await typed(pilot, "Fase 4")
        # phase 5: a definition
        await pilot.press("5")
        await settle(pilot)
        names = [o.prompt.plain for o in app.screen.themes_list.options]
        await pilot.press("escape", *["down"] * names.index("Samarbeid"), "enter", "tab", "tab")
        await pilot.press(*"Hvordan skole og hjem møtes.", "ctrl+s", "escape")
        await settle(pilot)
        # phase 6: two illustrative extracts for Samarbeid
        await pilot.press("6")
        await settle(pilot)
        names = [o.prompt.plain for o in app.screen._list("themes").options]
        await pilot.press(*["down"] * names.index("Samarbeid"), "enter", "space", "down", "space")
        await settle(pilot)
    with store.session() as s:
        sam = themes.find_theme(s, "Samarbeid")
        assert (sam.status, sam.definition) == ("candidate", "Hvordan skole og hjem møtes.")
        assert len(illustrative.selected_extracts(s, sam)) == 2
        assert themes.find_theme(s, "Hverdag").status == "discarded"
        diff = snapshots.compare(snapshots.find_snapshot(s, "Fase 3").structure, snapshots.find_snapshot(s, "Fase 4").structure)
    assert diff.renamed == [("Familien", "Familien som helhet")]
    assert diff.disappeared == ["Hverdag"] and diff.appeared == []
    moved = {code: (sorted(a), sorted(b)) for code, a, b in diff.moved}
    assert moved == {
        "Ansvarsgruppe": (["Samarbeid"], ["Familien som helhet"]),
        "Travle dager": (["Hverdag"], ["Familien som helhet / Søsken"]),
        "Slitne foreldre": (["Familien", "Hverdag"], ["Familien som helhet", "Samarbeid"]),
    }
