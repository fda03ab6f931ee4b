"""Every feedback thread of the project (a supervisor's comments brought back from the
Word codebook, and the replies), filtered open / resolved / all, with a reply field.

Enter goes to the item a thread belongs to (a theme: phase 4 with it highlighted; a
code: phase 2 at its next extract; an extract: the transcript at the coding). A reply,
resolving and reopening are the domain's undoable, journaled actions (ctrl+z undoes
them). The list is read in a worker; it reads again after every change, undo included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain import feedback as fb
from tema.domain.feedback_views import FeedbackPlace, feedback_place
from tema.errors import TemaError
from tema.i18n import N_, _, ngettext
from tema.tui.messages import DataChanged
from tema.tui.widgets.feedback_view import thread_text, who
from tema.tui.widgets.inputs import TemaInput

if TYPE_CHECKING:
    from tema.tui.app import TemaApp

FILTERS = ("open", "resolved", "all")
FILTER_NAMES = {"open": N_("open"), "resolved": N_("resolved"), "all": N_("all")}
KIND_NAMES = {"theme": N_("theme"), "code": N_("code"), "coding": N_("extract"), "project": N_("the project")}


def thread_label(t: fb.FeedbackItem) -> Text:
    """One line per thread: open/resolved, who and when, what it is on, the start of the text."""
    resolved = t.status == "resolved"
    out = Text("✓ " if resolved else "● ", style="green" if resolved else "bold yellow")
    out.append(who(t), style="bold")
    on = _(KIND_NAMES.get(t.target_kind, t.target_kind))
    out.append(f" · {on}" + (f" {t.target}" if t.target else "") + ": ", style="dim")
    out.append(" ".join(t.text.split())[:80])
    if t.replies:
        out.append("  " + ngettext("({n} reply)", "({n} replies)", len(t.replies)).format(n=len(t.replies)),
                   style="italic dim")
    return out


class FeedbackListModal(ModalScreen[None]):
    HELP_TITLE = N_("Feedback from the supervisor")
    DEFAULT_CSS = """
    #feedback { width: 90%; height: 85%; }
    #feedback-list { height: 1fr; max-height: 100%; }
    #feedback-thread { height: auto; max-height: 10; border: round $primary 30%; padding: 0 1; }
    #feedback-reply { margin: 0; }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="feedback.close",
                tooltip=N_("Close (from the reply field: back to the list)")),
        Binding("f", "filter", N_("Open/resolved/all"), id="feedback.filter",
                tooltip=N_("Show open, resolved or all feedback")),
        Binding("r", "reply", N_("Reply"), id="feedback.reply", tooltip=N_("Write a reply to the highlighted thread")),
        Binding("x", "resolve", N_("Resolve"), id="feedback.resolve",
                tooltip=N_("Mark the highlighted thread resolved (journaled; ctrl+z undoes)")),
        Binding("o", "reopen", N_("Reopen"), id="feedback.reopen",
                tooltip=N_("Open the highlighted resolved thread again (journaled; ctrl+z undoes)")),
        # A modal screen hides the app's keys: help, undo and redo here too (the list reads again).
        Binding("question_mark,f1", "app.help", N_("Help"), id="feedback.help", tooltip=N_("The keys of this list")),
        Binding("ctrl+z", "app.undo", N_("Undo"), id="feedback.undo", tooltip=N_("Undo the last action")),
        Binding("ctrl+y", "app.redo", N_("Redo"), show=False, id="feedback.redo",
                tooltip=N_("Redo the last undone action")),
    ]

    class Read(Message, bubble=False):
        def __init__(self, status: str, threads: list[fb.FeedbackItem] | None, error: TemaError | None) -> None:
            super().__init__()
            self.status, self.threads, self.error = status, threads, error

    def __init__(self, status: str = "open") -> None:
        super().__init__()
        self.status = status if status in FILTERS else "open"
        self.threads: list[fb.FeedbackItem] = []
        self.loaded = False  # the list shows what was read last (tests wait for it)
        self.keep: int | None = None  # the thread to stay on after a reload

    def compose(self) -> ComposeResult:
        with Vertical(id="feedback", classes="modal"):
            yield Label("", id="feedback-title", classes="modal-title")
            yield OptionList(id="feedback-list")
            yield Static("", id="feedback-thread")
            yield TemaInput(placeholder=_("Reply to the highlighted thread — Enter sends"), id="feedback-reply")
            yield Static(_("Enter go to it · r reply · x resolve · o reopen · f open/resolved/all · ctrl+z undo · "
                           "Esc close"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#feedback-list", OptionList).focus()
        self.reload()

    # --- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        self.loaded = False
        self.keep = self.thread_id if self.thread_id is not None else self.keep
        status = self.status
        read = self.app.read  # type: ignore[attr-defined]

        def work() -> None:
            try:
                threads = read(fb.list_feedback, status=None if status == "all" else status, catch=False)
                self.post_message(self.Read(status, threads, None))
            except TemaError as exc:
                self.post_message(self.Read(status, None, exc))

        self.run_worker(work, thread=True, exclusive=True, group="feedback-list", exit_on_error=False)

    def on_feedback_list_modal_read(self, message: FeedbackListModal.Read) -> None:
        message.stop()
        if message.status != self.status:
            return
        if message.error is not None:
            self.app.report(message.error)  # type: ignore[attr-defined]
            return
        self.threads = message.threads or []
        opts = self.query_one("#feedback-list", OptionList)
        opts.set_options([Option(thread_label(t), id=str(t.id)) for t in self.threads])
        ids = [t.id for t in self.threads]
        if self.keep in ids:
            opts.highlighted = ids.index(self.keep)
        elif ids:
            opts.highlighted = 0
        n = len(self.threads)
        self.query_one("#feedback-title", Label).update(
            ngettext("Feedback — {shown}: {n} thread", "Feedback — {shown}: {n} threads", n).format(
                shown=_(FILTER_NAMES[self.status]), n=n))
        self.show_thread()
        self.loaded = True

    def on_data_changed(self, message: DataChanged) -> None:
        """An undo/redo (or another change) while the list is open: read it again."""
        message.stop()
        self.reload()

    @property
    def thread_id(self) -> int | None:
        opt = self.query_one("#feedback-list", OptionList).highlighted_option if self.is_mounted else None
        return int(opt.id) if opt is not None and opt.id else None

    @property
    def thread(self) -> fb.FeedbackItem | None:
        tid = self.thread_id
        return next((t for t in self.threads if t.id == tid), None)

    def show_thread(self) -> None:
        t = self.thread
        box = self.query_one("#feedback-thread", Static)
        box.update(thread_text(t, target=True) if t else Text(_("No feedback here — f shows open, resolved or all."),
                                                                  style="italic"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_thread()

    # --- actions ----------------------------------------------------------------------
    def _need_thread(self) -> fb.FeedbackItem | None:
        t = self.thread
        if t is None:
            self.notify(_("No feedback thread highlighted."), severity="warning")
        return t

    def action_filter(self) -> None:
        self.status = FILTERS[(FILTERS.index(self.status) + 1) % len(FILTERS)]
        self.reload()

    def action_reply(self) -> None:
        if self._need_thread() is not None:
            self.query_one("#feedback-reply", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        t = self._need_thread()
        text = event.value.strip()
        if t is None or not text:
            return
        app = self.app
        if app.write(fb.reply, t.id, text, app.coder_id):  # type: ignore[attr-defined]
            event.input.value = ""
            self.query_one("#feedback-list", OptionList).focus()
            self.notify(_("Reply saved and noted in the journal (ctrl+z undoes)."))  # the list reads again (DataChanged)

    def _set_status(self, fn, want: str) -> None:
        t = self._need_thread()
        if t is None:
            return
        if (t.status == "resolved") == (want == "resolved"):
            self.notify(_("Already resolved.") if want == "resolved" else _("Already open."), severity="warning")
            return
        app = self.app
        if app.write(fn, t.id, app.coder_id):  # type: ignore[attr-defined]
            self.notify(_("Resolved; noted in the journal (ctrl+z undoes).") if want == "resolved"
                        else _("Open again; noted in the journal (ctrl+z undoes)."))

    def action_resolve(self) -> None:
        self._set_status(fb.resolve, "resolved")

    def action_reopen(self) -> None:
        self._set_status(fb.reopen, "open")

    def action_close(self) -> None:
        reply = self.query_one("#feedback-reply", Input)
        if self.focused is reply:
            self.query_one("#feedback-list", OptionList).focus()
            return
        self.dismiss(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: go to what the thread is on."""
        event.stop()
        t = self.thread
        if t is None:
            return
        place = self.app.read(feedback_place, t.id)  # type: ignore[attr-defined]
        if place is None:
            return
        if place.kind == "project":
            self.notify(_("This feedback is on the project as a whole: there is no item to go to."))
            return
        self.dismiss(None)
        go_to(self.app, place)


def go_to(app: TemaApp, place: FeedbackPlace) -> None:
    """Show the item a feedback thread belongs to (see the module's docstring)."""
    if place.kind == "coding" and place.document_id is not None:
        app.open_anywhere(place.document_id, place.start, place.end)
    elif place.kind == "code" and place.target_id is not None:
        app.goto_code(place.target_id)
    elif place.kind == "theme" and place.target_id is not None:
        app.switch_mode("phase4")
        highlight_theme(app, place.target_id)


def highlight_theme(app: TemaApp, theme_id: int, tries: int = 40) -> None:
    """Highlight a theme in phase 4's list once the list holds it (it may still be read)."""
    screen = app.phase_screens.get(4)
    opts = screen.query("#review-themes").first(OptionList) if screen is not None and screen.is_mounted else None
    ids = [o.id for o in opts.options] if opts is not None else []
    if str(theme_id) in ids:
        opts.highlighted = ids.index(str(theme_id))
        opts.focus()
    elif tries > 0:
        app.set_timer(0.05, lambda: highlight_theme(app, theme_id, tries - 1))
    else:
        app.notify(_("The theme is not in phase 4's list."), severity="warning")


def open_feedback_list(app: TemaApp, status: str = "open") -> None:
    app.push_screen(FeedbackListModal(status))


__all__ = ["FeedbackListModal", "go_to", "open_feedback_list", "thread_label"]
