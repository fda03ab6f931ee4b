"""Phase 5, defining and naming, by keys against a real project: the editor writes
name, label and definition in one action; rename history and the quality prompts (grouped
by kind) are shown; phase 4 shows the prompts of the highlighted theme."""

from __future__ import annotations

from tema.domain import coders, codes, themes
from tema.store import models as m
from tema.tui.screens.defining import DefiningScreen
from tema.tui.screens.review import ReviewScreen
from tests.tui.conftest import CODER
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.test_phase3_6_review import setup_themes, to_theme
from tests.tui.util import settle, wait_until


async def test_define_rename_and_checks(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DefiningScreen)
        checks = str(screen.query_one("#define-checks").render())
        assert "«Familien»: no definition" in checks and "«Samarbeid»: no definition" in checks
        names = [o.prompt.plain for o in screen.themes_list.options]
        await pilot.press("escape", *["down"] * names.index("Samarbeid"), "enter")  # from the name field to the list
        await settle(pilot)
        await pilot.press(*["backspace"] * 12, *"Samarbeid rundt barnet", "tab", "2", "tab")
        await pilot.press(*"Skole og familie møtes jevnlig.", "ctrl+s")
        await settle(pilot)
        history = str(screen.query_one("#define-history").render())
        assert "«Samarbeid» → «Samarbeid rundt barnet»" in history
        checks = str(screen.query_one("#define-checks").render())
        assert "Samarbeid rundt barnet»: no definition" not in checks and "«Familien»: no definition" in checks
        await pilot.press("escape", "ctrl+z")  # out of the TextArea (its own ctrl+z undoes typing)
        await settle(pilot)
        with store.session() as s:
            assert themes.lookup_theme(s, "Samarbeid") is not None
        await pilot.press("ctrl+y")
        await settle(pilot)
    with store.session() as s:
        t = themes.find_theme(s, "Samarbeid rundt barnet")
        assert (t.label, t.definition) == ("2", "Skole og familie møtes jevnlig.")
        assert [(r.old_name, r.new_name) for r in themes.rename_history(s, t)] == [("Samarbeid", "Samarbeid rundt barnet")]
        assert s.query(m.Theme).filter_by(name="Familien").one().definition in (None, "")


def more_themes(store) -> None:
    """«Søsken» carried by Åse alone; «Slitne foreldre» placed in a third theme."""
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        sosken = themes.create_theme(s, "Søsken", coder_id=cid)
        themes.place_code(s, codes.find_code(s, "Søsken i skyggen"), sosken, cid)
        utm = themes.create_theme(s, "Foreldrene går tomme for krefter", coder_id=cid)
        themes.set_theme_fields(s, utm, definition="Utmattelse som deles av foreldrene.", coder_id=cid)
        themes.place_code(s, codes.find_code(s, "Slitne foreldre"), utm, cid)


async def test_phase5_lists_the_prompts_grouped_by_kind(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    more_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DefiningScreen)
        lines = str(screen.query_one("#define-checks").render()).splitlines()
        headings = [line for line in lines if not line.startswith("·") and line]
        assert headings == ["No definition written (3)", "Named like a topic, no central organising concept (3)",
                            "Carried by one participant (1)", "Codes sitting in many themes (1)"]
        assert "· «Søsken» is carried by one participant (Åse) — a pattern across the dataset, or one person's story?" in lines
        assert any(line.startswith("· Code «Slitne foreldre» sits in 3 themes") for line in lines)
        assert not any(line.startswith("· «Foreldrene går tomme") for line in lines)  # defined; reads like a claim
        assert screen.query_one("#define-checks").border_title == "Worth a look (8)"
        # writing a central organising concept for «Søsken» answers its topic prompt
        names = [o.prompt.plain for o in screen.themes_list.options]
        await pilot.press("escape", *["down"] * names.index("Søsken"), "enter", "tab", "tab", "tab")
        await pilot.press(*"Søsken bærer en stille byrde.", "ctrl+s")
        await settle(pilot)
        lines = str(screen.query_one("#define-checks").render()).splitlines()
        assert "Named like a topic, no central organising concept (2)" in lines
        assert not any(line.startswith("· «Søsken» reads like a topic label") for line in lines)
    with store.session() as s:
        assert themes.find_theme(s, "Søsken").central_concept == "Søsken bærer en stille byrde."


async def test_phase4_shows_the_prompts_of_the_highlighted_theme(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    more_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await to_theme(pilot, "Søsken")
        detail = str(app.screen.query_one("#review-detail").render())
        prompts = [line for line in detail.splitlines() if line.startswith("Worth a look: ")]
        assert detail.startswith(prompts[0]) and detail.index(prompts[-1]) < detail.index("Contribute: Åse")
        assert "Worth a look: «Søsken» is carried by one participant (Åse) — a pattern across the dataset, or one " \
               "person's story?" in prompts
        assert len(prompts) == 3  # and: no definition, named like a topic
        await to_theme(pilot, "Familien")  # both contribute; its code «Slitne foreldre» sits in 3 themes
        detail = str(app.screen.query_one("#review-detail").render())
        assert "carried by one participant" not in detail
        assert "Worth a look: Code «Slitne foreldre» sits in 3 themes" in detail
        assert "Worth a look: «Familien»: no definition yet" in detail
        await to_theme(pilot, "Foreldrene går tomme for krefter")  # defined; 2 participants; a claim-like name
        detail = str(app.screen.query_one("#review-detail").render())
        assert [line for line in detail.splitlines() if line.startswith("Worth a look")] == [
            "Worth a look: Code «Slitne foreldre» sits in 3 themes («Familien», «Samarbeid», «Foreldrene går tomme "
            "for krefter») — does it mean the same in each, or does it belong more to one of them?"]


async def test_a_session_that_opens_in_phase_5_publishes_its_first_paint(coded_project, open_app, read_store):  # noqa: F811
    """The editor's own "form as read" once shadowed the screen's loaded flag: a session
    opening in phase 5 never told the app its first screen was drawn (no language warm-up)."""
    from tema.domain import project as project_d

    store = read_store(coded_project)
    setup_themes(store)
    with store.transaction() as s:
        project_d.set_phase(s, 5)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.first_paint_at is not None, what="the first paint")
        assert isinstance(app.screen, DefiningScreen) and app.screen.loaded is True
        assert app.screen.form_as_read is not None and app.screen.form_as_read.name
