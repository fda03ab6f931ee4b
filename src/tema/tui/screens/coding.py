"""Phase 2, coding: the transcript with a sentence cursor and selection, what is coded
at the cursor, and the codes panel. Every change is one undoable domain action."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tema.domain import coding, segments
from tema.domain.codes import code_stats
from tema.domain.coding import CodingView, recent_code_ids
from tema.i18n import N_, _
from tema.tui import reads
from tema.tui.code_actions import CodeActions
from tema.tui.messages import CodeCommand
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.memo import MemoModal
from tema.tui.modals.perspectives import PerspectivesModal
from tema.tui.screens.transcript_base import EMPTY_HINT, TranscriptScreen
from tema.tui.transcript_model import TranscriptModel
from tema.tui.widgets.codes_panel import CodesPanel
from tema.tui.widgets.codings_panel import CodingsPanel
from tema.tui.widgets.feedback_view import FeedbackView
from tema.tui.widgets.transcript import TranscriptView


class CodingScreen(CodeActions, TranscriptScreen):
    PHASE = 2
    NAME = "coding"
    HELP_TITLE = N_("Phase 2 — coding")
    AUTO_FOCUS = "#transcript"
    BINDINGS = [
        Binding("c", "code", N_("Code"), tooltip=N_("Code the selection (picker: search, or a new name)"), id="coding.code"),
        Binding("n", "note", N_("Note"), show=False, tooltip=N_("Note on the selection"), id="coding.note"),
        Binding("x", "uncode", N_("Remove"), tooltip=N_("Remove a coding at the cursor (choose when several)"), id="coding.remove"),
        Binding("p", "perspectives", N_("Perspectives"), tooltip=N_("Perspectives of the coding at the cursor"), id="coding.perspectives"),
        Binding("l", "level", N_("Level"), tooltip=N_("Toggle semantic/latent of the code at the cursor"), id="coding.level"),
        Binding("e", "memo", N_("Memo on the coding"), show=False, id="coding.memo"),
        # ] and [ need AltGr on a Nordic keyboard: u and U do the same.
        Binding("right_square_bracket,u", "uncoded(1)", N_("Next uncoded sentence"), show=False, id="coding.next-uncoded"),
        Binding("left_square_bracket,U", "uncoded(-1)", N_("Previous uncoded sentence"), show=False,
                id="coding.prev-uncoded"),
        Binding("f", "focus_codes", N_("Filter codes"), show=False, id="coding.codes"),
        Binding("D", "app.compare_coders", N_("Coder differences"), show=False, id="coding.compare-coders",
                tooltip=N_("Where two coders' coding differs (for discussion, not a reliability score)")),
        Binding("s", "second_look", N_("Passages like this"), show=False, id="coding.second-look",
                tooltip=N_("Passages of every transcript like the coded extract at the cursor, not coded with its code")),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="coding-body"):
            yield TranscriptView(hint=_(EMPTY_HINT), id="transcript")
            with Vertical(id="side"):
                yield CodingsPanel(id="at-cursor")
                yield FeedbackView(id="coding-feedback")
                yield CodesPanel(id="codes")

    recent_ids: list[int] = []  # the codes this coder applied last, as last read (the picker lists them first)
    choices: list = []  # the codes with their counts as last read (the picker's list)

    def fetch(self, request: dict) -> dict:
        data = super().fetch(request)
        data["stats"] = self.tema.read(code_stats, catch=False)
        data["recent"] = self.tema.read(recent_code_ids, self.tema.coder_id, catch=False)
        return data

    def show(self, data: dict) -> None:
        self.query_one(CodesPanel).set_codes(data["stats"])
        self.recent_ids, self.choices = data["recent"], reads.code_choices(data["stats"])
        super().show(data)

    def name_of(self, kind: str, ref_id: int) -> str | None:
        if kind == "code":
            return next((st.code.name for st in self.query_one(CodesPanel).stats if st.code.id == ref_id), None)
        if kind == "coding" and self.model is not None:
            return next((f"{c.code}: {c.text[:40]}" for c in self.model.codings if c.id == ref_id), None)
        if kind == "document" and self.model is not None and self.model.doc_id == ref_id:
            return self.model.title
        return None

    def selection_changed(self, start: int, end: int) -> None:
        model = self.model
        found = model.codings_in(start, end) if model else []
        self.query_one(CodingsPanel).show_codings(found)
        self.query_one(FeedbackView).show_pooled([c.id for c in found])

    def document_opened(self, model: TranscriptModel) -> None:
        self.query_one(FeedbackView).load_document(model.doc_id)  # the feedback on its codings, read once

    def marks_reloaded(self, model: TranscriptModel) -> None:
        self.query_one(FeedbackView).load_document(model.doc_id)

    # --- codings at the cursor ------------------------------------------------------
    def _with_coding(self, verb: str, then) -> None:
        """Run ``then(coding_view)`` on the coding at the selection (asking which when several)."""
        model, sel = self.model, self.view.selection
        found = model.codings_in(*sel) if model and sel else []
        if not found:
            self.notify(_("Nothing coded at the cursor to {verb}.").format(verb=_(verb)), severity="warning")
            return
        if len(found) == 1:
            then(found[0])
            return
        items = [(c.id, f"{c.code}  «{c.text[:50]}»") for c in found]
        by_id = {c.id: c for c in found}
        self.app.push_screen(ChooseModal(_("Which coding to {verb}?").format(verb=_(verb)), items),
                             lambda cid: cid is not None and then(by_id[cid]))

    def action_uncode(self) -> None:
        def remove(cv: CodingView) -> None:
            if self.tema.write(coding.remove_coding, cv.id, self.tema.coder_id):
                self.notify(_("Removed «{code}» (ctrl+z undoes).").format(code=cv.code))

        self._with_coding(N_("remove"), remove)

    def action_perspectives(self) -> None:
        from tema.domain.perspectives import perspective_names

        def edit(cv: CodingView) -> None:
            names = self.tema.read(perspective_names) or []
            subject = _("«{code}» on «{text}»").format(code=cv.code, text=cv.text[:60])

            def save(chosen: list[str] | None) -> None:
                if chosen is not None:
                    self.tema.write(coding.set_perspectives, cv.id, chosen, self.tema.coder_id)

            self.app.push_screen(PerspectivesModal(subject, names, list(cv.perspectives)), save)

        self._with_coding(N_("set perspectives on"), edit)

    def action_level(self) -> None:
        self._with_coding(N_("change the level of"), lambda cv: self.toggle_level(cv.code_id))

    def action_memo(self) -> None:
        def edit(cv: CodingView) -> None:
            def save(text: str | None) -> None:
                if text is not None:
                    self.tema.write(coding.set_memo, cv.id, text, self.tema.coder_id)

            self.app.push_screen(MemoModal(_("Memo on «{code}»").format(code=cv.code), f"«{cv.text[:80]}»", cv.memo or ""), save)

        self._with_coding(N_("write a memo on"), edit)

    def action_uncoded(self, direction: int) -> None:
        model = self.model
        if model is None:
            return
        s, e = self.view.sel
        pos = e if direction > 0 else s
        found = self.tema.read(segments.next_uncoded_segment, model.doc_id, pos, backwards=direction < 0)
        if found is None:
            self.notify(_("No uncoded sentence after the cursor.") if direction > 0
                        else _("No uncoded sentence before the cursor."))
            return
        i = model.segment_at(found[0])
        self.view.select_segments(i, i)

    def action_second_look(self) -> None:
        from tema.tui.screens.second_look import open_second_look

        self._with_coding(N_("look for passages like"), lambda cv: open_second_look(self, "coding", cv.id, cv.code))

    def action_focus_codes(self) -> None:
        self.query_one("#codes-filter").focus()

    def on_code_command(self, message: CodeCommand) -> None:
        self.run_code_command(message.command, message.code_id)
