"""Import transcripts from the TUI: file paths (globs allowed) and the participant.

For one file the participant field is prefilled, as ``tema import`` decides it: the
file's metadata table's participant, else the one named speaker besides the interviewer
(tema.ingest.speakers.suggest_participant, read in a worker). The field stays editable;
emptied, the transcript gets no participant. For several files an empty field leaves
each file its own participant; a name makes it every file's."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tema.i18n import N_, _
from tema.tui.widgets.inputs import TemaInput


@dataclass(frozen=True)
class ImportRequest:
    paths: list[Path]
    participant: str | None
    participant_from_file: bool = True  # no participant named: each file's own (metadata, speaker label)


def expand(spec: str) -> list[Path]:
    out: list[Path] = []
    for part in spec.split():
        part = str(Path(part).expanduser())
        matches = sorted(glob.glob(part)) if any(ch in part for ch in "*?[") else [part]
        out.extend(Path(m) for m in matches)
    return out


def suggestion(path: Path) -> str | None:
    """The participant ``tema import`` would give the file (None: none, or it cannot be read)."""
    from tema.ingest.speakers import suggest_participant

    try:
        return suggest_participant(path)
    except Exception:  # noqa: BLE001 - an unreadable file is reported when it is imported
        return None


class ImportModal(ModalScreen[ImportRequest | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="import.cancel")]

    class Suggested(Message, bubble=False):
        def __init__(self, path: Path, participant: str | None) -> None:
            super().__init__()
            self.path, self.participant = path, participant

    def __init__(self) -> None:
        super().__init__()
        self.suggest_for: Path | None = None  # the one file a suggestion was asked for
        self.suggested: str | None = None  # what the field was prefilled with (None: not yet)
        self.pending = False  # a suggestion is being read

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="modal"):
            yield Label(_("Import transcripts (.txt .md .docx .vtt .srt)"), classes="modal-title")
            yield TemaInput(placeholder=_("Files, e.g. ~/intervjuer/*.docx"), id="import-paths")
            yield TemaInput(placeholder=_("Participant (empty: none; several files: each its own)"),
                            id="import-participant")
            yield Static("", id="import-status")
            yield Static(_("Enter in the last field starts · Tab next field · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#import-paths").focus()

    @property
    def participant_field(self) -> Input:
        return self.query_one("#import-participant", Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "import-paths":
            return
        listed = expand(event.value)
        one = listed[0] if len(listed) == 1 and listed[0].is_file() else None
        if one is None and self.suggest_for is not None:
            self._unsuggest(len(listed))
        if one is None or one == self.suggest_for:
            return
        self.suggest_for, self.pending = one, True
        self.run_worker(lambda: self.post_message(self.Suggested(one, suggestion(one))), thread=True,
                        exclusive=True, group="import-suggest", exit_on_error=False)

    def _unsuggest(self, n_files: int) -> None:
        """The paths no longer name one file: a prefilled participant (not one typed) goes."""
        field = self.participant_field
        if self.suggested is not None and field.value == self.suggested:
            field.value = ""
        self.suggest_for, self.suggested, self.pending = None, None, False
        self.query_one("#import-status", Static).update(
            _("Several files: each gets the participant it names, unless you type one for all.") if n_files > 1 else "")

    def on_import_modal_suggested(self, message: ImportModal.Suggested) -> None:
        message.stop()
        if message.path != self.suggest_for:
            return  # another file was named since
        self.pending = False
        field = self.participant_field
        if field.value.strip() and field.value != (self.suggested or ""):
            return  # typed by hand: kept
        self.suggested = message.participant or ""
        field.value = self.suggested
        status = self.query_one("#import-status", Static)
        status.update(_("Participant «{name}» from the transcript — edit it, or empty it for none.").format(
            name=message.participant) if message.participant else _("The transcript names no participant."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "import-paths":
            self.participant_field.focus()
            return
        paths = expand(self.query_one("#import-paths", Input).value)
        missing = [p for p in paths if not p.is_file()]
        status = self.query_one("#import-status", Static)
        if not paths:
            status.update(_("Name at least one file."))
        elif missing:
            status.update(_("Not a file: {path}").format(path=missing[0]))
        else:
            who = self.participant_field.value.strip() or None
            # One file: what the field says (empty: none) — unless its suggestion is still
            # being read, when the file's own participant is used as `tema import` does.
            from_file = who is None and (len(paths) > 1 or self.pending or self.suggested is None)
            self.dismiss(ImportRequest(paths, who, from_file))

    def action_cancel(self) -> None:
        self.dismiss(None)
