"""Table builders over the theme map: themes (Tabell 5), code-themes, a snapshot
(Vedlegg 4) and the interview guide (Tabell 4). Each returns a list of Tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from tema.domain import guide as guide_d
from tema.domain.codes import find_code
from tema.domain.snapshots import find_snapshot, list_snapshots
from tema.domain.themes import ThemeNode, find_theme, theme_tree
from tema.errors import InvalidInput, NotFound
from tema.export.labels import Words
from tema.export.queries import Usage, active_codes, code_usage
from tema.export.table import Table, named
from tema.i18n import _
from tema.text import name_key


@dataclass
class Filters:
    """What the researcher narrowed the export to (all repeatable on the CLI)."""

    codes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    snapshots: list[str] = field(default_factory=list)
    by: str = "theme"  # matrix rows: theme | code
    columns: str = "participant"  # matrix columns: participant | case | wave | attr:KEY
    measure: str = "extracts"  # what counts are: extracts | codings (tema.domain.extracts)


def code_ids(session: Session, names: list[str]) -> set[int] | None:
    """Ids of the named codes (None when no filter); unknown names are an error."""
    return {find_code(session, n).id for n in names} if names else None


def map_tree(session: Session, theme_names: list[str] | None = None) -> list[ThemeNode]:
    """The current map without the holding pile; with names, only those themes
    (a named subtheme keeps its theme's name, with just the named subthemes)."""
    tree = [n for n in theme_tree(session) if not n.is_holding]
    if not theme_names:
        return tree
    ids = {find_theme(session, n).id for n in theme_names}
    out = []
    for t in tree:
        if t.id in ids:
            out.append(t)
        elif any(s.id in ids for s in t.subthemes):
            out.append(ThemeNode(**{**t.__dict__, "codes": [], "subthemes": [s for s in t.subthemes if s.id in ids]}))
    if not out:
        raise NotFound(_("--theme {themes}: discarded or not in the theme map").format(themes=', '.join(theme_names)))
    return out


def themes_table(session: Session, f: Filters, w: Words) -> list[Table]:
    rows: list[list] = []
    for t in map_tree(session, f.themes):
        name = named(t.label, t.name)
        if not t.subthemes:
            rows.append([name, ""])
        for s in t.subthemes:
            rows.append([name, named(s.label, s.name)])
    return [Table("themes", w["title.themes"], [w["theme"], w["subtheme"]], rows, group_columns=1)]


def code_themes_table(session: Session, f: Filters, w: Words) -> list[Table]:
    wanted = code_ids(session, f.codes)
    codes = active_codes(session)
    usage = code_usage(session, wanted, f.measure)
    rows: list[list] = []

    def add(theme: str, sub: str, group: list[tuple[int, str]]) -> None:
        picked = [cid for cid, _ in group if wanted is None or cid in wanted]
        if not picked and wanted is None:
            rows.append([theme, sub, "", "", None, ""])
        for cid in picked:
            u = usage.get(cid, Usage())
            c = codes[cid]
            rows.append([theme, sub, c.name, w.level(c.level), u.extracts, ", ".join(u.participants)])

    tree = map_tree(session, f.themes)
    placed: set[int] = set()
    for t in tree:
        theme = named(t.label, t.name)
        if t.codes or not t.subthemes:
            add(theme, "", t.codes)
        for s in t.subthemes:
            add(theme, named(s.label, s.name), s.codes)
            placed.update(cid for cid, _ in s.codes)
        placed.update(cid for cid, _ in t.codes)
    if not f.themes:  # codes only in discarded themes or the holding pile count as unplaced
        for cid, c in codes.items():
            if cid not in placed and (wanted is None or cid in wanted):
                u = usage.get(cid, Usage())
                rows.append([w["unplaced"], "", c.name, w.level(c.level), u.extracts, ", ".join(u.participants)])
    headers = [w["theme"], w["subtheme"], w["code"], w["level"], w[f.measure], w["participants"]]
    return [Table("code-themes", w["title.code-themes"], headers, rows, group_columns=2)]


def snapshot_table(session: Session, f: Filters, w: Words) -> list[Table]:
    if len(f.snapshots) != 1:
        names = ", ".join(repr(s.name) for s in list_snapshots(session)) or _("none yet")
        raise InvalidInput(_("snapshot: name exactly one snapshot with --snapshot (snapshots: {names})").format(names=names))
    snap = find_snapshot(session, f.snapshots[0])
    themes = list(snap.structure.get("themes", []))
    if f.themes:
        keys = {name_key(n) for n in f.themes}
        themes = [t for t in themes if name_key(t["name"]) in keys]
        if not themes:
            raise NotFound(_("--theme {themes}: not in snapshot «{name}»").format(themes=', '.join(f.themes), name=snap.name))

    def nodes(t: dict) -> list[dict]:
        return [t, *t.get("subthemes", [])]

    with_codes = any(n.get("codes") for t in themes for n in nodes(t))
    rows: list[list] = []
    for t in themes:
        name = named(t.get("label"), t["name"])
        subs = t.get("subthemes", [])
        if not subs or (with_codes and t.get("codes")):
            rows.append([name, ""] + (["\n".join(t.get("codes", []))] if with_codes else []))
        for s in subs:
            rows.append([name, named(s.get("label"), s["name"])] + (["\n".join(s.get("codes", []))] if with_codes else []))
    headers = [w["theme"], w["subtheme"]] + ([w["codes"]] if with_codes else [])
    return [Table("snapshot", snap.name, headers, rows, group_columns=1)]


def guide_table(session: Session, f: Filters, w: Words) -> list[Table]:
    rows, fills = [], {}
    for i, sec in enumerate(guide_d.sections(session)):
        rows.append([sec.heading, sec.colour or "", "\n".join(f"-{a}" for a in sec.areas or [])])
        if sec.colour and _is_hex(sec.colour):
            fills[(i, 1)] = sec.colour
    return [Table("guide", w["title.guide"], [w["heading"], w["colour"], w["areas"]], rows, fills=fills)]


def _is_hex(colour: str) -> bool:
    c = colour.lstrip("#")
    return colour.startswith("#") and len(c) == 6 and all(ch in "0123456789abcdefABCDEF" for ch in c)
