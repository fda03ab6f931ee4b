"""The header: project title, the six phases (the one shown highlighted, the project's
current phase marked ●, phases without a screen dimmed) and who is coding."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tema.domain.project import PHASES_EN, PHASES_SHORT
from tema.i18n import _


class PhaseBar(Widget):
    COMPONENT_CLASSES = {"phase-bar--brand", "phase-bar--shown", "phase-bar--other", "phase-bar--missing", "phase-bar--dim"}

    def __init__(self, phase: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phase = phase

    def render(self) -> Text:
        style = self.get_component_rich_style
        app = self.app
        title = getattr(app, "project_title", "")
        current = getattr(app, "project_phase", 1)
        available = getattr(app, "available_phases", set())
        coder = getattr(app, "coder_name", "")
        width = self.size.width or 100
        right = Text.assemble(
            (_("Phase") + " ", style("phase-bar--dim")), (f"{self.phase} {_(PHASES_EN[self.phase])}", style("phase-bar--shown")),
            ("  " + _("coder") + " ", style("phase-bar--dim")), (coder, style("phase-bar--other")),
        )
        top = Text(no_wrap=True, overflow="ellipsis")
        top.append(" tema ", style=style("phase-bar--brand"))
        room = max(8, width - right.cell_len - top.cell_len - 3)
        top.append(" " + (title if len(title) <= room else title[: room - 1] + "…"))
        top.append(" " * max(1, width - top.cell_len - right.cell_len))
        top.append_text(right)
        bar = Text(no_wrap=True, overflow="ellipsis")
        for n in range(1, 7):
            kind = "shown" if n == self.phase else "other" if n in available else "missing"
            bar.append(f" {n} {_(PHASES_SHORT[n])}{' ●' if n == current else ''} ", style=style(f"phase-bar--{kind}"))
            if n < 6:
                bar.append("│", style=style("phase-bar--dim"))
        hint = "   " + _("● project phase (P sets it)")
        if bar.cell_len + len(hint) <= width:
            bar.append(hint, style=style("phase-bar--dim"))
        return Text("\n").join([top, bar])
