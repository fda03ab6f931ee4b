"""What the transcript view shows of one document: text, segments, codings, notes.

Pure Python (no Textual). Built from the domain's plain transcript view
(tema.domain.transcript_view) by ``model_of``; the view keeps one per open document and
asks it for layout, segment and coding lookups.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from tema.domain.coding import CodingView
from tema.domain.transcript_view import NoteMark, TranscriptData
from tema.tui.layout import Layout, display_text

INTERVIEWER_LABELS = {"i", "int", "intervjuer", "interviewer", "q", "spm"}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text covered by the same codings (indices into TranscriptModel.codings)."""

    start: int
    end: int
    codings: tuple[int, ...]


def coverage_runs(marks: list[CodingView], indices: list[int] | None = None,
                  lo: int | None = None, hi: int | None = None) -> list[Run]:
    """Maximal stretches with a constant, non-empty set of covering codings (of ``indices``,
    default all), clipped to [lo, hi) when given."""
    points: dict[int, list[tuple[int, int]]] = {}
    for i in range(len(marks)) if indices is None else indices:
        c = marks[i]
        a = c.start if lo is None else max(c.start, lo)
        b = c.end if hi is None else min(c.end, hi)
        if a < b:
            points.setdefault(a, []).append((1, i))
            points.setdefault(b, []).append((-1, i))
    active: set[int] = set()
    runs: list[Run] = []
    keys = sorted(points)
    for k, pos in enumerate(keys):
        for delta, i in points[pos]:
            if delta < 0:
                active.discard(i)
            else:
                active.add(i)
        if active and k + 1 < len(keys):
            runs.append(Run(pos, keys[k + 1], tuple(sorted(active, key=lambda j: (marks[j].start, -marks[j].end, j)))))
    return runs


@dataclass
class TranscriptModel:
    doc_id: int
    title: str
    participant: str | None
    text: str
    sentences: list[tuple[int, int]]
    turns: list[tuple[int, int, str | None]]
    codings: list[CodingView] = field(default_factory=list)
    notes: list[NoteMark] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.display = display_text(self.text)
        self._starts = [s for s, _ in self.sentences]
        self._layouts: dict[int, Layout] = {}
        self.labels = self._speaker_labels()
        self.set_codings(self.codings)
        self.set_notes(self.notes)

    # --- layout -----------------------------------------------------------------
    def layout(self, width: int) -> Layout:
        lay = self._layouts.get(width)
        if lay is None:
            self._layouts = {width: Layout(self.display, width)}
            lay = self._layouts[width]
        return lay

    def _speaker_labels(self) -> list[tuple[int, int, bool]]:
        """(start, end, is_interviewer) of the speaker label before each turn on its line."""
        out = []
        for start, _end, speaker in self.turns:
            line_start = self.text.rfind("\n", 0, start) + 1
            if speaker and line_start < start and self.text[line_start:start].rstrip().endswith(":"):
                out.append((line_start, start, speaker.strip().lower() in INTERVIEWER_LABELS))
        return out

    # --- segments ---------------------------------------------------------------
    def segment_at(self, offset: int) -> int:
        """Index of the sentence containing ``offset``, else the next one (else the last)."""
        if not self.sentences:
            return -1
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return i
        return min(i + 1, len(self.sentences) - 1)

    # --- codings ----------------------------------------------------------------
    def set_codings(self, marks: list[CodingView]) -> list[tuple[int, int]]:
        """Codings sorted by start; runs are computed per drawn row, not for the whole text.
        Returns the spans of the codings that came or went (what needs drawing again)."""
        before = {c.id: c for c in getattr(self, "codings", ())}
        self.codings = sorted(marks, key=lambda c: (c.start, c.end, c.id))
        self._coding_starts = [c.start for c in self.codings]
        self._max_len = max((c.end - c.start for c in self.codings), default=0)
        changed = []
        for c in self.codings:
            old = before.pop(c.id, None)
            if old is None or old != c:
                changed.append((c.start, c.end))
                if old is not None and (old.start, old.end) != (c.start, c.end):
                    changed.append((old.start, old.end))
        changed += [(c.start, c.end) for c in before.values()]  # gone
        return sorted(changed)

    def _overlapping(self, start: int, end: int) -> list[int]:
        """Indices of codings overlapping [start, end)."""
        lo = bisect_left(self._coding_starts, start - self._max_len)
        hi = bisect_left(self._coding_starts, end)
        return [i for i in range(lo, hi) if self.codings[i].end > start]

    def runs_in(self, start: int, end: int) -> list[Run]:
        """Coverage runs within [start, end) (clipped to it)."""
        return coverage_runs(self.codings, self._overlapping(start, end), start, end)

    def codings_in(self, start: int, end: int) -> list[CodingView]:
        """Codings overlapping [start, end) (a point when start == end), by position."""
        end = max(end, start + 1)
        found = [self.codings[i] for i in self._overlapping(start, end)]
        return sorted(found, key=lambda c: (c.start, -c.end, c.id))

    # --- notes ------------------------------------------------------------------
    def set_notes(self, notes: list[NoteMark]) -> list[tuple[int, int]]:
        """Notes sorted by anchor; returns the anchors of the notes that came or went."""
        before = set(getattr(self, "notes", ()))
        self.notes = sorted(notes, key=lambda n: (n.start, n.id))
        self._note_starts = [n.start for n in self.notes]
        return sorted((n.start, max(n.start + 1, n.end or 0)) for n in before.symmetric_difference(self.notes))

    def notes_in(self, start: int, end: int) -> list[NoteMark]:
        a = bisect_left(self._note_starts, start)
        b = bisect_left(self._note_starts, max(end, start + 1))
        return self.notes[a:b]


def model_of(data: TranscriptData) -> TranscriptModel:
    """The model of a document read with ``transcript_view.transcript``."""
    model = TranscriptModel(data.doc_id, data.title, data.participant, data.text, data.sentences, data.turns)
    model.set_codings(data.codings)
    model.set_notes(data.notes)
    return model


__all__ = ["NoteMark", "Run", "TranscriptModel", "coverage_runs", "model_of"]
