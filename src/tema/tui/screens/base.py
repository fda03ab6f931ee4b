"""PhaseScreen: what every phase screen shares. A phase screen composes its body between
the phase bar and the footer, reloads what it shows in ``reload()`` (right after every
domain action, via ``data_changed()``, and when it becomes visible after a change elsewhere;
a ``DataChanged`` message is posted to it too) and says where the user is
in ``where()`` (recorded with journal entries).

A screen reaches the project through the app: ``self.tema.read(fn, *args)`` and
``self.tema.write(fn, *args)`` run the domain function ``fn(session, *args)`` in a short
read session or one write transaction; screens hold ids and plain results, never rows.
``self.tema.coder_id`` is who is coding. ``name_of(kind, id)`` names an item the screen
shows, for the notice when another change removed it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen

from tema.tui.widgets.footer import TemaFooter
from tema.tui.widgets.phase_bar import PhaseBar

if TYPE_CHECKING:
    from tema.tui.app import TemaApp


class PhaseScreen(Screen):
    PHASE: ClassVar[int] = 0
    NAME: ClassVar[str] = ""  # recorded as the journal's "screen"
    HELP_TITLE: ClassVar[str] = "This screen"

    def __init__(self) -> None:
        super().__init__(id=f"phase-{self.PHASE}")
        self.stale = False

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
        """Read what the screen shows again (domain reads only)."""

    def document_touched(self, doc_id: int) -> None:
        """A document was opened (its "last opened" changed; not an undoable action)."""

    def name_of(self, kind: str, ref_id: int) -> str | None:
        """The name this screen shows for a ``kind`` ("theme", "code", …) with that id."""
        return None

    def where(self) -> dict:
        """Where the user is, for journal entries: screen, document, offset."""
        return {"screen": self.NAME, "document": None, "offset": None}

    def where_label(self) -> str:
        return f"phase {self.PHASE} screen"
