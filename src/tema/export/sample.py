"""Tables about the sample: participants by attribute (Tabell 1), a per-participant
listing, and the theme × participant matrix (does more than one voice carry a theme?) —
or theme × case, wave or attribute value. Counts are distinct extracts by default
(tema.domain.extracts), codings on request; each heading says which."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tema.domain.extracts import check_measure, merged
from tema.domain.theme_matrix import code_matrix, theme_matrix
from tema.domain.themes import find_theme
from tema.export.labels import Words
from tema.export.table import Table, named
from tema.export.tables import Filters, code_ids, map_tree
from tema.store import models as m
from tema.text import nb_sort_key


def participants_tables(session: Session, f: Filters, w: Words) -> list[Table]:
    people = _participants(session)
    attrs = sorted((a for p in people for a in p.attributes), key=lambda a: a.id)
    counts: dict[str, dict[str, int]] = {}
    for a in attrs:
        values = counts.setdefault(a.key, {})
        values[a.value or ""] = values.get(a.value or "", 0) + 1
    by_attr = [[key, value, n] for key, values in counts.items() for value, n in values.items()]
    summary = Table("participants", w["title.participants"], [w["attribute"], w["value"], w["count"]], by_attr,
                    group_columns=1)

    docs = dict(session.execute(
        select(m.Document.participant_id, func.count(m.Document.id))
        .where(m.Document.deleted_at.is_(None)).group_by(m.Document.participant_id)
    ).all())
    counted = participant_counts(session, f.measure)
    keys = list(counts)
    rows = []
    for p in people:
        values = {a.key: a.value or "" for a in p.attributes}
        rows.append([p.label or "", p.pseudonym, *(values.get(k, "") for k in keys), docs.get(p.id, 0), counted.get(p.id, 0)])
    headers = [w["label"], w["pseudonym"], *keys, w["documents"], w[f.measure]]
    listing = Table("participant-list", w["title.participant-list"], headers, rows, note=w[f"note.{f.measure}"])
    return [summary, listing]


def participant_counts(session: Session, measure: str = "extracts") -> dict[int, int]:
    """{participant id: distinct extracts (any code; overlapping spans of a document once)
    — or codings} over live documents and codes not in the trash (1 statement)."""
    check_measure(measure)
    stmt = (
        select(m.Document.participant_id, m.Coding.document_id, m.Coding.start, m.Coding.end)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .where(m.Document.deleted_at.is_(None), m.Document.participant_id.is_not(None), m.Code.deleted_at.is_(None))
    )
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pid, doc_id, start, end in session.execute(stmt):
        spans.setdefault((pid, doc_id), []).append((start, end))
    out: dict[int, int] = {}
    for (pid, _doc), found in spans.items():
        out[pid] = out.get(pid, 0) + (len(found) if measure == "codings" else len(merged(found)))
    return out


def _participants(session: Session) -> list[m.Participant]:
    """Participants with their attributes (2 statements), in list_participants' order."""
    rows = session.scalars(select(m.Participant).options(selectinload(m.Participant.attributes)))
    return sorted(rows, key=lambda p: (p.label is None, nb_sort_key(p.label or ""), nb_sort_key(p.pseudonym)))


def matrix_table(session: Session, f: Filters, w: Words) -> list[Table]:
    """Rows: themes and their subthemes (or codes with ``by="code"``); columns: participants
    (or cases, waves, values of a participant attribute); cells: distinct extracts (or
    codings), as the heading says."""
    if f.by == "code":
        matrix = code_matrix(session, f.columns, f.measure, code_ids(session, f.codes))
        labels = [[r.name] for r in matrix.lines]
        head, group = [w["code"]], 0
    else:
        wanted = None
        if f.themes:
            map_tree(session, f.themes)  # refuses themes that are discarded or not in the map
            wanted = {find_theme(session, n).id for n in f.themes}
        matrix = theme_matrix(session, f.columns, f.measure, wanted)
        parents = {r.id: r for r in matrix.lines}
        labels = []
        for r in matrix.lines:
            if r.parent_id is None:
                labels.append([named(r.label, r.name), ""])
            else:
                p = parents[r.parent_id]
                labels.append([named(p.label, p.name), named(r.label, r.name)])
        head, group = [w["theme"], w["subtheme"]], 1
    cols = matrix.columns
    if f.columns == "wave":
        cols = [w.wave(c) for c in cols]
    top = max((n for r in matrix.lines for n in r.counts), default=0)
    rows: list[list] = []
    fills = {}
    for i, (label, r) in enumerate(zip(labels, matrix.lines)):
        rows.append([*label, *r.counts, r.total, sum(1 for n in r.counts if n)])
        for j, n in enumerate(r.counts):
            if n and top:
                fills[(i, len(label) + j)] = shade(n / top)
    last = w["participants"] if f.columns == "participant" else (
        w["cases"] if f.columns == "case" else w["waves"] if f.columns == "wave" else f.columns[5:])
    headers = [*head, *cols, w["total"], last]
    meta = {"label_columns": len(head), "value_columns": (len(head), len(head) + len(cols)),
            "measure": f.measure, "columns": f.columns}
    title = w.counts_title(f.by, f.columns, f.measure)
    return [Table("matrix", title, headers, rows, group_columns=group, fills=fills, meta=meta,
                  note=w[f"note.{f.measure}"])]


def shade(x: float) -> str:
    """White → blue for 0 → 1 (the heat of a count cell)."""
    lo, hi = (255, 255, 255), (66, 126, 186)
    x = 0.15 + 0.85 * max(0.0, min(1.0, x))
    return "#" + "".join(f"{round(a + (b - a) * x):02x}" for a, b in zip(lo, hi))
