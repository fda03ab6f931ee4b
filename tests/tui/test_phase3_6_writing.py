"""Phase 6, writing up, by keys against a real project: mark illustrative extracts and
put them in order (undoable); preview the theme's codebook section; export the codebook
from the menu in a worker and see the written path."""

from __future__ import annotations

from tema.domain import coders, illustrative, pseudonyms, themes
from tema.store import models as m
from tema.tui.modals.help import HelpModal
from tema.tui.modals.task import TaskModal
from tema.tui.screens.codebook_preview import CodebookPreviewModal
from tema.tui.screens.writing import WritingScreen
from tests.tui.conftest import CODER
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.test_phase3_6_review import pick, setup_themes
from tests.tui.util import record_notices, settle, wait_until


async def test_mark_extracts_and_export_codebook(coded_project, open_app, read_store, tmp_path):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    out = tmp_path / "ut"
    out.mkdir()
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WritingScreen)
        names = [o.prompt.plain for o in screen._list("themes").options]
        await pilot.press(*["down"] * names.index("Familien"), "enter")
        await settle(pilot)
        extracts = screen._list("extracts")
        assert extracts.option_count == 3  # Søsken (Åse), Slitne (Åse, Øystein)
        await pilot.press("space", "space", "space", "space")  # mark 1, 2 (each moves on); 3 on and off
        await settle(pilot)
        marked_ids = [int(extracts.get_option_at_index(i).id) for i in (0, 1)]
        assert extracts.border_title.startswith("Extracts (2 marked of 3)")
        await pilot.press("x")
        await pick(pilot, "codebook")
        await pick(pilot, "md")
        await pilot.press(*str(out), "enter")  # the path shown is selected: typing replaces it
        await wait_until(pilot, lambda: "Written" in str(screen.query_one("#write-last").render()),
                         what="the export (its window closes itself)")
        assert app.screen is screen and not isinstance(app.screen, TaskModal)
        shown = str(screen.query_one("#write-last").render())
    written = list(out.iterdir())
    assert len(written) == 1 and written[0].suffix == ".md"
    assert shown == f"Written: {written[0]}"
    body = written[0].read_text(encoding="utf-8")
    assert "Familien" in body and "Samarbeid" in body
    with store.session() as s:
        assert illustrative.selected_extracts(s, themes.find_theme(s, "Familien")) == marked_ids


DEFINITION = "Hvordan sykdom hos ett barn preger hverdagen til hele familien."


def chosen(store, name: str = "Familien") -> list[int]:
    with store.session() as s:
        return illustrative.selected_extracts(s, themes.find_theme(s, name))


def shown(screen) -> list[tuple[str, int]]:
    """(first line, coding id) of every row in the extracts list, top to bottom."""
    ext = screen._list("extracts")
    return [(ext.get_option_at_index(i).prompt.plain.split("\n")[0], int(ext.get_option_at_index(i).id))
            for i in range(ext.option_count)]


def preview_texts(modal) -> list[tuple[str, str]]:
    """(kind, text) of the rendered Markdown blocks in document order; a quote's text is
    its paragraphs joined. Blocks are told apart by CSS type selectors (public query API)."""
    root = "#codebook-preview-text > "
    kinds = {}
    for kind, selector in (("para", "MarkdownParagraph"), ("quote", "MarkdownBlockQuote"),
                           ("heading", "MarkdownHeader")):
        kinds.update({id(block): kind for block in modal.query(root + selector)})
    out = []
    for block in modal.query(root + "*"):
        kind = kinds.get(id(block))
        if kind == "quote":
            out.append((kind, " ".join(str(p.render()) for p in block.query("MarkdownParagraph"))))
        elif kind:
            out.append((kind, str(block.render())))
    return out


async def test_order_chosen_extracts_undo_and_preview_the_codebook_section(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        themes.set_theme_fields(s, themes.find_theme(s, "Familien"), definition=DEFINITION, coder_id=cid)
        pseudonyms.add_rule(s, "Øystein", "Pål", cid)
    with store.session() as s:
        by_text = {c.text: c.id for c in s.query(m.Coding)}
    soesken, aase, oystein = (by_text["Søsken blir lett glemt"], by_text["Foreldrene er slitne."],
                              by_text["De er slitne, men de står på."])
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        names = [o.prompt.plain for o in screen._list("themes").options]
        await pilot.press(*["down"] * names.index("Familien"), "enter")
        await settle(pilot)
        ext = screen._list("extracts")
        assert [cid for _, cid in shown(screen)] == [soesken, aase, oystein]  # document order, none chosen
        notices = record_notices(app)
        await pilot.press("shift+up")  # not chosen: nothing to order
        await settle(pilot)
        assert any("mark this one first" in n for n in notices)
        assert chosen(store) == []
        await pilot.press("space")  # marks and moves on to the next extract
        await settle(pilot)
        assert ext.highlighted == 1 and int(ext.highlighted_option.id) == aase
        await pilot.press("space", "space")
        await settle(pilot)
        assert chosen(store) == [soesken, aase, oystein]
        assert [line.split()[0] for line, _ in shown(screen)] == ["★1", "★2", "★3"]
        await pilot.press("shift+up")  # «De er slitne…» (Øystein) moves up one
        await settle(pilot)
        assert chosen(store) == [soesken, oystein, aase]
        assert ext.highlighted == 1 and int(ext.highlighted_option.id) == oystein  # the cursor followed it
        await pilot.press("shift+up")
        await settle(pilot)
        assert chosen(store) == [oystein, soesken, aase]
        assert shown(screen)[0][1] == oystein and shown(screen)[0][0].startswith("★1")
        assert ext.highlighted == 0
        await pilot.press("ctrl+z")  # undoes the last move only
        await settle(pilot)
        assert chosen(store) == [soesken, oystein, aase]
        assert [cid for _, cid in shown(screen)] == [soesken, oystein, aase]
        await pilot.press("ctrl+y", "ctrl+z")
        await settle(pilot)
        assert chosen(store) == [soesken, oystein, aase]
        # the preview: the codebook section of Familien, pseudonymised as the export is
        await pilot.press("v")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, CodebookPreviewModal)
        blocks = preview_texts(modal)
        assert blocks[0] == ("heading", "Tema 1: Familien")
        paras = [t for kind, t in blocks if kind == "para"]
        assert f"Definisjon: {DEFINITION}" in paras
        start = blocks.index(("para", "Illustrerende utdrag:"))
        assert blocks[start + 1:start + 4] == [
            ("quote", "Søsken blir lett glemt (Åse)"),
            ("quote", "De er slitne, men de står på. (Pål)"),
            ("quote", "Foreldrene er slitne. (Åse)"),
        ]
        headings = [t for kind, t in blocks if kind == "heading"]
        assert {"Søsken i skyggen", "Slitne foreldre", "Travle dager"} <= set(headings)
        assert not any("Øystein" in t for _, t in blocks)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        keys = dict(dict(app.screen.groups)["Phase 6 — writing up"])
        assert keys["v"] == "Preview the theme's section of the codebook"
        assert "earlier" in keys["shift+↑"] and "later" in keys["shift+↓"]
