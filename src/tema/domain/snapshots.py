"""Named snapshots of the theme map, frozen so later edits never change them,
and comparisons between two snapshots (what moved, appeared, disappeared, was renamed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.project import get_project
from tema.domain.themes import ThemeNode, theme_tree, unplaced_codes
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key


def _node_dict(n: ThemeNode) -> dict:
    return {
        "id": n.id,
        "name": n.name,
        "label": n.label,
        "status": n.status,
        "definition": n.definition,
        "codes": [name for _, name in n.codes],
        "subthemes": [_node_dict(s) for s in n.subthemes],
    }


def current_structure(session: Session) -> dict:
    return {
        "themes": [_node_dict(n) for n in theme_tree(session) if not n.is_holding],
        "unplaced": [c.name for c in unplaced_codes(session)],
    }


def default_name(session: Session) -> str:
    phase = get_project(session).phase
    return _("Phase {n} – {date}").format(n=phase, date=date.today().isoformat())  # the interface's language


def take_snapshot(session: Session, name: str | None = None, phase: int | None = None, coder_id: int | None = None) -> m.ThemeMapSnapshot:
    name = clean_name(name) if name else default_name(session)
    if find_snapshot_or_none(session, name) is not None:
        raise Conflict(_("snapshot {name!r}: already exists (choose another name)").format(name=name))
    if phase is not None and phase not in range(1, 7):
        raise InvalidInput(_("--phase {phase}: must be 1–6").format(phase=phase))
    with recorded(session, "snapshot.take", f"snapshot «{name}»", coder_id):
        snap = m.ThemeMapSnapshot(
            name=name, phase=phase or get_project(session).phase, coder_id=coder_id, structure=current_structure(session)
        )
        session.add(snap)
    return snap


def store_structure(session: Session, name: str, structure: dict, phase: int | None = None, coder_id: int | None = None) -> m.ThemeMapSnapshot:
    """Save a structure given as data (e.g. a hand-drawn map typed in) as a snapshot."""
    if not isinstance(structure.get("themes"), list):
        raise InvalidInput(_("snapshot structure: needs a 'themes' list"))
    if find_snapshot_or_none(session, name) is not None:
        raise Conflict(_("snapshot {name!r}: already exists").format(name=name))
    with recorded(session, "snapshot.store", f"snapshot «{name}» stored", coder_id):
        snap = m.ThemeMapSnapshot(name=clean_name(name), phase=phase, coder_id=coder_id, structure=structure)
        session.add(snap)
    return snap


def find_snapshot_or_none(session: Session, name: str) -> m.ThemeMapSnapshot | None:
    for s in session.scalars(select(m.ThemeMapSnapshot)):
        if name_key(s.name) == name_key(name):
            return s
    return None


def find_snapshot(session: Session, name: str) -> m.ThemeMapSnapshot:
    snap = find_snapshot_or_none(session, name)
    if snap is None:
        names = ", ".join(repr(s.name) for s in list_snapshots(session)) or _("none yet")
        raise NotFound(_("--snapshot {name!r}: no such snapshot (snapshots: {names})").format(name=name, names=names))
    return snap


def list_snapshots(session: Session) -> list[m.ThemeMapSnapshot]:
    return list(session.scalars(select(m.ThemeMapSnapshot).order_by(m.ThemeMapSnapshot.created_at, m.ThemeMapSnapshot.id)))


def snapshot_names(session: Session) -> list[str]:
    """The snapshots' names, oldest first."""
    return list(session.scalars(select(m.ThemeMapSnapshot.name)
                                .order_by(m.ThemeMapSnapshot.created_at, m.ThemeMapSnapshot.id)))


def snapshot_structure(session: Session, name: str) -> dict:
    """The frozen map of the snapshot called ``name`` (NotFound when there is none)."""
    return find_snapshot(session, name).structure


def delete_snapshot(session: Session, snap: m.ThemeMapSnapshot, coder_id: int | None = None) -> None:
    with recorded(session, "snapshot.delete", f"snapshot «{snap.name}» deleted", coder_id):
        session.delete(snap)


def code_placements(structure: dict) -> dict[str, list[str]]:
    """code name → the theme paths it sits under ("Theme" or "Theme / Subtheme")."""
    out: dict[str, list[str]] = {}

    def walk(node: dict, path: str) -> None:
        for code in node.get("codes", []):
            out.setdefault(code, []).append(path)
        for sub in node.get("subthemes", []):
            walk(sub, f"{path} / {sub['name']}")

    for t in structure.get("themes", []):
        walk(t, t["name"])
    return out


def theme_names(structure: dict) -> dict:
    """theme id (when recorded) → name, for rename detection."""
    out: dict = {}

    def walk(node: dict) -> None:
        if node.get("id") is not None:
            out[node["id"]] = node["name"]
        for sub in node.get("subthemes", []):
            walk(sub)

    for t in structure.get("themes", []):
        walk(t)
    return out


@dataclass
class SnapshotDiff:
    moved: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    appeared: list[str] = field(default_factory=list)
    disappeared: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_removed: list[str] = field(default_factory=list)


def compare(a: dict, b: dict) -> SnapshotDiff:
    diff = SnapshotDiff()
    names_a, names_b = theme_names(a), theme_names(b)
    renamed_ids = {i for i in names_a if i in names_b and names_a[i] != names_b[i]}
    diff.renamed = [(names_a[i], names_b[i]) for i in sorted(renamed_ids)]
    old_new = {names_a[i]: names_b[i] for i in renamed_ids}
    set_a = {old_new.get(n, n) for n in names_a.values()} or {t["name"] for t in a.get("themes", [])}
    set_b = set(names_b.values()) or {t["name"] for t in b.get("themes", [])}
    diff.appeared = sorted(set_b - set_a)
    diff.disappeared = sorted({n for n in names_a.values() if old_new.get(n, n) not in set_b})
    pa, pb = code_placements(a), code_placements(b)
    for code in sorted(set(pa) | set(pb)):
        before = [_rename_path(p, old_new) for p in pa.get(code, [])]
        after = pb.get(code, [])
        if code not in pa:
            diff.codes_added.append(code)
        elif code not in pb:
            diff.codes_removed.append(code)
        elif sorted(before) != sorted(after):
            diff.moved.append((code, pa[code], after))
    return diff


def _rename_path(path: str, old_new: dict[str, str]) -> str:
    return " / ".join(old_new.get(p, p) for p in path.split(" / "))
