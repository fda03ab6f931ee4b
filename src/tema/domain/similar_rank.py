"""Ranking sentence segments against a lemma query: FTS5's bm25 over the ``lemmas`` column
on SQLite (the query's lemmas with the index's own idf; the query weights chose them), a
sum of ``ts_rank`` per lemma weighted by the lemma's query weight on PostgreSQL (whose
ranking has no idf of its own). Segments of trashed documents, interviewer turns and excluded spans (the
extracts already coded) are dropped after ranking; the index is asked for more rows
until ``limit`` segments remain or the matches run out."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from tema.domain.similar_query import CONFIG, TABLE, Query
from tema.store import models as m

# Speaker labels of the interviewer (lower case), besides the document's interviewer's name.
INTERVIEWER_LABELS = frozenset(
    "i i1 i2 int intervjuer intervjuar intervjuer1 intervjuer2 interviewer q spm spørsmål "
    "forsker researcher moderator fasilitator".split()
)


@dataclass(frozen=True, slots=True)
class Ranked:
    segment_id: int
    score: float  # higher is closer
    document_id: int
    start: int
    end: int
    speaker: str | None
    turn: int


def by_document(spans: Iterable[tuple[int, int, int]]) -> dict[int, Spans]:
    """(document id, start, end) spans, per document, ready for overlap tests."""
    out: dict[int, list[tuple[int, int]]] = {}
    for doc_id, a, b in spans:
        out.setdefault(doc_id, []).append((a, b))
    return {doc_id: Spans(v) for doc_id, v in out.items()}


class Spans:
    """Spans of one document: sorted starts and the running maximum of their ends, so
    whether a range overlaps any of them is one bisection."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach, top = [], -1
        for _a, b in spans:
            top = max(top, b)
            self.reach.append(top)

    def __len__(self) -> int:
        return len(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # spans starting before ``end``
        return k > 0 and self.reach[k - 1] > start


def trashed_documents(session: Session) -> set[int]:
    """Ids of the documents in the trash (from the deleted_at index)."""
    return set(session.scalars(select(m.Document.id).where(m.Document.deleted_at.is_not(None))))


@dataclass
class Exclusion:
    """What a second look never returns: segments overlapping ``spans`` (per document),
    segments of trashed documents, interviewer turns."""

    spans: dict[int, Spans] = field(default_factory=dict)
    trashed: set[int] = field(default_factory=set)
    interviewers: dict[int, set[str]] = field(default_factory=dict)  # document → its interviewer's names

    @classmethod
    def build(cls, session: Session, spans: Iterable[tuple[int, int, int]], *,
              trashed: set[int] | None = None) -> Exclusion:
        """From (document id, start, end) spans; reads trashed documents (unless given) and
        interviewers (index-only reads: the document rows hold the transcripts)."""
        out = cls(by_document(spans), trashed_documents(session) if trashed is None else trashed)
        links = session.execute(
            select(m.Document.id, m.Document.interviewer_id).where(m.Document.interviewer_id.is_not(None))
        ).all()
        if links:
            names: dict[int, set[str]] = {}
            for cid, name, initials in session.execute(
                select(m.Coder.id, m.Coder.name, m.Coder.initials).where(m.Coder.id.in_({c for _, c in links}))
            ):
                names[cid] = {x.casefold() for x in (name, initials, (name or "").split(" ")[0]) if x}
            out.interviewers = {doc_id: names[cid] for doc_id, cid in links if cid is not None and names.get(cid)}
        return out

    def is_interviewer(self, doc_id: int, speaker: str | None) -> bool:
        if not speaker:
            return False
        s = speaker.strip().casefold()
        return s in INTERVIEWER_LABELS or s in self.interviewers.get(doc_id, ())

    def overlaps(self, doc_id: int, start: int, end: int) -> bool:
        spans = self.spans.get(doc_id)
        return spans is not None and spans.overlaps(start, end)

    def drops(self, r: Ranked) -> bool:
        return r.document_id in self.trashed or self.is_interviewer(r.document_id, r.speaker) or \
            self.overlaps(r.document_id, r.start, r.end)


def rank_segments(session: Session, query: Query, exclusion: Exclusion, *, limit: int | None) -> list[Ranked]:
    """The closest ``limit`` segments (all matching ones when None), closest first."""
    if not query.terms:
        return []
    # The excluded extracts hold the query's lemmas, so they crowd the top: ask for room for them.
    excluded = sum(map(len, exclusion.spans.values()))
    fetch = None if limit is None else 4 * limit + min(2 * excluded, 2_000)
    while True:
        rows = _ranked(session, query, fetch)
        kept = [r for r in rows if not exclusion.drops(r)]
        if fetch is None or len(rows) < fetch or len(kept) >= limit:  # type: ignore[operator]
            return kept if limit is None else kept[:limit]
        fetch *= 4


def _ranked(session: Session, query: Query, fetch: int | None) -> list[Ranked]:
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_ranked(session, query, fetch)
    return _pg_ranked(session, query, fetch)


def fts_expression(query: Query) -> str:
    """``lemmas : ("a" OR "b" …)``: any of the query's lemmas, in the lemma column."""
    return "lemmas : (" + " OR ".join('"' + t.lemma.replace('"', '""') + '"' for t in query.terms) + ")"


def _sqlite_ranked(session: Session, query: Query, fetch: int | None) -> list[Ranked]:
    limit = "" if fetch is None else f" LIMIT {int(fetch)}"
    rows = session.execute(
        sql(
            "SELECT t.rowid, t.score, g.document_id, g.start, g.\"end\", g.speaker, g.turn FROM "
            "(SELECT rowid, bm25(segment_fts) AS score FROM segment_fts WHERE segment_fts MATCH :q "
            f"ORDER BY score{limit}) AS t JOIN segment g ON g.id = t.rowid ORDER BY t.score, t.rowid"
        ),
        {"q": fts_expression(query)},
    ).all()
    return [Ranked(r[0], -r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]


def _pg_ranked(session: Session, query: Query, fetch: int | None) -> list[Ranked]:
    params: dict[str, object] = {}
    ranks, matches = [], []
    for i, t in enumerate(query.terms):
        params[f"t{i}"], params[f"w{i}"] = t.lemma, t.weight
        q = f"to_tsquery('{CONFIG}', quote_literal(CAST(:t{i} AS text)))"
        ranks.append(f"CAST(:w{i} AS float8) * ts_rank(s.lemmas, {q})")
        matches.append(q)
    limit = "" if fetch is None else f" LIMIT {int(fetch)}"
    rows = session.execute(
        sql(
            f"SELECT s.segment_id, {' + '.join(ranks)} AS score, g.document_id, g.start, g.\"end\", g.speaker, "
            f"g.turn FROM {TABLE} s JOIN segment g ON g.id = s.segment_id "
            f"WHERE s.lemmas @@ ({' || '.join(matches)}) ORDER BY score DESC, s.segment_id{limit}"
        ),
        params,
    ).all()
    return [Ranked(r[0], float(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]
