"""Where two coders' coding differs, for the team's discussion: per code the codings of
each, same spans, partial overlaps and spans only one coded (with the overlap share,
labelled as a description of difference — never a reliability score); below, the
places themselves. Enter on a place opens it in the transcript with both spans marked."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain.compare import OVERLAP_NOTE, Comparison, Difference
from tema.i18n import N_, _, ngettext

ALL = "__all__"
KIND_STYLE = {"both": "green", "partial": "yellow", "only_a": "cyan", "only_b": "magenta"}


def difference_text(cmp: Comparison, d: Difference) -> Text:
    out = Text()
    out.append(f"{cmp.kind_label(d.kind):<22}", style=f"bold {KIND_STYLE[d.kind]}")
    out.append(f"{d.code} · {d.document}\n", style="dim")
    if d.kind == "partial":
        out.append(f"   {cmp.coder_a}: ", style="bold")
        out.append(" ".join(d.text_a.split()) + "\n")
        out.append(f"   {cmp.coder_b}: ", style="bold")
        out.append(" ".join(d.text_b.split()))
    else:
        out.append("   " + " ".join((d.text_a or d.text_b).split()))
    return out


class CoderDiffModal(ModalScreen[Difference | None]):
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="diff.close"),
        Binding("tab", "switch", N_("Codes ↔ places"), show=False, id="diff.switch"),
        Binding("s", "toggle_same", N_("Show/hide same spans"), id="diff.same"),
    ]

    def __init__(self, cmp: Comparison) -> None:
        super().__init__()
        self.cmp = cmp
        self.code: str = ALL
        self.show_same = False

    def compose(self) -> ComposeResult:
        cmp = self.cmp
        with Vertical(id="coder-diff", classes="modal"):
            yield Label(_("How {a} and {b} coded — for discussion").format(a=cmp.coder_a, b=cmp.coder_b), classes="modal-title")
            yield DataTable(id="diff-summary", cursor_type="row", zebra_stripes=True)
            yield Static(_(OVERLAP_NOTE), id="diff-note")
            yield OptionList(id="diff-places")
            yield Static(_("↑↓ choose · Tab codes ↔ places · Enter open in the transcript · s same spans · Esc close"),
                         classes="modal-hint")

    def on_mount(self) -> None:
        cmp, table = self.cmp, self.query_one("#diff-summary", DataTable)
        for key, label in [("code", _("Code")), ("a", cmp.coder_a), ("b", cmp.coder_b), ("both", _("same")),
                           ("partial", _("partial")), ("only_a", _("only {coder}").format(coder=cmp.coder_a)),
                           ("only_b", _("only {coder}").format(coder=cmp.coder_b)), ("share", _("overlap share"))]:
            table.add_column(label, key=key)
        total = [sum(getattr(s, f) for s in cmp.summaries) for f in ("codings_a", "codings_b", "both", "partial", "only_a", "only_b")]
        table.add_row(Text(_("All codes"), style="bold"), *map(str, total), "", key=ALL)
        for s in cmp.summaries:
            share = "—" if s.overlap_share is None else f"{s.overlap_share:.0%}"
            table.add_row(s.code, *map(str, (s.codings_a, s.codings_b, s.both, s.partial, s.only_a, s.only_b)), share,
                          key=s.code)
        n = len(cmp.documents)
        table.border_title = ngettext("Per code, in the {n} document both coded", "Per code, in {n} documents both coded",
                                      n).format(n=n)
        self.fill()
        self.query_one("#diff-places", OptionList).focus()

    def shown(self) -> list[Difference]:
        return [d for d in self.cmp.differences
                if (self.code == ALL or d.code == self.code) and (self.show_same or d.kind != "both")]

    def fill(self) -> None:
        places = self.query_one("#diff-places", OptionList)
        found = self.shown()
        places.set_options([Option(difference_text(self.cmp, d), id=str(i)) for i, d in enumerate(found)])
        if found:
            places.highlighted = 0
        what = _("all codes") if self.code == ALL else f"«{self.code}»"
        hidden = "" if self.show_same else " · " + _("same spans hidden (s)")
        places.border_title = _("Places: {n} for {what}").format(n=len(found), what=what) + hidden
        self._found = found

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else ALL
        if key != self.code:
            self.code = key
            self.fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#diff-places", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._found[int(event.option.id)])

    def action_toggle_same(self) -> None:
        self.show_same = not self.show_same
        self.fill()

    def action_switch(self) -> None:
        places, table = self.query_one("#diff-places"), self.query_one("#diff-summary")
        (table if self.focused is places else places).focus()

    def action_close(self) -> None:
        self.dismiss(None)
