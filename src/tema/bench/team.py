"""Input projects for the merge step: each coder's own project, cut from the seeded
team project with SQLAlchemy Core (documents with their segments and full-text
rows, participants, cases, codes, codings, perspectives, themes, snapshots).

Every input holds a few shared interviews (coded by all three coders, so documents
match by content hash) and its own interviews, until it has ``merge_codings``
codings. Some code names are written the way another coder would: other case
(an exact match), a typo or another word order (proposed in the merge plan).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from tema.bench.labels import CODERS, near_variant
from tema.bench.spec import BenchSpec
from tema.store import models as m
from tema.store.db import Store, create_store, open_store
from tema.text import name_key

CHUNK = 5_000


def merge_paths(p, spec: BenchSpec) -> tuple[list[Path], Path]:
    folder = p.scratch("merge")
    return [folder / f"koder{k + 1}.tema" for k in range(spec.merge_projects)], folder / "samlet.tema"


def _copy(src: Session, dst: Session, model, where=None, change=None) -> list[dict]:
    stmt = select(model.__table__)
    if where is not None:
        stmt = stmt.where(where)
    rows = [dict(r) for r in src.execute(stmt).mappings()]
    if change is not None:
        rows = [change(r) for r in rows]
    for i in range(0, len(rows), CHUNK):
        dst.execute(insert(model.__table__), rows[i : i + CHUNK])
    return rows


def _pick_documents(src: Session, spec: BenchSpec, k: int) -> list[int]:
    per_doc = dict(src.execute(select(m.Coding.document_id, func.count()).group_by(m.Coding.document_id)).all())
    ids = sorted(per_doc)
    n_shared = max(1, len(ids) // 50)
    order = ids[:n_shared] + ids[n_shared:][k :: spec.merge_projects]
    order += [d for d in ids if d not in order]  # small corpora: borrow others' interviews
    chosen, total = [], 0
    for d in order:
        if total >= spec.merge_codings:
            break
        chosen.append(d)
        total += per_doc[d]
    return chosen


def _documents(src: Session, dst: Session, docs: list[int], coder_id: int) -> None:
    parts = set(src.scalars(select(m.Document.participant_id).where(m.Document.id.in_(docs))))
    cases = set(src.scalars(select(m.Document.case_id).where(m.Document.id.in_(docs))))
    _copy(src, dst, m.Participant, m.Participant.id.in_(parts))
    _copy(src, dst, m.ParticipantAttribute, m.ParticipantAttribute.participant_id.in_(parts))
    _copy(src, dst, m.Case, m.Case.id.in_(cases))
    _copy(src, dst, m.CaseAttribute, m.CaseAttribute.case_id.in_(cases))
    _copy(src, dst, m.CaseMember, m.CaseMember.participant_id.in_(parts) & m.CaseMember.case_id.in_(cases))
    for i in range(0, len(docs), 10):
        batch = docs[i : i + 10]
        _copy(src, dst, m.Document, m.Document.id.in_(batch), lambda r: {**r, "interviewer_id": coder_id})
        segs = _copy(src, dst, m.Segment, m.Segment.document_id.in_(batch))
        ids = [s["id"] for s in segs if s["kind"] == "sentence"]
        for j in range(0, len(ids), CHUNK):
            chunk = ",".join(map(str, ids[j : j + CHUNK]))
            rows = src.execute(sql(f"SELECT rowid AS id, text, lemmas FROM segment_fts WHERE rowid IN ({chunk})")
                               ).mappings().all()
            dst.execute(sql("INSERT INTO segment_fts(rowid, text, lemmas) VALUES (:id, :text, :lemmas)"),
                        [dict(r) for r in rows])


def _analysis(src: Session, dst: Session, spec: BenchSpec, docs: list[int], k: int, coder_id: int) -> int:
    picked, seen = [], set()
    for r in src.execute(select(m.Coding.__table__).where(m.Coding.document_id.in_(docs)).order_by(m.Coding.id)).mappings():
        key = (r["code_id"], r["document_id"], r["start"], r["end"])
        if key not in seen:
            seen.add(key)
            picked.append({**r, "coder_id": coder_id})
        if len(picked) >= spec.merge_codings:
            break
    codes = {r["code_id"] for r in picked}
    keys: set[str] = set()

    def rename(r: dict) -> dict:
        name = r["name"]
        if k and r["id"] % 20 == k:
            name = near_variant(name, r["id"] // 20 + k)
        if name_key(name) in keys:
            name = r["name"]
        keys.add(name_key(name))
        return {**r, "name": name, "key": name_key(name), "created_by_id": coder_id, "parent_id": None,
                "merged_into_id": None}

    _copy(src, dst, m.Code, m.Code.id.in_(codes), rename)
    for i in range(0, len(picked), CHUNK):
        dst.execute(insert(m.Coding.__table__), picked[i : i + CHUNK])
    coding_ids = [r["id"] for r in picked]
    _copy(src, dst, m.Perspective)
    for i in range(0, len(coding_ids), CHUNK):
        _copy(src, dst, m.CodingPerspective, m.CodingPerspective.coding_id.in_(coding_ids[i : i + CHUNK]))
    _copy(src, dst, m.Theme)
    _copy(src, dst, m.ThemeCode, m.ThemeCode.code_id.in_(codes))
    chosen = set(coding_ids)
    extracts = [dict(r) for r in src.execute(select(m.ThemeExtract.__table__)).mappings() if r["coding_id"] in chosen]
    if extracts:
        dst.execute(insert(m.ThemeExtract.__table__), extracts)
    _copy(src, dst, m.ThemeMapSnapshot, None, lambda r: {**r, "coder_id": coder_id})
    _copy(src, dst, m.GuideSection)
    _copy(src, dst, m.Memo, m.Memo.kind == "journal", lambda r: {**r, "coder_id": coder_id})
    return len(picked)


def build_merge_inputs(p, spec: BenchSpec) -> dict:
    """Write the merge step's input projects (replacing earlier ones)."""
    from tema.domain.project import init_project

    inputs, out = merge_paths(p, spec)
    out.parent.mkdir(parents=True, exist_ok=True)
    team: Store = open_store(p.store)
    counts = []
    try:
        for k, path in enumerate(inputs):
            for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                old.unlink(missing_ok=True)
            dst_store = create_store(path)
            name, initials = CODERS[k % len(CODERS)]
            with team.session() as src, dst_store.transaction() as dst:
                init_project(dst, f"Koding {name}", "Hvordan opplever foreldre samarbeidet med kommunale tjenester?")
                dst.execute(insert(m.Coder.__table__), [{"id": 1, "name": name, "initials": initials,
                                                         "created_at": m.utcnow()}])
                docs = _pick_documents(src, spec, k)
                _documents(src, dst, docs, 1)
                counts.append(_analysis(src, dst, spec, docs, k, 1))
            dst_store.close()
    finally:
        team.close()
    return {"projects": len(inputs), "codings_each": counts}
