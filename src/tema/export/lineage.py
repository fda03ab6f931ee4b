"""Tables over coded extracts: perspectives (Tabell 2) and lineage across
snapshots (Tabell 3: extract → codes → theme in each snapshot)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.code_history import name_at, names_of, rename_history
from tema.domain.snapshots import code_placements, find_snapshot, list_snapshots
from tema.domain.themes import find_theme, theme_code_ids
from tema.errors import InvalidInput, NotFound
from tema.export.labels import Words
from tema.export.queries import Span, spans
from tema.export.table import Table, named
from tema.export.tables import Filters, code_ids
from tema.i18n import _
from tema.store import models as m
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


def _theme_spans(session: Session, f: Filters, w: Words) -> tuple[list[Span], str]:
    """The extracts of the named themes and what they are: a theme's chosen (illustrative)
    extracts when it has any — its subthemes' included — else the extracts of its codes."""
    chosen: list[int] = []
    from_codes: set[int] = set()
    said = []
    for ref in f.themes:
        t = find_theme(session, ref)
        picked = list(session.scalars(
            select(m.ThemeExtract.coding_id).join(m.Theme, m.Theme.id == m.ThemeExtract.theme_id)
            .where((m.Theme.id == t.id) | (m.Theme.parent_id == t.id), m.Theme.deleted_at.is_(None))
            .order_by(m.Theme.parent_id.is_not(None), m.Theme.ordinal, m.ThemeExtract.ordinal)))
        if picked:
            chosen.extend(picked)
            said.append(w["persp.chosen"].format(theme=named(t.label, t.name)))
        else:
            from_codes.update(theme_code_ids(session, t))
            said.append(w["persp.codes"].format(theme=named(t.label, t.name)))
    if f.codes:
        from_codes.update(code_ids(session, f.codes) or ())
    out: list[Span] = []
    if chosen:  # in the order they were chosen for the write-up
        found = spans(session, coding_ids=chosen)
        rank = {cid: i for i, cid in reversed(list(enumerate(chosen)))}
        out = sorted(found, key=lambda s: min(rank.get(c.coding_id, len(rank)) for c in s.codings))
    if from_codes:
        have = {(s.document_id, s.start, s.end) for s in out}
        out += [s for s in spans(session, from_codes) if (s.document_id, s.start, s.end) not in have]
    return out, "; ".join(said)


def perspectives_table(session: Session, f: Filters, w: Words) -> list[Table]:
    title = w["title.perspectives"]
    if f.themes:
        found, which = _theme_spans(session, f, w)
        ids: set[int] | None = set()  # every extract listed, with or without perspectives
        title = f"{title}: {which}"
    else:
        ids = _wanted_codes(session, f)
        found = spans(session, ids)
    rows = []
    for span in found:
        by_code: dict[str, list[str]] = {}
        for c in span.codings:
            have = by_code.setdefault(c.code, [])
            have.extend(p for p in c.perspectives if p not in have)
        if ids is None and not any(by_code.values()):
            continue  # unfiltered: only extracts coded from some perspective
        joiner = f" {w['and']} "
        lines = [f"{code} ({joiner.join(ps)})" if ps else code for code, ps in by_code.items()]
        rows.append([quote(span), "\n".join(lines)])
    return [Table("perspectives", title, [w["quote"], w["coding_perspectives"]], rows)]


def lineage_table(session: Session, f: Filters, w: Words) -> list[Table]:
    """Extract → its codes → where each snapshot placed them. Codes are followed by identity:
    a code renamed since a snapshot is found there under the name it had then (the rename
    history), and the codes column says "renamed from «old»"."""
    snaps = [find_snapshot(session, n) for n in f.snapshots] or list_snapshots(session)
    if not snaps:
        raise InvalidInput(_("lineage: the project has no snapshots yet (take one per phase with `tema "
                             "snapshot PROJECT NAME`)"))
    placements = [{name_key(k): v for k, v in code_placements(s.structure).items()} for s in snaps]
    history = rename_history(session)
    wanted_themes = {name_key(n) for n in f.themes}
    if wanted_themes:
        known = {name_key(part) for pl in placements for paths in pl.values() for p in paths for part in p.split(" / ")}
        missing = [n for n in f.themes if name_key(n) not in known]
        if missing:
            raise NotFound(_("--theme {themes}: holds no codes in snapshots {snapshots}").format(themes=', '.join(missing), snapshots=', '.join(s.name for s in snaps)))

    def placed(code_id: int, name: str, snap_i: int) -> tuple[list[str], str]:
        """Where snapshot ``snap_i`` placed the code, and the name it had there."""
        renames = history.get(code_id, [])
        then = name_at(renames, name, snaps[snap_i].created_at)
        for candidate in dict.fromkeys([then, *names_of(renames, name)]):
            found = placements[snap_i].get(name_key(candidate))
            if found:
                return found, candidate
        return [], then

    rows = []
    for span in spans(session, code_ids(session, f.codes)):
        codes = list(dict.fromkeys((c.code_id, c.code) for c in span.codings))
        cols: list[list[str]] = [[] for _ in snaps]
        shown = []
        for code_id, name in codes:
            old_names = []
            for i in range(len(snaps)):
                paths, then = placed(code_id, name, i)
                cols[i].extend(p for p in paths if p not in cols[i])
                if name_key(then) != name_key(name) and then not in old_names:
                    old_names.append(then)
            shown.append(name + "".join(f" ({w['renamed_from'].format(old=o)})" for o in old_names))
        if wanted_themes and not any(name_key(part) in wanted_themes for col in cols for p in col for part in p.split(" / ")):
            continue
        rows.append([quote(span), "\n".join(shown), *("\n".join(col) for col in cols)])
    headers = [w["quote"], w["phase2"], *(s.name for s in snaps)]
    return [Table("lineage", w["title.lineage"], headers, rows)]
