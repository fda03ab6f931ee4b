"""Merging what each coder built on top of their codings: themes (with their codes,
renames and chosen extracts), theme-map snapshots, memos and journals, the
interview guide and pseudonym rules.

A theme or snapshot that already exists in OUT with the same content is matched
(so merging again adds nothing); one whose name is taken by a different one is
added with the input's coder as a prefix ("Ola: Samarbeid"). Memos keep their
author and are re-anchored on the merged document, code, theme or coding.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tema.store import models as m
from tema.text import name_key

if TYPE_CHECKING:
    from tema.domain.merge_report import InputReport, MergeReport

T = m.Base.metadata.tables


def _rows(session: Session, stmt) -> list:
    return list(session.execute(stmt).all())


class KeepMixin:
    """Part of ``tema.domain.merge_apply.Merger`` (uses its ``s``, ``report``, ``_rep``, ``_insert``)."""

    # Set and defined by Merger.
    s: Session
    report: MergeReport
    _rep: InputReport
    themes: dict[int, dict[str, Any]]
    extract_links: set[tuple[int, int]]

    if TYPE_CHECKING:
        def _insert(self, table: str, rows: list[dict]) -> list[int]: ...

        def _insert_plain(self, table: str, rows: list[dict]) -> None: ...

    # -- themes, their codes, renames and chosen extracts
    def _load_themes(self) -> None:
        s = self.s
        self.themes = {r.id: r._asdict() for r in s.execute(select(
            m.Theme.id, m.Theme.name, m.Theme.parent_id, m.Theme.is_holding, m.Theme.deleted_at, m.Theme.ordinal))}
        self.theme_codes: dict[int, set[int]] = defaultdict(set)
        for tid, cid in s.execute(select(m.ThemeCode.theme_id, m.ThemeCode.code_id)):
            self.theme_codes[tid].add(cid)
        self.extract_links = {(t, c) for t, c in s.execute(select(m.ThemeExtract.theme_id, m.ThemeExtract.coding_id))}

    def _theme_named(self, name: str) -> dict | None:
        key = name_key(name)
        return next((t for t in self.themes.values() if t["deleted_at"] is None and name_key(t["name"]) == key), None)

    def _themes(self, ins: Session, src, code_map, coder_map, coding_map) -> dict[int, int]:
        if not hasattr(self, "themes"):
            self._load_themes()
        Th = m.Theme
        in_codes: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for tid, cid, ordinal in ins.execute(select(m.ThemeCode.theme_id, m.ThemeCode.code_id, m.ThemeCode.ordinal)):
            in_codes[tid].append((code_map[cid], ordinal))
        rows = _rows(ins, select(Th).order_by(Th.parent_id.is_not(None), Th.ordinal, Th.id))
        theme_map: dict[int, int] = {}
        renames = defaultdict(list)
        for tid, old, new_name, by, at in ins.execute(select(m.ThemeRename.theme_id, m.ThemeRename.old_name,
                                                             m.ThemeRename.new_name, m.ThemeRename.coder_id, m.ThemeRename.at)):
            renames[tid].append({"old_name": old, "new_name": new_name, "coder_id": coder_map.get(by), "at": at})
        for (t,) in rows:
            if t.deleted_at is not None:
                self._rep.add("themes", "in trash, left out")
                continue
            if t.parent_id is not None and t.parent_id not in theme_map:
                self._rep.add("themes", "in trash, left out")  # its parent theme is
                continue
            parent = theme_map.get(t.parent_id) if t.parent_id else None
            codes = {c for c, _ in in_codes.get(t.id, [])}
            target = self._match_theme(t, parent, codes, src)
            if isinstance(target, int):
                theme_map[t.id] = target
                self._rep.add("themes", "matched")
                self._add_theme_codes(target, in_codes.get(t.id, []))
                continue
            ordinal = 1 + max((x["ordinal"] for x in self.themes.values() if x["parent_id"] == parent), default=-1)
            new_id = self._insert("theme", [{
                "name": target, "definition": t.definition, "central_concept": t.central_concept, "scope": t.scope,
                "parent_id": parent, "label": t.label, "ordinal": ordinal, "status": t.status,
                "is_holding": t.is_holding, "created_at": t.created_at, "deleted_at": None, "version": 1,
            }])[0]
            self.themes[new_id] = {"id": new_id, "name": target, "parent_id": parent, "is_holding": t.is_holding,
                                   "deleted_at": None, "ordinal": ordinal}
            theme_map[t.id] = new_id
            self._rep.add("themes", "added" if target == t.name else "prefixed")
            self._add_theme_codes(new_id, in_codes.get(t.id, []))
            self._insert_plain("theme_rename", [dict(r, theme_id=new_id) for r in renames.get(t.id, [])])
        new = []
        for tid, cid, ordinal in ins.execute(select(m.ThemeExtract.theme_id, m.ThemeExtract.coding_id, m.ThemeExtract.ordinal)):
            if tid not in theme_map:
                continue
            pair = (theme_map[tid], coding_map[cid])
            if pair not in self.extract_links:
                self.extract_links.add(pair)
                new.append({"theme_id": pair[0], "coding_id": pair[1], "ordinal": ordinal})
        self._insert_plain("theme_extract", new)
        self._rep.add("theme extracts", "added", len(new))
        return theme_map

    def _match_theme(self, t, parent: int | None, codes: set[int], src) -> int | str:
        """An equal theme already in OUT (its id), or the name to create the theme under."""
        if t.is_holding:
            holding = next((x for x in self.themes.values() if x["is_holding"] and x["deleted_at"] is None), None)
            if holding is not None:
                return holding["id"]
        candidates = [t.name, f"{src.coder}: {t.name}"]
        n = 2
        while True:
            for name in candidates:
                have = self._theme_named(name)
                if have is None:
                    return name
                if have["parent_id"] == parent and self.theme_codes.get(have["id"], set()) == codes:
                    return have["id"]
            candidates = [f"{src.coder}: {t.name} ({n})"]
            n += 1

    def _add_theme_codes(self, theme_id: int, codes: list[tuple[int, int]]) -> None:
        have = self.theme_codes[theme_id]
        rows = []
        for cid, ordinal in codes:
            if cid not in have:
                have.add(cid)
                rows.append({"theme_id": theme_id, "code_id": cid, "ordinal": ordinal})
        self._insert_plain("theme_code", rows)

    # -- snapshots and memos
    def _snapshots(self, ins: Session, src, coder_map) -> None:
        S = m.ThemeMapSnapshot
        have = {name_key(n): st for n, st in _rows(self.s, select(S.name, S.structure))}
        for name, phase, cid, at, structure in _rows(ins, select(S.name, S.phase, S.coder_id, S.created_at, S.structure).order_by(S.id)):
            candidates = [name, f"{src.coder}: {name}"] + [f"{src.coder}: {name} ({n})" for n in range(2, 1000)]
            for cand in candidates:
                if name_key(cand) not in have:
                    self._insert_plain("theme_map_snapshot", [{"name": cand, "phase": phase, "coder_id": coder_map.get(cid),
                                                               "created_at": at, "structure": structure}])
                    have[name_key(cand)] = structure
                    self._rep.add("snapshots", "added" if cand == name else "prefixed")
                    break
                if have[name_key(cand)] == structure:
                    self._rep.add("snapshots", "matched")
                    break

    def _memos(self, ins: Session, coder_map, targets: dict[str, dict[int, int]]) -> None:
        M = m.Memo
        cols = [M.kind, M.body, M.coder_id, M.created_at, M.target_kind, M.target_id, M.start, M.end]
        have = set(map(tuple, self.s.execute(select(*cols))))
        rows = []
        for r in _rows(ins, select(*cols, M.phase, M.context, M.updated_at, M.deleted_at).order_by(M.id)):
            kind, target_id = r.target_kind, r.target_id
            if kind in targets and target_id is not None:
                target_id = targets[kind].get(target_id)
                if target_id is None:
                    self._rep.notes.append(f"a {r.kind} on a {kind} that was not merged is kept on the project")
                    kind = "project"
            key = (r.kind, r.body, coder_map.get(r.coder_id), r.created_at, kind, target_id, r.start, r.end)
            if key in have:
                self._rep.add("memos", "matched")
                continue
            have.add(key)
            rows.append({"kind": r.kind, "body": r.body, "coder_id": key[2], "created_at": r.created_at,
                         "target_kind": kind, "target_id": target_id, "start": r.start, "end": r.end,
                         "phase": r.phase, "context": r.context, "updated_at": r.updated_at, "deleted_at": r.deleted_at})
        self._insert_plain("memo", rows)
        self._rep.add("memos", "added", len(rows))

    # -- interview guide and pseudonym rules
    def _guide(self, ins: Session, doc_map) -> None:
        G = m.GuideSection
        have = {name_key(h): [i, c, list(a or [])] for i, h, c, a in _rows(self.s, select(G.id, G.heading, G.colour, G.areas))}
        sec_map: dict[int, int] = {}
        n = len(have)
        for sid, heading, colour, areas, _ordinal in _rows(ins, select(G.id, G.heading, G.colour, G.areas, G.ordinal).order_by(G.ordinal)):
            key = name_key(heading)
            if key not in have:
                new_id = self._insert("guide_section", [{"heading": heading, "colour": colour, "areas": list(areas or []), "ordinal": n}])[0]
                have[key] = [new_id, colour, list(areas or [])]
                n += 1
                self._rep.add("guide sections", "added")
            else:
                gid, ocolour, oareas = have[key]
                if colour and ocolour and colour != ocolour:
                    self.report.conflict(f"guide section «{heading}»: colour {ocolour} in OUT, {colour} in {self._rep.source}; kept {ocolour}")
                extra = [a for a in (areas or []) if a not in oareas]
                if extra:
                    oareas.extend(extra)
                    self.s.execute(update(T["guide_section"]).where(T["guide_section"].c.id == gid).values(areas=list(oareas)))
            sec_map[sid] = have[key][0]
        GT = m.GuideTag
        tags = {tuple(r) for r in self.s.execute(select(GT.section_id, GT.document_id, GT.start, GT.end))}
        rows = []
        for sid, did, start, end in ins.execute(select(GT.section_id, GT.document_id, GT.start, GT.end)):
            tag = (sec_map[sid], doc_map[did], start, end)
            if tag not in tags:
                tags.add(tag)
                rows.append(dict(zip(("section_id", "document_id", "start", "end"), tag)))
        self._insert_plain("guide_tag", rows)
        self._rep.add("guide tags", "added", len(rows))

    def _pseudonyms(self, ins: Session) -> None:
        R = m.PseudonymRule
        have = {real.casefold(): repl for real, repl in _rows(self.s, select(R.real, R.replacement))}
        rows = []
        for real, repl in _rows(ins, select(R.real, R.replacement)):
            if real.casefold() not in have:
                have[real.casefold()] = repl
                rows.append({"real": real, "replacement": repl, "created_at": m.utcnow()})
            elif have[real.casefold()] != repl:
                self.report.conflict(f"pseudonym rule {real!r}: → {have[real.casefold()]!r} in OUT, → {repl!r} in "
                                     f"{self._rep.source}; kept OUT's rule")
        self._insert_plain("pseudonym_rule", rows)
        self._rep.add("pseudonym rules", "added", len(rows))
