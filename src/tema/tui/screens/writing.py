"""Phase 6, writing up: per theme choose the illustrative extracts (space marks and
unmarks, shift+↑/↓ orders the chosen ones, shown first as ★1, ★2, …), preview the
theme's codebook section (v), and run any export — a table, the codebook or the theme
map — from a menu (x): choose what, the format and the output path; it runs in a worker
and the written path is shown; an existing file is overwritten only after a confirmation.
Each change is a domain action, so ctrl+z undoes it."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tema.domain import illustrative, themes
from tema.errors import NotFound
from tema.i18n import N_, _
from tema.tui.export_menu import ExportMenu
from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.review import fill_theme_list, theme_names, theme_options
from tema.tui.widgets.feedback_view import FeedbackView


def codebook_preview(session, tid: int) -> tuple[str, str]:
    """(title, Markdown) of the theme's codebook section, pseudonymised like the export."""
    from tema.domain.theme_views import theme_brief
    from tema.export.api import codebook_section_doc
    from tema.export.render_md import render

    theme_brief(session, tid)  # a theme gone since the list was read: Vanished, not a traceback
    doc = codebook_section_doc(session, tid)
    return doc.title, render(doc)


class WritingScreen(ExportMenu, PhaseScreen):
    PHASE = 6
    NAME = "writing"
    HELP_TITLE = N_("Phase 6 — writing up")
    AUTO_FOCUS = "#write-themes"
    BINDINGS = [
        Binding("space", "mark", N_("Mark/unmark extract"), id="write.mark"),
        Binding("shift+up", "reorder(-1)", N_("Earlier"), show=False, id="write.up",
                tooltip=N_("Move the chosen extract earlier in the theme's order")),
        Binding("shift+down", "reorder(1)", N_("Later"), show=False, id="write.down",
                tooltip=N_("Move the chosen extract later in the theme's order")),
        Binding("v", "preview", N_("Codebook preview"), id="write.preview",
                tooltip=N_("Preview the theme's section of the codebook")),
        Binding("x", "export", N_("Export…"), id="write.export"),
        Binding("tab", "switch_panel", N_("Other panel"), show=False, id="write.switch"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.theme_id: int | None = None
        self.marked: list[int] = []
        self.shown_theme: int | None = None  # whose extracts the list holds
        self.follow: int | None = None  # after a move: the extract moved
        self.row_after: int | None = None  # after marking/unmarking: the row to land on
        self.last_written = ""
        self.names: dict[int, str] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="write-body"):
            yield OptionList(id="write-themes")
            with Vertical(id="write-side"):
                yield Static(id="write-definition")
                yield OptionList(id="write-extracts")
                yield FeedbackView(id="write-feedback", marks="#write-extracts")
                yield Static(id="write-last")

    def _list(self, name: str) -> OptionList:
        return self.query_one(f"#write-{name}", OptionList)

    def request(self) -> dict:
        opt = self._list("themes").highlighted_option
        return {"keep": int(opt.id) if opt is not None and opt.id else None, "follow": self.follow,
                "row_after": self.row_after}

    def reload(self) -> None:
        self.drop("theme")  # this read brings the highlighted theme's extracts too
        super().reload()

    def fetch(self, request: dict) -> dict:
        """The themes, and the extracts of the theme that will be highlighted."""
        roots = self.tema.read(themes.theme_tree, include_discarded=True, catch=False)
        ids = [tid for tid, label in theme_options(roots) if "strike" not in str(label.style)]
        tid = request["keep"] if request["keep"] in ids else (ids[0] if ids else None)
        return {"request": request, "roots": roots, "theme": tid, "view": self._read_view(tid)}

    def _read_view(self, tid: int | None):
        """Worker: the theme's name, definition and extracts (None when it vanished meanwhile)."""
        if tid is None:
            return None
        try:
            return self.tema.read(illustrative.writing_view, tid, catch=False)
        except NotFound:
            return None

    def show(self, data: dict) -> None:
        roots, request = data["roots"], data["request"]
        self.names = theme_names(roots)
        items = theme_options(roots)
        if items != self.shown_items:  # only when the list changed
            self.shown_items = items
            fill_theme_list(self._list("themes"), items)
        opt = self._list("themes").highlighted_option
        tid = int(opt.id) if opt is not None and opt.id else None
        if tid == data["theme"]:
            self.paint_theme(tid, data["view"], request["follow"], request["row_after"])
        else:
            self.show_theme()

    shown_items: list = []  # (theme id, label) as listed

    def name_of(self, kind: str, ref_id: int) -> str | None:
        return self.names.get(ref_id) if kind == "theme" else None

    def show_theme(self) -> None:
        """The highlighted theme's extracts, read in a worker."""
        opt = self._list("themes").highlighted_option
        tid = int(opt.id) if opt is not None and opt.id else None
        if tid is None:
            self.paint_theme(None, None)
        else:
            self.theme_id = tid
            self.load("theme", self._read_view, partial(self.paint_theme, tid), tid)

    def paint_theme(self, tid: int | None, view, follow: int | None = None, row_after: int | None = None) -> None:
        self.theme_id = tid
        box, ext = self.query_one("#write-definition", Static), self._list("extracts")
        if tid is None:
            box.update(Text(_("No themes yet — create them on the theme board (3)."), style="italic"))
            ext.clear_options()
            self.marked, self.shown_theme = [], None
            return
        name, definition, rows = view or ("", "", [])
        self.marked = [e.coding_id for n, e in rows if n]
        box.update(Text.assemble((name + "\n", "bold"), definition or (_("(no definition yet — phase 5)"), "italic dim")))
        same = self.shown_theme == tid
        self.shown_theme = tid
        # After a move the cursor follows the extract; after marking it goes on to the next
        # extract (mark, mark, mark … down the list), after unmarking to the next chosen one.
        keep = str(follow) if same and follow is not None else None
        keep_index = row_after if same and row_after is not None else ext.highlighted
        width = len(f"★{len(self.marked)} ")
        ext.set_options([
            Option(Text.assemble(((f"★{n} " if n else "").ljust(width), "bold"), (f"{e.participant_label or e.participant or '?'}", "bold"),
                                 (f" · {e.code}\n", "dim"), " " * width + " ".join(e.text.split())), id=str(e.coding_id))
            for n, e in rows
        ])
        ids = [str(e.coding_id) for _, e in rows]
        if keep in ids:
            ext.highlighted = ids.index(keep)  # the cursor stays on the extract just marked or moved
        elif ids:
            ext.highlighted = min(keep_index or 0, len(ids) - 1)
        chosen = sum(1 for n, _ in rows if n)
        ext.border_title = _("Extracts ({chosen} marked of {n}) — space marks, shift+↑/↓ orders, v previews").format(
            chosen=chosen, n=len(rows))
        self.query_one("#write-last", Static).update(self.last_written or _("x exports (tables, codebook, theme map)"))
        self.show_extract_feedback()

    def show_extract_feedback(self) -> None:
        """The feedback on the theme's extracts, read in a worker: the highlighted one's
        under the list, the others marked in it."""
        ext = self._list("extracts")
        ids = [int(o.id) for o in (ext.get_option_at_index(i) for i in range(ext.option_count)) if o.id]
        view = self.query_one(FeedbackView)
        view.load_items("coding", ids)
        self.show_highlighted_feedback()

    def show_highlighted_feedback(self) -> None:
        opt = self._list("extracts").highlighted_option
        self.query_one(FeedbackView).show_pooled([int(opt.id)] if opt is not None and opt.id else [])


    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "write-themes" and event.option.id and int(event.option.id) != self.theme_id:
            self.show_theme()
        elif event.option_list.id == "write-extracts":
            self.show_highlighted_feedback()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "write-themes":
            self._list("extracts").focus()
        else:
            self.action_mark()

    def action_switch_panel(self) -> None:
        target = "themes" if self.focused is self._list("extracts") else "extracts"
        self._list(target).focus()

    def _highlighted_extract(self) -> int | None:
        opt = self._list("extracts").highlighted_option
        if self.theme_id is None or opt is None:
            self.notify(_("Highlight an extract of a theme first (tab)."), severity="warning")
            return None
        return int(opt.id)

    def action_mark(self) -> None:
        cid = self._highlighted_extract()
        if cid is None:
            return
        tid, marking = self.theme_id, cid not in self.marked
        row = self._list("extracts").highlighted or 0
        self.row_after = row + 1 if marking else row
        try:
            self.tema.write(illustrative.set_extract_selection, tid, cid, marking, self.tema.coder_id)
        finally:
            self.row_after = None

    def action_reorder(self, delta: int) -> None:
        cid = self._highlighted_extract()
        if cid is None:
            return
        if cid not in self.marked:
            self.notify(_("Only chosen extracts have an order: mark this one first (space)."), severity="warning")
            return
        tid = self.theme_id
        self.follow = cid
        try:
            self.tema.write(illustrative.reorder_extract, tid, cid, delta, self.tema.coder_id)
        finally:
            self.follow = None

    # --- preview --------------------------------------------------------------------
    def action_preview(self) -> None:
        """The theme's codebook section (every code's usage and examples: read in a worker)."""
        if self.theme_id is None:
            self.notify(_("No theme to preview — create themes on the theme board (3)."), severity="warning")
            return
        self.load("preview", self.tema.read, self._preview_read, codebook_preview, self.theme_id, catch=False)

    def _preview_read(self, found: tuple[str, str]) -> None:
        from tema.tui.screens.codebook_preview import CodebookPreviewModal

        title, markdown = found
        self.app.push_screen(CodebookPreviewModal(_("Codebook section — {theme}").format(theme=title), markdown))

    def export_written(self, summary: str) -> None:
        """An export finished (its progress window closed itself): the path, here and as a notice."""
        self.last_written = summary
        self.query_one("#write-last", Static).update(summary)
        self.notify(summary, title=_("Exported"), timeout=8)
