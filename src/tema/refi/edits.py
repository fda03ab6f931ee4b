"""Keeping offsets right across edits of a text: NFC normalisation on import,
pseudonym replacements on export. An offset inside a replaced stretch snaps
outward, so a selection never loses the text it covered."""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left

_CHUNK = re.compile(r"\s+|\S+")


class EditMap:
    """Offsets of a text before an edit → offsets after it.

    ``pieces`` are (old_start, old_end, new_start, new_end) of the stretches the
    edit replaced, in order and not overlapping.
    """

    def __init__(self, pieces: list[tuple[int, int, int, int]]) -> None:
        # Flat arrays, not tuples: an import keeps one map per source until the source
        # is written, and NFC may replace tens of thousands of stretches in each.
        self._starts = array("q", (p[0] for p in pieces))
        self._flat = array("q", (x for p in pieces for x in p))

    @property
    def pieces(self) -> list[tuple[int, int, int, int]]:
        f = self._flat
        return [(f[k], f[k + 1], f[k + 2], f[k + 3]) for k in range(0, len(f), 4)]

    def __call__(self, pos: int, *, end: bool) -> int:
        i = bisect_left(self._starts, pos + (0 if end else 1)) - 1
        if i < 0:
            return pos
        os_, oe, ns, ne = self._flat[4 * i : 4 * i + 4]
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


def _runs(chunk: str, base: int) -> list[tuple[int, int, str]]:
    """The NFC edits of one chunk (offsets from ``base``): normalise runs that start
    at a starter character, merging a run into the one before it when normalising
    them apart would differ from normalising them together."""
    starts = [i for i, c in enumerate(chunk) if unicodedata.combining(c) == 0] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    bounds = starts + [len(chunk)]
    runs: list[tuple[int, int]] = []
    for s, e in zip(bounds, bounds[1:]):
        if runs:
            ps, pe = runs[-1]
            joined = unicodedata.normalize("NFC", chunk[ps:e])
            apart = unicodedata.normalize("NFC", chunk[ps:pe]) + unicodedata.normalize("NFC", chunk[s:e])
            if joined != apart:
                runs[-1] = (ps, e)
                continue
        runs.append((s, e))
    edits = []
    for s, e in runs:
        norm = unicodedata.normalize("NFC", chunk[s:e])
        if norm != chunk[s:e]:
            edits.append((base + s, base + e, norm))
    return edits


def nfc_with_map(text: str) -> tuple[str, EditMap]:
    """NFC of ``text`` and the map from its offsets to the NFC offsets.

    Whitespace never composes with its neighbours, so lines and then words are
    normalised on their own, and only the words NFC changes are looked at closely."""
    if unicodedata.is_normalized("NFC", text):
        return text, EditMap([])
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if not unicodedata.is_normalized("NFC", line):
            for mt in _CHUNK.finditer(line):
                if not unicodedata.is_normalized("NFC", mt.group()):
                    edits += _runs(mt.group(), pos + mt.start())
        pos += len(line)
    out, emap = apply_edits(text, edits)
    if out != unicodedata.normalize("NFC", text):  # pathological input: one edit
        out = unicodedata.normalize("NFC", text)
        emap = EditMap([(0, len(text), 0, len(out))])
    return out, emap
