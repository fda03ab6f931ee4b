"""Phase 3, initial themes — the theme board: unplaced codes on the left, the theme tree
(themes → subthemes → codes) on the right. Every key is one undoable domain action."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static, Tree

from tema.domain import codes, coding, documents, snapshots, theme_views, themes
from tema.domain.snapshot_restore import restore_snapshot
from tema.i18n import N_, _
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.confirm import ConfirmModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.screens.base import PhaseScreen
from tema.tui.screens.extracts_modal import ExtractsModal, context_text
from tema.tui.widgets.theme_chooser import ThemeChooser
from tema.tui.widgets.theme_tree import ThemeTreeView
from tema.tui.widgets.unplaced_panel import UnplacedPanel

TOP = 0  # "no parent" in the move-subtheme chooser


class ThemeBoardScreen(PhaseScreen):
    PHASE = 3
    NAME = "theme-board"
    HELP_TITLE = N_("Phase 3 — the theme board")
    AUTO_FOCUS = "#unplaced-list"
    BINDINGS = [
        Binding("n", "new_theme", N_("Theme"), id="board.new-theme", tooltip=N_("New theme")),
        Binding("N", "new_subtheme", N_("Subtheme"), id="board.new-subtheme",
                tooltip=N_("New subtheme of the highlighted theme")),
        Binding("p", "place", N_("Place"), id="board.place",
                tooltip=N_("Place the highlighted code in a theme (it may sit in several)")),
        Binding("x", "remove", N_("Remove"), id="board.remove", tooltip=N_("Remove the highlighted code from this theme")),
        Binding("m", "move", N_("Move"), id="board.move",
                tooltip=N_("Move the highlighted code, or subtheme, to another theme")),
        Binding("r", "rename", N_("Rename"), id="board.rename", tooltip=N_("Rename the highlighted theme")),
        Binding("shift+up", "reorder(-1)", N_("Up"), show=False, id="board.up"),
        Binding("shift+down", "reorder(1)", N_("Down"), show=False, id="board.down"),
        Binding("S", "snapshot", N_("Snapshot"), id="board.snapshot", tooltip=N_("Save a named snapshot of the whole map")),
        Binding("L", "load_snapshot", N_("Load"), id="board.load-snapshot",
                tooltip=N_("Make a saved snapshot the working map (the current map is saved first; ctrl+z undoes)")),
        Binding("f", "filter", N_("Filter codes"), show=False, id="board.filter"),
        Binding("tab", "switch_panel", N_("Other panel"), show=False, id="board.switch"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="board-body"):
            yield UnplacedPanel(id="unplaced")
            with Vertical(id="board-right"):
                yield ThemeTreeView(id="theme-tree")
                yield Static(id="board-detail")
                yield ThemeChooser(id="board-chooser")

    @property
    def tree(self) -> ThemeTreeView:
        return self.query_one(ThemeTreeView)

    @property
    def chooser(self) -> ThemeChooser:
        return self.query_one(ThemeChooser)

    @property
    def unplaced(self) -> UnplacedPanel:
        return self.query_one(UnplacedPanel)

    roots: list[themes.ThemeNode] = []  # the map as last read (reload)

    def on_mount(self) -> None:
        # Textual then runs PhaseScreen.on_mount too (handlers run along the MRO): it reloads.
        if self.tema.read(themes.holding_theme) is None:
            self.tema.write(themes.ensure_holding_theme, self.tema.coder_id)

    def fetch(self, request: None) -> theme_views.Board:
        # One read session, four queries whatever the project's size: the themes, their
        # codes, the unplaced codes and their counts (not every code's); the widgets then
        # change only what differs from what they show.
        return self.tema.read(theme_views.board, catch=False)

    def show(self, board: theme_views.Board) -> None:
        self.roots = board.roots  # the chooser lists these: no read on p/m
        self.unplaced.set_codes(board.unplaced)
        self.tree.set_tree(board.roots, board.where)
        if self.chooser.closing:  # a choice taken: hidden in the same layout as the change
            self.chooser.close()

    def load_failed(self, key: str, exc) -> None:
        if self.chooser.closing:
            self.chooser.close()
        super().load_failed(key, exc)

    def name_of(self, kind: str, ref_id: int) -> str | None:
        if kind == "theme":
            return next((n.name for root in self.roots for n in [root, *root.subthemes] if n.id == ref_id), None)
        if kind == "code":
            names = {cid: name for root in self.roots for n in [root, *root.subthemes] for cid, name in n.codes}
            names.update((st.code.id, st.code.name) for st in self.unplaced.stats)
            return names.get(ref_id)
        return None

    # --- what is selected ------------------------------------------------------------
    def _in_tree(self) -> bool:
        return isinstance(self.focused, Tree)

    def _tree_theme_id(self) -> int | None:
        data = self.tree.selected
        if data is None:
            return None
        return data[1] if data[0] == "theme" else data[2]

    def _selected_code(self) -> tuple[int, int | None] | None:
        """(code id, theme id it sits in, or None for an unplaced code)."""
        if self._in_tree():
            data = self.tree.selected
            return (data[1], data[2]) if data and data[0] == "code" else None
        cid = self.unplaced.selected_code_id
        return (cid, None) if cid is not None else None

    def _choose_theme(self, title: str, then, *, exclude: set[int] = frozenset(), top: bool = False, roots_only: bool = False) -> None:
        choices = [(TOP, _("(top level — a theme of its own)"))] if top else []
        for n in self.roots:
            if n.id not in exclude:
                choices.append((n.id, f"{n.label + ' ' if n.label else ''}{n.name}"))
            if not roots_only:
                choices += [(sub.id, f"   └ {sub.label + ' ' if sub.label else ''}{sub.name}") for sub in n.subthemes if sub.id not in exclude]
        if not choices:
            self.notify(_("No theme to choose — n creates one."), severity="warning")
            return
        self.chooser.open(title, choices, then)

    # --- actions ---------------------------------------------------------------------
    def action_new_theme(self) -> None:
        def create(name: str | None) -> None:
            if name:
                made = self.tema.write(themes.create_theme, name, coder_id=self.tema.coder_id)
                if made:
                    self.tree.select_data(("theme", made))

        self.app.push_screen(PromptModal(_("New theme"), placeholder=_("Theme name")), create)

    def action_new_subtheme(self) -> None:
        parent_id = self._tree_theme_id()
        if parent_id is None:
            self.notify(_("Highlight a theme in the tree first (tab)."), severity="warning")
            return

        def create(name: str | None) -> None:
            if name:
                self.tema.write(themes.create_theme, name, parent=parent_id, coder_id=self.tema.coder_id)

        self.app.push_screen(PromptModal(_("New subtheme"), placeholder=_("Subtheme name")), create)

    def action_place(self) -> None:
        sel = self._selected_code()
        if sel is None:
            self.notify(_("Highlight a code first."), severity="warning")
            return
        code_id, in_theme = sel

        def place(tid: int) -> bool:
            return self.tema.write(themes.place_code, code_id, tid, self.tema.coder_id) is not None

        self._choose_theme(_("Place the code in which theme?"), place, exclude={in_theme} if in_theme else set())

    def action_remove(self) -> None:
        sel = self._selected_code() if self._in_tree() else None
        if not sel:
            self.notify(_("Highlight a code in the theme tree to remove it."), severity="warning")
            return
        code_id, tid = sel
        self.tema.write(themes.remove_code, code_id, tid, self.tema.coder_id)

    def action_move(self) -> None:
        data = self.tree.selected if self._in_tree() else None
        if data is None:
            self.notify(_("Highlight a code or a subtheme in the theme tree to move it."), severity="warning")
            return
        if data[0] == "code":
            code_id, source = data[1], data[2]

            def move_code(tid: int) -> bool:
                return self.tema.write(themes.move_code, code_id, source, tid, self.tema.coder_id) is not None

            self._choose_theme(_("Move the code to which theme?"), move_code, exclude={source})
            return
        tid = data[1]

        def move_theme(parent: int) -> bool:
            return self.tema.write(themes.move_theme, tid, parent if parent != TOP else None,
                                   self.tema.coder_id) is not None

        self._choose_theme(_("Move the theme under which theme?"), move_theme, exclude={tid}, top=True, roots_only=True)

    def action_rename(self) -> None:
        data = self.tree.selected if self._in_tree() else None
        if data is None or data[0] != "theme":
            self.notify(_("Highlight a theme in the tree to rename it."), severity="warning")
            return
        tid = data[1]
        brief = self.tema.read(theme_views.theme_brief, tid)
        if brief is None:
            return
        old = brief.name

        def rename(name: str | None) -> None:
            if name and name != old:
                self.tema.write(themes.rename_theme, tid, name, self.tema.coder_id)

        self.app.push_screen(PromptModal(_("Rename «{name}»").format(name=old), old), rename)

    def action_reorder(self, delta: int) -> None:
        data = self.tree.selected if self._in_tree() else None
        if data is None:
            return
        if data[0] == "theme":
            self.tema.write(themes.reorder, data[1], delta, self.tema.coder_id)
        else:
            self.tema.write(themes.reorder_code, data[2], data[1], delta, self.tema.coder_id)

    def action_snapshot(self) -> None:
        default = self.tema.read(snapshots.default_name) or ""

        def save(name: str | None) -> None:
            if name and self.tema.write(snapshots.take_snapshot, name, coder_id=self.tema.coder_id):
                self.notify(_("Snapshot «{name}» saved.").format(name=name))

        self.app.push_screen(PromptModal(_("Save a snapshot of the theme map"), default), save)

    def action_load_snapshot(self) -> None:
        names = self.tema.read(snapshots.snapshot_names) or []
        if not names:
            self.notify(_("No snapshots yet — S saves one; `tema snapshot --from` stores a typed-in map."),
                        severity="warning")
            return

        def chosen(i: int | None) -> None:
            if i is None:
                return
            name = names[i]
            message = _("The board will show «{name}»: its themes, subthemes and code placements. The current map is "
                        "saved as a snapshot first, themes not in «{name}» are discarded (recoverable), "
                        "and definitions you have written are kept. ctrl+z undoes.").format(name=name)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    report = self.tema.write(restore_snapshot, name, self.tema.coder_id)
                    if report is not None:
                        self.notify(report.summary(), timeout=8)

            self.app.push_screen(ConfirmModal(_("Load snapshot «{name}»?").format(name=name), message, yes=_("Load")), confirmed)

        self.app.push_screen(ChooseModal(_("Load which snapshot into the board?"), list(enumerate(names))), chosen)

    def action_filter(self) -> None:
        self.query_one("#unplaced-filter").focus()

    def action_switch_panel(self) -> None:
        if self._in_tree():
            self.unplaced.options.focus()
        else:
            self.tree.focus()

    # --- extracts ----------------------------------------------------------------------
    def _show_extracts(self, title: str, code_ids: list[int]) -> None:
        found = self.tema.read(coding.extracts, code_ids) or []
        texts: dict[int, str] = {}

        def context_of(e):
            if e.document_id not in texts:
                texts[e.document_id] = self.tema.read(documents.document_text, e.document_id) or ""
            return context_text(texts[e.document_id], e)

        self.app.push_screen(ExtractsModal(title, found, context_of))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        code_id = int(event.option.id)
        info = self.tema.read(codes.code_info, code_id)
        if info is not None:
            self._show_extracts(f"«{info.name}»", [code_id])

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        data = event.node.data
        if not data:
            return
        if data[0] == "code":
            info = self.tema.read(codes.code_info, data[1])
            if info is not None:
                self._show_extracts(f"«{info.name}»", [data[1]])
        else:
            got = self.tema.read(theme_views.theme_scope, data[1])
            if got is not None:
                brief, code_ids = got
                self._show_extracts(_("Theme «{name}»").format(name=brief.name), code_ids)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        """Under the tree: the highlighted item in full when the tree cuts its line (narrow
        widths), and what the keys do with it — never the same line again (which read as
        the tree drawing a line twice)."""
        node = event.node
        detail = Text()
        if node.data and self.tree.label_is_cut(node):
            detail.append_text(node.label)
            detail.append("\n")
        if node.data and node.data[0] == "theme":
            detail.append(_("Enter: its extracts · r rename · N subtheme · shift+↑/↓ reorder"), style="italic")
        elif node.data:
            detail.append(_("Enter: its extracts · p place also in · m move · x remove · shift+↑/↓ reorder"),
                          style="italic")
        self.query_one("#board-detail", Static).update(detail, layout=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # The open chooser's field takes the printable keys itself; of the others, tab and
        # shift+↑/↓ must not reach the board. (The footer's keys stay as they are: a footer
        # redrawn on every open and close costs a frame.)
        if self.chooser.is_open:
            return action not in ("switch_panel", "reorder")
        # Letter keys belong to the filter while it has focus.
        if isinstance(self.focused, Input) and action != "switch_panel":
            return False
        return True
