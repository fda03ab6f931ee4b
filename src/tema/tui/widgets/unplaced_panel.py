"""Codes not placed in any theme yet, with extract counts and level, filterable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tema.domain.codes import CodeStat
from tema.i18n import N_, _
from tema.text import name_key
from tema.tui.widgets.inputs import TemaInput


def _prompt(st: CodeStat) -> Text:
    """One line a code: the list's CSS (text-wrap: nowrap, text-overflow: ellipsis) ends a
    name too long for the panel in an ellipsis instead of wrapping it."""
    return Text.assemble((f"{st.extracts:>3} ", "dim"), ("L " if st.code.level == "latent" else "  ", "italic dim"),
                         st.code.name)


def _key(st: CodeStat) -> tuple:
    """What an option shows: equal keys, equal option."""
    return (st.code.id, st.extracts, st.code.level, st.code.name)


# Removing a few options in place beats re-measuring every option with set_options.
FEW = 8


class UnplacedPanel(Vertical):
    BINDINGS = [Binding("escape", "leave_filter", N_("Out of the filter"), show=False, id="board.leave-filter")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stats: list[CodeStat] = []
        self._shown: list[tuple] = []  # _key of each option in the list, in order

    def compose(self) -> ComposeResult:
        yield TemaInput(placeholder=_("Filter codes…"), id="unplaced-filter")
        yield OptionList(id="unplaced-list")

    @property
    def options(self) -> OptionList:
        return self.query_one("#unplaced-list", OptionList)

    def set_codes(self, stats: list[CodeStat]) -> None:
        self.stats = stats
        self._fill()

    def _fill(self) -> None:
        query = name_key(self.query_one("#unplaced-filter", Input).value)
        opts = self.options
        keep = opts.highlighted_option.id if opts.highlighted_option else None
        keep_index = opts.highlighted or 0
        shown = [st for st in self.stats if not query or query in name_key(st.code.name)]
        self._show(opts, shown)
        ids = [str(st.code.id) for st in shown]
        if keep in ids:
            opts.highlighted = ids.index(keep)
        elif shown:
            opts.highlighted = min(keep_index, len(shown) - 1)
        self.border_title = (_("Unplaced codes ({shown}/{n})").format(shown=len(shown), n=len(self.stats)) if query
                             else _("Unplaced codes ({n})").format(n=len(self.stats)))
        self.border_subtitle = _("extracts · L latent")

    def _show(self, opts: OptionList, shown: list[CodeStat]) -> None:
        """Put ``shown`` in the list: nothing when it shows them already, a few removals
        when only a few went, otherwise all options anew."""
        keys = [_key(st) for st in shown]
        if keys == self._shown and opts.option_count == len(keys):
            return
        gone = _removed(self._shown, keys) if opts.option_count == len(self._shown) else None
        if gone is not None and len(gone) <= FEW:
            for key in gone:
                opts.remove_option(str(key[0]))
        else:
            opts.set_options([Option(_prompt(st), id=str(st.code.id)) for st in shown])
        self._shown = keys

    @property
    def selected_code_id(self) -> int | None:
        opt = self.options.highlighted_option
        return int(opt.id) if opt is not None and opt.id else None

    def action_leave_filter(self) -> None:
        """Esc in the filter: to the list, where the board's keys are commands again."""
        self.options.focus()

    @on(Input.Changed, "#unplaced-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    @on(Input.Submitted, "#unplaced-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.options.focus()


def _removed(old: list[tuple], new: list[tuple]) -> list[tuple] | None:
    """The entries of ``old`` missing from ``new`` when ``new`` is ``old`` with some
    entries taken out (order kept); None when ``new`` differs otherwise."""
    if len(new) > len(old):
        return None
    gone, j = [], 0
    for key in old:
        if j < len(new) and new[j] == key:
            j += 1
        else:
            gone.append(key)
    return gone if j == len(new) else None
