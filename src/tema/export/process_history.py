"""The analysis' story, derived (never stored twice) from the event log and the
snapshots: the snapshots as frames in order, and between two frames what happened to
each theme — created, renamed, split, merged, discarded, restored, moved, codes in and
out — read from the row images each recorded action holds (``domain.events``), so it
does not depend on which command or screen did it. Undone actions are left out.

Split: one action creates a theme and moves codes into it out of another. Merge: one
action discards a theme whose codes (or subthemes) move to another. Codes in and out
are net over the period (placed and removed again counts as nothing)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.snapshots import list_snapshots
from tema.store import models as m


def _dec(v: Any) -> Any:
    if isinstance(v, dict) and len(v) == 1 and "$dt" in v:
        return datetime.fromisoformat(v["$dt"])
    return v


@dataclass
class Frame:
    """A snapshot as a frame of the film."""

    id: int
    name: str
    at: datetime
    phase: int | None
    structure: dict
    typed_in: bool  # a map typed in by hand (its themes are not the project's own)


@dataclass
class ThemeStory:
    theme_id: int
    name: str  # as it was called at the end of the period
    is_sub: bool
    ops: list[tuple] = field(default_factory=list)
    codes_in: list[str] = field(default_factory=list)
    codes_out: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.ops or self.codes_in or self.codes_out)


@dataclass
class Period:
    end: Frame | None  # None: since the last snapshot, up to now
    start_at: datetime | None
    end_at: datetime | None
    themes: list[ThemeStory] = field(default_factory=list)


@dataclass
class PhaseChange:
    at: datetime
    before: int
    after: int
    memo_id: int | None = None  # the journal entry written with it


@dataclass
class History:
    frames: list[Frame]
    periods: list[Period]
    phases: list[PhaseChange]
    changes: dict[tuple[str, int, str], list[tuple[datetime, Any, Any]]]  # (table, id, column) → (at, before, after)
    deleted_codings: list[tuple[datetime, datetime]]  # (created, deleted) of codings no longer in the project

    def value_at(self, table: str, row_id: int, column: str, when: datetime, current: Any) -> Any:
        """A column's value at ``when``: the 'before' of its first change after then, else today's."""
        for at, before, _after in self.changes.get((table, row_id, column), []):
            if at > when:
                return before
        return current


def _frames(session: Session) -> list[Frame]:
    out = []
    for snap in list_snapshots(session):
        nodes = [n for t in snap.structure.get("themes", []) for n in (t, *t.get("subthemes", []))]
        out.append(Frame(snap.id, snap.name, snap.created_at, snap.phase, snap.structure,
                         bool(nodes) and all(n.get("id") is None for n in nodes)))
    return out


class _Replay:
    """Walks the done events in order, keeping names current and collecting stories."""

    def __init__(self, session: Session) -> None:
        self.tname = {i: n for i, n in session.execute(select(m.Theme.id, m.Theme.name))}
        self.cname = {i: n for i, n in session.execute(select(m.Code.id, m.Code.name))}
        self.parent = {i: p for i, p in session.execute(select(m.Theme.id, m.Theme.parent_id))}
        self.holding = set(session.scalars(select(m.Theme.id).where(m.Theme.is_holding.is_(True))))
        self.stories: dict[int, ThemeStory] = {}
        self.phases: list[PhaseChange] = []
        self.changes: dict[tuple[str, int, str], list] = {}
        self.deleted_codings: list[tuple[datetime, datetime]] = []

    def story(self, tid: int) -> ThemeStory:
        if tid not in self.stories:
            self.stories[tid] = ThemeStory(tid, self.tname.get(tid, f"#{tid}"), self.parent.get(tid) is not None)
        return self.stories[tid]

    def close(self) -> list[ThemeStory]:
        out = []
        for s in self.stories.values():
            s.name = self.tname.get(s.theme_id, s.name)
            s.is_sub = self.parent.get(s.theme_id) is not None
            if not s.empty and s.theme_id not in self.holding:
                out.append(s)
        self.stories = {}
        return out

    def event(self, at: datetime, changes: list[dict]) -> None:
        new_themes, moved_from, moved_to = {}, {}, {}
        for ch in changes:
            table, op = ch["table"], ch["op"]
            if table == "theme_code":
                tid, cid = ch["pk"]["theme_id"], ch["pk"]["code_id"]
                (moved_to if op == "insert" else moved_from).setdefault(cid, []).append(tid)
            elif table == "theme" and op == "insert":
                row = ch["row"]
                new_themes[row["id"]] = row
                self.tname[row["id"]], self.parent[row["id"]] = row["name"], row.get("parent_id")
                if row.get("is_holding"):
                    self.holding.add(row["id"])
            elif table == "code" and op == "insert":
                self.cname[ch["row"]["id"]] = ch["row"]["name"]
            elif table == "coding" and op == "delete":
                created = _dec(ch["row"].get("created_at"))
                if isinstance(created, datetime):
                    self.deleted_codings.append((created, at))
            if op == "update":
                row_id = next(iter(ch["pk"].values()))
                for col, before in ch["before"].items():
                    self.changes.setdefault((table, row_id, col), []).append((at, _dec(before), _dec(ch["after"].get(col))))
        self._themes(changes, new_themes, moved_from, moved_to)
        self._codes(moved_from, moved_to)
        self._phase(at, changes)

    def _themes(self, changes, new_themes, moved_from, moved_to) -> None:
        for tid in new_themes:
            sources = {src for cid, dsts in moved_to.items() if tid in dsts for src in moved_from.get(cid, [])}
            sources -= set(new_themes)
            if sources:
                src = sorted(sources)[0]
                self.story(tid).ops.append(("split_from", self.tname.get(src, "")))
                self.story(src).ops.append(("split_off", self.tname.get(tid, "")))
            else:
                self.story(tid).ops.append(("created",))
        for ch in changes:
            if ch["table"] != "theme" or ch["op"] != "update":
                continue
            tid, before, after = ch["pk"]["id"], ch["before"], ch["after"]
            if "name" in before:
                self.story(tid).ops.append(("renamed", before["name"], after.get("name")))
                self.tname[tid] = after.get("name")
            if "parent_id" in before:
                parent = self.parent[tid] = after.get("parent_id")
                self.story(tid).ops.append(("moved_under", self.tname.get(parent, "")) if parent else ("made_top",))
            if before.get("status") != "discarded" and after.get("status") == "discarded":
                targets = ({t for cid, srcs in moved_from.items() if tid in srcs for t in moved_to.get(cid, [])}
                           | {c["pk"]["id"] for c in changes if c["table"] == "theme" and c["op"] == "update"
                              and c["before"].get("parent_id") == tid})
                targets.discard(tid)
                if targets:
                    into = sorted(targets)[0]
                    self.story(tid).ops.append(("merged_into", self.tname.get(into, "")))
                    self.story(into).ops.append(("merged_in", self.tname.get(tid, "")))
                else:
                    self.story(tid).ops.append(("discarded",))
            elif before.get("status") == "discarded" and "status" in after and after["status"] != "discarded":
                self.story(tid).ops.append(("restored",))
            if "deleted_at" in before:
                self.story(tid).ops.append(("deleted",) if after.get("deleted_at") else ("restored",))

    def _codes(self, moved_from, moved_to) -> None:
        for cid, tids in moved_to.items():
            for tid in tids:
                s = self.story(tid)
                name = self.cname.get(cid, f"#{cid}")
                if name in s.codes_out:
                    s.codes_out.remove(name)
                elif name not in s.codes_in:
                    s.codes_in.append(name)
        for cid, tids in moved_from.items():
            for tid in tids:
                s = self.story(tid)
                name = self.cname.get(cid, f"#{cid}")
                if name in s.codes_in:
                    s.codes_in.remove(name)
                elif name not in s.codes_out:
                    s.codes_out.append(name)

    def _phase(self, at: datetime, changes: list[dict]) -> None:
        for ch in changes:
            if ch["table"] == "project" and ch["op"] == "update" and "phase" in ch["before"]:
                memo = next((c["row"]["id"] for c in changes if c["table"] == "memo" and c["op"] == "insert"
                             and c["row"].get("kind") == "journal"), None)
                self.phases.append(PhaseChange(at, int(ch["before"]["phase"]), int(ch["after"]["phase"]), memo))


def history(session: Session) -> History:
    """Frames, the periods between them with each theme's story, the phase changes and
    the column changes the counts over time need (a fixed number of statements)."""
    frames = _frames(session)
    snap_event: dict[int, int] = {}
    events = session.execute(select(m.Event.id, m.Event.at, m.Event.changes).where(m.Event.state == "done")
                             .order_by(m.Event.id)).all()
    for eid, _at, changes in events:
        for ch in changes or []:
            if ch["table"] == "theme_map_snapshot" and ch["op"] == "insert":
                snap_event.setdefault(ch["pk"]["id"], eid)
    replay = _Replay(session)
    periods: list[Period] = []
    bounds = [(snap_event.get(f.id), f) for f in frames]
    start_at: datetime | None = None
    i = 0
    for eid, at, changes in events:
        while i < len(bounds) and (bounds[i][0] is not None and eid >= bounds[i][0]
                                   or bounds[i][0] is None and at >= bounds[i][1].at):
            periods.append(Period(bounds[i][1], start_at, bounds[i][1].at, replay.close()))
            start_at = bounds[i][1].at
            i += 1
        replay.event(at, changes or [])
    while i < len(bounds):
        periods.append(Period(bounds[i][1], start_at, bounds[i][1].at, replay.close()))
        start_at = bounds[i][1].at
        i += 1
    periods.append(Period(None, start_at, None, replay.close()))
    for changes_list in replay.changes.values():
        changes_list.sort(key=lambda c: c[0])
    return History(frames, periods, replay.phases, replay.changes, sorted(replay.deleted_codings))


@dataclass
class Counts:
    documents: int
    codes: int
    codings: int
    themes: int


class CountsOverTime:
    """Documents, codes, codings and themes as they stood at any moment (4 statements
    up front, then arithmetic): rows by their creation and deletion times, a coding
    deleted since by its row image in the log, a status or parent as it was then."""

    def __init__(self, session: Session, hist: History) -> None:
        self.h = hist
        self.docs = session.execute(select(m.Document.created_at, m.Document.deleted_at)).all()
        self.codes = session.execute(select(m.Code.id, m.Code.created_at, m.Code.deleted_at, m.Code.status)).all()
        self.coding_times = sorted(session.scalars(select(m.Coding.created_at)))
        self.themes = session.execute(select(m.Theme.id, m.Theme.created_at, m.Theme.deleted_at, m.Theme.status,
                                             m.Theme.parent_id, m.Theme.is_holding)).all()

    def at(self, when: datetime) -> Counts:
        def alive(created, deleted, table, row_id) -> bool:
            deleted = self.h.value_at(table, row_id, "deleted_at", when, deleted) if row_id is not None else deleted
            return created <= when and (deleted is None or _dec(deleted) > when)

        docs = sum(1 for c, d in self.docs if alive(c, d, "document", None))
        codes = sum(1 for i, c, d, st in self.codes
                    if alive(c, d, "code", i) and self.h.value_at("code", i, "status", when, st) == "active")
        codings = bisect_right(self.coding_times, when) + sum(1 for c, d in self.h.deleted_codings if c <= when < d)
        themes = sum(1 for i, c, d, st, parent, holding in self.themes
                     if not holding and alive(c, d, "theme", i)
                     and self.h.value_at("theme", i, "status", when, st) != "discarded"
                     and self.h.value_at("theme", i, "parent_id", when, parent) is None)
        return Counts(docs, codes, codings, themes)
