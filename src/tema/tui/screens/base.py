"""PhaseScreen: what every phase screen shares. A phase screen composes its body between
the phase bar and the footer, reloads what it shows in ``reload()`` (right after every
domain action, via ``data_changed()``, and when it becomes visible after a change elsewhere;
a ``DataChanged`` message is posted to it too) and says where the user is
in ``where()`` (recorded with journal entries).

``reload()`` never reads on the UI thread: it captures what to read (``request()``, the
ids the screen holds), reads it in a worker (``fetch(request)``: domain reads through
``self.tema.read(fn, …, catch=False)``, plain values back) and paints it (``show(data)``)
when it arrives (tema.tui.loading). ``loaded`` turns True once the screen has shown what
it read; the first screen of a session then tells the app (``screen_loaded``).

A screen reaches the project through the app: ``self.tema.read(fn, *args)`` and
``self.tema.write(fn, *args)`` run the domain function ``fn(session, *args)`` in a short
read session or one write transaction; screens hold ids and plain results, never rows.
``self.tema.coder_id`` is who is coding. ``name_of(kind, id)`` names an item the screen
shows, for the notice when another change removed it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen

from tema.i18n import N_
from tema.tui.loading import Loads
from tema.tui.widgets.footer import TemaFooter
from tema.tui.widgets.phase_bar import PhaseBar

if TYPE_CHECKING:
    from tema.tui.app import TemaApp


class PhaseScreen(Loads, Screen):
    PHASE: ClassVar[int] = 0
    NAME: ClassVar[str] = ""  # recorded as the journal's "screen"
    HELP_TITLE: ClassVar[str] = N_("This screen")

    def __init__(self) -> None:
        super().__init__(id=f"phase-{self.PHASE}")
        self.stale = False
        self.loaded = False  # has shown what it read at least once
        # Textual (8.x) starts a screen at CSS generation -1, so the first switch to each phase
        # re-parsed every stylesheet and restyled the whole app twice (50–100 ms each time on
        # the bench machine). A phase screen is styled from the current stylesheet when it
        # mounts: it starts at the app's generation (a later theme change still restyles it).
        self._css_update_count = self.app._css_update_count

    @property
    def tema(self) -> TemaApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield PhaseBar(self.PHASE, id="phase-bar")
        yield from self.compose_body()
        yield TemaFooter()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.tema.phase_screens[self.PHASE] = self
        self.reload()

    def on_screen_resume(self) -> None:
        self.query_one(PhaseBar).refresh()
        if self.stale:
            self.stale = False
            self.reload()

    def data_changed(self) -> None:
        """The store changed (called by the app right after a domain action)."""
        self.query_one(PhaseBar).refresh()
        self.reload()

    def reload(self) -> None:
        """Read what the screen shows again, in a worker, and paint it when it arrives."""
        self.load("view", self.fetch, self._show_view, self.request())

    def request(self) -> Any:
        """UI thread: what ``fetch`` is to read (ids and choices the screen holds)."""
        return None

    def fetch(self, request: Any) -> Any:
        """Worker thread: the domain reads of ``reload`` (never a widget)."""
        return None

    def show(self, data: Any) -> None:
        """UI thread: paint what ``fetch`` read."""

    def _show_view(self, data: Any) -> None:
        self.show(data)
        if not self.loaded:
            self.loaded = True
            self.tema.screen_loaded(self)

    def document_touched(self, doc_id: int) -> None:
        """A document was opened (its "last opened" changed; not an undoable action)."""

    def name_of(self, kind: str, ref_id: int) -> str | None:
        """The name this screen shows for a ``kind`` ("theme", "code", …) with that id."""
        return None

    def unsaved(self) -> list[str]:
        """What holds edits not saved yet (names, for the question before quitting)."""
        return []

    def where(self) -> dict:
        """Where the user is, for journal entries: screen, document, offset."""
        return {"screen": self.NAME, "document": None, "offset": None}

    def where_label(self) -> str:
        return f"phase {self.PHASE} screen"
