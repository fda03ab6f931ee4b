"""Phase 5, defining and naming: per theme an editor for name, label, definition,
central organising concept and scope; its rename history; the quality prompts across the
project (tema.domain.quality), grouped by kind — prompts to consider, never blocking."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static

from tema.domain import quality, themes
from tema.store import models as m
from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.review import fill_theme_list, theme_options
from tema.tui.widgets.inputs import TemaInput, TemaTextArea

AREAS = [("definition", "Definition"), ("central_concept", "Central organising concept"), ("scope", "Scope and boundaries")]


class DefiningScreen(PhaseScreen):
    PHASE = 5
    NAME = "defining"
    HELP_TITLE = "Phase 5 — defining and naming"
    AUTO_FOCUS = "#define-themes"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save theme", priority=True, id="define.save"),
        Binding("escape", "back", "Back to the list", show=False, id="define.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.editing: int | None = None
        self.sparse: tuple[tuple | None, list[quality.Prompt]] = (None, [])  # (coding fingerprint, prompts)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="define-body"):
            with Vertical(id="define-left"):
                yield OptionList(id="define-themes")
                with VerticalScroll(id="define-checks"):  # scrolls when the prompts outgrow it
                    yield Static(id="define-checks-text")
            with VerticalScroll(id="define-form"):
                with Horizontal(id="define-names"):
                    yield TemaInput(placeholder="Name", id="define-name")
                    yield TemaInput(placeholder="Label (1a…)", id="define-label")
                for key, title in AREAS:
                    yield Label(title, classes="define-heading")
                    yield TemaTextArea(id=f"define-{key}", classes="define-area")
                yield Static(id="define-history")

    @property
    def themes_list(self) -> OptionList:
        return self.query_one("#define-themes", OptionList)

    def reload(self) -> None:
        def load(s):
            fingerprint = quality.coding_fingerprint(s)
            if fingerprint != self.sparse[0]:  # the transcript sweep only when the coding changed
                self.sparse = (fingerprint, quality.sparse_prompts(s))
            return theme_options(s), quality.quality_prompts(s, sparse=False) + self.sparse[1]

        got = self.tema.read(load)
        if got is None:
            return
        items, prompts = got
        fill_theme_list(self.themes_list, items)
        self.query_one("#define-checks").border_title = f"Worth a look ({len(prompts)})"
        shown = Text()
        for title, group in quality.grouped(prompts):
            shown.append(("\n" if shown.plain else "") + f"{title} ({len(group)})\n", style="bold")
            for p in group:
                shown.append(f"· {p.message}\n")
        shown.rstrip()
        if not shown.plain:
            shown = Text("Nothing stands out for a second look.", style="italic")
        self.query_one("#define-checks-text", Static).update(shown)
        self.load_theme()

    def load_theme(self) -> None:
        opt = self.themes_list.highlighted_option
        self.editing = int(opt.id) if opt is not None else None
        form = self.query_one("#define-form")
        form.display = self.editing is not None
        if self.editing is None:
            return

        def load(s):
            t = s.get(m.Theme, self.editing)
            history = [(r.at, r.old_name, r.new_name) for r in themes.rename_history(s, t)]
            return t.name, t.label or "", {k: getattr(t, k) or "" for k, _ in AREAS}, history

        name, label, areas, history = self.tema.read(load)
        self.query_one("#define-name", Input).value = name
        self.query_one("#define-label", Input).value = label
        for key, _ in AREAS:
            self.query_one(f"#define-{key}", TemaTextArea).load_text(areas[key])
        lines = [f"{at:%Y-%m-%d %H:%M}  «{old}» → «{new}»" for at, old, new in history]
        hist = self.query_one("#define-history", Static)
        hist.update("\n".join(lines) or "Never renamed.")
        hist.border_title = "Rename history"
        form.border_title = f"Editing «{name}» — ctrl+s saves"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "define-themes" and event.option.id and int(event.option.id) != self.editing:
            self.load_theme()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#define-name").focus()

    def action_save(self) -> None:
        tid = self.editing
        if tid is None:
            return
        fields = {key: self.query_one(f"#define-{key}", TemaTextArea).text for key, _ in AREAS}
        name = self.query_one("#define-name", Input).value
        label = self.query_one("#define-label", Input).value
        if self.tema.write(lambda s: themes.set_theme_fields(s, s.get(m.Theme, tid), name=name, label=label,
                                                             coder_id=self.tema.coder_id, **fields) and None):
            self.notify("Theme saved (ctrl+z undoes).")

    def action_back(self) -> None:
        self.themes_list.focus()
