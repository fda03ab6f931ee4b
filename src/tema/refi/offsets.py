"""Offsets in REFI files ↔ Python code points.

REFI-QDA counts characters; tema stores code points, end exclusive. Programs
disagree on what a character is: NVivo counts UTF-16 code units (an emoji is 2),
some count a CRLF as one character although the file holds two, and some count
every LF as two because they wrote the file with CRLF. ``choose_units`` tries
each reading and keeps the one under which the selections' ``name`` texts match
the source text best; with no names to check, the origin decides (NVivo →
UTF-16, everyone else → code points).

A ``UnitMap`` holds only the characters whose width differs from one (emoji
under UTF-16, line ends under the CRLF readings), found with one regular-expression
scan, so mapping a selection costs a binary search, not a walk over the text.
Edits of a text (NFC, pseudonyms) are mapped by ``tema.refi.edits``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

_WS = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_LONE_LF = re.compile(r"(?<!\r)\n")
# Selection names that are labels, not text: qualitative-coding's "line:12", "p. 3", "7".
_LABEL = re.compile(r"^\s*(?:[^\W\d_]{1,12}\.?\s*[:#]?\s*)?\d+(?:\s*[-–:,]\s*\d+)*\s*$")
ELLIPSIS = ("…", "...")
SAMPLE = 200  # named selections scored per candidate reading


@dataclass(frozen=True)
class Units:
    """One way of counting: UTF-16 or code points, and how line ends count."""

    utf16: bool
    newline: str  # "as-is" | "crlf-as-1" | "lf-as-2"

    @property
    def label(self) -> str:
        base = "UTF-16 code units" if self.utf16 else "code points"
        return base if self.newline == "as-is" else f"{base}, {self.newline.replace('-', ' ')}"


CODE_POINTS = Units(False, "as-is")
UTF16 = Units(True, "as-is")


class UnitMap:
    """Maps offsets counted in ``units`` over ``text`` to code points and back.

    ``_at`` are the code-point positions of the characters whose width is not 1
    and ``_delta`` their width minus 1 (+1: an emoji in UTF-16 or an LF counted
    as two; -1: the CR of a CRLF counted as one character)."""

    def __init__(self, text: str, units: Units) -> None:
        self.units = units
        marks: list[tuple[int, int]] = []
        if units.utf16:
            marks += [(mt.start(), 1) for mt in _ASTRAL.finditer(text)]
        if units.newline == "crlf-as-1":
            marks += [(mt.start(), -1) for mt in re.finditer("\r\n", text)]
        elif units.newline == "lf-as-2":
            marks += [(mt.start(), 1) for mt in _LONE_LF.finditer(text)]
        marks.sort()
        # Arrays, not lists: an import keeps one map per source until the source is written.
        self._at = array("q", (p for p, _ in marks))
        before = array("q", [0, *accumulate(d for _, d in marks)])  # before[k]: sum of deltas of marks < k
        self._before = before
        self._unit_at = array("q", (p + before[k] for k, p in enumerate(self._at)))  # unit offset of mark k
        self.cp_length = len(text)
        self.length = len(text) + before[-1]

    def to_units(self, cp: int) -> int:
        """A code-point offset → this reading's offset."""
        return cp + self._before[bisect_left(self._at, cp)]

    def to_cp(self, pos: int, *, end: bool) -> int:
        """A unit offset → code point; inside a character it snaps outward (a start
        moves back, an end forward). A '\\r' counted as nothing shares its offset with
        the '\\n' after it; the first index keeps the CRLF pair whole on both sides."""
        if not self._at:
            return pos
        k = bisect_left(self._unit_at, pos)  # marks before k start below pos
        i = pos - self._before[k]
        low = self._at[k - 1] + 1 if k else 0  # first code point after mark k-1
        if i >= low:
            return i
        return low if end else low - 1  # inside the wide character at mark k-1

    def span(self, start: int, end: int, *, allow_empty: bool = False) -> tuple[int, int] | None:
        """The code-point span, or None when it falls outside the text or is empty
        (a point — start == end — is allowed with ``allow_empty``: a note's anchor)."""
        if start < 0 or end > self.length or start > end or (start == end and not allow_empty):
            return None
        s = self.to_cp(start, end=False)
        return (s, s) if start == end else (s, self.to_cp(end, end=True))


def _norm(s: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", s)).strip()


def is_label(name: str | None) -> bool:
    """A selection name that is not text at all (``line:12``): never compared with the text."""
    return bool(name) and _LABEL.match(name or "") is not None


def name_matches(name: str | None, extract: str) -> int:
    """2: the name is the extract; 1: one is a prefix of the other (truncated
    names, names ending in '…'); 0: no match. Whitespace-tolerant, NFC."""
    if not name:
        return 0
    if name == extract and name.strip() and unicodedata.is_normalized("NFC", name):
        return 2  # the usual case (NVivo names a selection by its text), without normalising
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
    """The readings worth trying, most likely first (UTF-16 only when it differs)."""
    newlines = ["as-is"]
    if "\r\n" in text:
        newlines.append("crlf-as-1")
    elif "\n" in text:
        newlines.append("lf-as-2")
    if _ASTRAL.search(text) is None:
        order: tuple[bool, ...] = (nvivo,)  # the same offsets either way; the label follows the origin
    else:
        order = (True, False) if nvivo else (False, True)
    return [Units(u, nl) for nl in newlines for u in order]


def _sample(items: list, n: int) -> list:
    if len(items) <= n:
        return items
    return [items[round(k * (len(items) - 1) / (n - 1))] for k in range(n)]


def choose_units(text: str, spans: list[tuple[int, int, str | None]], nvivo: bool) -> UnitMap:
    """The reading of (start, end, name) spans that best fits ``text``, judged on up
    to ``SAMPLE`` selections whose names are text (labels like ``line:3`` are not)."""
    named = _sample([(s, e, n) for s, e, n in spans if n and n.strip() and not is_label(n)], SAMPLE)
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
        if score == 2 * len(named):  # nothing later can do better
            break
    assert best_map is not None
    return best_map
