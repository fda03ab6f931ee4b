"""Offsets in REFI files → Python code points, and keeping offsets right across edits.

REFI-QDA counts characters; tema stores code points, end exclusive. Programs
disagree on what a character is: NVivo counts UTF-16 code units (an emoji is 2),
some count a CRLF as one character although the file holds two, and some count
every LF as two because they wrote the file with CRLF. ``choose_units`` tries
each reading and keeps the one under which the selections' ``name`` texts match
the source text best; with no names to check, the origin decides (NVivo →
UTF-16, everyone else → code points).

``EditMap`` maps offsets through a text edit (NFC normalisation on import,
pseudonym replacements on export): an offset inside a replaced stretch snaps
outward, so a selection never loses the text it covered.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

_WS = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class Units:
    """One way of counting: UTF-16 or code points, and how line ends count."""

    utf16: bool
    newline: str  # "as-is" | "crlf-as-1" | "lf-as-2"

    @property
    def label(self) -> str:
        base = "UTF-16 code units" if self.utf16 else "code points"
        return base if self.newline == "as-is" else f"{base}, {self.newline.replace('-', ' ')}"


class UnitMap:
    """Maps offsets counted in ``units`` over ``text`` to code-point offsets."""

    def __init__(self, text: str, units: Units) -> None:
        self.text = text
        self.units = units
        widths = [self._width(text, i) for i in range(len(text))] if self._needed(text) else None
        if widths is None:
            self._prefix = None
            self.length = len(text)
        else:
            prefix = [0] * (len(text) + 1)
            acc = 0
            for i, w in enumerate(widths):
                acc += w
                prefix[i + 1] = acc
            self._prefix = prefix
            self.length = acc

    def _needed(self, text: str) -> bool:
        if self.units.utf16 and _ASTRAL.search(text):
            return True
        if self.units.newline == "crlf-as-1" and "\r\n" in text:
            return True
        return self.units.newline == "lf-as-2" and "\n" in text

    def _width(self, text: str, i: int) -> int:
        c = text[i]
        w = 2 if self.units.utf16 and ord(c) > 0xFFFF else 1
        if c == "\r" and self.units.newline == "crlf-as-1" and text[i + 1 : i + 2] == "\n":
            return 0
        if c == "\n" and self.units.newline == "lf-as-2" and text[i - 1 : i] != "\r":
            return 2
        return w

    def to_cp(self, pos: int, *, end: bool) -> int:
        """A unit offset → code point; inside a character it snaps outward."""
        if self._prefix is None:
            return pos
        i = bisect_left(self._prefix, pos)
        if i < len(self._prefix) and self._prefix[i] == pos:
            # A '\r' counted as nothing shares its offset with the '\n' after it;
            # the first index keeps the CRLF pair whole on both sides.
            return i
        return i if end else i - 1

    def span(self, start: int, end: int, *, allow_empty: bool = False) -> tuple[int, int] | None:
        """The code-point span, or None when it falls outside the text or is empty
        (a point — start == end — is allowed with ``allow_empty``: a note's anchor)."""
        if start < 0 or end > self.length or start > end or (start == end and not allow_empty):
            return None
        s = self.to_cp(start, end=False)
        return (s, s) if start == end else (s, self.to_cp(end, end=True))


def _norm(s: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", s)).strip()


def name_matches(name: str | None, extract: str) -> int:
    """2: the name is the extract; 1: one is a prefix of the other (truncated
    names, names ending in '…'); 0: no match. Whitespace-tolerant, NFC."""
    if not name:
        return 0
    n, x = _norm(name), _norm(extract)
    if not n or not x:
        return 0
    if n == x:
        return 2
    for mark in ELLIPSIS:
        if n.endswith(mark):
            stem = n[: -len(mark)].rstrip()
            return 1 if stem and x.startswith(stem) else 0
    if len(n) >= 4 and (x.startswith(n) or (len(x) >= 4 and n.startswith(x))):
        return 1
    return 0


def candidate_units(text: str, nvivo: bool) -> list[Units]:
    newlines = ["as-is"]
    if "\r\n" in text:
        newlines.append("crlf-as-1")
    elif "\n" in text:
        newlines.append("lf-as-2")
    order = (True, False) if nvivo else (False, True)
    return [Units(u, nl) for nl in newlines for u in order]


def choose_units(text: str, spans: list[tuple[int, int, str | None]], nvivo: bool) -> tuple[UnitMap, int, int]:
    """The reading of (start, end, name) spans that best fits ``text``: (map, matches, named)."""
    named = [(s, e, n) for s, e, n in spans if n and n.strip()]
    best: tuple[int, int] | None = None
    best_map: UnitMap | None = None
    for rank, units in enumerate(candidate_units(text, nvivo)):
        umap = UnitMap(text, units)
        score = 0
        for s, e, n in named:
            cp = umap.span(s, e)
            if cp is not None:
                score += name_matches(n, text[cp[0] : cp[1]])
        key = (score, -rank)
        if best is None or key > best:
            best, best_map = key, umap
        if not named:
            break
    assert best_map is not None
    matched = sum(
        1 for s, e, n in named if (cp := best_map.span(s, e)) is not None and name_matches(n, text[cp[0] : cp[1]])
    )
    return best_map, matched, len(named)


class EditMap:
    """Offsets of a text before an edit → offsets after it.

    ``pieces`` are (old_start, old_end, new_start, new_end) of the stretches the
    edit replaced, in order and not overlapping.
    """

    def __init__(self, pieces: list[tuple[int, int, int, int]]) -> None:
        self.pieces = pieces
        self._starts = [p[0] for p in pieces]

    def __call__(self, pos: int, *, end: bool) -> int:
        i = bisect_left(self._starts, pos + (0 if end else 1)) - 1
        if i < 0:
            return pos
        os_, oe, ns, ne = self.pieces[i]
        if pos >= oe:
            return pos - oe + ne
        return ne if end else ns  # inside (or, for an end, at the start of) a replaced stretch


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, EditMap]:
    """Replace (start, end, new) stretches of ``text``; the new text and its offset map."""
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    pos = new_len = 0
    for s, e, new in edits:
        out.append(text[pos:s])
        new_len += s - pos
        pieces.append((s, e, new_len, new_len + len(new)))
        out.append(new)
        new_len += len(new)
        pos = e
    out.append(text[pos:])
    return "".join(out), EditMap(pieces)


def nfc_with_map(text: str) -> tuple[str, EditMap]:
    """NFC of ``text`` and the map from its offsets to the NFC offsets."""
    if unicodedata.is_normalized("NFC", text):
        return text, EditMap([])
    # Normalise runs that start at a starter character; merge a run into the one
    # before it when normalising them apart would differ from normalising together.
    starts = [i for i, c in enumerate(text) if unicodedata.combining(c) == 0] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    bounds = starts + [len(text)]
    runs: list[tuple[int, int]] = []
    for s, e in zip(bounds, bounds[1:]):
        if runs:
            ps, pe = runs[-1]
            joined = unicodedata.normalize("NFC", text[ps:e])
            apart = unicodedata.normalize("NFC", text[ps:pe]) + unicodedata.normalize("NFC", text[s:e])
            if joined != apart:
                runs[-1] = (ps, e)
                continue
        runs.append((s, e))
    edits = []
    for s, e in runs:
        chunk = text[s:e]
        norm = unicodedata.normalize("NFC", chunk)
        if norm != chunk:
            edits.append((s, e, norm))
    out, emap = apply_edits(text, edits)
    if out != unicodedata.normalize("NFC", text):  # pathological input: one edit
        out = unicodedata.normalize("NFC", text)
        emap = EditMap([(0, len(text), 0, len(out))])
    return out, emap
