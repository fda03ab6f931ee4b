"""Theme × column: how many distinct extracts (or codings) of each theme's codes
(subthemes included) each participant — or case, wave, or value of a participant
attribute — contributes; an empty cell is a column that does not.

"Extract" is defined in :mod:`tema.domain.extracts` (overlapping coded spans of one
document counted once per row). Read with a fixed number of statements whatever the
number of themes, codes or codings: the columns, the live themes, their code links and
the coded spans of placed codes; the theme tree and the span unions are done in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.columns import document_columns
from tema.domain.extracts import check_measure, merged
from tema.domain.themes import placed_code_ids
from tema.store import models as m


@dataclass(frozen=True)
class MatrixRow:
    id: int  # the theme's (or, in a code matrix, the code's)
    parent_id: int | None
    label: str | None
    name: str
    counts: list[int]  # per column
    total: int  # in every live document, whether or not it belongs to a column

    @property
    def shown(self) -> str:
        return ("  └ " if self.parent_id is not None else "") + (f"{self.label} " if self.label else "") + self.name


@dataclass
class Matrix:
    columns: list[str]
    lines: list[MatrixRow]
    measure: str = "extracts"  # extracts | codings
    dimension: str = "participant"  # participant | case | wave | attr:KEY

    @property
    def rows(self) -> list[tuple[int, str, list[int]]]:
        """(theme id, shown name, count per column) — what the review screen draws."""
        return [(r.id, r.shown, r.counts) for r in self.lines]

    @property
    def participants(self) -> list[str]:
        """The column headings (participants unless another dimension was asked for)."""
        return self.columns


@dataclass(frozen=True)
class ThemeFamily:
    """A live, non-discarded, non-holding theme or subtheme, in board order.

    ``own_codes`` are the codes placed in it; ``codes`` adds those of its live,
    non-discarded subthemes, each code once (what the theme's extracts are drawn from)."""

    id: int
    name: str
    label: str | None
    parent_id: int | None
    definition: str | None
    central_concept: str | None
    own_codes: tuple[int, ...]
    codes: tuple[int, ...]

    @property
    def shown(self) -> str:
        return (f"{self.label} " if self.label else "") + self.name


def _shown_themes():
    """Live, non-discarded, non-holding themes."""
    return (m.Theme.deleted_at.is_(None), m.Theme.status != "discarded", m.Theme.is_holding.is_(False))


def theme_families(session: Session) -> list[ThemeFamily]:
    """Themes then their subthemes, in the researcher's order (2 statements).

    A subtheme whose parent is discarded, deleted or the holding pile is left out, as on the board."""
    rows = session.execute(
        select(m.Theme.id, m.Theme.name, m.Theme.label, m.Theme.parent_id, m.Theme.definition,
               m.Theme.central_concept)
        .where(*_shown_themes())
        .order_by(m.Theme.ordinal, m.Theme.id)
    ).all()
    links: dict[int, list[int]] = {}
    for theme_id, code_id in session.execute(
        select(m.ThemeCode.theme_id, m.ThemeCode.code_id)
        .join(m.Theme, m.Theme.id == m.ThemeCode.theme_id)
        .where(*_shown_themes())
        .order_by(m.ThemeCode.ordinal, m.ThemeCode.code_id)
    ):
        links.setdefault(theme_id, []).append(code_id)
    roots = [r for r in rows if r.parent_id is None]
    root_ids = {r.id for r in roots}
    children: dict[int, list] = {}
    for r in rows:
        if r.parent_id in root_ids:
            children.setdefault(r.parent_id, []).append(r)

    def family(r, subs) -> ThemeFamily:
        own = links.get(r.id, [])
        every = list(dict.fromkeys([*own, *(c for s in subs for c in links.get(s.id, []))]))
        return ThemeFamily(r.id, r.name, r.label, r.parent_id, r.definition, r.central_concept, tuple(own), tuple(every))

    out: list[ThemeFamily] = []
    for r in roots:
        subs = children.get(r.id, [])
        out.append(family(r, subs))
        out.extend(family(s, []) for s in subs)
    return out


def codings_per_code_and_participant(session: Session) -> dict[int, dict[int, int]]:
    """{code id: {participant id: codings}} for placed codes, in live documents that
    belong to a participant (one GROUP BY statement)."""
    # Grouped per code × document first (along the coding table's (code_id, document_id, …)
    # index), then per participant: SQLite would otherwise probe every code in every document.
    per_doc = (
        select(m.Coding.code_id, m.Coding.document_id, func.count().label("n"))
        .where(m.Coding.code_id.in_(placed_code_ids()))
        .group_by(m.Coding.code_id, m.Coding.document_id)
        .subquery()
    )
    stmt = (
        select(per_doc.c.code_id, m.Document.participant_id, func.sum(per_doc.c.n))
        .join(m.Document, m.Document.id == per_doc.c.document_id)
        .where(m.Document.deleted_at.is_(None), m.Document.participant_id.is_not(None))
        .group_by(per_doc.c.code_id, m.Document.participant_id)
    )
    out: dict[int, dict[int, int]] = {}
    for code_id, participant_id, n in session.execute(stmt):
        out.setdefault(code_id, {})[participant_id] = int(n)  # PostgreSQL sums are Decimal
    return out


def placed_spans(session: Session, code_ids=None) -> dict[int, dict[int, list[tuple[int, int]]]]:
    """{code id: {document id: [(start, end), …]}} of every coding of a placed code (or of
    the codes ``code_ids``, a collection or a subquery) in a live document (1 statement)."""
    stmt = (
        select(m.Coding.code_id, m.Coding.document_id, m.Coding.start, m.Coding.end)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None),
               m.Coding.code_id.in_(placed_code_ids() if code_ids is None else code_ids))
    )
    out: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for code_id, doc_id, start, end in session.connection().execute(stmt):
        out.setdefault(code_id, {}).setdefault(doc_id, []).append((start, end))
    return out


