"""Long work (importing files, resegmenting) in a thread worker with a progress bar;
Esc asks it to stop after the current document (each document is its own transaction)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

# job(progress(done, total, label), cancelled() -> bool) -> summary line (None: close at once)
Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], str]


class TaskModal(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Stop / close", id="task.cancel"),
        Binding("enter", "close", "Close when done", id="task.close"),
    ]

    def __init__(self, title: str, job: Job, total: int) -> None:
        super().__init__()
        self.title_text = title
        self.job = job
        self.total = total
        self.stop = threading.Event()
        self.summary: str | None = None
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(id="task", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield ProgressBar(total=self.total, id="task-progress")
            yield Static("Starting (loading the language pipeline)…", id="task-status")
            yield Static("Esc stops after the current document", classes="modal-hint", id="task-hint")

    def on_mount(self) -> None:
        self.run_job()

    @work(thread=True, exclusive=True, group="task", exit_on_error=False)
    def run_job(self) -> None:
        def progress(done: int, total: int, label: str) -> None:
            self.app.call_from_thread(self._progress, done, total, label)

        try:
            summary = self.job(progress, self.stop.is_set)
        except Exception as exc:  # TemaError from the importer, or anything else: show it
            summary = f"Stopped: {exc}"
        self.app.call_from_thread(self._done, summary)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#task-status", Static).update(label)

    def _done(self, summary: str | None) -> None:
        if summary is None:  # the job has nothing to show (its caller takes over)
            self.dismiss(None)
            return
        self.summary = summary
        self.finished = True
        self.query_one("#task-status", Static).update(summary)
        self.query_one("#task-hint", Static).update("Enter or Esc closes")

    def action_cancel(self) -> None:
        if self.finished:
            self.dismiss(self.summary)
        else:
            self.stop.set()
            self.query_one("#task-status", Static).update("Stopping after the current document…")

    def action_close(self) -> None:
        if self.finished:
            self.dismiss(self.summary)
