"""What is coded at the cursor: code, level, perspectives, coder and memo of each coding.

A fixed-height widget that repaints itself a moment after the cursor stops, so moving
the cursor never re-lays out the screen."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tema.domain.coding import CodingView
from tema.i18n import _, ngettext
from tema.tui.words import word

DELAY = 0.08


class CodingsPanel(Widget):
    COMPONENT_CLASSES = {"codings-panel--code", "codings-panel--meta", "codings-panel--empty"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.codings: list[CodingView] = []
        self._timer = None
        self.border_title = _("At the cursor")

    def show_codings(self, codings: list[CodingView]) -> None:
        if codings == self.codings:
            return
        self.codings = codings
        if self._timer is None:
            self._timer = self.set_timer(DELAY, self._flush)

    @property
    def pending(self) -> bool:
        """A repaint is due (the cursor moved less than DELAY ago)."""
        return self._timer is not None

    def _flush(self) -> None:
        self._timer = None
        n = len(self.codings)
        self.border_title = _("At the cursor ({n})").format(n=n) if n else _("At the cursor")
        self.refresh()

    def render(self) -> Text:
        style = self.get_component_rich_style
        if not self.codings:
            return Text(_("Nothing coded here.\nc codes the selection."), style=style("codings-panel--empty"))
        out = Text()
        for i, c in enumerate(self.codings):
            if i:
                out.append("\n")
            out.append("■ ", style=f"{c.colour or '#888888'}")
            out.append(c.code, style=style("codings-panel--code"))
            out.append(f"  {word(c.level)}\n", style=style("codings-panel--meta"))
            persp = ", ".join(c.perspectives) if c.perspectives else _("no perspective")
            out.append(f"  {persp}\n", style=style("codings-panel--meta"))
            n = c.end - c.start
            out.append(f"  {c.coder or '?'} · " + ngettext("{n} character", "{n} characters", n).format(n=n),
                       style=style("codings-panel--meta"))
            if c.memo:
                out.append("\n  " + _("memo: {text}").format(text=c.memo), style=style("codings-panel--meta"))
        return out
