"""The app's global actions (journal, undo/redo, search, help, project phase, phase
screens), navigation used by the palette and search, and the palette's action list.
Mixed into TemaApp, which holds the bindings."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import SystemCommand
from textual.screen import Screen

from tema.domain import journal
from tema.domain.project import PHASES_EN
from tema.domain.project_views import redo_last, undo_last
from tema.i18n import _, ngettext
from tema.tui import tasks
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.confirm import ConfirmModal
from tema.tui.modals.help import HelpModal, collect_bindings
from tema.tui.modals.memo import MemoModal
from tema.tui.modals.phase import PhaseModal
from tema.tui.modals.search import SearchModal
from tema.tui.screens import PHASE_SCREENS, PhaseScreen


class GlobalActions:
    """Needs the TemaApp gateway: read, write, base_screen, coder_id, project_phase."""

    # --- global actions -------------------------------------------------------------
    def action_phase(self, phase: int) -> None:
        if phase in PHASE_SCREENS:
            self.switch_mode(f"phase{phase}")
        else:
            self.notify(_("Phase {n} ({name}) has no screen in this version; use the command line "
                          "(tema theme, tema snapshot, tema export).").format(n=phase, name=_(PHASES_EN[phase])),
                        severity="warning")

    def _where(self) -> tuple[int, dict, str]:
        base = self.base_screen
        if isinstance(base, PhaseScreen):
            return base.PHASE, base.where(), base.where_label()
        return self.project_phase, {"screen": None, "document": None, "offset": None}, ""

    async def action_quit(self) -> None:
        """Quit — after a question when a screen holds edits not saved (phase 5's forms)."""
        unsaved = [name for screen in self.phase_screens.values() for name in screen.unsaved()]
        if not unsaved:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        names = ", ".join(f"«{name}»" for name in unsaved)
        self.push_screen(ConfirmModal(
            _("Quit without saving?"),
            _("Edits to {names} are not saved: they are lost if you quit now. n, then ctrl+s in phase 5 "
              "saves them.").format(names=names), yes=_("Quit")), answered)

    def action_journal(self) -> None:
        if isinstance(self.screen, MemoModal):
            return
        phase, where, label = self._where()

        def save(body: str | None) -> None:
            if body and self.write(journal.add_journal, body, phase=phase, coder_id=self.coder_id, context=where):
                self.notify(_("Journal entry saved."))

        self.push_screen(MemoModal(_("Reflexive journal"), _("Phase {n} · {where}").format(n=phase, where=label)), save)

    def action_undo(self) -> None:
        summary = self.write(undo_last, self.coder_id, failure="warning")
        if summary:
            self.notify(_("Undone: {what}").format(what=summary))

    def action_toggle_pseudonyms(self) -> None:
        self.pseudonymised = not self.pseudonymised
        screen = self.screen
        if hasattr(screen, "open_document") and self.current_doc_id is not None:
            screen.open_document(self.current_doc_id, touch=False)
        self.notify(_("Pseudonymised view on: real names hidden") if self.pseudonymised else _("Pseudonymised view off"))

    def action_redo(self) -> None:
        summary = self.write(redo_last, self.coder_id, failure="warning")
        if summary:
            self.notify(_("Redone: {what}").format(what=summary))

    def action_search(self) -> None:
        from tema.domain.search import search

        def runner(query: str, exact: bool):
            return self.read(search, query, exact=exact, catch=False)

        def jump(hit) -> None:
            if hit is not None:
                marks = [(hit.start + a, hit.start + b) for a, b in hit.marks]
                self.open_anywhere(hit.document_id, hit.start, hit.end, marks)

        self.push_screen(SearchModal(runner), jump)

    def action_help(self) -> None:
        screen = self.screen
        title = getattr(screen, "HELP_TITLE", type(screen).__name__)
        self.push_screen(HelpModal(title, collect_bindings(self, screen)))

    def action_feedback(self) -> None:
        from tema.tui.screens.feedback_list import FeedbackListModal, open_feedback_list

        if not isinstance(self.screen, FeedbackListModal):
            open_feedback_list(self)

    def action_set_phase(self) -> None:
        phase, where, _label = self._where()

        def save(result: tuple[int, str] | None) -> None:
            if result and self.write(journal.set_phase_journaled, result[0], result[1], coder_id=self.coder_id,
                                     context=where):
                self.notify(_("The project is now in phase {n} ({name}); noted in the journal.").format(
                    n=result[0], name=_(PHASES_EN[result[0]])))

        self.push_screen(PhaseModal(self.project_phase, phase), save)

    def action_compare_coders(self) -> None:
        """Choose two coders, see where their coding differs, open a place to discuss it."""
        from tema.domain.compare import coders_with_codings

        who = self.read(coders_with_codings) or []
        if len(who) < 2:
            self.notify(_("Only one coder has coded in this project — bring the team's coding together first "
                          "(tema merge)."), severity="warning")
            return
        items = [(i, f"{name}  (" + ngettext("{n} coding", "{n} codings", n).format(n=n) + ")") for i, (name, n) in enumerate(who)]
        me = next((i for i, (name, _) in enumerate(who) if name == self.coder_name), None)

        def first(i: int | None) -> None:
            if i is not None:
                self.push_screen(ChooseModal(_("Compare {coder} with which coder?").format(coder=who[i][0]), [x for x in items if x[0] != i]),
                                 lambda j: j is not None and self._show_differences(who[i][0], who[j][0]))

        self.push_screen(ChooseModal(_("Compare which coder's coding…"), items, highlight=me), first)

    def _show_differences(self, a: str, b: str) -> None:
        from dataclasses import replace

        from tema.domain.compare import compare_coders
        from tema.domain.pseudonyms import Pseudonymizer
        from tema.tui.screens.coder_diff import CoderDiffModal

        cmp = self.read(compare_coders, a, b)
        if cmp is not None and self.pseudonymised:
            pz = self.read(Pseudonymizer.for_session)
            if pz is not None:
                cmp.differences = [replace(d, text_a=pz(d.text_a), text_b=pz(d.text_b), document=pz(d.document))
                                   for d in cmp.differences]
        if cmp is None:
            return
        if not cmp.documents:
            self.notify(_("{a} and {b} have not both coded any document.").format(a=a, b=b), severity="warning")
            return

        def jump(d) -> None:
            if d is not None:
                spans = [x for x in (d.a, d.b) if x]
                self.open_anywhere(d.document_id, min(x[0] for x in spans), max(x[1] for x in spans), spans)

        self.push_screen(CoderDiffModal(cmp), jump)

    # --- navigation used by the palette and search ----------------------------------
    def open_anywhere(self, doc_id: int, start: int | None = None, end: int | None = None,
                      marks: list[tuple[int, int]] | None = None) -> None:
        """Open a document in the current transcript screen, else in the coding screen."""
        from tema.tui.screens.transcript_base import TranscriptScreen

        base = self.base_screen
        if isinstance(base, TranscriptScreen):
            base.open_document(doc_id, start, end, marks=marks)
            return
        self.current_doc_id, self.cursor = doc_id, (start, end)
        phase = 2 if 2 in PHASE_SCREENS else 1
        self.switch_mode(f"phase{phase}")
        self.call_after_refresh(lambda: self.base_screen.open_document(doc_id, start, end, marks=marks))

    def goto_code(self, code_id: int) -> None:
        from tema.domain.coding import extracts

        found = self.read(extracts, [code_id]) or []
        if not found:
            self.notify(_("No extracts coded with this code yet."))
            return
        here = (self.current_doc_id, self.cursor[0] or 0)
        after = [i for i, x in enumerate(found) if x.document_id == here[0] and x.start > here[1]]
        same_doc = [i for i, x in enumerate(found) if x.document_id == here[0]]
        i = after[0] if after else (same_doc[0] if same_doc else 0)
        x = found[i]
        self.open_anywhere(x.document_id, x.start, x.end)
        self.notify(_("«{code}»: extract {i} of {n} ({document}).").format(code=x.code, i=i + 1, n=len(found),
                                                                            document=x.document))

    # --- command palette ------------------------------------------------------------
    def action_command_palette(self) -> None:
        """Textual's command palette, its placeholder in the interface's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for n in PHASE_SCREENS:
            yield SystemCommand(_("Phase {n}: {name}").format(n=n, name=_(PHASES_EN[n])),
                                _("Show the phase {n} screen (key {n})").format(n=n), partial(self.action_phase, n))
        yield SystemCommand(_("Set the project's phase…"), _("Move the project to another phase, noted in the journal (P)"),
                            self.action_set_phase)
        yield SystemCommand(_("Journal entry"), _("Write in the reflexive journal (ctrl+j)"), self.action_journal)
        yield SystemCommand(_("Search the transcripts"), _("Full-text search by lemma or exact form (/)"), self.action_search)
        yield SystemCommand(_("Undo"), _("Undo the last action (ctrl+z)"), self.action_undo)
        yield SystemCommand(_("Redo"), _("Redo the last undone action (ctrl+y)"), self.action_redo)
        yield SystemCommand(_("Import transcripts…"), _("Add transcript files to the project"), partial(tasks.start_import, self))
        yield SystemCommand(_("Resegment this document"), _("Split the open transcript into turns and sentences again"),
                            partial(tasks.start_resegment, self))
        yield SystemCommand(_("Compare two coders…"), _("Where two coders' coding differs, for discussion (D in phase 2)"),
                            self.action_compare_coders)
        yield SystemCommand(_("Feedback…"), _("The supervisor's comments: open/resolved, reply, resolve, go to the item (F)"),
                            self.action_feedback)
        yield SystemCommand(_("Keys"), _("Every key of this screen (?)"), self.action_help)
        for command in super().get_system_commands(screen):  # Textual's (tema.tui.words.TEXTUAL)
            yield command._replace(title=_(command.title), help=_(command.help))
