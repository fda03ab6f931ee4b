"""`tema export PROJECT process`: the analysis' story as a dated account (Word and
Markdown), built from what tema recorded — never stored twice:

- the counts over time (documents, codes, codings, themes) at each milestone;
- period by period up to each snapshot: phase changes, journal entries, feedback rounds
  and replies, interleaved by date; what happened to each theme (``process_history``);
  how the snapshot's map compares with the one before; the snapshot's theme map as a
  small figure;
- the extracts whose codes sat in different themes across the snapshots — the lineage
  table (``lineage.lineage_table``) narrowed to what moved, which for the thesis
  project is the thesis' Tabell 3.

Pseudonymised like every export (the caller applies the project's rules to the Doc)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tema.domain.feedback import list_feedback
from tema.domain.feedback_import import feedback_rounds
from tema.domain.project import PHASES, PHASES_EN, get_project
from tema.domain.snapshots import code_placements, compare
from tema.export.codebook import coders_who_coded
from tema.export.doc import Doc, Field, Figure, Heading, Para, TableBlock, TitlePage, Toc
from tema.export.labels import Words
from tema.export.lineage import lineage_table
from tema.export.process_history import CountsOverTime, Frame, History, Period, ThemeStory, history
from tema.export.story_words import StoryWords
from tema.export.table import Table
from tema.export.tables import Filters
from tema.export.thememap import centre_label, map_graph
from tema.store import models as m
from tema.text import name_key


@dataclass
class _Dated:
    at: datetime
    order: int
    blocks: list


def _story_line(s: ThemeStory, sw: StoryWords) -> str:
    parts = []
    for op in s.ops:
        kind, *args = op
        if kind == "renamed":
            parts.append(sw("renamed_from", old=args[0]) if args[1] == s.name else sw("renamed", old=args[0], new=args[1]))
        elif kind in ("split_from", "split_off", "merged_into", "merged_in", "moved_under"):
            parts.append(sw(kind, name=args[0]))
        else:
            parts.append(sw[kind])
    if s.codes_in:
        parts.append(sw("codes_in", names=", ".join(s.codes_in)))
    if s.codes_out:
        parts.append(sw("codes_out", names=", ".join(s.codes_out)))
    what = f"{sw['subtheme']} «{s.name}»" if s.is_sub else f"«{s.name}»"
    return f"{what}: " + "; ".join(dict.fromkeys(parts))


class _Builder:
    def __init__(self, session: Session, w: Words, filters: Filters) -> None:
        self.s, self.w, self.f = session, w, filters
        self.sw = StoryWords(w.lang)
        self.phases = PHASES if w.lang == "nb" else PHASES_EN
        self.hist: History = history(session)
        self.counts = CountsOverTime(session, self.hist)
        self.centre = centre_label(session)
        self.tables = 0

    def table(self, t: Table) -> TableBlock:
        self.tables += 1
        return TableBlock(t, self.tables)

    # -- dated items -------------------------------------------------------------
    def dated(self) -> list[_Dated]:
        sw, out = self.sw, []
        entries = list(self.s.scalars(select(m.Memo).options(selectinload(m.Memo.coder)).where(
            m.Memo.kind == "journal", m.Memo.deleted_at.is_(None)).order_by(m.Memo.created_at, m.Memo.id)))
        by_id = {e.id: e for e in entries}
        used = set()
        for pc in self.hist.phases:
            memo = by_id.get(pc.memo_id) if pc.memo_id else None
            reason = memo.body.split("\n\n", 1)[1] if memo and "\n\n" in memo.body else ""
            used.add(pc.memo_id)
            label = f"{sw.date(pc.at)} · " + sw("phase_change", a=pc.before, b=pc.after, name=self.phases[pc.after])
            out.append(_Dated(pc.at, 0, [Field(label, reason)] if reason else [Para(label, muted=True)]))
        for e in entries:
            if e.id in used or (e.context or {}).get("event") in ("phase", "feedback"):  # told below already
                continue
            who = e.coder.name if e.coder else ""
            out.append(_Dated(e.created_at, 1, [Field(f"{sw.date(e.created_at)} · {sw('journal_entry', who=who)}"
                                                      if who else f"{sw.date(e.created_at)} · {sw['journal']}", e.body)]))
        threads = list_feedback(self.s)
        for t in threads:
            for at, before, after in self.hist.changes.get(("memo", t.id, "status"), []):
                word = sw["resolved"] if after == "resolved" else sw["reopened"] if before == "resolved" else None
                if word:
                    out.append(_Dated(at, 4, [Field(f"{sw.date(at)} · {word}", f"«{t.target or sw['project']}»: {t.text}")]))
            for r in t.replies:
                if r.origin == "tema":
                    label = f"{sw.date(r.date)} · {sw['reply']} {r.author}"
                    out.append(_Dated(r.date, 3, [Field(label, f"«{t.target or sw['project']}»: {r.text}")]))
        for n, file, at, count in feedback_rounds(self.s):
            blocks: list = [Field(f"{sw.date(at)} · " + sw("feedback_round", n=n, file=file), sw("comments_n", n=count))]
            for t in threads:
                if t.round == n:
                    blocks.append(Para(f"{t.author} — {sw['on'].lower()} «{t.target or sw['project']}»: {t.text}"))
                blocks += [Para(f"{r.author} — {sw['reply_on'].lower()} «{t.target or sw['project']}»: {r.text}")
                           for r in t.replies if r.origin == "docx" and r.round == n]
            out.append(_Dated(at, 2, blocks))
        return sorted(out, key=lambda d: (d.at, d.order))

    # -- the parts ---------------------------------------------------------------
    def counts_table(self) -> TableBlock:
        sw, rows = self.sw, []
        marks: list[tuple[datetime, str]] = [(f.at, f"{sw['snapshot']} «{f.name}»") for f in self.hist.frames]
        marks += [(pc.at, sw("phase_change", a=pc.before, b=pc.after, name=self.phases[pc.after]))
                  for pc in self.hist.phases]
        now = m.utcnow()
        for when, label in sorted(marks) + [(now, sw["now"])]:
            c = self.counts.at(when)
            rows.append([sw.date(when), label, c.documents, c.codes, c.codings, c.themes])
        headers = [sw["when"], sw["milestone"], sw["documents"], sw["codes"], sw["codings"], sw["themes"]]
        return self.table(Table("process-counts", sw["counts"], headers, rows))

    def period_title(self, p: Period, prev: Frame | None) -> str:
        sw = self.sw
        if p.end is not None:
            return f"{sw['until']} «{p.end.name}» ({sw.date(p.end.at)})"
        return f"{sw['after']} «{prev.name}»" if prev else sw["so_far"]

    def period(self, p: Period, prev: Frame | None, dated: list[_Dated]) -> list:
        sw, blocks = self.sw, []
        items = [d for d in dated if (p.start_at is None or d.at >= p.start_at) and (p.end_at is None or d.at < p.end_at)]
        if p.end is None and not items and not p.themes:
            return []
        blocks.append(Heading(2, self.period_title(p, prev)))
        if p.end is not None:  # the frame first, then how the analysis came to it
            graph = map_graph(p.end.structure, self.centre, self.w)
            blocks.append(Figure(graph, sw("map_of", name=p.end.name, date=sw.date(p.end.at))))
            if p.end.typed_in:
                blocks.append(Para(f"«{p.end.name}»: {sw['typed_in']}.", muted=True))
            if prev is not None:
                appeared, gone, moved = _diff(prev, p.end)
                blocks.append(Para(sw("map_diff", a=prev.name, appeared=appeared, gone=gone, moved=moved), muted=True))
        for d in items:
            blocks += d.blocks
        blocks.append(Heading(3, sw["theme_changes"]))
        stories = [s for s in p.themes if not s.is_sub] + [s for s in p.themes if s.is_sub]
        blocks += [Para(_story_line(s, sw), bullet=True) for s in stories] or [Para(sw["no_changes"], muted=True)]
        return blocks

    def lineage(self) -> list:
        """The lineage table narrowed to the extracts that moved: whose codes sat in
        different themes (followed by identity through renames; a subtheme counts as
        its theme) in two snapshots that place them. Snapshots that place no codes (maps
        typed in by hand) give no column."""
        sw = self.sw
        if not self.hist.frames:
            return []
        [table] = lineage_table(self.s, Filters(self.f.codes, self.f.themes, self.f.snapshots), self.w)
        frames = {name_key(f.name): f for f in self.hist.frames}
        homes = [_homes(frames[name_key(h)].structure) for h in table.headers[2:]]
        keep = [j for j, home in enumerate(homes) if home]
        rows = []
        for row, span in zip(table.rows, self._codes_of_rows(table)):
            places = [frozenset(t for c in span for t in homes[j].get(c, ())) for j in keep]
            if len({p for p in places if p}) >= 2:
                rows.append(row[:2] + [row[2 + j] for j in keep])
        if not rows:
            return []
        moved = Table("lineage", table.title, table.headers[:2] + [table.headers[2 + j] for j in keep], rows)
        return [Heading(1, sw["lineage"]), Para(sw["lineage_intro"], muted=True), self.table(moved)]

    @staticmethod
    def _codes_of_rows(table: Table) -> list[list[str]]:
        return [str(r[1]).split("\n") if r[1] else [] for r in table.rows]


def _diff(a: Frame, b: Frame) -> tuple[int, int, int]:
    """Themes new, themes gone, codes moved between two frames: by identity when both
    maps are the project's own (a renamed theme is neither new nor gone), else by name."""
    if not a.typed_in and not b.typed_in:
        d = compare(a.structure, b.structure)
        return len(d.appeared), len(d.disappeared), len(d.moved)

    def names(structure: dict) -> set[str]:
        return {name_key(n["name"]) for t in structure.get("themes", []) for n in (t, *t.get("subthemes", []))}

    pa, pb = code_placements(a.structure), code_placements(b.structure)
    moved = sum(1 for c in set(pa) & set(pb) if sorted(pa[c]) != sorted(pb[c]))
    return len(names(b.structure) - names(a.structure)), len(names(a.structure) - names(b.structure)), moved


