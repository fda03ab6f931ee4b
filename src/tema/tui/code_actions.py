"""Code actions of the coding screen: the picker (`c`) and the codes panel's commands
(apply, rename, merge, retire, level, definition), each one domain action. They read
nothing: the codes, their counts and the recent ones are what the screen read last."""

from __future__ import annotations

from tema.domain import codes, coding
from tema.errors import Vanished
from tema.i18n import _, ngettext
from tema.tui.modals.code_picker import Pick, shorten
from tema.tui.modals.confirm import ConfirmModal
from tema.tui.modals.memo import MemoModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.ranking import CodeChoice
from tema.tui.words import word


class CodeActions:
    """Mixed into the coding screen (needs ``self.tema``, ``self.view``, ``self.model``)."""

    def action_code(self) -> None:
        model, sel = self.model, self.view.selection
        if model is None or sel is None:
            self.notify(_("Open a document and select a passage first."), severity="warning")
            return
        doc_id, (start, end) = model.doc_id, sel
        subject = f"«{shorten(model.text[start:end], 70)}» (" + ngettext("{n} character", "{n} characters", end - start).format(
            n=end - start) + ")"
        self.tema.pick_code(lambda pick: pick is not None and self.apply_pick(pick, doc_id, start, end),
                            self.code_choices(), self.recent_ids, subject=subject)

    def code_choices(self) -> list[CodeChoice]:
        """The codes with their counts as the screen last read them (for the picker)."""
        return self.choices

    def apply_pick(self, pick: Pick, doc_id: int, start: int, end: int) -> None:
        cid = self.tema.coder_id
        if pick.code_id is None:
            done = self.tema.write(coding.code_span, doc_id, start, end, [pick.name], level=pick.level, coder_id=cid)
        else:
            done = self.tema.write(coding.apply_coding, doc_id, start, end, pick.code_id, coder_id=cid)
        if done is not None:
            if pick.code_id is None:
                self.notify(_("Coded with «{code}» (new, {level}).").format(code=pick.name, level=_(pick.level)))
            else:
                self.notify(_("Coded with «{code}».").format(code=pick.name))

    def toggle_level(self, code_id: int) -> None:
        before = next((c.level for c in self.code_choices() if c.id == code_id), None)
        if self.tema.write(codes.toggle_level, code_id, self.tema.coder_id) is None:
            return
        if before is not None:
            self.notify(_("Level is now {level}.").format(level=word("latent" if before == "semantic" else "semantic")))

    def run_code_command(self, command: str, code_id: int) -> None:
        stats = {c.id: c for c in self.code_choices()}
        code = stats.get(code_id)
        if code is None:  # gone since the list was read: say so (and refresh)
            self.tema.report(Vanished("code", code_id))
            return
        n = code.extracts
        if command == "apply":
            sel = self.view.selection
            if self.model is None or sel is None:
                self.notify(_("Select a passage first."), severity="warning")
            else:
                self.apply_pick(Pick(code_id, code.name), self.model.doc_id, *sel)
        elif command == "level":
            self.toggle_level(code_id)
        elif command == "rename":
            self._rename(code_id, code.name, n)
        elif command == "merge":
            self._merge(code_id, code.name, n, list(stats.values()))
        elif command == "retire":
            self._confirm(_("Retire «{code}»?").format(code=code.name),
                          ngettext("It leaves the code lists; its {n} extract stays coded and it can be restored.",
                                   "It leaves the code lists; its {n} extracts stay coded and it can be restored.",
                                   n).format(n=n),
                          (codes.retire_code, code_id, self.tema.coder_id), _("Retire"))
        elif command == "define":
            def save(text: str | None) -> None:
                if text is not None:
                    self.tema.write(codes.set_code_fields, code_id, definition=text, coder_id=self.tema.coder_id)

            self.app.push_screen(MemoModal(_("Definition of «{code}»").format(code=code.name), _(code.level) + " · " + ngettext("{n} extract", "{n} extracts", n).format(n=n),
                                           code.definition or ""), save)

    def _confirm(self, title: str, message: str, act: tuple, yes: str) -> None:
        """Ask; on yes write ``act`` = (domain function, *its arguments after the session)."""
        def answer(ok: bool | None) -> None:
            if ok and self.tema.write(*act) is not None:
                self.notify(_("{action}: done (ctrl+z undoes).").format(action=yes))

        self.app.push_screen(ConfirmModal(title, message, yes=yes), answer)

    def _rename(self, code_id: int, old: str, n: int) -> None:
        def named(new: str | None) -> None:
            if new and new != old:
                self._confirm(_("Rename «{code}»?").format(code=old), f"«{old}» → «{new}». " + ngettext("Its {n} extract keeps its coding.", "Its {n} extracts keep their coding.",
                                                            n).format(n=n),
                              (codes.rename_code, code_id, new, self.tema.coder_id), _("Rename"))

        self.app.push_screen(PromptModal(_("Rename «{code}»").format(code=old), old), named)

    def _merge(self, code_id: int, name: str, n: int, choices) -> None:
        def target(pick: Pick | None) -> None:
            if pick is None or pick.code_id is None:
                return
            self._confirm(
                _("Merge «{name}» into «{to}»?").format(name=name, to=pick.name),
                ngettext("Its {n} extract moves to «{to}»; «{name}» is kept as merged (ctrl+z undoes).",
                         "Its {n} extracts move to «{to}»; «{name}» is kept as merged (ctrl+z undoes).",
                         n).format(n=n, to=pick.name, name=name),
                (codes.merge_codes, [code_id], pick.code_id, self.tema.coder_id),
                _("Merge"),
            )

        self.tema.pick_code(target, choices, [], title=_("Merge «{name}» into…").format(name=name), allow_new=False, exclude={code_id})
