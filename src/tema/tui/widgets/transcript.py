"""The transcript view: a Line-API scroll view over one document, with a sentence
cursor, a selection extended by sentences or characters (keys and mouse: see
transcript_keys.py), coded spans in each code's colour, and a gutter with coding marks,
counts and notes; the last row shows where the selection is.

Only the rows on screen are drawn; the wrap layout is computed once per width. While a
document is being read for the view (``awaiting``), keys wait and then act on it, in order,
as if it had been there (typing ahead never lands on the wrong document).
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tema.i18n import N_, _, ngettext
from tema.tui.messages import SelectionChanged
from tema.tui.transcript_model import TranscriptModel
from tema.tui.widgets.transcript_keys import KEYS, SelectionKeys
from tema.tui.widgets.transcript_paint import GUTTER, Painter, Palette

MAX_TEXT_WIDTH = 100


class TranscriptView(SelectionKeys, ScrollView, can_focus=True):
    HELP_TITLE = N_("Transcript")
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "transcript--gutter", "transcript--speaker", "transcript--interviewer",
        "transcript--selection", "transcript--note", "transcript--hit", "transcript--hint", "transcript--status",
    }
    BINDINGS = KEYS
    HELP_EXTRA = [("mouse", N_("Click selects a sentence; drag selects exact characters"))]

    def __init__(self, *, show_codings: bool = True, hint: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: TranscriptModel | None = None
        self.show_codings = show_codings
        self.hint = hint
        self.sel: tuple[int, int] = (0, 0)
        self.hits: list[tuple[int, int]] = []
        self._anchor_seg: int | None = None
        self._head_seg: int | None = None
        self._moving_end = True
        self._painter: Painter | None = None
        self._cache: dict[int, Strip] = {}
        self._drag: int | None = None
        self._dragged = False
        self._text_width, self._view_height, self._region_width = 60, 20, 70
        self.awaiting = False  # a document is on its way: keys wait for it
        self._typed_ahead: list[tuple[str, str | None]] = []

    # --- typing ahead ---------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        if self.awaiting:  # held until the document is shown (then replayed, in order)
            event.stop()
            event.prevent_default()
            self._typed_ahead.append((event.key, event.character))

    def arrived(self) -> None:
        """The awaited document is shown (or could not be read): the held keys act now."""
        self.awaiting = False
        held, self._typed_ahead = self._typed_ahead, []
        for key, character in held:
            self.app.post_message(events.Key(key, character))

    # --- data ---------------------------------------------------------------------
    def show(self, model: TranscriptModel, start: int | None = None, end: int | None = None) -> None:
        """Show a document; select [start, end) or the sentence at ``start`` (default: the first)."""
        self.model = model
        self._painter = None
        self.hits = []
        self._relayout()
        self.scroll_to(y=0, animate=False)
        if start is not None and end is not None and end > start:
            self.select(start, end, centre=True)
        else:
            i = max(0, model.segment_at(start or 0))
            self.select_segments(i, i, centre=start is not None)

    def refresh_marks(self, spans: list[tuple[int, int]] | None = None) -> None:
        """Codings or notes of the model changed: redraw (only the rows of ``spans``, the
        codings and notes that came or went, when given)."""
        self._painter = None  # its styles are keyed by coding indices
        if spans is None or self.model is None:
            self._cache.clear()
            self.refresh()
            return
        for span in spans:
            self._invalidate(span)

    @property
    def text_width(self) -> int:
        return self._text_width

    def _measure(self) -> None:
        region = self.scrollable_content_region
        self._text_width = max(10, min(MAX_TEXT_WIDTH, region.width - GUTTER - 1))
        self._view_height = max(1, region.height)
        self._region_width = region.width

    def _relayout(self) -> None:
        self._measure()
        self._cache.clear()
        if self.model is None:
            self.virtual_size = Size(0, 0)
        else:
            lay = self.model.layout(self.text_width)
            self._set_virtual_size(Size(self._region_width, len(lay) + 1))  # + the status row
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """A new length of text. While the scroll bar is shown before and after, only its
        thumb changes: set without the layout of the whole screen a changed virtual size
        asks for (a transcript opened in place of another: ~20 ms a time at 120×40)."""
        if (size.width == self.virtual_size.width and self.show_vertical_scrollbar
                and size.height > self._view_height and size != self.virtual_size):
            self.set_reactive(TranscriptView.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = size.height
        else:
            self.virtual_size = size

    def on_resize(self) -> None:
        self._relayout()
        if self.model is not None:
            self._scroll_to_selection()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter = None
        self._cache.clear()

    # --- drawing ------------------------------------------------------------------
    def _palette(self) -> Palette:
        get = self.get_component_rich_style
        return Palette(
            self.rich_style, get("transcript--gutter"), get("transcript--speaker"),
            get("transcript--interviewer"), get("transcript--selection"), get("transcript--note"),
            get("transcript--hit"),
        )

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = self.scroll_offset.y + y
        if y == self._view_height - 1 and self.model is not None:
            return self._status_line(width)
        if self.model is None:
            if y == 1 and self.hint:
                return self._hint_line(width, self.get_component_rich_style("transcript--hint"))
            return Strip.blank(width, self.rich_style)
        lay = self.model.layout(self.text_width)
        if row >= len(lay):
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(row)
        if strip is None:
            if self._painter is None:
                self._painter = Painter(self.model, self._palette(), show_codings=self.show_codings)
            ln = lay.lines[row]
            strip = self._painter.row(ln.start, ln.end, ln.spacer, width, self.sel, self.hits)
            self._cache[row] = strip
        return strip

    def status_text(self, width: int = 200) -> str:
        m = self.model
        if m is None:
            return ""
        s, e = self.sel
        i = m.segment_at(s)
        text = " " + _("sentence {i}/{n}").format(i=i + 1, n=len(m.sentences)) + f" · {s}–{e} · " + ngettext("{n} char", "{n} chars", e - s).format(n=e - s)
        hint = " · " + (_("shift+←→ move the end (o swaps)") if self._moving_end else _("shift+←→ move the start (o swaps)"))
        short = " · " + (_("moving the end") if self._moving_end else _("moving the start"))
        if len(text) + len(hint) <= width:
            return text + hint
        return text + short if len(text) + len(short) <= width else text

    def _status_line(self, width: int) -> Strip:
        style = self.get_component_rich_style("transcript--status")
        return Strip([Segment(self.status_text(width - 1), style)]).crop_extend(0, width, style)

    def _hint_line(self, width: int, style) -> Strip:
        return Strip([Segment("  " + self.hint, style)]).crop_extend(0, width, self.rich_style)

    # --- selection ----------------------------------------------------------------
    @property
    def selection(self) -> tuple[int, int] | None:
        return self.sel if self.model is not None and self.sel[1] > self.sel[0] else None

    def select(self, start: int, end: int, *, centre: bool = False) -> None:
        """Select an exact span (character mode)."""
        self._anchor_seg = self._head_seg = None
        self._set(start, end, centre=centre)

    def select_segments(self, anchor: int, head: int, *, centre: bool = False) -> None:
        m = self.model
        if m is None or not m.sentences:
            return
        n = len(m.sentences)
        anchor, head = min(max(anchor, 0), n - 1), min(max(head, 0), n - 1)
        self._anchor_seg, self._head_seg = anchor, head
        self._moving_end = head >= anchor
        a, h = m.sentences[anchor], m.sentences[head]
        self._set(min(a[0], h[0]), max(a[1], h[1]), centre=centre)

    def _set(self, start: int, end: int, *, centre: bool = False) -> None:
        assert self.model is not None
        n = len(self.model.text)
        start, end = max(0, min(start, n)), max(0, min(end, n))
        old = self.sel
        self.sel = (start, end)
        self._invalidate(old)
        self._invalidate(self.sel)
        self._scroll_to_selection(centre=centre)
        self.refresh_lines(round(self.scroll_offset.y) + self._view_height - 1, 1)
        self.post_message(SelectionChanged(self, start, end))

    def _invalidate(self, span: tuple[int, int]) -> None:
        if self.model is None:
            return
        lay = self.model.layout(self.text_width)
        r0, r1 = lay.row_of(span[0]), lay.row_of(max(span[0], span[1] - 1))
        for r in range(r0, r1 + 1):
            self._cache.pop(r, None)
        self.refresh_lines(r0, r1 - r0 + 1)

    def _scroll_to_selection(self, *, centre: bool = False) -> None:
        if self.model is None:
            return
        lay = self.model.layout(self.text_width)
        s, e = self.sel
        target = lay.row_of(max(s, e - 1)) if self._moving_end else lay.row_of(s)
        h = self._view_height - 1  # the last row shows the status
        top = round(self.scroll_offset.y)
        if centre:
            self.scroll_to(y=max(0, lay.row_of(s) - h // 3), animate=False)
        elif target < top + 1:
            self.scroll_to(y=max(0, target - 1), animate=False)
        elif target > top + h - 2:
            self.scroll_to(y=target - h + 2, animate=False)

    def _cursor_seg(self) -> int:
        assert self.model is not None
        if self._head_seg is not None:
            return self._head_seg
        s, e = self.sel
        return self.model.segment_at(max(s, e - 1) if self._moving_end else s)
