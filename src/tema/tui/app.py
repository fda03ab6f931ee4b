"""The tema app: one mode per phase screen (keys 1–6), global keys (journal, search,
undo/redo, help, project phase), the command palette, and the store gateway.

``make_app(store_or_path, coder=None)`` is the one factory the CLI and the tests use.
Screens reach the store only through ``read(fn)`` / ``write(fn)``: ``fn(session)`` runs
in a short read session or one write transaction (one user action), never held open
across keypresses; a write posts ``DataChanged`` so the visible screen reloads.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tema.domain.project import PHASES_EN, get_project
from tema.errors import TemaError
from tema.store.db import Store, open_store
from tema.tui.app_actions import GlobalActions
from tema.tui.commands import CodesProvider, DocumentsProvider
from tema.tui.messages import DataChanged
from tema.tui.modals.code_picker import CodePicker
from tema.tui.screens import PHASE_SCREENS, PhaseScreen

T = TypeVar("T")
GC_THRESHOLDS = (10_000, 20, 50)  # young, middle, old (Python's defaults: 700, 10, 10)


def db_message(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "locked" in text.lower():
        return "The project is busy (another tema process is writing); nothing was written — try again."
    if type(exc).__name__ == "StaleDataError":
        return "Someone else changed this item at the same time; nothing was written."
    return f"Database error: {text}; nothing was written."


class TemaApp(GlobalActions, App):
    CSS_PATH = "app.tcss"
    TITLE = "tema"
    COMMANDS = App.COMMANDS | {DocumentsProvider, CodesProvider}
    BINDINGS = [
        *[Binding(str(n), f"phase({n})", PHASES_EN[n], show=False, id=f"app.phase-{n}",
                  tooltip=f"Show phase {n}: {PHASES_EN[n]}" + ("" if n in PHASE_SCREENS else " (no screen yet)"))
          for n in range(1, 7)],
        Binding("ctrl+j", "journal", "Journal", tooltip="Reflexive journal entry (records where you are)", id="app.journal"),
        Binding("slash", "search", "Search", tooltip="Search the transcripts; Enter jumps to a hit", id="app.search"),
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last action", id="app.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, tooltip="Redo the last undone action", id="app.redo"),
        Binding("question_mark", "help", "Help", tooltip="This list of keys", id="app.help"),
        Binding("ctrl+n", "toggle_pseudonyms", "Pseudonyms", show=False, id="app.pseudonyms",
                tooltip="Pseudonymised view: show the project's pseudonyms in place of real names"),
        Binding("P", "set_phase", "Set the project's phase", show=False,
                tooltip="Move the project to another phase (noted in the journal)", id="app.set-phase"),
    ]

    def __init__(self, store: Store, coder_id: int, coder_name: str, *, owns_store: bool = False,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.store = store
        self.coder_id = coder_id
        self.coder_name = coder_name
        self.owns_store = owns_store
        self.cursor_blink_enabled = cursor_blink
        self.phase_screens: dict[int, PhaseScreen] = {}
        self.available_phases = set(PHASE_SCREENS)
        self.current_doc_id: int | None = None
        self.pseudonymised = False
        self._gc_before = gc.get_threshold()
        self.cursor: tuple[int | None, int | None] = (None, None)
        self.project_title = ""
        self.project_phase = 1
        for phase, screen in PHASE_SCREENS.items():
            self.add_mode(f"phase{phase}", screen)

    # --- store gateway --------------------------------------------------------------
    def read(self, fn: Callable[[Session], T], *, catch: bool = True) -> T | None:
        """``fn(session)`` in a short read session; a TemaError is shown and gives None."""
        try:
            with self.store.session() as s:
                return fn(s)
        except TemaError as exc:
            if not catch:
                raise
            self.notify(str(exc), severity="error")
            return None

    def write(self, fn: Callable[[Session], T], *, failure: str = "error") -> T | bool | None:
        """``fn(session)`` as one transaction (one user action). Returns its result (True
        when it returns None) or None when refused; the screens then reload."""
        try:
            with self.store.transaction() as s:
                result = fn(s)
        except TemaError as exc:
            self.notify(str(exc), severity=failure, title="Not done")
            return None
        except SQLAlchemyError as exc:
            self.notify(db_message(exc), severity="error", title="Not saved")
            return None
        self.data_changed()
        return True if result is None else result

    def touch_document(self, doc_id: int) -> None:
        """Remember when a document was opened (not an undoable action)."""
        from tema.domain.documents import mark_opened

        try:
            with self.store.transaction() as s:
                mark_opened(s, doc_id)
        except SQLAlchemyError:
            pass

    def data_changed(self, action: str = "") -> None:
        """After a domain action: the visible phase screen reloads now (same frame); the
        others when they are shown next. ``DataChanged`` tells any other listener."""
        self.reload_project()
        base = self.base_screen
        for screen in self.phase_screens.values():
            if screen is base:
                screen.data_changed()
                screen.post_message(DataChanged(action))
            else:
                screen.stale = True

    def reload_project(self) -> None:
        project = self.read(get_project)
        if project is not None:
            self.project_title, self.project_phase = project.title, project.phase

    @property
    def base_screen(self) -> Screen | None:
        stack = self.screen_stack
        return stack[0] if stack else None

    # --- lifecycle ------------------------------------------------------------------
    def on_mount(self) -> None:
        self.install_screen(CodePicker(), name="code-picker")
        self.reload_project()
        phase = self.project_phase if self.project_phase in PHASE_SCREENS else min(PHASE_SCREENS)
        self.switch_mode(f"phase{phase}")
        self.call_after_refresh(self._freeze_startup_objects)

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
        if self.owns_store:
            self.store.close()

    def pick_code(self, callback, choices, recent_ids, **options) -> None:
        """Open the (reused) code picker; ``callback`` gets a Pick or None."""
        picker = self.get_screen("code-picker")
        picker.configure(choices, recent_ids, **options)
        self.push_screen(picker, callback)


def make_app(store_or_path: Store | str | os.PathLike[str], coder: str | None = None, *,
             cursor_blink: bool = True) -> TemaApp:
    """Build the app for a project (an open Store, a path or a URL) and a coder name
    (default: TEMA_CODER, the config file, or the user name)."""
    from tema.domain.coders import get_or_create_coder, resolve_coder_name

    owns = not isinstance(store_or_path, Store)
    store = open_store(store_or_path) if owns else store_or_path
    try:
        with store.transaction() as s:
            c = get_or_create_coder(s, resolve_coder_name(coder))
            coder_id, coder_name = c.id, c.name
    except Exception:
        if owns:
            store.close()
        raise
    return TemaApp(store, coder_id, coder_name, owns_store=owns, cursor_blink=cursor_blink)


__all__ = ["TemaApp", "make_app"]
