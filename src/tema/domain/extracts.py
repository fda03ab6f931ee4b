"""What tema counts as an *extract*, and the two measures every count table offers.

**Extract.** Within one document, the coded spans that count towards a row (a theme with
its subthemes, a code, or — for a participant's total — every code) are merged where
they overlap or coincide: each maximal stretch of text covered by overlapping spans is
one extract. So one passage coded with five codes of a theme is one extract of that
theme, and two codings that share characters are one extract, while two spans that
merely touch (one ends where the next starts) are two. Extracts never cross
documents, and a document's extracts belong to its participant (and to its case, its
wave and its participant's attributes).

**Codings** is the second measure: every (code, span, coder) application counts once; a
coding of a code placed in both a theme and its subtheme counts once for the theme.

``MEASURES`` names them; tables say in their heading which one they count.
"""

from __future__ import annotations

from collections.abc import Iterable

from tema.i18n import _

MEASURES = ("extracts", "codings")


def check_measure(measure: str) -> str:
    from tema.errors import InvalidInput

    if measure not in MEASURES:
        raise InvalidInput(_("--measure {measure!r}: must be one of {items}").format(measure=measure, items=', '.join(MEASURES)))
    return measure


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of half-open spans of one document as disjoint (start, end) pairs, in
    order: overlapping or identical spans become one; touching spans stay apart."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def count_extracts(by_document: dict[int, list[tuple[int, int]]]) -> int:
    """Extracts in ``{document id: [(start, end), …]}``."""
    return sum(len(merged(spans)) for spans in by_document.values())


def stitched(parts: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping coded spans (start, end, coded text) of one document joined into
    extracts with their text, without reading the document: each coded text is the
    document's characters start–end, so the union's text is pieced from them."""
    out: list[tuple[int, int, str]] = []
    for start, end, text in sorted(parts, key=lambda p: (p[0], -p[1])):
        if out and start < out[-1][1]:
            a, b, t = out[-1]
            if end > b:
                out[-1] = (a, end, t + text[b - start:])
        else:
            out.append((start, end, text))
    return out
