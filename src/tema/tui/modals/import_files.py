"""Import transcripts from the TUI: file paths (globs allowed) and the participant."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tema.i18n import N_, _
from tema.tui.widgets.inputs import TemaInput


@dataclass(frozen=True)
class ImportRequest:
    paths: list[Path]
    participant: str | None


def expand(spec: str) -> list[Path]:
    out: list[Path] = []
    for part in spec.split():
        part = str(Path(part).expanduser())
        matches = sorted(glob.glob(part)) if any(ch in part for ch in "*?[") else [part]
        out.extend(Path(m) for m in matches)
    return out


class ImportModal(ModalScreen[ImportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="import.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="modal"):
            yield Label(_("Import transcripts (.txt .md .docx .vtt .srt)"), classes="modal-title")
            yield TemaInput(placeholder=_("Files, e.g. ~/intervjuer/*.docx"), id="import-paths")
            yield TemaInput(placeholder=_("Participant (optional, for a single interview)"), id="import-participant")
            yield Static("", id="import-status")
            yield Static(_("Enter in the last field starts · Tab next field · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#import-paths").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "import-paths":
            self.query_one("#import-participant").focus()
            return
        paths = expand(self.query_one("#import-paths", Input).value)
        missing = [p for p in paths if not p.is_file()]
        status = self.query_one("#import-status", Static)
        if not paths:
            status.update(_("Name at least one file."))
        elif missing:
            status.update(_("Not a file: {path}").format(path=missing[0]))
        else:
            who = self.query_one("#import-participant", Input).value.strip() or None
            self.dismiss(ImportRequest(paths, who))

    def action_cancel(self) -> None:
        self.dismiss(None)
