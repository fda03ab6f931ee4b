"""Phase 6, writing up: per theme mark the illustrative extracts (space), and run any
export — a table, the codebook or the theme map — from a menu (x): choose what, the
format and the output path; it runs in a worker and the written path is shown."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tema.domain import coding, themes
from tema.store import models as m
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.modals.task import TaskModal
from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.review import fill_theme_list, theme_options

MAP = "theme map"


def export_choices() -> list[tuple[str, tuple[str, ...]]]:
    from tema.export.api import EXPORTS, MAP_FORMATS, formats_for

    return [("codebook", formats_for("codebook")), *[(n, formats_for(n)) for n in EXPORTS if n != "codebook"], (MAP, MAP_FORMATS)]


def theme_extracts(session, tid: int) -> tuple[str, str, list, list[int]]:
    t = session.get(m.Theme, tid)
    code_ids = themes.theme_code_ids(session, t)
    found = coding.extracts(session, code_ids) if code_ids else []
    return t.name, t.definition or "", found, themes.selected_extracts(session, t)


class WritingScreen(PhaseScreen):
    PHASE = 6
    NAME = "writing"
    HELP_TITLE = "Phase 6 — writing up"
    AUTO_FOCUS = "#write-themes"
    BINDINGS = [
        Binding("space", "mark", "Mark/unmark extract", id="write.mark"),
        Binding("x", "export", "Export…", id="write.export"),
        Binding("tab", "switch_panel", "Other panel", show=False, id="write.switch"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.theme_id: int | None = None
        self.last_written = ""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="write-body"):
            yield OptionList(id="write-themes")
            with Vertical(id="write-side"):
                yield Static(id="write-definition")
                yield OptionList(id="write-extracts")
                yield Static(id="write-last")

    def _list(self, name: str) -> OptionList:
        return self.query_one(f"#write-{name}", OptionList)

    def reload(self) -> None:
        fill_theme_list(self._list("themes"), self.tema.read(theme_options) or [])
        self.show_theme()

    def show_theme(self) -> None:
        opt = self._list("themes").highlighted_option
        self.theme_id = int(opt.id) if opt is not None else None
        box, ext = self.query_one("#write-definition", Static), self._list("extracts")
        if self.theme_id is None:
            box.update(Text("No themes yet — create them on the theme board (3).", style="italic"))
            ext.clear_options()
            return
        tid = self.theme_id
        name, definition, found, marked = self.tema.read(lambda s: theme_extracts(s, tid))
        box.update(Text.assemble((name + "\n", "bold"), definition or ("(no definition yet — phase 5)", "italic dim")))
        keep = ext.highlighted
        order = {cid: i for i, cid in enumerate(marked)}
        ext.set_options([
            Option(Text.assemble(("★ " if e.coding_id in order else "  ", "bold"), (f"{e.participant_label or e.participant or '?'}", "bold"),
                                 (f" · {e.code}\n", "dim"), "   " + " ".join(e.text.split())), id=str(e.coding_id))
            for e in found
        ])
        if found:
            ext.highlighted = min(keep or 0, len(found) - 1)
        ext.border_title = f"Extracts ({len(marked)} marked of {len(found)}) — space marks"
        self.query_one("#write-last", Static).update(self.last_written or "x exports (tables, codebook, theme map)")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "write-themes" and event.option.id and int(event.option.id) != self.theme_id:
            self.show_theme()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "write-themes":
            self._list("extracts").focus()
        else:
            self.action_mark()

    def action_switch_panel(self) -> None:
        target = "themes" if self.focused is self._list("extracts") else "extracts"
        self._list(target).focus()

    def action_mark(self) -> None:
        opt = self._list("extracts").highlighted_option
        if self.theme_id is None or opt is None:
            self.notify("Highlight an extract of a theme first (tab).", severity="warning")
            return
        tid, cid = self.theme_id, int(opt.id)

        def toggle(s):
            t = s.get(m.Theme, tid)
            themes.set_extract_selection(s, t, cid, cid not in themes.selected_extracts(s, t), self.tema.coder_id)

        self.tema.write(toggle)

    # --- export ---------------------------------------------------------------------
    def action_export(self) -> None:
        choices = export_choices()

        def what(i: int | None) -> None:
            if i is None:
                return
            name, formats = choices[i]
            self.app.push_screen(ChooseModal(f"Format of «{name}»", list(enumerate(formats))),
                                 lambda j: j is not None and where(name, formats[j]))

        def where(name: str, fmt: str) -> None:
            self.app.push_screen(
                PromptModal(f"Write «{name}» as {fmt} to (a file or folder; empty: exports/<project>/)",
                            placeholder="exports/<project>/"),
                lambda path: self.run_export(name, fmt, path),
            )

        self.app.push_screen(ChooseModal("Export what?", [(i, n) for i, (n, _) in enumerate(choices)]), what)

    def run_export(self, name: str, fmt: str, path: str | None) -> None:
        from tema.export.api import run_export, write_map

        store = self.tema.store

        def job(progress, cancelled) -> str:
            progress(0, 1, f"Writing {name}…")
            if name == MAP:
                written = write_map(store, fmt, path or None, force=True)
            else:
                written = run_export(store, name, fmt, path or None, force=True)
            progress(1, 1, "Done.")
            return f"Written: {written}"

        def done(summary: str | None) -> None:
            if summary:
                self.last_written = summary
                self.query_one("#write-last", Static).update(summary)

        self.app.push_screen(TaskModal(f"Exporting {name} ({fmt})", job, 1), done)
