"""What a purge leaves behind in the event log: nothing of the purged item's text.

``purged_rows`` names the rows a purge removes (the item and what hangs on it); ``scrub_events``
then walks the log once (oldest first, in batches) and, in every event that touched one of
those rows, replaces the row images by a bare ``{"op", "table", "pk", "purged": true}`` and
the «quoted» parts of the summary by «…»; summaries of other events lose the item's names
where they quote them. Scrubbed events can no longer be replayed (state ``purged``; the
purge itself is a barrier too). Cost grows with the log, which is fine for a rare action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tema.domain.replay import row_key
from tema.store import models as m

_QUOTED = re.compile(r"«[^»]*»")
PURGED = "«…»"
BATCH = 500
REPLAYABLE = ("done", "undone", "dropped")


@dataclass
class Purged:
    """Row keys a purge removes, plus how to recognise more of them in older images."""

    keys: set[str] = field(default_factory=set)
    # (table, column) → ids: a row of that table whose column holds one of the ids is purged too
    owners: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # names/titles quoted in summaries

    def owns(self, table: str, pk: dict[str, Any], row: dict[str, Any] | None) -> bool:
        key = row_key(table, pk)
        if key in self.keys:
            return True
        for (t, col), ids in self.owners.items():
            if t == table and row and row.get(col) in ids:
                self.keys.add(key)
                if table == "coding":  # what hangs on a purged coding goes with it
                    for dep in ("coding_perspective", "theme_extract"):
                        self.owners.setdefault((dep, "coding_id"), set()).add(pk["id"])
                return True
        return False


def purged_rows(session: Session, kind: str, obj_id: int) -> Purged:
    p = Purged()
    if kind == "memo":
        p.keys.add(row_key("memo", {"id": obj_id}))
        return p
    if kind == "document":
        doc = session.get(m.Document, obj_id)
        assert doc is not None
        p.keys.add(row_key("document", {"id": obj_id}))
        p.names.add(doc.title)
        p.owners[("coding", "document_id")] = {obj_id}
        p.owners[("guide_tag", "document_id")] = {obj_id}
        codings = set(session.scalars(select(m.Coding.id).where(m.Coding.document_id == obj_id)))
    elif kind == "code":
        p.keys.add(row_key("code", {"id": obj_id}))
        code = session.get(m.Code, obj_id)
        assert code is not None
        p.names.add(code.name)
        p.owners[("coding", "code_id")] = {obj_id}
        p.owners[("theme_code", "code_id")] = {obj_id}
        codings = set(session.scalars(select(m.Coding.id).where(m.Coding.code_id == obj_id)))
    else:  # a theme and its subthemes (they go with it: ON DELETE CASCADE)
        themes = {obj_id, *session.scalars(select(m.Theme.id).where(m.Theme.parent_id == obj_id))}
        for t in session.scalars(select(m.Theme).where(m.Theme.id.in_(themes))):
            p.keys.add(row_key("theme", {"id": t.id}))
            p.names.add(t.name)
        p.owners[("theme", "parent_id")] = {obj_id}
        for table in ("theme_code", "theme_extract", "theme_rename"):
            p.owners[(table, "theme_id")] = set(themes)
        for old, new in session.execute(select(m.ThemeRename.old_name, m.ThemeRename.new_name)
                                        .where(m.ThemeRename.theme_id.in_(themes))):
            p.names.update((old, new))
        codings = set()
    for cid in codings:
        p.keys.add(row_key("coding", {"id": cid}))
    if codings:
        p.owners[("coding_perspective", "coding_id")] = set(codings)
        p.owners[("theme_extract", "coding_id")] = set(codings)
    return p


def _scrub_changes(changes: list[dict[str, Any]], p: Purged) -> tuple[list[dict[str, Any]], bool]:
    out, touched = [], False
    for ch in changes:
        row = ch.get("row") or ch.get("before")
        if ch.get("purged") or not p.owns(ch["table"], ch["pk"], row):
            out.append(ch)
            continue
        if ch["table"] in ("code", "theme", "document"):  # every name it had is quoted somewhere
            for image in (ch.get("row"), ch.get("before"), ch.get("after")):
                for col in ("name", "title"):
                    if image and isinstance(image.get(col), str):
                        p.names.add(image[col])
        touched = True
        out.append({"op": ch["op"], "table": ch["table"], "pk": ch["pk"], "purged": True})
    return out, touched


def _scrub_summary(summary: str, p: Purged, touched: bool, action: str) -> str:
    if touched:
        if "«" in summary:
            return _QUOTED.sub(PURGED, summary)
        return f"{action} (purged)"
    for name in p.names:
        if name and f"«{name}»" in summary:
            summary = summary.replace(f"«{name}»", PURGED)
    return summary


def scrub_events(session: Session, p: Purged) -> int:
    """Scrub the purged rows out of every event; returns how many events were rewritten."""
    n, after = 0, 0
    while True:
        batch = session.execute(
            select(m.Event.id, m.Event.action, m.Event.summary, m.Event.changes, m.Event.state)
            .where(m.Event.id > after).order_by(m.Event.id).limit(BATCH)
        ).all()
        for eid, action, summary, changes, state in batch:
            new_changes, touched = _scrub_changes(changes or [], p)
            new_summary = _scrub_summary(summary or "", p, touched, action)
            if not touched and new_summary == summary:
                continue
            values: dict[str, Any] = {"summary": new_summary}
            if touched:
                values["changes"] = new_changes
                if state in REPLAYABLE:
                    values.update(state="purged", undoable=False, versions=None)
            session.execute(update(m.Event).where(m.Event.id == eid).values(**values)
                            .execution_options(synchronize_session=False))
            n += 1
        if len(batch) < BATCH:
            return n
        after = batch[-1][0]
