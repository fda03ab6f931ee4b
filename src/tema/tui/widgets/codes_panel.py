"""The codes panel: every active code with its extract count, filterable; keys act on
the highlighted code (apply to the selection, rename, merge, retire, level, define)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tema.domain.codes import CodeStat
from tema.i18n import N_, _, ngettext
from tema.text import name_key
from tema.tui.messages import CodeCommand
from tema.tui.widgets.inputs import TemaInput


class CodesPanel(Vertical):
    HELP_TITLE = N_("Codes panel")
    HELP_EXTRA = [("type", N_("Filter the codes (f from the transcript)")),
                  ("enter", N_("Apply the highlighted code to the selection"))]
    BINDINGS = [
        Binding("a", "command('apply')", N_("Apply to selection"), id="codes.apply"),
        Binding("r", "command('rename')", N_("Rename"), id="codes.rename"),
        Binding("m", "command('merge')", N_("Merge into…"), id="codes.merge"),
        Binding("t", "command('retire')", N_("Retire"), id="codes.retire"),
        Binding("l", "command('level')", N_("Toggle level"), id="codes.level"),
        Binding("e", "command('define')", N_("Edit definition"), id="codes.define"),
        Binding("escape", "leave", N_("Back to the transcript"), show=False, id="codes.leave"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stats: list[CodeStat] = []

    def compose(self) -> ComposeResult:
        yield TemaInput(placeholder=_("Filter codes…"), id="codes-filter")
        yield OptionList(id="codes-list")

    @property
    def options(self) -> OptionList:
        return self.query_one("#codes-list", OptionList)

    def set_codes(self, stats: list[CodeStat]) -> None:
        """Show ``stats``; when the same codes come in the same order, only the lines that
        changed (an extract count, a level) are drawn again."""
        if stats == self.stats and self.options.option_count:
            return
        same_codes = [st.code.id for st in stats] == [st.code.id for st in self.stats]
        before = {st.code.id: st for st in self.stats}
        self.stats = stats
        if same_codes and self.options.option_count:
            self._fill(replace=True, changed={st.code.id for st in stats if before.get(st.code.id) != st})
        else:
            self._fill()

    def _line(self, st: CodeStat) -> Text:
        """One line a code, whatever the width: the list's CSS (text-wrap: nowrap,
        text-overflow: ellipsis) ends a long name in an ellipsis instead of wrapping it."""
        mark = "L " if st.code.level == "latent" else "  "
        return Text.assemble(("■", st.code.colour or "#888888"), (f"{st.extracts:>3} ", "dim"), (mark, "italic dim"),
                             st.code.name)

    def _fill(self, *, replace: bool = False, changed: set[int] | None = None) -> None:
        query = name_key(self.query_one("#codes-filter", Input).value)
        opts = self.options
        keep = opts.highlighted_option.id if opts.highlighted_option else None
        shown = [
            st for st in self.stats
            if not query or query in name_key(st.code.name) or query in name_key(st.code.definition or "")
        ]
        if replace and [o.id for o in opts.options] == [str(st.code.id) for st in shown]:
            # Same codes in the same order (an extract count or a level changed): no re-layout.
            for i, st in enumerate(shown):
                if changed is None or st.code.id in changed:
                    opts.replace_option_prompt_at_index(i, self._line(st))
        else:
            opts.set_options([Option(self._line(st), id=str(st.code.id)) for st in shown])
            if keep is not None and any(str(st.code.id) == keep for st in shown):
                opts.highlighted = opts.get_option_index(keep)
            elif shown:
                opts.highlighted = 0
        total = sum(st.extracts for st in self.stats)
        self.border_title = (_("Codes ({shown}/{n})").format(shown=len(shown), n=len(self.stats)) if query
                             else _("Codes ({n})").format(n=len(self.stats)))
        self.border_subtitle = ngettext("{n} extract · L latent", "{n} extracts · L latent", total).format(n=total)

    @on(Input.Changed, "#codes-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    @on(Input.Submitted, "#codes-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.options.focus()

    @on(OptionList.OptionSelected, "#codes-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(CodeCommand(self, "apply", int(event.option.id)))

    def action_command(self, command: str) -> None:
        opt = self.options.highlighted_option
        if opt is not None and opt.id:
            self.post_message(CodeCommand(self, command, int(opt.id)))
        else:
            self.app.notify(_("No code highlighted in the codes panel."), severity="warning")

    def action_leave(self) -> None:
        """Esc: out of the filter (or the list) back to the transcript, where keys are commands."""
        view = getattr(self.screen, "view", None)
        (view if view is not None else self.options).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Letter keys belong to the filter while it has focus.
        if action == "command" and isinstance(self.app.focused, Input):
            return False
        return True
