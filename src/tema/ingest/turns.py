"""After segmentation, before storing: heading lines become ``heading`` segments (not
codable turns, no sentences), and turns of subtitle files carry their cue times.

Heading lines are those the reader knew (a .docx heading style, a Markdown ``#`` line)
and, in a transcript with speaker labels, a short line before the first labelled turn
that reads like a title, not a sentence (:func:`looks_like_heading`), such as
"Intervju 3 – barnekoordinator (Kari)". A labelled turn is never a heading.

Turn times: a turn that starts on a cue line of a .vtt/.srt file gets
``meta["start"]``/``meta["end"]`` — seconds from the start of the recording, the end
being the end of the last cue joined into the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 14
_SENTENCE_END = re.compile(r"[.!?…:;,]\s*[»”\"']?\s*$")


def looks_like_heading(line: str) -> bool:
    """One short line that does not end like a sentence (nor with a colon)."""
    line = line.strip()
    return (0 < len(line) <= HEADING_MAX_CHARS and "\n" not in line and len(line.split()) <= HEADING_MAX_WORDS
            and not _SENTENCE_END.search(line) and any(ch.isalpha() for ch in line))


def heading_lines(text: str, spans: Sequence) -> list[tuple[int, int]]:
    """Title-like lines among the unlabelled turns before the first labelled turn (only in
    a document that has labelled turns)."""
    turns = [sp for sp in spans if sp.kind == "turn"]
    if not any(sp.speaker for sp in turns):
        return []
    out = []
    for sp in turns:
        if sp.speaker:
            break
        if looks_like_heading(text[sp.start:sp.end]):
            out.append((sp.start, sp.end))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def with_headings(text: str, spans: Sequence, known: Sequence[tuple[int, int]] = ()) -> list:
    """``spans`` with each heading (``known`` ones and title-like lines) as a ``heading``
    segment: turns and sentences are cut around it (what lies inside is not codable)."""
    heads = sorted(set(known) | set(heading_lines(text, spans)))
    if not heads:
        return list(spans)
    from tema.nlp import SegmentSpan

    def inside(sp) -> tuple[int, int] | None:
        return next(((a, b) for a, b in heads if sp.start < b and a < sp.end), None)

    out: list = []
    for sp in spans:
        h = inside(sp)
        if h is None:
            out.append(sp)
            continue
        pieces = [(sp.start, h[0]), (h[1], sp.end)]  # what lies outside the heading stays codable
        for a, b in pieces:
            a, b = _trim(text, a, b)
            if a < b and inside(replace(sp, start=a, end=b)) is None:
                out.append(replace(sp, start=a, end=b))
    for a, b in heads:
        out.append(SegmentSpan("heading", a, b, None, -1, None, None))
    kind_order = {"heading": 0, "turn": 1, "sentence": 2}
    return sorted(out, key=lambda sp: (sp.start, kind_order.get(sp.kind, 3), -sp.end))


def with_cue_times(spans: Sequence, cues: Sequence[tuple[int, int, float, float]]) -> list:
    """Turns starting on a cue line get that line's start and end time (seconds)."""
    if not cues:
        return list(spans)
    out = []
    j = 0
    for sp in sorted(spans, key=lambda s: s.start):
        if sp.kind == "turn":
            while j < len(cues) and cues[j][1] <= sp.start:
                j += 1
            if j < len(cues) and cues[j][0] <= sp.start < cues[j][1]:
                meta = dict(sp.meta or {})
                meta["start"], meta["end"] = cues[j][2], cues[j][3]
                sp = replace(sp, meta=meta)
        out.append(sp)
    return out
