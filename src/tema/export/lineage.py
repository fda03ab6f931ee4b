"""Tables over coded extracts: perspectives (Tabell 2) and lineage across
snapshots (Tabell 3: extract → codes → theme in each snapshot)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tema.domain.snapshots import code_placements, find_snapshot, list_snapshots
from tema.domain.themes import find_theme, theme_code_ids
from tema.errors import InvalidInput, NotFound
from tema.export.labels import Words
from tema.export.queries import Span, spans
from tema.export.table import Table
from tema.export.tables import Filters, code_ids
from tema.text import name_key


def quote(span: Span) -> str:
    """The extract as the thesis cites it: text, then who said it in brackets."""
    who = span.participant or span.participant_label or span.document
    return f"{span.text} ({who})"


def _wanted_codes(session: Session, f: Filters) -> set[int] | None:
    ids = code_ids(session, f.codes)
    if f.themes:
        from_themes = {cid for n in f.themes for cid in theme_code_ids(session, find_theme(session, n))}
        ids = from_themes if ids is None else ids | from_themes
    return ids


def perspectives_table(session: Session, f: Filters, w: Words) -> list[Table]:
    ids = _wanted_codes(session, f)
    rows = []
    for span in spans(session, ids):
        by_code: dict[str, list[str]] = {}
        for c in span.codings:
            have = by_code.setdefault(c.code, [])
            have.extend(p for p in c.perspectives if p not in have)
        if ids is None and not any(by_code.values()):
            continue  # unfiltered: only extracts coded from some perspective
        joiner = f" {w['and']} "
        lines = [f"{code} ({joiner.join(ps)})" if ps else code for code, ps in by_code.items()]
        rows.append([quote(span), "\n".join(lines)])
    return [Table("perspectives", w["title.perspectives"], [w["quote"], w["coding_perspectives"]], rows)]


def lineage_table(session: Session, f: Filters, w: Words) -> list[Table]:
    snaps = [find_snapshot(session, n) for n in f.snapshots] or list_snapshots(session)
    if not snaps:
        raise InvalidInput("lineage: the project has no snapshots yet (take one per phase with `tema snapshot PROJECT NAME`)")
    placements = [code_placements(s.structure) for s in snaps]
    wanted_themes = {name_key(n) for n in f.themes}
    if wanted_themes:
        known = {name_key(part) for pl in placements for paths in pl.values() for p in paths for part in p.split(" / ")}
        missing = [n for n in f.themes if name_key(n) not in known]
        if missing:
            raise NotFound(f"--theme {', '.join(missing)}: holds no codes in snapshots {', '.join(s.name for s in snaps)}")
    rows = []
    for span in spans(session, code_ids(session, f.codes)):
        codes = span.codes
        cols = []
        for pl in placements:
            cols.append(list(dict.fromkeys(p for c in codes for p in pl.get(c, []))))
        if wanted_themes and not any(name_key(part) in wanted_themes for col in cols for p in col for part in p.split(" / ")):
            continue
        rows.append([quote(span), "\n".join(codes), *("\n".join(col) for col in cols)])
    headers = [w["quote"], w["phase2"], *(s.name for s in snaps)]
    return [Table("lineage", w["title.lineage"], headers, rows)]
