"""The app's own messages. Widgets post them; screens and the app act on them.

Each exposes ``control`` (the widget that posted it) so ``@on(Message, "#selector")`` works.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class DataChanged(Message):
    """The store changed (a domain action, an undo/redo): screens reload what they show."""

    def __init__(self, action: str = "") -> None:
        super().__init__()
        self.action = action


class OpenDocument(Message):
    """Show a document (optionally selecting a span) in the current transcript screen."""

    def __init__(self, doc_id: int, start: int | None = None, end: int | None = None) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.start = start
        self.end = end


class SelectionChanged(Message):
    """The transcript's selection (the span a code would be applied to) moved."""

    def __init__(self, view: Widget, start: int, end: int) -> None:
        super().__init__()
        self.view = view
        self.start = start
        self.end = end

    @property
    def control(self) -> Widget:
        return self.view


class CodeCommand(Message):
    """The codes panel asks for an action on one code: apply, rename, merge, retire, level, define."""

    def __init__(self, panel: Widget, command: str, code_id: int) -> None:
        super().__init__()
        self.panel = panel
        self.command = command
        self.code_id = code_id

    @property
    def control(self) -> Widget:
        return self.panel


class NoteChosen(Message):
    """A note in the notes list was chosen: jump to its anchor."""

    def __init__(self, notes: Widget, note_id: int, start: int, end: int | None) -> None:
        super().__init__()
        self.notes = notes
        self.note_id = note_id
        self.start = start
        self.end = end

    @property
    def control(self) -> Widget:
        return self.notes


class DocumentChosen(Message):
    """A row of the document table was chosen (Enter or click)."""

    def __init__(self, table: Widget, doc_id: int) -> None:
        super().__init__()
        self.table = table
        self.doc_id = doc_id

    @property
    def control(self) -> Widget:
        return self.table
