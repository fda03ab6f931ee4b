"""Wrapping a transcript into visual lines and mapping (row, cell) ↔ code-point offsets.

Pure Python (no Textual). Every code point of the text belongs to exactly one visual
line, except line breaks (``\\n``, and a ``\\r`` right before it), which belong to none.
Offsets are exact ``str`` indices (code points); cells are terminal columns, so æøå take
one cell, most emoji two, combining marks none (graphemes are never split on screen).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len, split_graphemes

# Control characters other than line breaks, and a CR not before LF, shown as one space
# (offsets stay 1:1). One pass of a compiled class: str.translate with a dict was 6 ms
# per 20,000-word transcript.
_SHOWN_AS_SPACE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
# Whitespace other than the plain space: a paragraph holding any is wrapped token by token.
_OTHER_SPACE = re.compile(r"[^\S ]")
_NOT_SPACE = re.compile(r"[^ ]")
_TOKEN = re.compile(r"\S+\s*|\s+")
# Latin letters (æøå, accents), Latin-1 punctuation («»), general punctuation (– … ’): one cell each.
_ONE_CELL = re.compile(r"[\u0020-\u007e\u00a0-\u02ff\u2010-\u2027\u2030-\u205e]*")


def display_text(text: str) -> str:
    """The text as drawn: same length; tabs, stray CRs and other controls as spaces
    (a CR before LF stays: it is part of the line break and never drawn)."""
    return _SHOWN_AS_SPACE.sub(" ", text)


@dataclass(frozen=True, slots=True)
class VLine:
    """One row on screen: text[start:end] (end excludes the line break)."""

    start: int
    end: int
    para: int  # index of the logical line (paragraph)
    first: bool  # first row of its paragraph
    spacer: bool = False  # an empty row drawn between paragraphs, holding no text


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each logical line, without its line break (CRLF-aware)."""
    out = []
    a = 0
    n = len(text)
    while True:
        b = text.find("\n", a)
        end = n if b < 0 else b
        stop = end - 1 if end > a and text[end - 1] == "\r" and b >= 0 else end
        out.append((a, stop))
        if b < 0:
            return out
        a = b + 1


def _hard_break(display: str, a: int, b: int, width: int, col: int, line_start: int, out: list) -> tuple[int, int]:
    spans, _ = split_graphemes(display[a:b])
    for s, _e, w in spans:
        if col > 0 and col + w > width:
            out.append((line_start, a + s))
            line_start, col = a + s, 0
        col += w
    return line_start, col


def wrap(display: str, a: int, b: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of display[a:b] into rows of at most ``width`` cells.
    Rows cover [a, b) contiguously; trailing spaces hang past the edge."""
    if a >= b:
        return [(a, a)]
    width = max(1, width)
    one_cell = _ONE_CELL.fullmatch(display, a, b) is not None
    if one_cell and _OTHER_SPACE.search(display, a, b) is None:
        return _wrap_one_cell(display, a, b, width)
    return _wrap_tokens(display, a, b, width, len if one_cell else cell_len)


def _wrap_one_cell(display: str, a: int, b: int, width: int) -> list[tuple[int, int]]:
    """``wrap`` of a paragraph whose characters take one cell each and whose only
    whitespace is the space: a row's cells are its offsets, so each row is found with
    two string searches instead of a step per word (the same rows as ``_wrap_tokens``)."""
    out: list[tuple[int, int]] = []
    s = a
    while True:
        limit = s + width  # the first offset past the row's last cell
        if limit >= b:
            out.append((s, b))
            return out
        if display[limit] == " ":  # every word up to here fits; the next one starts a row
            nxt = _NOT_SPACE.search(display, limit, b)
            if nxt is None:  # only spaces are left: they hang past the edge
                out.append((s, b))
                return out
            brk = nxt.start()
        else:  # the word across the edge starts the next row, unless it starts this one
            brk = display.rfind(" ", s, limit) + 1
            if brk <= s:  # a word longer than the row: cut it at the edge
                brk = limit
        out.append((s, brk))
        s = brk


def _wrap_tokens(display: str, a: int, b: int, width: int, measure) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    line_start, col = a, 0
    for m in _TOKEN.finditer(display, a, b):
        ts, te = m.span()
        tok = m.group()
        word = tok.rstrip()
        w_word = measure(word) if word else 0
        spaces = len(tok) - len(word)
        if col > 0 and col + w_word > width:
            out.append((line_start, ts))
            line_start, col = ts, 0
        if w_word > width:
            line_start, col = _hard_break(display, ts, ts + len(word), width, col, line_start, out)
            col += spaces
        else:
            col += w_word + spaces
    out.append((line_start, b))
    return out


class Layout:
    """The visual lines of a text at one width, with offset ↔ row lookups."""

    def __init__(self, display: str, width: int, *, spacing: bool = True) -> None:
        self.display = display
        self.width = width
        lines: list[VLine] = []
        paras = paragraphs(display)
        for i, (a, b) in enumerate(paras):
            for k, (s, e) in enumerate(wrap(display, a, b, width)):
                lines.append(VLine(s, e, i, k == 0))
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            if spacing and nxt is not None and b > a and nxt[1] > nxt[0]:
                lines.append(VLine(b, b, i, False, True))
        self.lines = lines
        self._starts = [ln.start for ln in lines]

    def __len__(self) -> int:
        return len(self.lines)

    def row_of(self, offset: int) -> int:
        """The row showing the code point at ``offset`` (a line break: the row it ends)."""
        row = max(0, bisect_right(self._starts, offset) - 1)
        while row > 0 and self.lines[row].spacer:
            row -= 1
        return row

    def cell_of(self, offset: int) -> tuple[int, int]:
        """(row, cell column) where ``offset`` is drawn."""
        row = self.row_of(offset)
        ln = self.lines[row]
        return row, cell_len(self.display[ln.start : min(offset, ln.end)])

    def offset_at(self, row: int, x: int) -> int:
        """The offset of the grapheme drawn at cell ``x`` of ``row`` (past the end: row end)."""
        if not self.lines:
            return 0
        row = min(max(0, row), len(self.lines) - 1)
        ln = self.lines[row]
        if x <= 0 or ln.start == ln.end:
            return ln.start
        spans, _ = split_graphemes(self.display[ln.start : ln.end])
        col = 0
        for s, _e, w in spans:
            if col + w > x:
                return ln.start + s
            col += w
        return ln.end


def next_grapheme(text: str, offset: int) -> int:
    """The offset after the grapheme starting at ``offset`` (never splits æ+◌́ or emoji)."""
    if offset >= len(text):
        return len(text)
    spans, _ = split_graphemes(text[offset : offset + 32])
    return offset + (spans[0][1] if spans else 1)


def prev_grapheme(text: str, offset: int) -> int:
    """The start of the grapheme ending at ``offset``."""
    if offset <= 0:
        return 0
    lo = max(0, offset - 32)
    spans, _ = split_graphemes(text[lo:offset])
    return lo + (spans[-1][0] if spans else offset - lo - 1)


_WORD_EDGE = re.compile(r"\w+|[^\w\s]+")


def next_word_end(text: str, offset: int) -> int:
    m = _WORD_EDGE.search(text, offset)
    return m.end() if m else len(text)


def prev_word_start(text: str, offset: int) -> int:
    lo = max(0, offset - 200)
    last = None
    for m in _WORD_EDGE.finditer(text, lo, offset):
        last = m.start()
    return last if last is not None else lo
