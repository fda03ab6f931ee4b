"""Keys and mouse of the transcript view: the sentence cursor, extending the selection
by sentences (shift+↑↓), characters (shift+←→) or words (ctrl+shift+←→), `o` swapping
which edge moves, and mouse click (a sentence) or drag (exact characters)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding

from tema.i18n import N_
from tema.tui.layout import next_grapheme, next_word_end, prev_grapheme, prev_word_start
from tema.tui.messages import SelectionChanged
from tema.tui.widgets.transcript_paint import GUTTER

# Bound on TranscriptView (Textual reads BINDINGS from widget classes, not mixins).
KEYS = [
    Binding("down", "segment(1)", N_("Next sentence"), show=False, id="transcript.next"),
    Binding("up", "segment(-1)", N_("Previous sentence"), show=False, id="transcript.previous"),
    Binding("shift+down", "extend_segment(1)", N_("Extend selection by a sentence"), show=False, id="transcript.extend-down"),
    Binding("shift+up", "extend_segment(-1)", N_("Extend selection upwards by a sentence"), show=False, id="transcript.extend-up"),
    Binding("shift+right", "extend_char(1)", N_("Move the selection's edge right (character)"), show=False, id="transcript.char-right"),
    Binding("shift+left", "extend_char(-1)", N_("Move the selection's edge left (character)"), show=False, id="transcript.char-left"),
    Binding("ctrl+shift+right", "extend_word(1)", N_("Move the selection's edge right (word)"), show=False, id="transcript.word-right"),
    Binding("ctrl+shift+left", "extend_word(-1)", N_("Move the selection's edge left (word)"), show=False, id="transcript.word-left"),
    Binding("o", "swap_edge", N_("Swap which edge of the selection moves"), show=False, id="transcript.swap-edge"),
    Binding("escape", "collapse", N_("Select just the sentence at the cursor"), show=False, id="transcript.collapse"),
    Binding("pagedown", "page(1)", N_("Page down"), show=False, id="transcript.page-down"),
    Binding("pageup", "page(-1)", N_("Page up"), show=False, id="transcript.page-up"),
    Binding("home", "edge(0)", N_("First sentence"), show=False, id="transcript.home"),
    Binding("end", "edge(1)", N_("Last sentence"), show=False, id="transcript.end"),
    Binding("y,ctrl+c", "screen.copy_selection", N_("Copy the selection (pseudonymised in the pseudonymised view)"),
            show=False, id="transcript.copy"),
]


class SelectionKeys:
    """Mixed into TranscriptView (uses its model, sel and select/select_segments)."""

    def action_segment(self, delta: int) -> None:
        if self.model is not None and self.model.sentences:
            i = self._cursor_seg() + delta
            self.select_segments(i, i)

    def action_extend_segment(self, delta: int) -> None:
        m = self.model
        if m is None or not m.sentences:
            return
        if self._anchor_seg is None or self._head_seg is None:
            first, last = m.segment_at(self.sel[0]), m.segment_at(max(self.sel[0], self.sel[1] - 1))
            self._anchor_seg, self._head_seg = (first, last) if delta > 0 else (last, first)
        self.select_segments(self._anchor_seg, self._head_seg + delta)

    def action_extend_char(self, delta: int) -> None:
        self._move_edge(lambda t, o: next_grapheme(t, o) if delta > 0 else prev_grapheme(t, o))

    def action_extend_word(self, delta: int) -> None:
        def step(t: str, o: int) -> int:
            if delta > 0:
                o = next_word_end(t, o)
                if not self._moving_end:
                    while o < len(t) and t[o].isspace():
                        o += 1
                return o
            o = prev_word_start(t, o)
            if self._moving_end:
                while o > 0 and t[o - 1].isspace():
                    o -= 1
            return o

        self._move_edge(step)

    def _move_edge(self, step) -> None:
        m = self.model
        if m is None:
            return
        s, e = self.sel
        if self._moving_end:
            e = step(m.text, e)
            if e <= s:
                e = next_grapheme(m.text, s)
        else:
            s = step(m.text, s)
            if s >= e:
                s = prev_grapheme(m.text, e)
        self.select(s, e)

    def action_swap_edge(self) -> None:
        self._moving_end = not self._moving_end
        if self._anchor_seg is not None and self._head_seg is not None:
            self._anchor_seg, self._head_seg = self._head_seg, self._anchor_seg
        self._scroll_to_selection()
        self.refresh_lines(round(self.scroll_offset.y) + self._view_height - 1, 1)
        self.post_message(SelectionChanged(self, *self.sel))

    def action_collapse(self) -> None:
        if self.model is not None and self.model.sentences:
            i = self.model.segment_at(self.sel[0])
            self.select_segments(i, i)

    def action_page(self, delta: int) -> None:
        m = self.model
        if m is None or not m.sentences:
            return
        lay = m.layout(self.text_width)
        row = lay.row_of(self.sel[0]) + delta * max(1, self._view_height - 2)
        row = min(max(row, 0), len(lay) - 1)
        i = m.segment_at(lay.lines[row].start)
        self.select_segments(i, i)

    def action_edge(self, last: int) -> None:
        if self.model is not None and self.model.sentences:
            i = len(self.model.sentences) - 1 if last else 0
            self.select_segments(i, i)

    # --- keys in order ---------------------------------------------------------------
    async def on_key(self, event: events.Key) -> None:
        """Resolve this key's binding now, in the order keys were typed. Textual resolves
        bindings after the key has bubbled to the app, so in a burst («↓ c slitne ⏎»
        arriving together over SSH) later keys would act on the old selection or be lost
        when ``c`` opens the picker; keys that arrive after a modal opened go to it."""
        top = self.app.screen
        if top is not self.screen:
            event.stop()
            event.prevent_default()
            (top.focused or top)._forward_event(events.Key(event.key, event.character))
        elif await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()

    # --- mouse ----------------------------------------------------------------------
    def _offset_at(self, event) -> int:
        assert self.model is not None
        pos = event.get_content_offset_capture(self)
        lay = self.model.layout(self.text_width)
        return lay.offset_at(self.scroll_offset.y + pos.y, pos.x - GUTTER)

    def on_mouse_down(self, event) -> None:
        if self.model is None or event.button != 1:
            return
        self.focus()
        self._drag, self._dragged = self._offset_at(event), False
        self.capture_mouse()

    def on_mouse_move(self, event) -> None:
        if self._drag is None or self.model is None:
            return
        here = self._offset_at(event)
        if here == self._drag and not self._dragged:
            return
        self._dragged = True
        t = self.model.text
        a, b = (self._drag, here) if here >= self._drag else (here, self._drag)
        self._moving_end = here >= self._drag
        self.select(a, next_grapheme(t, b))

    def on_mouse_up(self, event) -> None:
        if self._drag is None:
            return
        self.release_mouse()
        if not self._dragged and self.model is not None and self.model.sentences:
            i = self.model.segment_at(self._drag)
            self.select_segments(i, i)
        self._drag = None
