"""Helpers for the REFI-QDA tests: schema validation, archives built in the test,
and a comparable picture of a project's content read through the domain layer."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from sqlalchemy import select

from tema.domain import snapshots
from tema.domain.documents import document_text, live_documents
from tema.domain.themes import theme_tree
from tema.store import models as m
from tema.store.db import open_store
from tests.helpers.paths import require_shared


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(require_shared("fixtures", "refi", name))))


def assert_valid(xsd: etree.XMLSchema, data: bytes) -> None:
    doc = etree.fromstring(data)
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)


def qde_of(qdpx: Path) -> bytes:
    with zipfile.ZipFile(qdpx) as zf:
        return zf.read("project.qde")


def make_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes] | None = None, qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


def nothing_written(target: Path) -> bool:
    return not any(p.exists() for p in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")))


def _strip_ids(node: dict) -> dict:
    return {**{k: v for k, v in node.items() if k != "id"}, "subthemes": [_strip_ids(s) for s in node.get("subthemes", [])]}


def is_import_record(memo: m.Memo) -> bool:
    """The journal entry an import writes about itself (compared apart from the content)."""
    return memo.kind == "journal" and bool(memo.context) and "refi_import" in memo.context


def import_records(project: Path) -> list[tuple[str, dict]]:
    """(body, context) of the journal entries recording imports."""
    store = open_store(project)
    try:
        with store.session() as s:
            return [(mm.body, mm.context) for mm in s.scalars(select(m.Memo).order_by(m.Memo.id)) if is_import_record(mm)]
    finally:
        store.close()


def content(project: Path) -> dict:
    """Everything the round trip must keep, keyed by names (never by database ids)."""
    store = open_store(project)
    try:
        with store.session() as s:
            coders = {c.id: c.name for c in s.scalars(select(m.Coder))}
            codes = {c.id: c for c in s.scalars(select(m.Code).where(m.Code.deleted_at.is_(None)))}
            docs = {d.id: d for d in live_documents(s)}
            themes = {t.id: t for t in s.scalars(select(m.Theme).where(m.Theme.deleted_at.is_(None)))}
            cases = {c.id: c for c in s.scalars(select(m.Case))}
            people = {p.id: p for p in s.scalars(select(m.Participant))}
            members = {(cm.case_id, cm.participant_id) for cm in s.scalars(select(m.CaseMember))}

            def target(memo: m.Memo):
                k, t = memo.target_kind, memo.target_id
                if k == "document":
                    return k, docs[t].title, memo.start, memo.end
                if k == "code":
                    return k, codes[t].name
                if k == "theme":
                    return k, themes[t].name
                if k == "coding":
                    c = s.get(m.Coding, t)
                    return k, codes[c.code_id].name, docs[c.document_id].title, c.start, c.end
                return (k,)

            def tree(nodes):
                return [
                    (n.name, n.label, n.status, n.definition, n.central_concept, themes[n.id].scope,
                     sorted(name for _, name in n.codes), tree(n.subthemes))
                    for n in nodes if not n.is_holding
                ]

            return {
                "codes": sorted(
                    (c.name, c.definition, c.level, c.colour, c.status, codes[c.parent_id].name if c.parent_id else None)
                    for c in codes.values() if c.status in ("active", "retired")
                ),
                "themes": tree(theme_tree(s)),
                "documents": sorted(
                    (d.title, document_text(s, d.id), people[d.participant_id].pseudonym if d.participant_id else None,
                     cases[d.case_id].name if d.case_id else None, d.wave, d.interview_date,
                     coders.get(d.interviewer_id))
                    for d in docs.values()
                ),
                "codings": sorted(
                    (docs[c.document_id].title, c.start, c.end, c.text, codes[c.code_id].name, coders.get(c.coder_id),
                     tuple(sorted(link.perspective.name for link in c.perspective_links)), c.memo)
                    for c in s.scalars(select(m.Coding)) if c.document_id in docs
                ),
                "memos": sorted(
                    (mm.kind, mm.body, mm.phase, coders.get(mm.coder_id), target(mm))
                    for mm in s.scalars(select(m.Memo).where(m.Memo.deleted_at.is_(None)))
                    if not is_import_record(mm)
                ),
                "participants": sorted(
                    (p.pseudonym, p.label, tuple((a.key, a.value, a.value_type) for a in p.attributes))
                    for p in people.values()
                ),
                "cases": sorted(
                    (c.name, c.description, tuple((a.key, a.value, a.value_type) for a in c.attributes),
                     tuple(sorted(people[pid].pseudonym for cid, pid in members if cid == c.id)))
                    for c in cases.values()
                ),
                "snapshots": sorted(
                    (sn.name, sn.phase, repr([_strip_ids(t) for t in sn.structure["themes"]]), repr(sn.structure["unplaced"]))
                    for sn in snapshots.list_snapshots(s)
                ),
            }
    finally:
        store.close()
