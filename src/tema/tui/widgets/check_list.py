"""A SelectionList that toggles the option the key or click was on.

Textual's toggles "the highlighted option" when its select message is handled, so a
fast «space ↓ space» (a burst of keys over SSH) toggles the second option twice."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList, SelectionList

from tema.i18n import N_


class CheckList(SelectionList):
    BINDINGS = [Binding("space", "toggle_highlighted", N_("Toggle"), show=False, id="check-list.toggle")]

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(self.get_option_at_index(event.option_index))
