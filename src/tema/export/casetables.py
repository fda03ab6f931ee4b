"""Tables for case studies and longitudinal designs (families or municipalities followed
over several waves, as in implementation studies):

``case-matrix``  theme × case, each cell holding the case's extracts of the theme —
                 short, with the participant's label and role: the framework matrix
                 case-study reports are written from.
``wave-themes``  theme × wave: extracts (or codings) per wave and whether a theme
                 appears, grows, fades or goes between the waves, per interview of each
                 wave so waves of different sizes compare.

Extracts as everywhere (tema.domain.extracts): overlapping coded spans of one document
under a row count once. Every text passes the pseudonym rules (export.api)."""

from __future__ import annotations

import textwrap

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.columns import document_columns
from tema.domain.extracts import check_measure, stitched
from tema.domain.theme_matrix import ThemeFamily, count_row, placed_spans, theme_families
from tema.domain.themes import find_theme, placed_code_ids
from tema.errors import InvalidInput
from tema.export.labels import Words
from tema.export.table import Table, named
from tema.export.tables import Filters, map_tree
from tema.i18n import _
from tema.store import models as m
from tema.text import name_key

ROLE_KEYS = ("rolle", "role")  # the participant attribute shown beside an extract
SHORT = 160  # characters of an extract shown in a case-matrix cell
CHANGE = 1.5  # a theme grows (fades) when its extracts per interview change by this factor


def short(text: str, width: int = SHORT) -> str:
    return textwrap.shorten(" ".join(text.split()), width, placeholder=" …")


def _families(session: Session, f: Filters) -> list[ThemeFamily]:
    fams = theme_families(session)
    if not f.themes:
        return fams
    map_tree(session, f.themes)  # refuses themes that are discarded or not in the map
    ids = {find_theme(session, n).id for n in f.themes}
    keep = ids | {x.parent_id for x in fams if x.id in ids and x.parent_id is not None}
    return [x for x in fams if x.id in keep or x.parent_id in ids]


def _labels(fams: list[ThemeFamily]) -> list[list[str]]:
    by_id = {x.id: x for x in fams}
    out = []
    for x in fams:
        if x.parent_id is None or x.parent_id not in by_id:
            out.append([named(x.label, x.name), ""])
        else:
            p = by_id[x.parent_id]
            out.append([named(p.label, p.name), named(x.label, x.name)])
    return out


def _speakers(session: Session) -> dict[int, str]:
    """{document id: "A, forelder"} — the participant's label (else pseudonym) and role (2 statements)."""
    roles = {pid: value for pid, key, value in session.execute(
        select(m.ParticipantAttribute.participant_id, m.ParticipantAttribute.key, m.ParticipantAttribute.value))
        if name_key(key) in ROLE_KEYS and value}
    out = {}
    for doc_id, pid, label, pseudonym in session.execute(
        select(m.Document.id, m.Participant.id, m.Participant.label, m.Participant.pseudonym)
        .join(m.Participant, m.Participant.id == m.Document.participant_id)
        .where(m.Document.deleted_at.is_(None))
    ):
        out[doc_id] = ", ".join(v for v in (label or pseudonym, roles.get(pid)) if v)
    return out


def case_matrix_table(session: Session, f: Filters, w: Words) -> list[Table]:
    """Rows: themes and subthemes; columns: cases; a cell: the case's extracts of the theme,
    one per line, «short text» (label, role), in document order."""
    cases, doc_cases = document_columns(session, "case")
    if not cases:
        raise InvalidInput(_("case-matrix: the project has no cases yet (`tema participant P NAME --case "
                             "CASE` or `tema import … --case CASE`)"))
    fams = _families(session, f)
    who = _speakers(session)
    titles = dict(session.execute(select(m.Document.id, m.Document.title).where(m.Document.deleted_at.is_(None))).all())
    coded: dict[int, dict[int, list[tuple[int, int, str]]]] = {}  # code → document → (start, end, text)
    for code_id, doc_id, start, end, text in session.execute(
        select(m.Coding.code_id, m.Coding.document_id, m.Coding.start, m.Coding.end, m.Coding.text)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None), m.Coding.code_id.in_(placed_code_ids()))
    ):
        coded.setdefault(code_id, {}).setdefault(doc_id, []).append((start, end, text))
    rows: list[list] = []
    for label, fam in zip(_labels(fams), fams):
        per_doc: dict[int, list[tuple[int, int, str]]] = {}
        for c in fam.codes:
            for doc_id, parts in coded.get(c, {}).items():
                per_doc.setdefault(doc_id, []).extend(parts)
        cells: list[list[str]] = [[] for _ in cases]
        for doc_id in sorted(per_doc, key=lambda d: (titles.get(d, ""), d)):
            for _s, _e, text in stitched(per_doc[doc_id]):
                quote = f"«{short(text)}»" + (f" ({who[doc_id]})" if doc_id in who else "")
                for col in doc_cases.get(doc_id, ()):
                    cells[col].append(quote)
        rows.append([*label, *("\n".join(c) for c in cells)])
    return [Table("case-matrix", w["title.case-matrix"], [w["theme"], w["subtheme"], *cases], rows,
                  group_columns=1, note=f"{w['note.extracts']} {w['note.no_case']}")]


def trend(counts: list[int], interviews: list[int], waves: list[str], w: Words) -> str:
    """Whether a theme appears after the first wave, grows or fades (extracts per interview,
    last against first wave with extracts, by :data:`CHANGE`), or is gone in a later wave."""
    seen = [i for i, n in enumerate(counts) if n]
    if not seen or len(counts) < 2:
        return ""
    first, last = seen[0], seen[-1]
    out = []
    if first > 0:
        out.append(w["trend.new"].format(wave=waves[first]))
    if last > first:
        a, b = counts[first] / max(interviews[first], 1), counts[last] / max(interviews[last], 1)
        out.append(w["trend.grows"] if b >= a * CHANGE else w["trend.fades"] if b * CHANGE <= a else w["trend.steady"])
    if last < len(counts) - 1:
        out.append(w["trend.gone"].format(wave=waves[last + 1]))
    return "; ".join(out)


def wave_themes_table(session: Session, f: Filters, w: Words) -> list[Table]:
    """Rows: themes and subthemes; columns: waves (extracts or codings) and the trend."""
    waves, doc_waves = document_columns(session, "wave")
    if not waves:
        raise InvalidInput(_("wave-themes: no document has a wave yet (`tema import … --wave 1`)"))
    interviews = [0] * len(waves)
    for cols in doc_waves.values():
        for col in cols:
            interviews[col] += 1
    check_measure(f.measure)
    fams = _families(session, f)
    spans = placed_spans(session)
    heads = [w.wave(x) for x in waves]
    rows = []
    for label, fam in zip(_labels(fams), fams):
        counts, _total = count_row(fam.codes, spans, doc_waves, len(waves), f.measure)
        rows.append([*label, *counts, trend(counts, interviews, waves, w)])
    docs = ", ".join(f"{wave}: {n}" for wave, n in zip(heads, interviews))
    note = f"{w['note.' + f.measure]} {w['note.waves'].format(docs=docs)}"
    return [Table("wave-themes", w["title.wave-themes"].format(count=w["count." + f.measure]),
                  [w["theme"], w["subtheme"], *heads, w["trend"]], rows, group_columns=1, note=note)]

