"""Phase 4, reviewing themes: a theme's extracts grouped by code, who contributes and
who does not, codes shared with other themes, the theme × participant matrix, quality
prompts ("Worth a look: …") at the top of a theme's detail; split,
merge, discard, restore; the theme map and two snapshots compared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tema.domain import quality, snapshots, theme_views, themes
from tema.domain.matrix_columns import next_columns, review_matrix
from tema.domain.theme_review import ThemeReview, theme_review
from tema.errors import NotFound
from tema.i18n import N_, _, ngettext
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.choose_many import ChooseManyModal
from tema.tui.screens.map_modal import MapModal
from tema.tui.widgets.feedback_view import FeedbackView
from tema.tui.widgets.rendered_lines import Rendered, RenderedLines, render_text
from tema.tui.widgets.theme_matrix import ThemeMatrix
from tema.tui.words import word

CURRENT = N_("(the current map)")  # shown through _(); compared as it is


def theme_options(roots: list[themes.ThemeNode]) -> list[tuple[int, Text]]:
    """Every live theme of ``theme_tree(include_discarded=True)`` (discarded ones struck
    through), subthemes indented."""
    out = []
    for n in roots:
        if n.is_holding:
            continue
        for node, indent in [(n, ""), *[(sub, "  └ ") for sub in n.subthemes]]:
            style = "strike dim" if node.status == "discarded" else ""
            out.append((node.id, Text(indent + (f"{node.label} " if node.label else "") + node.name, style=style)))
    return out


def list_title(items: list[tuple[int, Text]]) -> str:
    """The theme list's title: how many themes and, apart, how many subthemes it lists."""
    subs = sum(1 for _tid, label in items if label.plain.startswith("  └ "))
    if not subs:
        return _("Themes ({n})").format(n=len(items))
    return _("Themes {n} · subthemes {subs}").format(n=len(items) - subs, subs=subs)


def review_text(r: ThemeReview, prompts: list[quality.Prompt] | None = None) -> Text:
    """The theme's detail; ``prompts`` (from quality.quality_prompts) that concern it come first."""
    out = Text()
    for p in prompts or []:
        if p.concerns(r.theme_id):
            out.append(_("Worth a look: "), style="italic bold")
            out.append(p.message + "\n", style="italic")
    if out:
        out.append("\n")
    out.append(f"{r.name}", style="bold")
    out.append(f"  ({word(r.status)}) · " + ngettext("{n} code", "{n} codes", r.n_codes).format(n=r.n_codes) + " · "
               + ngettext("{n} extract", "{n} extracts", r.n_extracts).format(n=r.n_extracts) + "\n", style="dim")
    out.append(_("Contribute: "), style="bold")
    out.append(", ".join(r.contribute) or _("nobody"))
    out.append("\n" + _("Do not: "), style="bold")
    out.append((", ".join(r.do_not) or "—") + "\n")
    for g in r.groups:
        if g.is_subtheme:
            out.append(f"\n── {(g.label + ' ') if g.label else ''}{g.name}", style="bold reverse")
            out.append("  " + (ngettext("subtheme · {n} code", "subtheme · {n} codes", len(g.codes)).format(n=len(g.codes))
                               if g.codes else _("subtheme · no codes yet")) + "\n", style="dim")
        for c in g.codes:
            out.append(f"\n■ {c.name}", style="bold")
            out.append("  " + ngettext("{n} extract", "{n} extracts", len(c.extracts)).format(n=len(c.extracts)),
                       style="dim")
            if c.elsewhere:
                out.append("  " + _("also in {themes}").format(themes=", ".join(c.elsewhere)), style="italic")
            out.append("\n")
            for e in c.extracts:
                out.append(f"  {e.participant_label or e.participant or '?'}", style="bold")
                out.append(f" · {e.document}: ", style="dim")
                out.append(" ".join(e.text.split()) + "\n")
    return out


