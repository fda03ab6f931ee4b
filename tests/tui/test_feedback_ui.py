"""Feedback in the TUI (issue 18, item 3): a supervisor's comments show where they belong —
the theme's detail in phases 4 and 5, the extract at the cursor in phase 2 and the
highlighted extract in phase 6 — and the feedback list (F, or the palette) filters
open/resolved/all, replies, resolves and reopens as undoable, journaled actions, and
Enter goes to the item a thread is on."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, OptionList

from tema.domain import coders, codes, documents, journal, themes
from tema.domain import feedback as fb
from tema.domain.feedback_import import IncomingComment, ensure_project_uid, import_comments
from tema.store import models as m
from tema.tui.modals.help import HelpModal
from tema.tui.screens.coding import CodingScreen
from tema.tui.screens.defining import DefiningScreen
from tema.tui.screens.feedback_list import FeedbackListModal
from tema.tui.screens.review import ReviewScreen
from tema.tui.screens.writing import WritingScreen
from tema.tui.widgets.feedback_view import FeedbackView
from tests.tui.conftest import CODER
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.util import palette_pick, record_notices, settle, wait_until

WHEN = datetime(2024, 3, 12, 10, 0)


@pytest.fixture
def commented(coded_project, read_store):  # noqa: F811
    """Themes Familien and Samarbeid; Eva's comments on Familien (with a reply, and an older
    one resolved in Word), on the extract «Foreldrene er slitne.» and on a code."""
    store = read_store(coded_project)
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        fam = themes.create_theme(s, "Familien", coder_id=cid)
        themes.create_theme(s, "Samarbeid", coder_id=cid)
        for name in ["Søsken i skyggen", "Slitne foreldre"]:
            themes.place_code(s, codes.find_code(s, name), fam, cid)
        doc = documents.find_document(s, "Intervju med Åse")
        extract = s.query(m.Coding).filter_by(document_id=doc.id, text="Foreldrene er slitne.").one()
        school = codes.find_code(s, "Skolen som ankerfeste")
        import_comments(s, [
            IncomingComment("0", "Eva", "Hva er poenget med temaet?", WHEN, None, "Familien", ("theme", fam.id)),
            IncomingComment("1", "Eva", "Utdyp gjerne.", WHEN.replace(minute=5), None, "Familien", ("theme", fam.id),
                            parent_ref="0"),
            IncomingComment("2", "Eva", "Gammel kommentar.", WHEN.replace(day=10), None, "Familien",
                            ("theme", fam.id), done=True),
            IncomingComment("3", "Eva", "Godt sitat.", WHEN.replace(minute=10), None, "Foreldrene",
                            ("coding", extract.id)),
            IncomingComment("4", "Eva", "For bred kode?", WHEN.replace(minute=15), None, "Skolen",
                            ("code", school.id)),
        ], file_name="kodebok.docx", file_uid=ensure_project_uid(s), coder_id=cid)
    return coded_project


async def to_theme(pilot, name: str) -> None:
    """Highlight a theme in the screen's theme list (its prompt may end in a feedback mark)."""
    options = pilot.app.screen.themes_list
    options.focus()
    await pilot.press("home")
    for _ in range(options.option_count):
        if options.highlighted_option.prompt.plain.split("  ")[0] == name:
            return
        await pilot.press("down")
    raise AssertionError(name)


def prompts(options) -> list[str]:
    return [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]


def shown(screen, selector: str) -> str:
    view = screen.query_one(selector, FeedbackView)
    return view.shown_text if view.display else ""


async def test_theme_detail_in_phases_4_and_5_shows_its_feedback(commented, open_app):
    app = open_app(commented)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await to_theme(pilot, "Familien")
        await wait_until(pilot, lambda: "Hva er poenget" in shown(app.screen, "#review-feedback"),
                         what="the theme's feedback in phase 4")
        lines = shown(app.screen, "#review-feedback").splitlines()
        assert lines == ["● Supervisor (Eva, 12.03): Hva er poenget med temaet?",
                         "    ↳ Supervisor (Eva, 12.03): Utdyp gjerne.",
                         "✓ Supervisor (Eva, 10.03): Gammel kommentar.  (resolved)"]
        assert app.screen.query_one("#review-feedback").border_title == "Feedback (1 open)"
        # The theme with open feedback is marked in the list; the other is not.
        await wait_until(pilot, lambda: prompts(app.screen.themes_list) == ["Familien  ●", "Samarbeid"], what="marks")
        await to_theme(pilot, "Samarbeid")  # no feedback: the view is hidden
        await wait_until(pilot, lambda: not app.screen.query_one("#review-feedback").display, what="hidden")

        await pilot.press("escape", "5")
        await settle(pilot)
        assert isinstance(app.screen, DefiningScreen)
        await pilot.press("escape")
        await to_theme(pilot, "Familien")
        await wait_until(pilot, lambda: "Hva er poenget" in shown(app.screen, "#define-feedback"),
                         what="the theme's feedback in phase 5")
        await wait_until(pilot, lambda: prompts(app.screen.themes_list) == ["Familien  ●", "Samarbeid"], what="marks")
        assert "↳ Supervisor (Eva, 12.03): Utdyp gjerne." in shown(app.screen, "#define-feedback")


