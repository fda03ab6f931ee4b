"""Long work (importing files, resegmenting, exporting) in a thread worker with a progress
bar; Esc asks it to stop after the current document (each document is its own
transaction). The window closes itself when the work is done: its one-line summary goes
to the caller (which shows it), a failure is shown as an error notice."""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from tema.i18n import N_, _

# job(progress(done, total, label), cancelled() -> bool) -> summary line (None: close at once)
Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], str]


class TaskModal(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Stop"), id="task.cancel"),
    ]

    def __init__(self, title: str, job: Job, total: int, *, status: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.status = status or _("Starting (loading the language pipeline)…")
        self.job = job
        self.total = total
        self.stop = threading.Event()
        self.summary: str | None = None
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(id="task", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield ProgressBar(total=self.total, id="task-progress")
            yield Static(self.status, id="task-status")
            yield Static(_("Esc stops after the current document · the window closes itself when done"),
                         classes="modal-hint", id="task-hint")

    def on_mount(self) -> None:
        self.run_job()

    @work(thread=True, exclusive=True, group="task", exit_on_error=False)
    def run_job(self) -> None:
        def progress(done: int, total: int, label: str) -> None:
            self.app.call_from_thread(self._progress, done, total, label)

        try:
            summary = self.job(progress, self.stop.is_set)
        except Exception as exc:  # TemaError from the importer, or anything else: show it
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, summary)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#task-status", Static).update(label)

    def _done(self, summary: str | None) -> None:
        """Finished: close, handing the summary (None: nothing to show) to the caller."""
        self.summary = summary
        self.finished = True
        self.dismiss(summary)

    def _failed(self, problem: str) -> None:
        self.finished = True
        self.app.notify(_("Stopped: {problem}").format(problem=problem), severity="error", title=self.title_text,
                        timeout=12)
        self.dismiss(None)

    def action_cancel(self) -> None:
        if not self.finished:
            self.stop.set()
            self.query_one("#task-status", Static).update(_("Stopping after the current document…"))


