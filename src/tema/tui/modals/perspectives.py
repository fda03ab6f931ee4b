"""Set the perspectives of a coding: the project's list (space toggles), new ones added
inline (type a name, Enter); ctrl+s saves, Esc cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tema.i18n import N_, _
from tema.text import clean_name, name_key, nb_sort_key
from tema.tui.widgets.check_list import CheckList
from tema.tui.widgets.inputs import TemaInput


class PerspectivesModal(ModalScreen[list[str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="perspectives.save"),
        Binding("escape", "cancel", N_("Cancel"), id="perspectives.cancel"),
    ]

    def __init__(self, subject: str, available: list[str], chosen: list[str]) -> None:
        super().__init__()
        self.subject = subject
        keys = {name_key(n) for n in available}
        self.available = available + [c for c in chosen if name_key(c) not in keys]
        self.chosen = {name_key(c) for c in chosen}

    def compose(self) -> ComposeResult:
        with Vertical(id="perspectives", classes="modal"):
            yield Label(_("Perspectives"), classes="modal-title")
            yield Static(self.subject, classes="modal-context")
            yield CheckList(
                *[(n, n, name_key(n) in self.chosen) for n in sorted(self.available, key=nb_sort_key)],
                id="perspective-list",
            )
            yield TemaInput(placeholder=_("New perspective… (Enter adds it)"), id="perspective-new")
            yield Static(_("space toggle · Tab to the new-perspective field · ctrl+s save · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        target = self.query_one("#perspective-list") if self.available else self.query_one("#perspective-new")
        target.focus()

    @on(Input.Submitted, "#perspective-new")
    def _add(self, event: Input.Submitted) -> None:
        name = clean_name(event.value)
        sel = self.query_one("#perspective-list", CheckList)
        if name:
            existing = [v for v in (sel.get_option_at_index(i).value for i in range(sel.option_count)) if name_key(v) == name_key(name)]
            if existing:
                sel.select(existing[0])
            else:
                sel.add_option((name, name, True))
        event.input.value = ""

    def action_save(self) -> None:
        self.dismiss(list(self.query_one("#perspective-list", CheckList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
