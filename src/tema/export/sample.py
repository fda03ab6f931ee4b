"""Tables about the sample: participants by attribute (Tabell 1), a per-participant
listing, and the theme × participant matrix (does more than one voice carry a theme?)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tema.domain.participants import list_participants
from tema.export.labels import Words
from tema.export.queries import Usage, active_codes, code_usage, shown_name, theme_usage
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
    extracts = dict(session.execute(
        select(m.Document.participant_id, func.count(m.Coding.id))
        .join(m.Coding, m.Coding.document_id == m.Document.id)
        .where(m.Document.deleted_at.is_(None)).group_by(m.Document.participant_id)
    ).all())
    keys = list(counts)
    rows = []
    for p in people:
        values = {a.key: a.value or "" for a in p.attributes}
        rows.append([p.label or "", p.pseudonym, *(values.get(k, "") for k in keys), docs.get(p.id, 0), extracts.get(p.id, 0)])
    headers = [w["label"], w["pseudonym"], *keys, w["documents"], w["extracts"]]
    listing = Table("participant-list", w["title.participant-list"], headers, rows)
    return [summary, listing]


def _participants(session: Session) -> list[m.Participant]:
    """Participants with their attributes (2 statements), in list_participants' order."""
    rows = session.scalars(select(m.Participant).options(selectinload(m.Participant.attributes)))
    return sorted(rows, key=lambda p: (p.label is None, nb_sort_key(p.label or ""), nb_sort_key(p.pseudonym)))


def matrix_table(session: Session, f: Filters, w: Words) -> list[Table]:
    """Rows: themes and their subthemes (or codes with ``by="code"``); columns: participants."""
    voices = [shown_name(p.label, p.pseudonym) for p in list_participants(session)]
    rows: list[list] = []
    if f.by == "code":
        wanted = code_ids(session, f.codes)
        usage = code_usage(session, wanted)
        codes = [(cid, c) for cid, c in active_codes(session).items() if wanted is None or cid in wanted]
        labels = [[c.name] for _, c in codes]
        uses = [usage.get(cid, Usage()) for cid, _ in codes]
        head, title, group = [w["code"]], w["title.matrix-codes"], 0
    else:
        tree = map_tree(session, f.themes)
        parents = {t.id: None for t in tree} | {s.id: t.id for t in tree for s in t.subthemes}
        usage = theme_usage(session, parents)
        labels, uses = [], []
        for t in tree:
            labels.append([named(t.label, t.name), ""])
            uses.append(usage.get(t.id, Usage()))
            for s in t.subthemes:
                labels.append([named(t.label, t.name), named(s.label, s.name)])
                uses.append(usage.get(s.id, Usage()))
        head, title, group = [w["theme"], w["subtheme"]], w["title.matrix"], 1
    top = max((n for u in uses for n in u.by_participant.values()), default=0)
    fills = {}
    for i, (label, u) in enumerate(zip(labels, uses)):
        counts = [u.by_participant.get(v, 0) for v in voices]
        rows.append([*label, *counts, u.extracts, len(u.by_participant)])
        for j, n in enumerate(counts):
            if n and top:
                fills[(i, len(label) + j)] = shade(n / top)
    headers = [*head, *voices, w["total"], w["participants"]]
    meta = {"label_columns": len(head), "value_columns": (len(head), len(head) + len(voices))}
    return [Table("matrix", title, headers, rows, group_columns=group, fills=fills, meta=meta)]


def shade(x: float) -> str:
    """White → blue for 0 → 1 (the heat of a count cell)."""
    lo, hi = (255, 255, 255), (66, 126, 186)
    x = 0.15 + 0.85 * max(0.0, min(1.0, x))
    return "#" + "".join(f"{round(a + (b - a) * x):02x}" for a, b in zip(lo, hi))
