"""Asks the level of a new code: semantic (the default) or latent."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.i18n import N_, _

LEVELS = [
    ("semantic", N_("Semantic"), N_("explicit, surface meaning: what the participant says")),
    ("latent", N_("Latent"), N_("underlying meaning: ideas, assumptions, framings beneath what is said")),
]


class LevelModal(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Back"), id="level.cancel"),
        Binding("s", "pick('semantic')", N_("Semantic"), id="level.semantic"),
        Binding("l", "pick('latent')", N_("Latent"), id="level.latent"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.code_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="level", classes="modal"):
            yield Label(_("New code «{code}»: which level?").format(code=self.code_name), classes="modal-title")
            yield OptionList(
                *[Option(Text.assemble((_(title), "bold"), f" — {_(help_)}"), id=key) for key, title, help_ in LEVELS],
                id="level-list",
            )
            yield Static(_("Enter choose · s semantic · l latent · Esc back"), classes="modal-hint")

    def on_mount(self) -> None:
        opts = self.query_one(OptionList)
        opts.highlighted = 0
        opts.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, level: str) -> None:
        self.dismiss(level)

    def action_cancel(self) -> None:
        self.dismiss(None)
