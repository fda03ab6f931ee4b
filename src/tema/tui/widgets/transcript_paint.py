"""Drawing one row of a transcript: gutter (coding marks, count, note) and styled text."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from tema.tui.transcript_model import TranscriptModel

GUTTER = 6  # three code marks, a count, a note mark, a space
MARK = "▌"
NOTE = "✎"


@dataclass(frozen=True)
class Palette:
    """Rich styles of the view, resolved from its component classes (see app.tcss)."""

    base: Style
    gutter: Style
    speaker: Style
    interviewer: Style
    selection: Style
    note: Style
    hit: Style


class Painter:
    def __init__(self, model: TranscriptModel, palette: Palette, *, show_codings: bool) -> None:
        self.model = model
        self.pal = palette
        self.show_codings = show_codings
        self._styles: dict[tuple, Style] = {}
        self._code_bg: dict[str | None, Style] = {}
        bg = palette.base.bgcolor
        self._bg = Color.from_rich_color(bg) if bg is not None else Color(0, 0, 0)
        self._label_starts = [s for s, _, _ in model.labels]

    def code_style(self, colour: str | None) -> Style:
        style = self._code_bg.get(colour)
        if style is None:
            try:
                c = Color.parse(colour or "#888888")
            except Exception:
                c = Color.parse("#888888")
            style = Style(bgcolor=self._bg.blend(c, 0.38).rich_color)
            self._code_bg[colour] = style
        return style

    def mark_style(self, colour: str | None) -> Style:
        try:
            c = Color.parse(colour or "#888888")
        except Exception:
            c = Color.parse("#888888")
        return self.pal.gutter + Style(color=c.rich_color)

    def gutter(self, start: int, end: int) -> list[Segment]:
        codings = self.model.codings_in(start, end)
        colours: list[str | None] = []
        for c in codings:
            if c.colour not in colours:
                colours.append(c.colour)
        segs = [Segment(MARK, self.mark_style(col)) for col in colours[:3]]
        segs.append(Segment(" " * (3 - len(segs[:3])), self.pal.gutter))
        n = len(codings)
        segs.append(Segment(" " if n == 0 else str(n) if n < 10 else "+", self.pal.gutter))
        segs.append(Segment(NOTE if self.model.notes_in(start, end) else " ", self.pal.note))
        segs.append(Segment(" ", self.pal.base))
        return segs

    def _label_kind(self, pos: int) -> int:
        i = bisect_right(self._label_starts, pos) - 1
        if i >= 0:
            s, e, interviewer = self.model.labels[i]
            if s <= pos < e:
                return 2 if interviewer else 1
        return 0

    def _style(self, label: int, codings: tuple[int, ...], selected: bool, hit: bool) -> Style:
        key = (label, codings, selected, hit)
        style = self._styles.get(key)
        if style is None:
            style = self.pal.base
            if label:
                style += self.pal.interviewer if label == 2 else self.pal.speaker
            if codings and self.show_codings:
                inner = min((self.model.codings[i] for i in codings), key=lambda c: c.end - c.start)
                style += self.code_style(inner.colour)
                if len(codings) > 1:
                    style += Style(underline=True)
            if hit:
                style += self.pal.hit
            if selected:
                style += self.pal.selection
            self._styles[key] = style
        return style

    def row(self, start: int, end: int, spacer: bool, width: int, sel: tuple[int, int],
            hits: list[tuple[int, int]]) -> Strip:
        if spacer:
            return Strip([Segment(" " * GUTTER, self.pal.gutter)]).extend_cell_length(width, self.pal.base)
        segs = self.gutter(start, end)
        runs = self.model.runs_in(start, end)
        cuts = {start, end}
        for r in runs:
            cuts.add(min(max(r.start, start), end))
            cuts.add(min(max(r.end, start), end))
        for a, b in [sel, *hits]:
            if start < a < end:
                cuts.add(a)
            if start < b < end:
                cuts.add(b)
        for s, e, _ in self.model.labels:
            if start < e and s < end:
                cuts.add(max(s, start))
                cuts.add(min(e, end))
        points = sorted(cuts)
        text = self.model.display
        k = 0
        for a, b in zip(points, points[1:]):
            while k < len(runs) and runs[k].end <= a:
                k += 1
            covering = runs[k].codings if k < len(runs) and runs[k].start <= a else ()
            selected = sel[0] <= a and b <= sel[1]
            hit = any(h0 <= a and b <= h1 for h0, h1 in hits)
            segs.append(Segment(text[a:b], self._style(self._label_kind(a), covering, selected, hit)))
        return Strip(segs).crop_extend(0, width, self.pal.base)
