"""Long work started from the TUI, run in a worker by TaskModal: importing transcripts
and resegmenting. Each document is its own transaction, so stopping is always clean."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tema.i18n import _, ngettext
from tema.tui.modals.import_files import ImportModal, ImportRequest
from tema.tui.modals.task import TaskModal

if TYPE_CHECKING:
    from tema.tui.app import TemaApp


def start_import(app: TemaApp) -> None:
    def run(req: ImportRequest | None) -> None:
        if req is None:
            return

        def job(progress, cancelled) -> str:
            from tema.ingest.importer import import_files

            total = len(req.paths)
            report = import_files(
                app.workspace.store, req.paths, participant=req.participant, coder=app.coder_name,
                participant_from_file=req.participant_from_file,
                progress=lambda done, path: progress(done, total, f"{done}/{total}: {path}"), cancelled=cancelled,
            )
            done = len(report.imported)
            line = ngettext("Imported {done} of {total} file.", "Imported {done} of {total} files.", total).format(
                done=done, total=total)
            return line + (" " + _("(Stopped early.)") if done < total else "")

        app.push_screen(TaskModal(_("Importing transcripts"), job, len(req.paths)), partial(finished, app, "import"))

    app.push_screen(ImportModal(), run)


def start_resegment(app: TemaApp) -> None:
    doc_id = app.current_doc_id
    if doc_id is None:
        app.notify(_("Open a document first."), severity="warning")
        return

    def job(progress, cancelled) -> str:
        from tema.domain.segments import segment_documents
        from tema.nlp import load_pipeline

        nlp = load_pipeline()
        progress(0, 1, _("Segmenting…"))
        n = app.workspace.write(segment_documents, [doc_id], nlp)
        progress(1, 1, _("Done."))
        return ngettext("{n} segment (turns and sentences); codings are unchanged.",
                        "{n} segments (turns and sentences); codings are unchanged.", n).format(n=n)

    app.push_screen(TaskModal(_("Resegmenting the open document"), job, 1), partial(finished, app, "resegment"))


def finished(app: TemaApp, action: str, summary: str | None) -> None:
    """The progress window closed itself: the views reload, the summary is shown."""
    app.data_changed(action)
    if summary:
        app.notify(summary, title=_("Done"), timeout=8)
