"""The code picker: type to search code names and definitions (rapidfuzz), recent
codes first. Enter applies the highlighted code — the best existing match whenever one
is close enough (tema.domain.code_match), so a typo never invents a code. A new code is
made only on purpose: the "+ New code «…»" row (highlighted when nothing matches) or
ctrl+n; a new name close to an existing code asks "Did you mean «…»?" first, then its
level (semantic by default, or latent).

One picker is installed in the app and reused (``TemaApp.pick_code``), so opening it
costs no compose or mount."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain.code_match import near_duplicates
from tema.i18n import N_, _, ngettext
from tema.text import clean_name, name_key
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.level import LevelModal
from tema.tui.modals.type_ahead import TypeAhead
from tema.tui.ranking import CodeChoice, rank_codes
from tema.tui.widgets.inputs import TemaInput
from tema.tui.words import word

NEW = "__new__"


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word when that keeps most of it, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    word = cut.rsplit(" ", 1)[0]
    return (word if len(word) >= 0.7 * width else cut).rstrip() + "…"


@dataclass(frozen=True)
class Pick:
    code_id: int | None  # None: create a new code
    name: str
    level: str | None = None


class CodePicker(TypeAhead, ModalScreen[Pick | None]):
    TYPE_AHEAD = "#picker-input"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="picker.cancel"),
        Binding("down", "move(1)", N_("Next"), show=False, id="picker.down"),
        Binding("up", "move(-1)", N_("Previous"), show=False, id="picker.up"),
        Binding("ctrl+n", "new", N_("New code"), id="picker.new",
                tooltip=N_("Create a new code with the name typed (never a typo of an existing one: asks first)")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.configure([], [])

    def configure(self, choices: list[CodeChoice], recent_ids: list[int], *, title: str = N_("Apply a code"),
                  subject: str = "", allow_new: bool = True, exclude: set[int] | None = None) -> CodePicker:
        self.choices = [c for c in choices if c.id not in (exclude or set())]
        self.recent_ids = recent_ids
        self.title_text = title
        self.subject = subject
        self.allow_new = allow_new
        self.by_id = {str(c.id): c for c in self.choices}
        return self

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="modal"):
            yield Label(id="picker-title", classes="modal-title")
            yield Static(id="picker-subject", classes="modal-context")
            yield TemaInput(id="picker-input")
            options = OptionList(id="picker-list")
            options.can_focus = False  # the field keeps the focus (↑↓ move the list), so typing is always text
            yield options
            yield Static(id="picker-hint", classes="modal-hint")

    def on_screen_resume(self) -> None:
        hint = (_("↑↓ choose · Enter apply the highlighted code · ctrl+n new code · Esc cancel") if self.allow_new
                else _("↑↓ choose · Enter apply the highlighted code · Esc cancel"))
        self._set("#picker-title", _(self.title_text))
        self._set("#picker-subject", self.subject)
        self._set("#picker-hint", hint)
        self.query_one("#picker-subject").display = bool(self.subject)
        field = self.query_one("#picker-input", Input)
        field.placeholder = _("Search codes, or type a new name") if self.allow_new else _("Search codes")
        field.value = ""
        self._fill("")
        field.focus()

    def _set(self, selector: str, text: str) -> None:
        """Update a label only when its text changes (an update re-lays out the modal)."""
        widget = self.query_one(selector, Static)
        if getattr(widget, "_tema_text", None) != text:
            widget._tema_text = text
            widget.update(text)

    _filled: tuple | None = None  # (what the list was filled from, its first highlight)

    def _fill(self, query: str) -> None:
        opts = self.query_one("#picker-list", OptionList)
        source = (self.choices, tuple(self.recent_ids), self.allow_new, query)
        if self._filled is not None and self._filled[0] == source and opts.option_count:
            opts.highlighted = self._filled[1]  # reopened on the same codes: nothing to draw again
            return
        ranked = rank_codes(self.choices, query, self.recent_ids)
        name = clean_name(query)
        new = self.allow_new and name and ranked.exact is None
        options = [Option(Text.assemble(("+ " + _("New code") + ": ", "bold"), f"«{name}»",
                                        ("  ctrl+n", "dim")), id=NEW)] if new else []
        recent = set(self.recent_ids)
        for c in ranked.choices:
            line = Text.assemble(("■ ", c.colour or "#888888"), (shorten(c.name, 56), "bold" if not query and c.id in recent else ""))
            line.append("  " + ngettext("{level} · {n} extract", "{level} · {n} extracts", c.extracts).format(
                level=word(c.level), n=c.extracts), style="dim")
            if c.definition:
                line.append("\n   " + shorten(c.definition, 66), style="dim italic")
            options.append(Option(line, id=str(c.id)))
        opts.set_options(options)
        if options:
            # Enter's default: the best existing match when one is close enough, else the
            # "+ New code" row (nothing close) — never a new code while a match is listed first.
            opts.highlighted = 1 if new and ranked.best is not None and len(options) > 1 else 0
        self._filled = (source, opts.highlighted)

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        opt = self.query_one("#picker-list", OptionList).highlighted_option
        if opt is not None:
            self._choose(opt.id)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.action_new()
        elif option_id in self.by_id:
            c = self.by_id[option_id]
            self.dismiss(Pick(c.id, c.name))

    def action_new(self) -> None:
        """Create a code named what is typed: asks "Did you mean …?" when an existing code
        is that close, then the level."""
        name = clean_name(self.query_one("#picker-input", Input).value)
        if not self.allow_new or not name:
            return
        existing = next((c for c in self.choices if name_key(c.name) == name_key(name)), None)
        if existing is not None:
            self.dismiss(Pick(existing.id, existing.name))
            return

        def leveled(level: str | None) -> None:
            if level:
                self.dismiss(Pick(None, name, level))

        near = near_duplicates([c.name for c in self.choices], name, limit=1)
        if not near:
            self.app.push_screen(LevelModal(name), leveled)
            return
        other = next(c for c in self.choices if c.name == near[0])

        def answered(choice: int | None) -> None:
            if choice == 0:
                self.dismiss(Pick(other.id, other.name))
            elif choice == 1:
                self.app.push_screen(LevelModal(name), leveled)

        self.app.push_screen(ChooseModal(_("Did you mean «{name}»?").format(name=other.name), [
            (0, _("Use the existing code «{name}»").format(name=other.name)),
            (1, _("Create the new code «{name}»").format(name=name)),
        ]), answered)

    def action_move(self, delta: int) -> None:
        opts = self.query_one("#picker-list", OptionList)
        if delta > 0:
            opts.action_cursor_down()
        else:
            opts.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