def count_row(code_ids, spans: dict[int, dict[int, list[tuple[int, int]]]], doc_columns: dict[int, tuple[int, ...]],
              n_columns: int, measure: str) -> tuple[list[int], int]:
    """(count per column, total) of the codings of ``code_ids`` (each code once)."""
    per_doc: dict[int, list[tuple[int, int]]] = {}
    for c in dict.fromkeys(code_ids):
        for doc_id, found in spans.get(c, {}).items():
            per_doc.setdefault(doc_id, []).extend(found)
    counts = [0] * n_columns
    total = 0
    for doc_id, found in per_doc.items():
        n = len(found) if measure == "codings" else len(merged(found))
        total += n
        for col in doc_columns.get(doc_id, ()):
            counts[col] += n
    return counts, total


def theme_matrix(session: Session, columns: str = "participant", measure: str = "extracts",
                 theme_ids: set[int] | None = None) -> Matrix:
    """Per live theme and subtheme in board order, its distinct extracts (``measure=
    "codings"``: its codings) per column: participants (label, else pseudonym, in
    list_participants order), cases, waves, or the values of participant attribute KEY
    (``columns="attr:KEY"``). A document counts in its participant's column (its case's,
    wave's …); a document in no column counts only in the row's total. ``theme_ids``
    keeps those themes and subthemes (and the theme of a kept subtheme). 5–7 statements,
    whatever the size."""
    check_measure(measure)
    headers, doc_columns = document_columns(session, columns)
    spans = placed_spans(session)
    families = theme_families(session)
    if theme_ids is not None:
        keep = set(theme_ids) | {f.parent_id for f in families if f.id in theme_ids and f.parent_id is not None}
        families = [f for f in families if f.id in keep or f.parent_id in theme_ids]
    lines = []
    for fam in families:
        counts, total = count_row(fam.codes, spans, doc_columns, len(headers), measure)
        lines.append(MatrixRow(fam.id, fam.parent_id, fam.label, fam.name, counts, total))
    return Matrix(headers, lines, measure, columns)


def code_matrix(session: Session, columns: str = "participant", measure: str = "extracts",
                code_ids: set[int] | None = None) -> Matrix:
    """The same per active code (Norwegian order; ``code_ids`` keeps those), placed or not
    (4–5 statements)."""
    from tema.text import nb_sort_key

    check_measure(measure)
    headers, doc_columns = document_columns(session, columns)
    stmt = select(m.Code.id, m.Code.name).where(m.Code.deleted_at.is_(None), m.Code.status == "active")
    codes = sorted(((i, n) for i, n in session.execute(stmt) if code_ids is None or i in code_ids),
                   key=lambda r: nb_sort_key(r[1]))
    active = select(m.Code.id).where(m.Code.deleted_at.is_(None), m.Code.status == "active")
    spans = placed_spans(session, active)
    lines = []
    for code_id, name in codes:
        counts, total = count_row([code_id], spans, doc_columns, len(headers), measure)
        lines.append(MatrixRow(code_id, None, None, name, counts, total))
    return Matrix(headers, lines, measure, columns)
