"""Bringing a saved snapshot back as the working theme map — the recursive step of
phases 3–4, when a researcher returns to an earlier grouping (or loads a map drawn
by hand and typed in) and goes on from there.

``restore_snapshot`` is one undoable action. The map as it stood is first saved as a
snapshot of its own, so nothing is lost even after the undo history is gone. Themes
are matched to the snapshot's nodes by id (snapshots taken by tema record them), then
by name; unmatched nodes become new themes; live themes the snapshot does not hold
are discarded (recoverable — their codes stay linked, as with any discard). Names,
labels, order, hierarchy, status and code placements follow the snapshot; definitions,
central organising concepts and scope notes written since are kept (a definition from
the snapshot fills in only where the theme has none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.snapshots import current_structure, find_snapshot, find_snapshot_or_none, take_snapshot
from tema.domain.themes import holding_theme
from tema.errors import InvalidInput
from tema.i18n import _, ngettext
from tema.store import models as m
from tema.text import clean_name, name_key


@dataclass
class RestoreReport:
    snapshot: str
    saved_as: str | None = None
    created: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    brought_back: list[str] = field(default_factory=list)
    discarded: list[str] = field(default_factory=list)
    missing_codes: list[str] = field(default_factory=list)
    themes: int = 0
    subthemes: int = 0

    def summary(self) -> str:
        parts = [_("«{snapshot}» is the working map: {themes}, {subthemes}").format(
            snapshot=self.snapshot, themes=ngettext("{n} theme", "{n} themes", self.themes).format(n=self.themes),
            subthemes=ngettext("{n} subtheme", "{n} subthemes", self.subthemes).format(n=self.subthemes))]
        if self.saved_as:
            parts.append(_("the map before is saved as «{name}»").format(name=self.saved_as))
        counted = ((self.created, lambda n: ngettext("{n} new", "{n} new", n)),
                   (self.discarded, lambda n: ngettext("{n} discarded", "{n} discarded", n)),
                   (self.brought_back, lambda n: ngettext("{n} brought back", "{n} brought back", n)),
                   (self.renamed, lambda n: ngettext("{n} renamed", "{n} renamed", n)))
        for items, phrase in counted:
            if items:
                parts.append(phrase(len(items)).format(n=len(items)))
        if self.missing_codes:
            parts.append(_("codes no longer in the project: {codes}").format(codes=", ".join(self.missing_codes)))
        return "; ".join(parts)


def validate_structure(structure: dict, where: str = "snapshot structure") -> None:
    """Themes → subthemes (two levels) → code names; names unique (case-insensitive)."""
    if not isinstance(structure, dict) or not isinstance(structure.get("themes"), list):
        raise InvalidInput(_("{where}: needs a 'themes' list").format(where=where))
    seen: set[str] = set()

    def check(node, depth: int) -> None:
        if not isinstance(node, dict) or not isinstance(node.get("name"), str) or not clean_name(node["name"]):
            raise InvalidInput(_("{where}: every theme needs a non-empty 'name'").format(where=where))
        key = name_key(node["name"])
        if key in seen:
            raise InvalidInput(_("{where}: theme {name!r} appears twice").format(where=where, name=clean_name(node['name'])))
        seen.add(key)
        codes = node.get("codes", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise InvalidInput(_("{where}: 'codes' of {name!r} must be a list of code names").format(where=where, name=node['name']))
        subs = node.get("subthemes", [])
        if not isinstance(subs, list):
            raise InvalidInput(_("{where}: 'subthemes' of {name!r} must be a list").format(where=where, name=node['name']))
        if subs and depth > 0:
            raise InvalidInput(_("{where}: {name!r} is a subtheme with subthemes (two levels only)").format(where=where, name=node['name']))
        for sub in subs:
            check(sub, depth + 1)

    for node in structure["themes"]:
        check(node, 0)


def _before_name(session: Session, snapshot_name: str) -> str:
    base = f"Før «{snapshot_name}» ble hentet – {datetime.now():%Y-%m-%d %H:%M}"
    name, n = base, 2
    while find_snapshot_or_none(session, name) is not None:
        name, n = f"{base} ({n})", n + 1
    return name


def restore_snapshot(session: Session, snap: m.ThemeMapSnapshot | str, coder_id: int | None = None,
                     *, save_current: bool = True) -> RestoreReport:
    """Make a snapshot (the row, or its name) the working map."""
    if isinstance(snap, str):
        snap = find_snapshot(session, snap)
    structure = snap.structure
    validate_structure(structure, f"snapshot «{snap.name}»")
    report = RestoreReport(snap.name)
    with recorded(session, "snapshot.restore", f"snapshot «{snap.name}» made the working map", coder_id):
        current = current_structure(session)
        if save_current and current["themes"] and _shape(current) != _shape(structure):
            report.saved_as = take_snapshot(session, _before_name(session, snap.name), coder_id=coder_id).name
        themes = list(session.scalars(select(m.Theme).where(m.Theme.deleted_at.is_(None), m.Theme.is_holding.is_(False))))
        codes = {name_key(c.name): c for c in session.scalars(
            select(m.Code).where(m.Code.deleted_at.is_(None), m.Code.status == "active"))}
        nodes: list[tuple[dict, dict | None]] = [(node, None) for node in structure["themes"]]
        nodes += [(sub, node) for node, _ in list(nodes) for sub in node.get("subthemes", [])]
        matched = _match(nodes, themes)
        final_names = {name_key(node["name"]) for node, _ in nodes}
        # A theme left out whose name the snapshot now uses steps aside first.
        for other in themes:
            if other.id not in {x.id for x in matched.values()} and name_key(other.name) in final_names:
                _rename(session, other, _free_name(other.name, final_names, themes), coder_id, report)
        session.flush()  # names step aside before others take them (theme names are unique in the store)
        for node, parent in nodes:
            t = matched.get(id(node))
            if t is None:
                t = m.Theme(name=clean_name(node["name"]), definition=node.get("definition") or None, status="candidate")
                session.add(t)
                session.flush()
                matched[id(node)] = t
                report.created.append(t.name)
            else:
                if clean_name(node["name"]) != t.name:
                    _rename(session, t, clean_name(node["name"]), coder_id, report)
                if t.status == "discarded":
                    report.brought_back.append(t.name)
                if not (t.definition or "").strip() and node.get("definition"):
                    t.definition = node["definition"]
            t.parent_id = matched[id(parent)].id if parent is not None else None
            siblings = parent.get("subthemes", []) if parent is not None else structure["themes"]
            t.ordinal = next(i for i, s in enumerate(siblings) if s is node)
            t.label = clean_name(node["label"]) if node.get("label") else None
            t.status = node["status"] if node.get("status") in ("candidate", "final") else "candidate"
            _place(session, t, node.get("codes", []), codes, report)
        holding = holding_theme(session)
        if holding is not None:  # the "not placed yet" pile stays below the restored themes
            holding.ordinal = len(structure["themes"])
        kept = {t.id for t in matched.values()}
        for t in themes:
            if t.id not in kept and t.status != "discarded":
                t.status = "discarded"
                report.discarded.append(t.name)
        session.flush()
    report.themes = len(structure["themes"])
    report.subthemes = len(nodes) - report.themes
    return report


def _shape(structure: dict) -> list:
    """What a restore would change: names, labels, order and codes (not ids or texts)."""
    def node(n: dict) -> tuple:
        return (n["name"], n.get("label"), tuple(n.get("codes", [])), tuple(node(s) for s in n.get("subthemes", [])))

    return [node(n) for n in structure.get("themes", [])]


def _match(nodes: list[tuple[dict, dict | None]], themes: list[m.Theme]) -> dict[int, m.Theme]:
    """Snapshot node (by Python id) → existing theme: by recorded id first, then by name."""
    by_id = {t.id: t for t in themes}
    used: set[int] = set()
    out: dict[int, m.Theme] = {}
    for node, _parent in nodes:
        recorded_id = node.get("id")
        t = by_id.get(recorded_id) if isinstance(recorded_id, int) else None
        if t is not None and t.id not in used:
            out[id(node)] = t
            used.add(t.id)
    by_name = {name_key(t.name): t for t in themes}
    for node, _parent in nodes:
        if id(node) in out:
            continue
        t = by_name.get(name_key(node["name"]))
        if t is not None and t.id not in used:
            out[id(node)] = t
            used.add(t.id)
    return out


def _free_name(name: str, taken: set[str], themes: list[m.Theme]) -> str:
    names = taken | {name_key(t.name) for t in themes}
    n = 2
    while name_key(f"{name} ({n})") in names:
        n += 1
    return f"{name} ({n})"


def _rename(session: Session, t: m.Theme, new: str, coder_id: int | None, report: RestoreReport) -> None:
    session.add(m.ThemeRename(theme_id=t.id, old_name=t.name, new_name=new, coder_id=coder_id))
    report.renamed.append((t.name, new))
    t.name = new


def _place(session: Session, t: m.Theme, names: list[str], codes: dict[str, m.Code], report: RestoreReport) -> None:
    wanted: list[int] = []
    for name in names:
        code = codes.get(name_key(name))
        if code is None:
            if name not in report.missing_codes:
                report.missing_codes.append(name)
        elif code.id not in wanted:
            wanted.append(code.id)
    links = {link.code_id: link for link in session.scalars(select(m.ThemeCode).where(m.ThemeCode.theme_id == t.id))}
    for code_id, link in links.items():
        if code_id not in wanted:
            session.delete(link)
    for i, code_id in enumerate(wanted):
        placed = links.get(code_id)
        if placed is None:
            session.add(m.ThemeCode(theme_id=t.id, code_id=code_id, ordinal=i))
        elif placed.ordinal != i:
            placed.ordinal = i