async def test_feedback_list_filters_resolves_reopens_and_replies_undoably(commented, open_app, read_store):
    app = open_app(commented)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("F")
        modal = app.screen
        assert isinstance(modal, FeedbackListModal)
        await wait_until(pilot, lambda: modal.loaded, what="the list")
        texts = lambda: [t.text for t in modal.threads]  # noqa: E731
        assert texts() == ["Hva er poenget med temaet?", "Godt sitat.", "For bred kode?"]
        for want in (["Gammel kommentar."], ["Gammel kommentar.", "Hva er poenget med temaet?", "Godt sitat.",
                                              "For bred kode?"], ["Hva er poenget med temaet?", "Godt sitat.",
                                                                  "For bred kode?"]):
            await pilot.press("f")
            await wait_until(pilot, lambda w=want: modal.loaded and texts() == w, what=f"the filter {want}")
        store = read_store(commented)
        with store.session() as s:
            theme_thread = fb.list_feedback(s)[1]
        assert theme_thread.text == "Hva er poenget med temaet?"

        await pilot.press("x")  # resolve the highlighted (first) thread
        await wait_until(pilot, lambda: modal.loaded and texts() == ["Godt sitat.", "For bred kode?"], what="resolved")
        review = app.phase_screens[4]  # under the list: the theme's mark says its feedback is resolved
        await wait_until(pilot, lambda: prompts(review.themes_list)[0] == "Familien  ✓", what="the resolved mark")
        with store.session() as s:
            assert fb.get_thread(s, theme_thread.id).status == "resolved"
            assert journal.journal_entries(s)[-1].body.endswith("markert som løst.")
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: modal.loaded and len(texts()) == 3, what="the undo")
        with store.session() as s:
            assert fb.get_thread(s, theme_thread.id).status == "open"

        await pilot.press("home", "r")  # the list stayed on «Godt sitat.»: back to the theme's thread
        assert app.focused is modal.query_one("#feedback-reply", Input)
        await pilot.press(*"Jeg har skrevet en definisjon", "enter")
        assert modal.status == "open"  # f, r, x, o typed in the field were text, not commands
        await wait_until(pilot, lambda: modal.loaded and len(modal.threads[0].replies) == 2, what="the reply")
        with store.session() as s:
            reply = fb.get_thread(s, theme_thread.id).replies[-1]
            assert (reply.author, reply.text, reply.origin) == (CODER, "Jeg har skrevet en definisjon", "tema")
            assert journal.journal_entries(s)[-1].body.endswith(": Jeg har skrevet en definisjon")
        assert "↳ Reply (Testkoder, " in str(modal.query_one("#feedback-thread").render())
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: modal.loaded and len(modal.threads[0].replies) == 1, what="the reply undone")
        notices = record_notices(app)
        await pilot.press("o")  # reopening an open thread says so and writes nothing
        assert notices == ["Already open."]
        await pilot.press("x")
        await wait_until(pilot, lambda: modal.loaded and len(texts()) == 2, what="resolved")
        await pilot.press("f")
        await wait_until(pilot, lambda: modal.loaded and modal.status == "resolved" and len(texts()) == 2,
                         what="the resolved ones")
        await pilot.press("home", *["down"] * texts().index("Hva er poenget med temaet?"), "o")
        await wait_until(pilot, lambda: modal.loaded and texts() == ["Gammel kommentar."], what="reopened")
        with store.session() as s:
            assert fb.get_thread(s, theme_thread.id).status == "open"
            assert [e.action for e in s.query(m.Event).order_by(m.Event.id.desc()).limit(2)] == [
                "feedback.reopen", "feedback.resolve"]
        await pilot.press("f", "f")  # all, then open again
        await wait_until(pilot, lambda: modal.loaded and modal.status == "open" and len(texts()) == 3, what="open")

        await pilot.press("enter")  # the theme's thread: phase 4 with the theme highlighted
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), what="phase 4")
        await wait_until(pilot, lambda: app.screen.themes_list.highlighted_option is not None
                         and app.screen.themes_list.highlighted_option.prompt.plain.startswith("Familien"), what="the theme")