class ReviewScreen(PhaseScreen):
    PHASE = 4
    NAME = "review"
    HELP_TITLE = N_("Phase 4 — reviewing themes")
    AUTO_FOCUS = "#review-themes"
    BINDINGS = [
        Binding("s", "split", N_("Split"), id="review.split"),
        Binding("m", "merge", N_("Merge into…"), id="review.merge"),
        Binding("d", "discard", N_("Discard"), id="review.discard"),
        Binding("u", "restore", N_("Restore"), id="review.restore"),
        Binding("v", "map", N_("Theme map"), id="review.map"),
        Binding("c", "compare", N_("Compare snapshots"), id="review.compare"),
        Binding("w", "where_else", N_("Where else?"), show=False, id="review.where-else",
                tooltip=N_("The closest passages not coded in the highlighted theme, by participant")),
        Binding("k", "matrix_columns", N_("Columns"), show=False, id="review.columns",
                tooltip=N_("The matrix's columns: participant → case → wave → each participant attribute")),
    ]
    prompts: list[quality.Prompt] = []  # the theme prompts, read in reload(), shown per theme
    names: dict[int, str] = {}  # theme id → name, as last listed

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="review-body"):
            yield OptionList(id="review-themes")
            with Vertical(id="review-side"):
                with Vertical(id="review-detail-box"):
                    yield RenderedLines(id="review-detail")
                yield FeedbackView(id="review-feedback", marks="#review-themes")
                yield ThemeMatrix(id="review-matrix")

    @property
    def themes_list(self) -> OptionList:
        return self.query_one("#review-themes", OptionList)

    @property
    def theme_id(self) -> int | None:
        opt = self.themes_list.highlighted_option
        return int(opt.id) if opt is not None and opt.id else None

    def reload(self) -> None:
        self.drop("detail")  # this read brings the highlighted theme's detail too
        super().reload()

    @property
    def detail(self) -> RenderedLines:
        return self.query_one("#review-detail", RenderedLines)

    def request(self) -> dict:
        return {"keep": self.theme_id, "index": self.themes_list.highlighted or 0, "width": self._width(),
                "columns": self.matrix.columns_kind}

    def _width(self) -> int:
        """The detail's text width (before the first layout: from the terminal's width)."""
        detail = self.detail
        return detail.text_width if detail.size.width else max(10, int(self.app.size.width * 0.65) - 5)

    def fetch(self, request: dict) -> dict:
        """The themes, the matrix, the theme prompts, and the detail of the theme that will
        be highlighted (the one kept, else the one at the same height)."""
        read = self.tema.read
        roots = read(themes.theme_tree, include_discarded=True, catch=False)
        matrix = read(review_matrix, request["columns"], catch=False)
        prompts = read(quality.quality_prompts, sparse=False, catch=False)
        ids = [tid for tid, _ in theme_options(roots)]
        tid = request["keep"] if request["keep"] in ids else ids[min(request["index"], len(ids) - 1)] if ids else None
        return {"roots": roots, "matrix": matrix, "prompts": prompts,
                "review": self._read_review(tid, prompts, request["width"])}

    def _read_review(self, tid: int | None, prompts: list, width: int) -> tuple[int | None, Rendered | None]:
        """Worker: the theme's review, rendered for ``width`` (None when the theme vanished
        meanwhile: the list reloads). Thousands of extracts are wrapped here, not on the UI thread."""
        if tid is None:
            return None, None
        try:
            review = self.tema.read(theme_review, tid, catch=False)
        except NotFound:
            return tid, None
        return tid, render_text(review_text(review, prompts), width)

    def show(self, data: dict) -> None:
        roots, prompts = data["roots"], data["prompts"]
        self.roots, self.prompts, self.names = roots, prompts, theme_names(roots)
        self.reviews = dict([data["review"]]) if data["review"][0] is not None else {}
        items = theme_options(roots)
        opts = self.themes_list
        keep, index = self.theme_id, opts.highlighted or 0
        ids = [tid for tid, _ in items]
        if [(tid, label) for tid, label in items] != self.shown_items:  # only when the list changed
            self.shown_items = list(items)
            opts.set_options([Option(label, id=str(tid)) for tid, label in items])
            if keep in ids:
                opts.highlighted = ids.index(keep)
            elif ids:
                opts.highlighted = min(index, len(ids) - 1)
            opts.border_title = list_title(items)
        if data["matrix"] != self.shown_matrix:
            self.shown_matrix = data["matrix"]
            self.query_one(ThemeMatrix).show(data["matrix"])
        self.show_detail()

    roots: list = []  # the theme tree as last read
    shown_items: list = []  # (theme id, label) as listed
    shown_matrix = None  # the matrix as drawn
    reviews: dict = {}  # theme id → its review rendered, as read with the list (None: vanished)
    shown_detail: int | None = None  # whose detail is drawn

    @property
    def matrix(self) -> ThemeMatrix:
        return self.query_one(ThemeMatrix)

    def action_matrix_columns(self) -> None:
        """The matrix by the next kind of column (read again with the rest, in a worker)."""
        columns = self.tema.read(next_columns, self.matrix.columns_kind)
        if columns is not None:
            self.matrix.columns_kind = columns
            self.reload()

    def show_detail(self) -> None:
        """The highlighted theme's detail: as read with the list, else read (and rendered)
        in a worker; rendered again in a worker when the width changed. Its feedback beside it."""
        tid, width = self.theme_id, self._width()
        self.query_one(FeedbackView).show_for("theme", [tid])
        if tid is None:
            self.detail.show(render_text(Text(_("No themes yet — create them on the theme board (3)."), style="italic"),
                                         width))
        elif tid not in self.reviews:
            self.load("detail", self._read_review, self._review_read, tid, self.prompts, width)
            return
        elif self.reviews[tid] is None:
            self.detail.show(render_text(Text(""), width))
        elif self.reviews[tid].width != width:
            text = self.reviews[tid].text
            self.load("detail", lambda: (tid, render_text(text, width)), self._review_read)
            return
        else:
            self.detail.show(self.reviews[tid], keep_position=tid == self.shown_detail)
        self.shown_detail = tid

    def _review_read(self, found: tuple[int | None, Rendered | None]) -> None:
        tid, rendered = found
        self.reviews[tid] = rendered
        if tid == self.theme_id:
            self.show_detail()

    def on_resize(self) -> None:
        if self.loaded:
            self.show_detail()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "review-themes":
            self.show_detail()

    def _need_theme(self) -> int | None:
        tid = self.theme_id
        if tid is None:
            self.notify(_("No theme highlighted."), severity="warning")
        return tid

    def name_of(self, kind: str, ref_id: int) -> str | None:
        return self.names.get(ref_id) if kind == "theme" else None

    # --- actions ---------------------------------------------------------------------
    def action_split(self) -> None:
        tid = self._need_theme()
        if tid is None:
            return
        names = self.tema.read(theme_views.own_code_names, tid)
        if names is None:
            return
        if not names:
            self.notify(_("This theme has no codes of its own to split off."), severity="warning")
            return

        def chosen(codes: list | None) -> None:
            if not codes:
                return

            def named(name: str | None) -> None:
                if name:
                    self.tema.write(themes.split_theme, tid, name, codes, self.tema.coder_id)

            self.app.push_screen(PromptModal(_("Name of the new theme"), placeholder=_("Theme name")), named)

        self.app.push_screen(ChooseManyModal(_("Codes to move to a new theme"), [(n, n) for n in names]), chosen)

    def action_merge(self) -> None:
        tid = self._need_theme()
        if tid is None:
            return
        items = [(i, label) for i, label in theme_options(self.roots) if i != tid and "strike" not in str(label.style)]

        def merge(target: int | None) -> None:
            if target is not None:
                self.tema.write(themes.merge_themes, tid, target, self.tema.coder_id)

        self.app.push_screen(ChooseModal(_("Merge into which theme?"), items), merge)

    def action_discard(self) -> None:
        tid = self._need_theme()
        if tid is not None and self.tema.write(themes.discard_theme, tid, self.tema.coder_id):
            self.notify(_("Discarded; its codes are unplaced again (u restores, ctrl+z undoes)."))

    def action_restore(self) -> None:
        tid = self._need_theme()
        if tid is not None:
            self.tema.write(themes.restore_theme, tid, self.tema.coder_id)

    def action_where_else(self) -> None:
        from tema.tui.screens.second_look import open_second_look

        tid = self._need_theme()
        if tid is not None:
            open_second_look(self, "theme", tid, self.names.get(tid, ""))

    def _choose_snapshot(self, title: str, then, *, current: bool = True, exclude: str | None = None) -> None:
        names = [n for n in self.tema.read(snapshots.snapshot_names) or [] if n != exclude]
        items = ([CURRENT] if current else []) + names
        if not items:
            self.notify(_("No snapshots yet — S on the theme board saves one."), severity="warning")
            return
        self.app.push_screen(ChooseModal(title, [(i, shown(x)) for i, x in enumerate(items)]), lambda i: i is not None and then(items[i]))

    def _structure(self, name: str) -> dict:
        if name == CURRENT:
            return self.tema.read(snapshots.current_structure) or {}
        return self.tema.read(snapshots.snapshot_structure, name) or {}

    def action_map(self) -> None:
        self._choose_snapshot(_("Show which map?"), lambda name: self.app.push_screen(
            MapModal(_("Theme map — {name}").format(name=shown(name)), [(shown(name), self._structure(name))])))

    def action_compare(self) -> None:
        def first(a: str) -> None:
            def second(b: str) -> None:
                sa, sb = self._structure(a), self._structure(b)
                self.app.push_screen(MapModal(f"{a}  →  {shown(b)}", [(a, sa), (shown(b), sb)], snapshots.compare(sa, sb)))

            # the other side: any snapshot but the one chosen first, or the current map
            self._choose_snapshot(_("Compare «{name}» with which (the later one)?").format(name=a), second, exclude=a)

        self._choose_snapshot(_("Compare which snapshot (the earlier one)?"), first, current=False)


def shown(name: str) -> str:
    """A snapshot's name as the user reads it (the current map in the interface's language)."""
    return _(CURRENT) if name == CURRENT else name


def theme_names(roots: list[themes.ThemeNode]) -> dict[int, str]:
    """theme id → name, subthemes included."""
    return {n.id: n.name for root in roots for n in [root, *root.subthemes]}


def fill_theme_list(opts, items) -> None:
    """Show live (not discarded) themes in an OptionList, keeping the highlighted one."""
    items = [(tid, label) for tid, label in items if "strike" not in str(label.style)]
    keep = opts.highlighted_option.id if opts.highlighted_option else None
    opts.set_options([Option(label, id=str(tid)) for tid, label in items])
    ids = [str(tid) for tid, _ in items]
    if keep in ids:
        opts.highlighted = ids.index(keep)
    elif ids:
        opts.highlighted = 0
    opts.border_title = list_title(items)
