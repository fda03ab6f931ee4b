"""Phase 5, defining and naming: per theme an editor for name, label, definition,
central organising concept and scope; its rename history; the quality prompts across the
project (tema.domain.quality), grouped by kind — prompts to consider, never blocking."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static

from tema.domain import quality, theme_views, themes
from tema.domain.theme_views import ThemeForm
from tema.errors import NotFound
from tema.i18n import N_, _
from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.review import fill_theme_list, theme_names, theme_options
from tema.tui.widgets.feedback_view import FeedbackView
from tema.tui.widgets.inputs import TemaInput, TemaTextArea
from tema.tui.widgets.rendered_lines import RenderedLines, render_text

AREAS = [("definition", N_("Definition")), ("central_concept", N_("Central organising concept")),
         ("scope", N_("Scope and boundaries"))]
FORM_FIELDS = ("name", "label", *(key for key, _title in AREAS))


def checks_text(prompts: list[quality.Prompt]) -> Text:
    """The quality prompts grouped by kind, as the "Worth a look" box shows them."""
    shown = Text()
    for title, group in quality.grouped(prompts):
        shown.append(("\n" if shown.plain else "") + f"{title} ({len(group)})\n", style="bold")
        for p in group:
            shown.append(f"· {p.message}\n")
    shown.rstrip()
    return shown if shown.plain else Text(_("Nothing stands out for a second look."), style="italic")


class DefiningScreen(PhaseScreen):
    PHASE = 5
    NAME = "defining"
    HELP_TITLE = N_("Phase 5 — defining and naming")
    # The cursor starts in the name field; Tab walks name → label → definition → central
    # organising concept → scope → the theme list (the scrolling panes are no stops).
    AUTO_FOCUS = "#define-name"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save theme"), priority=True, id="define.save"),
        Binding("escape", "back", N_("Back to the list"), show=False, id="define.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.editing: int | None = None
        self.form_as_read: ThemeForm | None = None  # the form as read (what "unsaved edits" differ from)
        # Unsaved edits of themes the cursor left, by theme id: put back in the form when the
        # theme is highlighted again (until saved); quitting with any asks first.
        self.drafts: dict[int, dict[str, str]] = {}
        self.names: dict[int, str] = {}
        self.sparse: tuple[tuple | None, list[quality.Prompt]] = (None, [])  # (coding fingerprint, prompts)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="define-body"):
            with Vertical(id="define-left"):
                yield OptionList(id="define-themes")
                # Rendered in the worker that reads the prompts (thousands at team scale); scrolls by mouse.
                checks = RenderedLines(id="define-checks")
                checks.can_focus = False
                yield checks
            with VerticalScroll(id="define-form", can_focus=False):
                yield FeedbackView(id="define-feedback", marks="#define-themes")
                with Horizontal(id="define-names"):
                    # Tabbing in never selects the whole name for the next key to replace.
                    yield TemaInput(placeholder=_("Name"), id="define-name", select_on_focus=False)
                    yield TemaInput(placeholder=_("Label (1a…)"), id="define-label", select_on_focus=False)
                for key, title in AREAS:
                    yield Label(_(title), classes="define-heading")
                    yield TemaTextArea(id=f"define-{key}", classes="define-area")
                yield Static(id="define-history")

    @property
    def themes_list(self) -> OptionList:
        return self.query_one("#define-themes", OptionList)

    def reload(self) -> None:
        self.drop("theme")  # this read brings the highlighted theme's form too
        super().reload()

    def request(self) -> dict:
        opt = self.themes_list.highlighted_option
        return {"fingerprint": self.sparse[0], "keep": int(opt.id) if opt is not None and opt.id else None,
                "sparse": self.sparse[1], "width": self._checks_width()}

    @property
    def checks(self) -> RenderedLines:
        return self.query_one("#define-checks", RenderedLines)

    def _checks_width(self) -> int:
        """The prompts' text width (before the first layout: from the terminal's width)."""
        checks = self.checks
        return checks.text_width if checks.size.width else max(10, int(self.app.size.width * 0.35) - 4)

    def fetch(self, request: dict) -> dict:
        """The themes, every quality prompt (the transcript sweep only when the coding
        changed), and the form of the theme that will be highlighted."""
        read = self.tema.read
        fingerprint = read(quality.coding_fingerprint, catch=False)
        sparse = read(quality.sparse_prompts, catch=False) if fingerprint != request["fingerprint"] else None
        roots = read(themes.theme_tree, include_discarded=True, catch=False)
        prompts = read(quality.quality_prompts, sparse=False, catch=False)
        ids = [tid for tid, label in theme_options(roots) if "strike" not in str(label.style)]
        tid = request["keep"] if request["keep"] in ids else (ids[0] if ids else None)
        every = prompts + (sparse if sparse is not None else request["sparse"])
        return {"fingerprint": fingerprint, "sparse": sparse, "roots": roots, "prompts": prompts,
                "theme": tid, "form": self._read_form(tid),
                "checks": (len(every), render_text(checks_text(every), request["width"]))}

    def _read_form(self, tid: int | None) -> ThemeForm | None:
        """Worker: the theme's form (None when it vanished meanwhile: the list reloads)."""
        if tid is None:
            return None
        try:
            return self.tema.read(theme_views.theme_form, tid, catch=False)
        except NotFound:
            return None

    def show(self, data: dict) -> None:
        if data["sparse"] is not None:
            self.sparse = (data["fingerprint"], data["sparse"])
        roots = data["roots"]
        self.names = theme_names(roots)
        items = theme_options(roots)
        if items != self.shown_items:  # only when the list changed
            self.shown_items = items
            fill_theme_list(self.themes_list, items)
        count, rendered = data["checks"]
        self.checks.border_title = _("Worth a look ({n})").format(n=count)
        self.checks.show(rendered, keep_position=True)
        self.rewrap_checks()  # the first read guessed the width before the layout
        opt = self.themes_list.highlighted_option
        tid = int(opt.id) if opt is not None and opt.id else None
        if tid is not None and tid == data["theme"]:
            self.query_one("#define-form").display = True
            self._form_read(tid, data["form"])
        else:
            self.load_theme()

    shown_items: list = []  # (theme id, label) as listed

    def on_resize(self) -> None:
        self.rewrap_checks()

    def rewrap_checks(self) -> None:
        """Wrap the prompts again, in a worker, when the box's width is not the one they were
        rendered for."""
        shown, width = self.checks.rendered, self._checks_width()
        if shown.lines and self.checks.size.width and shown.width != width:
            self.load("checks", render_text, self.checks.show, shown.text, width)

    def name_of(self, kind: str, ref_id: int) -> str | None:
        return self.names.get(ref_id) if kind == "theme" else None

    def _typed(self) -> dict[str, str]:
        """What the form holds now, by ThemeForm field."""
        typed = {"name": self.query_one("#define-name", Input).value, "label": self.query_one("#define-label", Input).value}
        typed.update((key, self.query_one(f"#define-{key}", TemaTextArea).text) for key, _title in AREAS)
        return typed

    def _differs(self, form: ThemeForm | None) -> bool:
        """Whether the form holds something else than ``form`` (unsaved edits)."""
        return form is not None and any(getattr(form, k) != v for k, v in self._typed().items())

    def load_theme(self) -> None:
        """The highlighted theme's form, read in a worker."""
        opt = self.themes_list.highlighted_option
        tid = int(opt.id) if opt is not None else None
        form = self.query_one("#define-form")
        form.display = tid is not None
        if tid is None:
            self.editing, self.form_as_read = None, None
            self.query_one(FeedbackView).show_for("theme", [])
            return
        self.load("theme", self._read_form, partial(self._form_read, tid), tid)

    def _form_read(self, tid: int, loaded: ThemeForm | None) -> None:
        opt = self.themes_list.highlighted_option
        if opt is None or opt.id != str(tid):
            return  # another theme is highlighted now: its own read follows
        self.query_one(FeedbackView).show_for("theme", [tid])
        editing_before = tid == self.editing and self._differs(self.form_as_read)
        self.editing = tid
        if loaded is None:
            return
        # A reload (after a save, or another process's change) never throws away what is
        # being typed: unsaved edits stay until saved (or another theme is chosen).
        if not (editing_before and self._differs(loaded)):
            self._fill({key: getattr(loaded, key) for key in FORM_FIELDS})
            self.form_as_read = loaded
            draft = self.drafts.pop(tid, None)
            if draft is not None:  # the edits left behind come back (they still differ: unsaved)
                self._fill(draft)
        lines = [f"{at:%Y-%m-%d %H:%M}  «{old}» → «{new}»" for at, old, new in loaded.history]
        hist = self.query_one("#define-history", Static)
        hist.update("\n".join(lines) or _("Never renamed."))
        hist.border_title = _("Rename history")
        self.query_one("#define-form").border_title = _("Editing «{name}» — ctrl+s saves").format(name=loaded.name)

    def _fill(self, values: dict[str, str]) -> None:
        """Put ``values`` (ThemeForm fields) in the form."""
        for field in ("name", "label"):
            widget = self.query_one(f"#define-{field}", Input)
            widget.value = values[field]
            widget.cursor_position = len(values[field])  # the cursor after the text, ready to add to it
        for key, _title in AREAS:
            self.query_one(f"#define-{key}", TemaTextArea).load_text(values[key])

    def keep_draft(self) -> None:
        """The form's unsaved edits kept for their theme (the cursor is leaving it)."""
        if self.editing is not None and self._differs(self.form_as_read):
            self.drafts[self.editing] = self._typed()
            name = self.names.get(self.editing) or self._typed()["name"]
            self.notify(_("Unsaved edits to «{name}» are kept: go back to it and press ctrl+s to save them.")
                        .format(name=name), timeout=6)

    def unsaved(self) -> list[str]:
        """The names of the themes with edits not saved (the one in the form included)."""
        ids = [tid for tid in self.drafts if tid in self.names]  # a theme deleted meanwhile is gone
        if self.editing is not None and self.editing not in self.drafts and self._differs(self.form_as_read):
            ids.append(self.editing)
        return [self.names.get(tid, str(tid)) for tid in ids]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "define-themes" and event.option.id and int(event.option.id) != self.editing:
            self.keep_draft()
            self.load_theme()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#define-name").focus()

    def action_save(self) -> None:
        tid = self.editing
        if tid is None:
            return
        fields = {key: self.query_one(f"#define-{key}", TemaTextArea).text for key, _title in AREAS}
        name = self.query_one("#define-name", Input).value
        label = self.query_one("#define-label", Input).value
        if self.tema.write(themes.set_theme_fields, tid, name=name, label=label, coder_id=self.tema.coder_id, **fields):
            self.drafts.pop(tid, None)
            self.notify(_("Theme saved (ctrl+z undoes)."))

    def action_back(self) -> None:
        self.themes_list.focus()