def _homes(structure: dict) -> dict[str, set]:
    """code name → the themes (top level, by id when recorded, else by name) it sits in."""
    out: dict[str, set] = {}
    for t in structure.get("themes", []):
        key = t.get("id") if t.get("id") is not None else name_key(t["name"])
        for node in (t, *t.get("subthemes", [])):
            for code in node.get("codes", []):
                out.setdefault(code, set()).add(key)
    return out


def build_process(session: Session, w: Words, filters: Filters | None = None) -> Doc:
    """The process account as a Doc (not yet pseudonymised)."""
    b = _Builder(session, w, filters or Filters())
    sw, project = b.sw, get_project(session)
    today = date.today().strftime("%d.%m.%Y") if w.lang == "nb" else date.today().isoformat()
    lines = [(w["question"], project.question)] if project.question else []
    lines.append((w["date"], today))
    coders = coders_who_coded(session)
    if coders:
        lines.append((w["coders"], ", ".join(coders)))
    lines.append((w["phase"], f"{project.phase} – {b.phases[project.phase]}"))
    blocks: list = [TitlePage(project.title, sw["process"], lines), Toc(w["contents"], w["toc_hint"]),
                    Heading(1, sw["course"]), Para(sw["process_intro"], muted=True), b.counts_table()]
    dated = b.dated()
    prev: Frame | None = None
    for p in b.hist.periods:
        blocks += b.period(p, prev, dated)
        prev = p.end or prev
    blocks += b.lineage()
    return Doc(f"{sw['process']}: {project.title}", w.lang, blocks, landscape=False)
