"""The names a code has had, from the event log: so a snapshot that lists a code by the
name it had then (snapshots record code names) still finds the code after a rename.

A rename is any recorded update of a code row's ``name`` whose event is done (an undone
rename is not history); redoing it makes it history again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.store import models as m


@dataclass(frozen=True)
class Rename:
    at: datetime
    old: str
    new: str


def rename_history(session: Session) -> dict[int, list[Rename]]:
    """{code id: its renames, oldest first} (1 statement over the code events)."""
    out: dict[int, list[Rename]] = {}
    stmt = (select(m.Event.at, m.Event.changes)
            .where(m.Event.action.like("code.%"), m.Event.state == "done", m.Event.changes.is_not(None))
            .order_by(m.Event.id))
    for at, changes in session.execute(stmt):
        for ch in changes or []:
            if ch.get("table") != "code" or ch.get("op") != "update":
                continue
            before, after = ch.get("before") or {}, ch.get("after") or {}
            if "name" in before and "name" in after and before["name"] != after["name"]:
                code_id = (ch.get("pk") or {}).get("id")
                if isinstance(code_id, int):
                    out.setdefault(code_id, []).append(Rename(at, before["name"], after["name"]))
    return out


def name_at(renames: list[Rename], current: str, when: datetime) -> str:
    """The name a code called ``current`` now had at ``when``."""
    name = current
    for r in reversed(renames):
        if r.at > when:
            name = r.old
    return name


def names_of(renames: list[Rename], current: str) -> list[str]:
    """Every name the code has had, the current first, then newest to oldest."""
    out = [current]
    for r in reversed(renames):
        if r.old not in out:
            out.append(r.old)
    return out
