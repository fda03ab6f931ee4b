"""The columns a count table can be split by, and which column(s) each live document
counts in: its participant, its case(s), its wave, or its participant's value of an
attribute.

``participant``  participants (label, else pseudonym), in list_participants order;
                 a document counts for its participant.
``case``         cases by name ("Familie 2" before "Familie 10"); a document counts for its own case,
                 else for every case its participant belongs to.
``wave``         the documents' waves ("1" < "2" < "10"; then text in Norwegian order).
``attr:KEY``     the values participants have for attribute KEY (Norwegian order; the key
                 compared case-insensitively); a document counts for its participant's value.

A document with no participant / case / wave / value counts in no column.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m
from tema.text import name_key, nb_sort_key

DIMENSIONS = ("participant", "case", "wave", "attr:KEY")


def check_columns(columns: str) -> str:
    if columns in ("participant", "case", "wave") or (columns.startswith("attr:") and columns[5:].strip()):
        return columns
    raise InvalidInput(_("--columns {columns!r}: must be participant, case, wave or attr:KEY").format(columns=columns))


def natural_key(value: str) -> tuple:
    """Waves, cases and similar labels in a human order: "Familie 2" before "Familie 10",
    numbers by value, text in Norwegian order."""
    parts = re.split(r"(\d+)", value.strip())
    return tuple((0, int(p), nb_sort_key("")) if p.isdigit() else (1, 0, nb_sort_key(p)) for p in parts if p)


def _documents(session: Session) -> list[tuple[int, int | None, int | None, str | None]]:
    """(id, participant id, case id, wave) of every live document (1 statement)."""
    stmt = select(m.Document.id, m.Document.participant_id, m.Document.case_id, m.Document.wave).where(
        m.Document.deleted_at.is_(None))
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(stmt)]


def document_columns(session: Session, columns: str = "participant") -> tuple[list[str], dict[int, tuple[int, ...]]]:
    """(column headings, {document id: indices of the columns it counts in}); 2–3 statements."""
    from tema.domain.participants import list_participants

    check_columns(columns)
    docs = _documents(session)
    if columns == "participant":
        people = list_participants(session)
        index = {p.id: i for i, p in enumerate(people)}
        return ([p.label or p.pseudonym for p in people],
                {d: (index[p],) for d, p, _c, _w in docs if p in index})
    if columns == "wave":
        waves = sorted({w.strip() for *_x, w in docs if w and w.strip()}, key=natural_key)
        at = {w: i for i, w in enumerate(waves)}
        return waves, {d: (at[w.strip()],) for d, _p, _c, w in docs if w and w.strip()}
    if columns == "case":
        cases = sorted(session.execute(select(m.Case.id, m.Case.name)).all(), key=lambda r: natural_key(r[1]))
        index = {cid: i for i, (cid, _n) in enumerate(cases)}
        member: dict[int, list[int]] = {}
        for case_id, pid in session.execute(select(m.CaseMember.case_id, m.CaseMember.participant_id)):
            member.setdefault(pid, []).append(index[case_id])
        out: dict[int, tuple[int, ...]] = {}
        for d, p, c, _w in docs:
            cols = (index[c],) if c in index else tuple(sorted(member.get(p, []))) if p is not None else ()
            if cols:
                out[d] = cols
        return [n for _i, n in cases], out
    key = name_key(columns[5:])
    values: dict[int, str] = {}
    keys: set[str] = set()
    for pid, k, value in session.execute(
        select(m.ParticipantAttribute.participant_id, m.ParticipantAttribute.key, m.ParticipantAttribute.value)
    ):
        keys.add(k)
        if name_key(k) == key and value and value.strip():
            values[pid] = value.strip()
    if not values:
        known = ", ".join(sorted(keys, key=nb_sort_key)) or _("none yet")
        raise InvalidInput(_("--columns {columns!r}: no participant has attribute {key!r} (attributes: {known})").format(columns=columns, key=columns[5:], known=known))
    heads = sorted(set(values.values()), key=natural_key)
    index_v = {v: i for i, v in enumerate(heads)}
    return heads, {d: (index_v[values[p]],) for d, p, _c, _w in docs if p in values}
