"""The tema app: one mode per phase screen (keys 1–6), global keys (journal, search,
undo/redo, help, project phase), the command palette, and the project's gateway.

``make_app(store_or_path, coder=None)`` is the one factory the CLI and the tests use.
Screens reach the project only through ``read(fn, *args)`` / ``write(fn, *args)``: a
domain function ``fn(session, *args)`` runs in a short read session or one write
transaction (one user action) of the Workspace (tema.domain.workspace), never held open
across keypresses; a write posts ``DataChanged`` so the visible screen reloads.

Other writers (a colleague's TUI, the CLI) are noticed by polling the workspace's
``data_version()`` twice a second: the visible screen reloads (keeping the cursor on the
same item), the others when they are shown next. A row that vanished under an action
gives a one-line notice and a refresh, never a traceback.

Start-up paints the first phase screen before anything heavy is imported (spaCy,
matplotlib, openpyxl, python-docx: ``tests/tui/test_startup.py``); screens read in workers
(tema.tui.loading). Once the first screen has shown its data, a worker loads the language
pipeline, so the first search and an import find it ready (``warm_language=False`` skips it).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tema.domain.project import PHASES_EN
from tema.domain.project_views import project_brief
from tema.domain.workspace import Workspace
from tema.errors import Busy, NotFound, TemaError, Vanished
from tema.i18n import N_, _
from tema.tui.app_actions import GlobalActions
from tema.tui.commands import CodesProvider, DocumentsProvider
from tema.tui.loading import Loads
from tema.tui.messages import DataChanged
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.code_picker import CodePicker
from tema.tui.screens import PHASE_SCREENS, PhaseScreen
from tema.tui.widgets.phase_bar import PhaseBar

PHASE_TOOLTIPS = {1: N_("Show phase 1: familiarisation"), 2: N_("Show phase 2: coding"),
                  3: N_("Show phase 3: generating initial themes"), 4: N_("Show phase 4: reviewing themes"),
                  5: N_("Show phase 5: defining and naming themes"), 6: N_("Show phase 6: writing up")}
GC_THRESHOLDS = (10_000, 20, 50)  # young, middle, old (Python's defaults: 700, 10, 10)
POLL_SECONDS = 0.5  # how often other processes' changes are looked for


class TemaApp(GlobalActions, Loads, App):
    CSS_PATH = "app.tcss"
    TITLE = "tema"
    COMMANDS = App.COMMANDS | {DocumentsProvider, CodesProvider}
    BINDINGS = [
        *[Binding(str(n), f"phase({n})", PHASES_EN[n], show=False, id=f"app.phase-{n}", tooltip=PHASE_TOOLTIPS[n])
          for n in range(1, 7)],
        Binding("ctrl+j", "journal", N_("Journal"), tooltip=N_("Reflexive journal entry (records where you are)"),
                id="app.journal"),
        Binding("slash,ctrl+f", "search", N_("Search"), tooltip=N_("Search the transcripts; Enter jumps to a hit"),
                id="app.search"),
        Binding("ctrl+z", "undo", N_("Undo"), tooltip=N_("Undo the last action"), id="app.undo"),
        Binding("ctrl+y", "redo", N_("Redo"), show=False, tooltip=N_("Redo the last undone action"), id="app.redo"),
        Binding("question_mark,f1", "help", N_("Help"), tooltip=N_("The keys of this screen"), id="app.help"),
        Binding("ctrl+n", "toggle_pseudonyms", N_("Pseudonyms"), show=False, id="app.pseudonyms",
                tooltip=N_("Pseudonymised view: show the project's pseudonyms in place of real names")),
        Binding("F", "feedback", N_("Feedback"), show=False, id="app.feedback",
                tooltip=N_("The supervisor's feedback: open/resolved, reply, resolve; Enter goes to the item")),
        Binding("P", "set_phase", N_("Set the project's phase"), show=False,
                tooltip=N_("Move the project to another phase (noted in the journal)"), id="app.set-phase"),
        Binding("ctrl+p,ctrl+k", "command_palette", N_("Palette"), id="app.palette",
                tooltip=N_("The command palette: every action by name")),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, id="app.quit", tooltip=N_("Quit tema")),
    ]

    def __init__(self, workspace: Workspace, *, cursor_blink: bool = True, warm_language: bool = True) -> None:
        super().__init__()
        self.workspace = workspace
        self.warm_language = warm_language
        self.first_screen: PhaseScreen | None = None  # the first phase screen that showed its data
        self.first_paint_at: float | None = None  # perf_counter() when it was first painted
        # Called once the first screen is on the terminal with its data, before anything
        # starts in the background (the start-up tests and the TUI benchmark add to it).
        self.on_first_paint: list[Callable[[float], None]] = []
        self.coder_id = workspace.coder_id
        self.coder_name = workspace.coder_name
        self.cursor_blink_enabled = cursor_blink
        self.phase_screens: dict[int, PhaseScreen] = {}
        self.available_phases = set(PHASE_SCREENS)
        self.current_doc_id: int | None = None
        self.pseudonymised = False
        self._gc_before = gc.get_threshold()
        self.cursor: tuple[int | None, int | None] = (None, None)
        self.project_title = ""
        self.project_phase = 1
        self._seen_version = 0
        self._refreshing = False
        self._refresh_queued = False
        self.data_generation = 0  # counts data_changed: what was read before is stale after
        self.keymap: dict[str, str] = {}
        self._clashes_told: set[str] = set()
        for phase, screen in PHASE_SCREENS.items():
            self.add_mode(f"phase{phase}", screen)

    @property
    def store(self):
        """The open store, for the edges that take one (export, import): never queried here."""
        return self.workspace.store

    # --- the project's gateway --------------------------------------------------------
    def read(self, fn: Callable[..., Any], /, *args: Any, catch: bool = True, **kw: Any) -> Any:
        """``fn(session, *args, **kw)`` in a short read session. A TemaError is shown and
        gives None (``catch=False``: raised, for callers in worker threads)."""
        try:
            return self.workspace.read(fn, *args, **kw)
        except TemaError as exc:
            if not catch:
                raise
            self.report(exc)
            return None

    def write(self, fn: Callable[..., Any], /, *args: Any, failure: str = "error", **kw: Any) -> Any:
        """``fn(session, *args, **kw)`` as one transaction (one user action). Returns its
        result (True when it returns None; a row comes back as its id) or None when refused
        (shown with ``failure`` severity); the screens then reload."""
        try:
            result = self.workspace.write(fn, *args, **kw)
        except TemaError as exc:
            self.report(exc, failure=failure)
            return None
        self.data_changed()
        return True if result is None else result

    def report(self, exc: TemaError, *, failure: str = "error", refresh: bool = True) -> None:
        """Show a refused action or a failed read in one line. A row that vanished (another
        process undid, trashed or deleted it) also refreshes the view (unless ``refresh``
        is False: a read in a worker, whose screen reloads anyway)."""
        if isinstance(exc, NotFound):
            if self._refreshing:
                return  # a refresh reading what just vanished: the view is being redrawn anyway
            name = exc.name if isinstance(exc, Vanished) else None
            base = self.base_screen
            if name is None and isinstance(exc, Vanished) and isinstance(base, PhaseScreen):
                name = base.name_of(exc.kind, exc.ref_id)
            if name:
                message = _("«{name}» was removed by another change; the view was refreshed").format(name=name)
            else:
                message = _("{problem}; the view was refreshed").format(problem=exc)
            self.notify(message, severity="warning", title=_("Changed elsewhere"))
            if refresh:
                self.refresh_soon()
        elif isinstance(exc, Busy):
            self.notify(str(exc), severity="warning", title=_("Not saved"))
        else:
            self.notify(str(exc), severity=failure, title=_("Not done"))

    def touch_document(self, doc_id: int) -> None:
        """Remember when a document was opened (not an undoable action; failures are
        silent), then tell the phase screens. Called from the worker that read the document."""
        from tema.domain.documents import mark_opened

        try:
            self.workspace.write(mark_opened, doc_id)
        except TemaError:
            return
        try:
            self.call_from_thread(self._document_touched, doc_id)
        except RuntimeError:  # already on the UI thread
            self._document_touched(doc_id)

    def _document_touched(self, doc_id: int) -> None:
        for screen in self.phase_screens.values():
            screen.document_touched(doc_id)

    def data_changed(self, action: str = "") -> None:
        """After a domain action: the visible phase screen reloads now (same frame); the
        others when they are shown next. ``DataChanged`` tells any other listener."""
        self.data_generation += 1
        self._refreshing = True
        try:
            self.reload_project()
            base = self.base_screen
            for screen in self.phase_screens.values():
                if screen is base:
                    screen.data_changed()
                    screen.post_message(DataChanged(action))
                else:
                    screen.stale = True
            if self.screen is not base:  # a modal that shows project data (the feedback list) reads again
                self.screen.post_message(DataChanged(action))
        finally:
            self._refreshing = False

    def refresh_soon(self) -> None:
        """Reload the views once, after the current handler (a vanished row was met)."""
        if not self._refresh_queued:
            self._refresh_queued = True
            self.call_later(self._refresh_now)

    def _refresh_now(self) -> None:
        self._refresh_queued = False
        self.data_changed("refresh")

    def check_elsewhere(self) -> bool:
        """Reload when another process committed since the last look (the timer's job)."""
        try:
            version = self.workspace.data_version()
        except TemaError:
            return False
        if version == self._seen_version:
            return False
        self._seen_version = version
        self.data_changed("elsewhere")
        return True

    def reload_project(self) -> None:
        """Read the project's title and phase again (in a worker; the phase bars repaint)."""
        self.load("project", lambda: self.read(project_brief, catch=False), self._project_read)

    def _project_read(self, brief) -> None:
        if (brief.title, brief.phase) != (self.project_title, self.project_phase):
            self.project_title, self.project_phase = brief.title, brief.phase
            for screen in self.phase_screens.values():
                screen.query_one(PhaseBar).refresh()

    def screen_loaded(self, screen: PhaseScreen) -> None:
        """A phase screen showed its data for the first time. After the session's first,
        the language pipeline is loaded in a worker (the first search and import find it
        ready) and the start-up objects are frozen out of the garbage collector's passes."""
        if self.first_screen is not None:
            return
        self.first_screen = screen
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.first_paint_at = time.perf_counter()
        for callback in self.on_first_paint:
            callback(self.first_paint_at)
        self._freeze_startup_objects()
        if self.warm_language:
            self.run_worker(load_language, name="load language", group="warm", thread=True, exit_on_error=False)

    @property
    def base_screen(self) -> Screen | None:
        stack = self.screen_stack
        return stack[0] if stack else None

    # --- lifecycle ------------------------------------------------------------------
    def on_mount(self) -> None:
        self.apply_keymap()
        self.install_screen(CodePicker(), name="code-picker")
        brief = self.read(project_brief)  # which phase to open on: one small read
        if brief is not None:
            self.project_title, self.project_phase = brief.title, brief.phase
        phase = self.project_phase if self.project_phase in PHASE_SCREENS else min(PHASE_SCREENS)
        self.switch_mode(f"phase{phase}")
        self._seen_version = self.workspace.data_version()  # opens the watcher: changes from now on
        self.change_timer = self.set_interval(POLL_SECONDS, self.check_elsewhere, name="changes-elsewhere")

    def _freeze_startup_objects(self) -> None:
        # Widgets, CSS and mappers live for the whole session: keep them out of the
        # garbage collector's full passes, which otherwise pause a keypress now and then.
        # Textual's render caches make many short-lived objects: with the default
        # thresholds a collection (20–50 ms) hit about one keypress in four on a large
        # board (benchmarks/board_bench.py); rarer, larger young collections halve the p95.
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)

    def on_unmount(self) -> None:
        gc.set_threshold(*self._gc_before)
        gc.unfreeze()
        self.workspace.close()

    # --- keys -----------------------------------------------------------------------
    def apply_keymap(self) -> None:
        """The user's keymap file over the defaults (tema.tui.keymap); a file that cannot
        be used is named in one line and the defaults apply."""
        from tema.tui.keymap import load_keymap

        keymap, problem = load_keymap()
        self.keymap = keymap
        self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="error", title=_("Keymap not used"), timeout=15)

    def key_display(self, binding_id: str, default: str) -> str:
        """How the first key of a binding (``default`` unless the keymap changed it) is
        shown, e.g. "^n" — for hints that name a key."""
        keys = self.keymap.get(binding_id) or default
        return self.get_key_display(Binding(keys.split(",")[0], "")) if keys else ""

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        keys = ", ".join(sorted({b.key for b in clashed_bindings}))
        if keys and keys not in self._clashes_told:
            self._clashes_told.add(keys)
            self.notify(_("The keymap gives {keys} to two bindings here; one of them wins.").format(keys=keys),
                        severity="warning", title=_("Keymap"))

    def choose(self, name: str, title: str, items, callback, *, highlight: int | None = None,
               on_highlight=None) -> None:
        """Open the chooser installed as ``name`` (installed on first use, then reused:
        closing a modal made for one use lays out the whole screen again, as it is removed)."""
        if not self.is_screen_installed(name):
            self.install_screen(ChooseModal(title, items), name=name)
        chooser = self.get_screen(name)
        assert isinstance(chooser, ChooseModal)
        self.push_screen(chooser.configure(title, items, highlight=highlight, on_highlight=on_highlight), callback)

    def pick_code(self, callback, choices, recent_ids, **options) -> None:
        """Open the (reused) code picker; ``callback`` gets a Pick or None."""
        picker = self.get_screen("code-picker")
        picker.configure(choices, recent_ids, **options)
        self.push_screen(picker, callback)


def load_language() -> None:
    """Load the language pipeline and lemmatise a word (a worker's job, after the first paint)."""
    from tema.nlp import lemmatize_query, load_pipeline

    lemmatize_query("samarbeid", load_pipeline())


def make_app(store_or_path: Workspace | Any | str | os.PathLike[str], coder: str | None = None, *,
             cursor_blink: bool = True, warm_language: bool = True) -> TemaApp:
    """Build the app for a project — a path or URL (opened here, closed when the app
    ends), an open Store (lent, left open) or a Workspace — and a coder name (default:
    TEMA_CODER, the config file, or the user name)."""
    return TemaApp(Workspace.open(store_or_path, coder), cursor_blink=cursor_blink, warm_language=warm_language)


__all__ = ["TemaApp", "make_app"]
