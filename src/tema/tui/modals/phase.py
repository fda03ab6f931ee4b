"""`P`: move the project to another phase, explicitly, with a line for the journal."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain.project import PHASES_EN
from tema.i18n import N_, _
from tema.tui.widgets.inputs import TemaTextArea


class PhaseModal(ModalScreen[tuple[int, str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="phase.save"),
        Binding("escape", "cancel", N_("Cancel"), id="phase.cancel"),
    ]

    def __init__(self, current: int, suggested: int) -> None:
        super().__init__()
        self.current = current
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="phase", classes="modal"):
            yield Label(_("Project phase (now {n}: {name})").format(n=self.current, name=_(PHASES_EN[self.current])),
                        classes="modal-title")
            yield OptionList(
                *[
                    Option(Text.assemble((f"{n} {_(PHASES_EN[n])}", "bold" if n == self.current else "")), id=str(n))
                    for n in PHASES_EN
                ],
                id="phase-list",
            )
            yield Static(_("Why now? (written to the reflexive journal with the change)"), classes="modal-context")
            yield TemaTextArea(id="phase-reason", soft_wrap=True)
            yield Static(_("↑↓ phase · Enter then write why · ctrl+s save · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        opts = self.query_one("#phase-list", OptionList)
        opts.highlighted = self.suggested - 1
        opts.focus()

    @on(OptionList.OptionSelected, "#phase-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#phase-reason").focus()

    def action_save(self) -> None:
        phase = (self.query_one("#phase-list", OptionList).highlighted or 0) + 1
        self.dismiss((phase, self.query_one("#phase-reason", TemaTextArea).text.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
