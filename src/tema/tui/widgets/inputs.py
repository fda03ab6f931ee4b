"""Input and TextArea that follow the app's cursor-blink setting (off in snapshot tests)."""

from __future__ import annotations

from textual.widgets import Input, TextArea


def _blink(widget) -> bool:
    return bool(getattr(widget.app, "cursor_blink_enabled", True))


class TemaInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = _blink(self)


class TemaTextArea(TextArea):
    def on_mount(self) -> None:
        self.cursor_blink = _blink(self)
