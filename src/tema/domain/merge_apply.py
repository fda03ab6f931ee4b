"""Applying a merge plan: the rows of each input written into OUT in bulk.

``Merger`` keeps OUT's identities (coders by name, codes by key, documents by
hash, codings by (code, document, span, coder) …) in memory for the length of
the one transaction, so every input row is matched with a dictionary lookup and
new rows go in with multi-row Core INSERTs (RETURNING their ids) — never a
query or a commit per row. Themes, snapshots, memos, the guide and pseudonym
rules are in ``tema.domain.merge_keep``.

Codings, the bulk, are in ``tema.domain.merge_codings``: on a SQLite OUT with the
inputs ATTACHed (``attached``: input label → schema name, see
``tema.domain.merge.apply_merge``) they are matched and copied in SQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.merge_codings import CodingsMixin, fetch
from tema.domain.merge_keep import KeepMixin
from tema.domain.merge_plan import Catalogue, MergePlan
from tema.domain.merge_report import InputReport, MergeReport
from tema.domain.segments import write_segments
from tema.store import models as m
from tema.store.db import Store
from tema.text import clean_name, name_key, nb_sort_key

CHUNK = 2000
T = m.Base.metadata.tables


class _Segment(NamedTuple):
    start: int
    end: int
    kind: str
    speaker: str | None
    turn: int
    lemmas: str | None
    meta: dict | None


def _meta(value):
    """A segment's ``meta`` as read with plain SQL (JSON text on SQLite)."""
    if value is None or value == "null":
        return None
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class Source:
    label: str
    store: Store
    coder: str  # whose work this is: prefixes clashing theme and snapshot names


def _rows(session: Session, stmt) -> list:
    return list(session.execute(stmt).all())


