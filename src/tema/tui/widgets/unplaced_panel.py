"""Codes not placed in any theme yet, with extract counts and level, filterable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tema.domain.codes import CodeStat
from tema.text import name_key
from tema.tui.widgets.inputs import TemaInput


class UnplacedPanel(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stats: list[CodeStat] = []

    def compose(self) -> ComposeResult:
        yield TemaInput(placeholder="Filter codes…", id="unplaced-filter")
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
        opts.set_options([
            Option(Text.assemble((f"{st.extracts:>3} ", "dim"), ("L " if st.code.level == "latent" else "  ", "italic dim"),
                                 st.code.name), id=str(st.code.id))
            for st in shown
        ])
        ids = [str(st.code.id) for st in shown]
        if keep in ids:
            opts.highlighted = ids.index(keep)
        elif shown:
            opts.highlighted = min(keep_index, len(shown) - 1)
        self.border_title = f"Unplaced codes ({len(shown)}/{len(self.stats)})" if query else f"Unplaced codes ({len(self.stats)})"
        self.border_subtitle = "extracts · L latent"

    @property
    def selected_code_id(self) -> int | None:
        opt = self.options.highlighted_option
        return int(opt.id) if opt is not None and opt.id else None

    @on(Input.Changed, "#unplaced-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    @on(Input.Submitted, "#unplaced-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.options.focus()
