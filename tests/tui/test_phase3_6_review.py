"""Phase 4, reviewing themes, by keys against a real project: split, merge, discard,
restore; the matrix counts; the map and compare views."""

from __future__ import annotations

from tema.domain import coders, codes, snapshots, themes
from tema.store import models as m
from tema.tui.modals.choose import ChooseModal
from tema.tui.screens.choose_many import ChooseManyModal
from tema.tui.screens.map_modal import MapModal
from tema.tui.screens.review import ReviewScreen
from tests.tui.conftest import CODER
from tests.tui.test_phase3_6_board import coded_project, typed  # noqa: F401  (fixture)
from tests.tui.util import matrix_cells, settle


def setup_themes(store) -> None:
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        fam = themes.create_theme(s, "Familien", coder_id=cid)
        sam = themes.create_theme(s, "Samarbeid", coder_id=cid)
        for name in ["Søsken i skyggen", "Slitne foreldre", "Travle dager"]:
            themes.place_code(s, codes.find_code(s, name), fam, cid)
        for name in ["Skolen som ankerfeste", "Slitne foreldre"]:
            themes.place_code(s, codes.find_code(s, name), sam, cid)
        snapshots.take_snapshot(s, "Fase 3", coder_id=cid)


async def to_theme(pilot, name: str) -> None:
    screen = pilot.app.screen
    screen.themes_list.focus()
    await pilot.press("home")
    for _ in range(20):
        opt = screen.themes_list.highlighted_option
        if opt is not None and opt.prompt.plain.strip(" └") == name:
            return
        await pilot.press("down")
    raise AssertionError(name)


async def pick(pilot, label: str) -> None:
    modal = pilot.app.screen
    assert isinstance(modal, ChooseModal)
    # An item's first line, without its tree guide or what follows two spaces (the export menu's formats).
    [index] = [i for i, (_, text) in enumerate(modal.items) if str(text).split("\n")[0].strip(" └").split("  ")[0] == label]
    await pilot.press(*["down"] * index, "enter")
    await settle(pilot)


async def test_review_split_merge_discard_restore_and_compare(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        matrix = app.screen.query_one("#review-matrix")
        people = matrix.header[1:]
        assert people == ["Øystein", "Åse"]  # Norwegian order: ø before å
        rows = {name: list(cells) for name, cells in matrix.rows}
        # Familien: Åse has «Søsken…» and «Slitne…» (2), Øystein «Slitne…» (1); Samarbeid: Åse 1, Øystein 2
        assert rows == {"Familien": ["1", "2"], "Samarbeid": ["2", "1"]}
        await to_theme(pilot, "Familien")
        detail = str(app.screen.query_one("#review-detail").render())
        assert "also in Samarbeid" in detail and "Do not: —" in detail
        # split «Travle dager» off Familien into «Hverdagen»
        await pilot.press("s")
        assert isinstance(app.screen, ChooseManyModal)
        index = [label for label, _ in app.screen.items].index("Travle dager")
        await pilot.press(*["down"] * index, "space", "enter")
        await settle(pilot)
        await typed(pilot, "Hverdagen")
        # merge Hverdagen into Samarbeid, discard Familien, restore it
        await to_theme(pilot, "Hverdagen")
        await pilot.press("m")
        await pick(pilot, "Samarbeid")
        await to_theme(pilot, "Familien")
        await pilot.press("d")
        await settle(pilot)
        with store.session() as s:
            assert themes.find_theme(s, "Familien").status == "discarded"
            assert {c.name for c in themes.unplaced_codes(s)} == {"Søsken i skyggen", "Ansvarsgruppe"}
        await to_theme(pilot, "Familien")
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("c")
        await pick(pilot, "Fase 3")
        await pick(pilot, "(the current map)")
        assert isinstance(app.screen, MapModal)
        diff = app.screen.diff
        await pilot.press("escape")
        await settle(pilot)
    assert [code for code, _, _ in diff.moved] == ["Travle dager"]
    assert diff.moved[0][2] == ["Samarbeid"]
    with store.session() as s:
        assert themes.find_theme(s, "Familien").status != "discarded"
        hv = s.query(m.Theme).filter_by(name="Hverdagen").one()
        assert hv.status == "discarded"  # merged away
        assert [c.name for c in s.query(m.Code).join(m.ThemeCode).filter(m.ThemeCode.theme_id == hv.id)] == []
        assert sorted(c.name for c in themes.unplaced_codes(s)) == ["Ansvarsgruppe"]


async def test_matrix_on_the_thesis_project_matches_the_codings(thesis_project, open_app, read_store):
    """Each cell: codings (of the theme's and its subthemes' codes) per participant, counted from the rows."""
    store = read_store(thesis_project)
    expected: dict[str, dict[str, int]] = {}
    with store.session() as s:
        for t in s.query(m.Theme).filter(m.Theme.deleted_at.is_(None), m.Theme.status != "discarded", m.Theme.is_holding.is_(False)):
            family = [t.id] + [c.id for c in s.query(m.Theme).filter_by(parent_id=t.id, deleted_at=None) if c.status != "discarded"]
            code_ids = {tc.code_id for tc in s.query(m.ThemeCode).filter(m.ThemeCode.theme_id.in_(family))}
            per: dict[str, int] = {}
            for c in s.query(m.Coding).filter(m.Coding.code_id.in_(code_ids)):
                p = c.document.participant
                if p is not None:
                    key = p.label or p.pseudonym
                    per[key] = per.get(key, 0) + 1
            expected[t.name] = per
    app = open_app(thesis_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        people, cells = matrix_cells(app.screen)
        shown = {name: counts for name, (_, counts) in cells.items()}
    assert len(people) == 5 and sum(sum(v.values()) for v in expected.values()) > 0
    assert {k: v for k, v in shown.items() if k in expected} == expected
    assert set(expected) <= set(shown)