class Merger(CodingsMixin, KeepMixin):
    """Holds OUT's identities in memory while the inputs are written in bulk."""

    def __init__(self, s: Session, plan: MergePlan, report: MergeReport, attached: dict[str, str] | None = None) -> None:
        self.s, self.plan, self.report = s, plan, report
        self.attached = attached or {}
        self.mapping = plan.mapping()
        self.coders = dict(_rows(s, select(m.Coder.name, m.Coder.id)))
        self.shown = {n for n, d in _rows(s, select(m.Coder.name, m.Coder.display_name)) if d}
        self.codes = {k: i for k, i in _rows(s, select(m.Code.key, m.Code.id))}
        self.code_fields = {k: (d, lv) for k, d, lv in _rows(s, select(m.Code.key, m.Code.definition, m.Code.level))}
        self.persp = dict(_rows(s, select(m.Perspective.key, m.Perspective.id)))

    # -- small helpers
    def _insert(self, table: str, rows: list[dict]) -> list[int]:
        ids: list[int] = []
        tbl = T[table]
        for i in range(0, len(rows), CHUNK):
            res = self.s.execute(insert(tbl).returning(tbl.c.id, sort_by_parameter_order=True), rows[i : i + CHUNK])
            ids.extend(r[0] for r in res)
        return ids

    def _insert_plain(self, table: str, rows: list[dict]) -> None:
        for i in range(0, len(rows), CHUNK):
            self.s.execute(insert(T[table]), rows[i : i + CHUNK])

    def coder_id(self, name: str | None, display_name: str | None = None) -> int | None:
        if name is None:
            return None
        name = clean_name(name)
        if name not in self.coders:
            from tema.domain.coders import initials_of

            self.coders[name] = self._insert("coder", [{"name": name, "display_name": display_name,
                                                        "initials": initials_of(display_name or name),
                                                        "created_at": m.utcnow()}])[0]
            self._rep.add("coders", "added")
        elif display_name and name not in self.shown:  # an input's display name for a coder OUT shows by login
            self.s.execute(update(T["coder"]).where(T["coder"].c.id == self.coders[name]).values(display_name=display_name))
        if display_name:
            self.shown.add(name)
        return self.coders[name]

    # -- the whole merge
    def run(self, sources: list[Source], coder: str | None) -> None:
        s = self.s
        self.report.inputs = [InputReport(src.label, src.coder) for src in sources]
        self._rep = self.report.inputs[0]  # codes (and their creators) new to OUT count for the first input
        self._ensure_project(sources[0])
        self._codes_first()
        for src, rep in zip(sources, self.report.inputs):
            self._rep = rep
            with src.store.session() as ins:
                self._merge_one(ins, src)
        self._describe_codes()
        if self.report.added:
            from tema.domain.coders import get_or_create_coder, resolve_coder_name

            who = get_or_create_coder(s, resolve_coder_name(coder)).id
            text = "; ".join(self.report.summary_lines())
            with recorded(s, "project.merge", f"merged {', '.join(r.source for r in self.report.inputs)}: {text}",
                          who, undoable=False):
                pass

    def _ensure_project(self, first: Source) -> None:
        if self.s.scalars(select(m.Project.id)).first() is not None:
            return
        with first.store.session() as ins:
            p = ins.scalars(select(m.Project)).one()
            self._insert("project", [{"title": p.title, "question": p.question, "language": p.language,
                                      "phase": p.phase, "created_at": m.utcnow(), "settings": {}}])

    def _codes_first(self) -> None:
        """Create in OUT every code the plan keeps that OUT lacks (parents after), and
        the coders who created them, before any coding is copied."""
        wanted = [k for k in self.plan.all_keys() if self.mapping.get(k, k) == k and k not in self.codes]
        rows, keys = [], []
        n = len(self.codes)
        from tema.domain.codes import PALETTE

        for key in wanted:
            info = self.plan.info(key)
            rows.append({
                "name": info.name, "key": key, "definition": info.definition, "level": info.level,
                "colour": info.colour or PALETTE[n % len(PALETTE)], "status": info.status,
                "created_by_id": self.coder_id(info.created_by), "created_at": m.utcnow(),
                "deleted_at": m.utcnow() if info.deleted else None, "version": 1,
            })
            keys.append(key)
            n += 1
        self.created_codes = set(keys)
        self.counted: set[str] = set()
        self.codes.update(zip(keys, self._insert("code", rows)))
        for key in keys:
            parent = self.plan.info(key).parent_key
            if parent is not None:
                pid = self.codes.get(self.mapping.get(parent, parent))
                if pid is not None and pid != self.codes[key]:
                    self.s.execute(update(T["code"]).where(T["code"].c.id == self.codes[key]).values(parent_id=pid))

    def _describe_codes(self) -> None:
        r, plan = self.report, self.plan
        r.exact = sorted((plan.info(k).name for k in plan.exact()), key=nb_sort_key)
        r.accepted = [(p.code, p.into, p.score) for p in plan.proposals if p.accept]
        r.rejected = [(p.code, p.into, p.score) for p in plan.proposals if not p.accept]
        r.new_codes = sorted((plan.info(k).name for k in self.created_codes), key=nb_sort_key)

    def _merge_one(self, ins: Session, src: Source) -> None:
        cat = next(c for c in self.plan.catalogues if c.source == src.label)
        coder_map = {}
        for i, name, display in _rows(ins, select(m.Coder.id, m.Coder.name, m.Coder.display_name)):
            if clean_name(name) in self.coders:
                self._rep.add("coders", "matched")
            coder_map[i] = self.coder_id(name, display)
        part_map, case_map = self._participants_and_cases(ins)
        doc_map = self._documents(ins, src, part_map, case_map, coder_map)
        code_map = self._code_map(cat)
        persp_map = self._perspectives(ins)
        coding_map = self._codings(ins, code_map, doc_map, coder_map, persp_map, self.attached.get(src.label))
        theme_map = self._themes(ins, src, code_map, coder_map, coding_map)
        self._snapshots(ins, src, coder_map)
        self._memos(ins, coder_map, {"document": doc_map, "code": code_map, "theme": theme_map, "coding": coding_map})
        self._guide(ins, doc_map)
        self._pseudonyms(ins)

    # -- participants, cases, attributes
    def _attributes(self, table: str, owner_col: str, owner_id: int, have: dict, want: list, what: str) -> None:
        rows = []
        for key, value, vtype in want:
            if key not in have:
                rows.append({owner_col: owner_id, "key": key, "value": value, "value_type": vtype})
                have[key] = (value, vtype)
            elif have[key][0] != value:
                self.report.conflict(f"{what}: attribute {key} is {have[key][0]!r} in OUT and {value!r} in "
                                     f"{self._rep.source}; kept {have[key][0]!r}")
        self._insert_plain(table, rows)
        self._rep.add("attributes", "added", len(rows))

    def _participants_and_cases(self, ins: Session) -> tuple[dict[int, int], dict[int, int]]:
        s = self.s
        out_parts = {name_key(p): [i, lab] for i, p, lab in _rows(s, select(m.Participant.id, m.Participant.pseudonym, m.Participant.label))}
        labels = {lab: i for i, lab in ((v[0], v[1]) for v in out_parts.values()) if lab}
        attrs: dict[int, dict] = defaultdict(dict)
        for pid, k, v, t in _rows(s, select(m.ParticipantAttribute.participant_id, m.ParticipantAttribute.key,
                                             m.ParticipantAttribute.value, m.ParticipantAttribute.value_type)):
            attrs[pid][k] = (v, t)
        in_attrs: dict[int, list] = defaultdict(list)
        for pid, k, v, t in _rows(ins, select(m.ParticipantAttribute.participant_id, m.ParticipantAttribute.key,
                                               m.ParticipantAttribute.value, m.ParticipantAttribute.value_type)):
            in_attrs[pid].append((k, v, t))
        part_map: dict[int, int] = {}
        for pid, pseudonym, label in _rows(ins, select(m.Participant.id, m.Participant.pseudonym, m.Participant.label)):
            key = name_key(pseudonym)
            if key in out_parts:
                oid, olabel = out_parts[key]
                self._rep.add("participants", "matched")
                if label and olabel and label != olabel:
                    self.report.conflict(f"participant {pseudonym}: label {olabel!r} in OUT, {label!r} in {self._rep.source}; kept {olabel!r}")
                elif label and not olabel:
                    if label in labels:
                        self.report.conflict(f"participant {pseudonym}: label {label!r} from {self._rep.source} is used by another participant in OUT; left without a label")
                    else:
                        s.execute(update(T["participant"]).where(T["participant"].c.id == oid).values(label=label))
                        out_parts[key][1] = label
                        labels[label] = oid
            else:
                if label and label in labels:
                    self.report.conflict(f"participant {pseudonym}: label {label!r} from {self._rep.source} is used by another participant in OUT; added without a label")
                    label = None
                oid = self._insert("participant", [{"pseudonym": clean_name(pseudonym), "label": label, "created_at": m.utcnow()}])[0]
                out_parts[key] = [oid, label]
                if label:
                    labels[label] = oid
                self._rep.add("participants", "added")
            part_map[pid] = oid
            self._attributes("participant_attribute", "participant_id", oid, attrs[oid], in_attrs.get(pid, []), f"participant {pseudonym}")

        out_cases = {name_key(n): i for i, n in _rows(s, select(m.Case.id, m.Case.name))}
        cattrs: dict[int, dict] = defaultdict(dict)
        for cid, k, v, t in _rows(s, select(m.CaseAttribute.case_id, m.CaseAttribute.key, m.CaseAttribute.value, m.CaseAttribute.value_type)):
            cattrs[cid][k] = (v, t)
        in_cattrs: dict[int, list] = defaultdict(list)
        for cid, k, v, t in _rows(ins, select(m.CaseAttribute.case_id, m.CaseAttribute.key, m.CaseAttribute.value, m.CaseAttribute.value_type)):
            in_cattrs[cid].append((k, v, t))
        case_map: dict[int, int] = {}
        for cid, name, desc in _rows(ins, select(m.Case.id, m.Case.name, m.Case.description)):
            key = name_key(name)
            if key in out_cases:
                self._rep.add("cases", "matched")
            else:
                out_cases[key] = self._insert("case_", [{"name": clean_name(name), "description": desc}])[0]
                self._rep.add("cases", "added")
            case_map[cid] = out_cases[key]
            self._attributes("case_attribute", "case_id", out_cases[key], cattrs[out_cases[key]], in_cattrs.get(cid, []), f"case {name}")
        members = set(_rows(s, select(m.CaseMember.case_id, m.CaseMember.participant_id)))
        new = []
        for cid, pid in _rows(ins, select(m.CaseMember.case_id, m.CaseMember.participant_id)):
            pair = (case_map[cid], part_map[pid])
            if pair not in members:
                members.add(pair)
                new.append({"case_id": pair[0], "participant_id": pair[1]})
        self._insert_plain("case_member", new)
        return part_map, case_map

    # -- documents and their segments
    def _documents(self, ins: Session, src: Source, part_map, case_map, coder_map) -> dict[int, int]:
        s = self.s
        by_sha = dict(_rows(s, select(m.Document.sha256, m.Document.id)))
        titles = {t: i for i, t in _rows(s, select(m.Document.id, m.Document.title))}
        doc_map: dict[int, int] = {}
        D = m.Document
        cols = [D.id, D.title, D.source_name, D.sha256, D.n_chars, D.n_words, D.encoding, D.source_format,
                D.participant_id, D.interviewer_id, D.case_id, D.interview_date, D.wave, D.pipeline,
                D.created_at, D.deleted_at]
        for row in _rows(ins, select(*cols).order_by(D.id)):
            if row.sha256 in by_sha:
                doc_map[row.id] = by_sha[row.sha256]
                self._rep.add("documents", "matched")
                continue
            title = row.title
            if title in titles:
                n, title = 1, f"{row.title} ({src.coder})"
                while title in titles:
                    n += 1
                    title = f"{row.title} ({src.coder} {n})"
                self.report.conflict(f"document «{row.title}» in {src.label} has other text than «{row.title}» in OUT; "
                                     f"kept as a separate document «{title}»")
                self._rep.add("documents", "renamed")
            text = ins.scalars(select(D.text).where(D.id == row.id)).one()
            values = {c.key: getattr(row, c.key) for c in cols if c.key != "id"}
            values.update(title=title, text=text,
                          participant_id=part_map.get(row.participant_id),
                          interviewer_id=coder_map.get(row.interviewer_id),
                          case_id=case_map.get(row.case_id))
            new_id = self._insert("document", [values])[0]
            by_sha[row.sha256], titles[title], doc_map[row.id] = new_id, new_id, new_id
            if title == row.title:
                self._rep.add("documents", "added")
            segs = [_Segment._make((*r[:6], _meta(r[6]))) for r in fetch(
                ins, 'SELECT start, "end", kind, speaker, turn, lemmas, meta FROM segment WHERE document_id = ? '
                "ORDER BY id", (row.id,))]
            write_segments(s, new_id, text, segs)
        return doc_map

    # -- codes and perspectives
    def _code_map(self, cat: Catalogue) -> dict[int, int]:
        code_map: dict[int, int] = {}
        for key, info in cat.codes.items():
            target = self.mapping.get(key, key)
            code_map[info.id] = self.codes[target]
            if target != key:
                self._rep.add("codes", "merged by plan")
            elif key in self.created_codes and key not in self.counted:
                self.counted.add(key)
                self._rep.add("codes", "added")
            else:
                self._rep.add("codes", "matched")
                od, olv = self.code_fields.get(key, (None, None))
                if info.definition and od and info.definition.strip() != od.strip():
                    self.report.conflict(f"code «{info.name}»: {self._rep.source} defines it differently; kept OUT's definition")
                if olv and info.level != olv:
                    self.report.conflict(f"code «{info.name}»: {info.level} in {self._rep.source}, {olv} in OUT; kept {olv}")
            if key in self.created_codes:
                self.code_fields.setdefault(key, (info.definition, info.level))
        for cid, key in cat.merged_into.items():
            code_map[cid] = self.codes[self.mapping.get(key, key)]
        return code_map

    def _perspectives(self, ins: Session) -> dict[int, int]:
        out: dict[int, int] = {}
        for pid, name, key in _rows(ins, select(m.Perspective.id, m.Perspective.name, m.Perspective.key)):
            if key not in self.persp:
                self.persp[key] = self._insert("perspective", [{"name": name, "key": key}])[0]
                self._rep.add("perspectives", "added")
            out[pid] = self.persp[key]
        return out