async def test_enter_goes_to_the_extract_and_phase_2_shows_its_feedback(commented, open_app):
    app = open_app(commented)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("F")
        modal = app.screen
        await wait_until(pilot, lambda: modal.loaded, what="the list")
        await pilot.press("down", "enter")  # «Godt sitat.» on an extract of Åse's interview
        await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen) and app.screen.model is not None
                         and app.screen.model.title == "Intervju med Åse", what="the transcript")
        screen = app.screen
        text = screen.model.text
        start = text.index("Foreldrene er slitne.")
        assert screen.view.selection == (start, start + len("Foreldrene er slitne."))
        await wait_until(pilot, lambda: shown(screen, "#coding-feedback")
                         == "● Supervisor (Eva, 12.03): Godt sitat.", what="the extract's feedback at the cursor")
        await pilot.press("up")  # a sentence without feedback
        await settle(pilot)
        await wait_until(pilot, lambda: not screen.query_one("#coding-feedback").display, what="hidden")

        await pilot.press("F")
        modal = app.screen
        await wait_until(pilot, lambda: modal.loaded, what="the list")
        await pilot.press("down", "down", "enter")  # the code's thread: its next extract in phase 2
        await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen) and app.screen.model is not None
                         and app.screen.model.title == "Intervju med Øystein", what="the code's extract")
        sel = app.screen.view.selection
        assert app.screen.model.text[sel[0]:sel[1]] == "Skolen er viktig for familien."


async def test_phase_6_shows_the_feedback_on_the_highlighted_extract(commented, open_app):
    app = open_app(commented)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WritingScreen)
        assert screen.query_one("#write-themes", OptionList).highlighted_option.prompt.plain == "Familien"
        await pilot.press("tab")
        extracts = screen.query_one("#write-extracts", OptionList)
        texts = [extracts.get_option_at_index(i).prompt.plain for i in range(extracts.option_count)]
        target = next(i for i, t in enumerate(texts) if "Foreldrene er slitne." in t)
        await pilot.press("home", *["down"] * target)
        await wait_until(pilot, lambda: shown(screen, "#write-feedback") == "● Supervisor (Eva, 12.03): Godt sitat.",
                         what="the extract's feedback")
        # In the list the extract with open feedback is marked at the end of its first line, no other.
        firsts = [extracts.get_option_at_index(i).prompt.plain.split("\n")[0] for i in range(extracts.option_count)]
        assert [f.endswith("  ●") for f in firsts] == [i == target for i in range(len(firsts))]
        await pilot.press("space")  # marking it repaints the list: the mark comes back
        await settle(pilot)
        await wait_until(pilot, lambda: extracts.get_option_at_index(0).prompt.plain.split("\n")[0].endswith("  ●")
                         and extracts.get_option_at_index(0).prompt.plain.startswith("★1"), what="marked again")
        texts = [extracts.get_option_at_index(i).prompt.plain for i in range(extracts.option_count)]
        other = next(i for i, t in enumerate(texts) if "Foreldrene er slitne." not in t)  # the order changed
        await pilot.press("home", *["down"] * other)
        await wait_until(pilot, lambda: not screen.query_one("#write-feedback").display, what="hidden")


async def test_F_typed_in_a_field_is_text_and_the_palette_opens_the_list(commented, open_app):
    app = open_app(commented)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.focused.id == "define-name"
        await pilot.press("end", "F")
        await settle(pilot)
        assert isinstance(app.screen, DefiningScreen)
        assert app.focused.value.endswith("F")
        await palette_pick(pilot, "Feedback")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedbackListModal), what="the list from the palette")
        await wait_until(pilot, lambda: app.screen.loaded, what="the list")
        await pilot.press("question_mark")  # the list's own keys
        await wait_until(pilot, lambda: isinstance(app.screen, HelpModal), what="the help")
        assert ("x", "Mark the highlighted thread resolved (journaled; ctrl+z undoes)") in app.screen.groups[0][1]
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DefiningScreen), what="closed")


async def test_moving_the_cursor_repaints_the_feedback_only_when_it_changes(commented, open_app, monkeypatch):
    """The extract's feedback panel is updated (a re-layout of the screen) only when what it
    shows changes — not on every cursor move (that cost ~200 ms p95 per key at team scale)."""
    updates: list[str] = []
    original = FeedbackView.update

    def counted(self, content="", **kw):
        updates.append(self.id or "")
        return original(self, content, **kw)

    monkeypatch.setattr(FeedbackView, "update", counted)
    app = open_app(commented)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("F")
        modal = app.screen
        await wait_until(pilot, lambda: modal.loaded, what="the list")
        await pilot.press("down", "enter")  # the extract with feedback, in Åse's interview
        await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen) and app.screen.model is not None
                         and app.screen.model.title == "Intervju med Åse", what="the transcript")
        screen = app.screen
        await wait_until(pilot, lambda: shown(screen, "#coding-feedback") != "", what="the extract's feedback")
        await pilot.press("up")  # off the extract: the panel hides, once
        await settle(pilot)
        await wait_until(pilot, lambda: not screen.query_one("#coding-feedback").display, what="hidden")
        before = updates.count("coding-feedback")
        for _ in range(4):  # sentences without feedback
            await pilot.press("up")
            await settle(pilot)
        assert updates.count("coding-feedback") == before
        await pilot.press("down", "down", "down", "down", "down")  # back onto the extract
        await settle(pilot)
        await wait_until(pilot, lambda: shown(screen, "#coding-feedback") != "", what="shown again")
        assert updates.count("coding-feedback") == before + 1
