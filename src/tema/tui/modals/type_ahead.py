"""Type-ahead for modals with one main field: keys typed in the same burst as the key
that opened the modal reach the screen before the field has focus (Textual sets focus
on a later turn of the event loop); they are put into the field instead of being lost."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.widgets import Input, TextArea


class TypeAhead:
    TYPE_AHEAD: ClassVar[str] = ""  # selector of the field

    def on_key(self, event: events.Key) -> None:
        if not self.TYPE_AHEAD:
            return
        field = self.query_one(self.TYPE_AHEAD)
        if self.focused is not None and self.focused is not field:
            return  # the user moved to another widget on purpose
        if event.is_printable and event.character:
            if isinstance(field, Input):
                field.insert_text_at_cursor(event.character)
            elif isinstance(field, TextArea):
                field.insert(event.character)
        elif event.key == "enter" and isinstance(field, Input):
            field.post_message(Input.Submitted(field, field.value))
        else:
            return
        event.stop()
        event.prevent_default()
