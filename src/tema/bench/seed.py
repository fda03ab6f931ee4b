"""Seed an imported benchmark project with an analysis: coders, participants and
cases, codes, codings on sentence segments, perspectives, themes with subthemes,
extract selections, journal entries, notes, guide sections and snapshots.

Rows go in through SQLAlchemy Core bulk inserts (``session.execute(insert(table),
rows)``), not the ORM, so 100,000 codings take seconds. Seeded rows are set-up
data, not user actions: they have no events (no undo history). Snapshots are taken
through ``tema.domain.snapshots.take_snapshot`` so their structure is the real one.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from itertools import accumulate

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from tema.bench import labels as L
from tema.bench.corpus import FIRST_NAMES
from tema.bench.spec import BenchSpec
from tema.store import models as m
from tema.store.db import Store
from tema.text import name_key

CHUNK = 5_000


def _next_id(s: Session, table) -> int:
    return (s.scalar(select(func.max(table.c.id))) or 0) + 1


def _bulk(s: Session, model, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        s.execute(insert(model.__table__), rows[i : i + CHUNK])


def _people(s: Session, spec: BenchSpec, doc_ids: list[int], rng: random.Random) -> list[int]:
    """Coders, one participant per document (with attributes), municipality cases."""
    now = m.utcnow()
    cid = _next_id(s, m.Coder.__table__)
    coders = [{"id": cid + k, "name": n, "initials": i, "created_at": now}
              for k, (n, i) in enumerate(L.CODERS[: spec.coders])]
    _bulk(s, m.Coder, coders)
    coder_ids = [c["id"] for c in coders]
    case_base = _next_id(s, m.Case.__table__)
    n_cases = min(len(L.MUNICIPALITIES), max(1, len(doc_ids) // 5))
    _bulk(s, m.Case, [{"id": case_base + k, "name": f"{L.MUNICIPALITIES[k]} kommune"} for k in range(n_cases)])
    _bulk(s, m.CaseAttribute, [{"case_id": case_base + k, "key": "fylke", "value": ["Vestland", "Nordland", "Innlandet"][k % 3],
                                "value_type": "text"} for k in range(n_cases)])
    pid = _next_id(s, m.Participant.__table__)
    parts, attrs, members, doc_updates = [], [], [], []
    for k, doc_id in enumerate(doc_ids):
        first = FIRST_NAMES[k % len(FIRST_NAMES)]  # the name the transcript's labels use
        parts.append({"id": pid + k, "pseudonym": f"{first} {k + 1:03d}", "label": f"P{k + 1:03d}", "created_at": now})
        attrs += [
            {"participant_id": pid + k, "key": "rolle", "value": L.ROLES[k % len(L.ROLES)], "value_type": "text"},
            {"participant_id": pid + k, "key": "antall barn", "value": str(1 + rng.randrange(4)), "value_type": "number"},
        ]
        members.append({"case_id": case_base + k % n_cases, "participant_id": pid + k})
        doc_updates.append({"b_id": doc_id, "p": pid + k, "c": case_base + k % n_cases,
                            "iv": coder_ids[k % len(coder_ids)], "w": str(1 + k % 3)})
    _bulk(s, m.Participant, parts)
    _bulk(s, m.ParticipantAttribute, attrs)
    _bulk(s, m.CaseMember, members)
    t = m.Document.__table__
    s.connection().execute(
        update(t).where(t.c.id == bindparam("b_id")).values(
            participant_id=bindparam("p"), case_id=bindparam("c"), interviewer_id=bindparam("iv"), wave=bindparam("w")
        ),
        doc_updates,
    )
    return coder_ids


def _codes(s: Session, spec: BenchSpec, coder_ids: list[int]) -> list[int]:
    base = _next_id(s, m.Code.__table__)
    now = m.utcnow()
    rows = []
    for k, name in enumerate(L.code_names(spec.codes)):
        rows.append({
            "id": base + k, "name": name, "key": name_key(name), "level": "latent" if k % 4 == 3 else "semantic",
            "definition": f"Utsagn der deltakeren beskriver {name.lower()}.", "colour": L.COLOURS[k % len(L.COLOURS)],
            "status": "active", "created_by_id": coder_ids[k % len(coder_ids)], "created_at": now, "version": 1,
        })
    _bulk(s, m.Code, rows)
    return [r["id"] for r in rows]


def _codings(s: Session, spec: BenchSpec, doc_ids: list[int], code_ids: list[int],
             coder_ids: list[int], rng: random.Random) -> list[tuple[int, int]]:
    """Codings spread over documents by length, on 1–3 consecutive sentences; code
    frequencies fall off like real codebooks (the most used code has ~1 % of codings)."""
    cum = list(accumulate(1 / (r + 20) ** 0.9 for r in range(len(code_ids))))
    order = code_ids[:]
    rng.shuffle(order)
    sizes = dict(s.execute(select(m.Document.id, m.Document.n_chars).where(m.Document.id.in_(doc_ids))).all())
    total = sum(sizes.values()) or 1
    quota = {d: int(spec.codings * sizes[d] / total) for d in doc_ids}
    for d in doc_ids[: spec.codings - sum(quota.values())]:
        quota[d] += 1
    base = _next_id(s, m.Coding.__table__)
    now = m.utcnow()
    rows: list[dict] = []
    made: list[tuple[int, int]] = []  # (coding id, code id)
    for k, doc_id in enumerate(doc_ids):
        text = s.scalar(select(m.Document.text).where(m.Document.id == doc_id))
        segs = s.execute(select(m.Segment.start, m.Segment.end).where(
            m.Segment.document_id == doc_id, m.Segment.kind == "sentence").order_by(m.Segment.start)).all()
        if not segs:
            continue
        seen: set[tuple] = set()
        main, second = coder_ids[k % len(coder_ids)], coder_ids[(k + 1) % len(coder_ids)]
        tries, limit = 0, quota[doc_id] * 20
        while quota[doc_id] > 0 and tries < limit:
            tries += 1
            i = rng.randrange(len(segs))
            j = min(len(segs) - 1, i + rng.choices((0, 1, 2), (6, 3, 1))[0])
            code = order[bisect_left(cum, rng.random() * cum[-1])]
            coder = second if k % 7 == 0 and rng.random() < 0.3 else main
            key = (code, segs[i][0], segs[j][1], coder)
            if key in seen:
                continue
            seen.add(key)
            cid = base + len(rows)
            rows.append({"id": cid, "code_id": code, "document_id": doc_id, "start": segs[i][0], "end": segs[j][1],
                         "text": text[segs[i][0] : segs[j][1]], "coder_id": coder,
                         "memo": "Interessant formulering – se også neste tur." if rng.random() < 0.03 else None,
                         "created_at": now, "updated_at": now})
            made.append((cid, code))
            quota[doc_id] -= 1
        if len(rows) >= 20_000:
            _bulk(s, m.Coding, rows)
            base += len(rows)
            rows = []
    _bulk(s, m.Coding, rows)
    return made


def _perspectives(s: Session, made: list[tuple[int, int]], rng: random.Random) -> None:
    base = _next_id(s, m.Perspective.__table__)
    _bulk(s, m.Perspective, [{"id": base + k, "name": n, "key": name_key(n)} for k, n in enumerate(L.PERSPECTIVES)])
    links = []
    for cid, _code in made:
        if rng.random() < 0.25:
            for p in rng.sample(range(len(L.PERSPECTIVES)), rng.choice((1, 1, 2))):
                links.append({"coding_id": cid, "perspective_id": base + p})
    _bulk(s, m.CodingPerspective, links)


def _themes(s: Session, spec: BenchSpec, code_ids: list[int], made: list[tuple[int, int]],
            rng: random.Random) -> list[int]:
    """Top themes with labelled subthemes; most codes placed once, some twice, a few unplaced."""
    n_top = max(2, spec.themes // 4)
    n_sub = spec.themes - n_top
    base = _next_id(s, m.Theme.__table__)
    now = m.utcnow()
    rows, subs = [], []
    for k, name in enumerate(L.theme_names(n_top)):
        rows.append({"id": base + k, "name": name, "label": str(k + 1), "ordinal": k, "status": "final",
                     "definition": f"Temaet samler utsagn om {name.lower()}.",
                     "central_concept": f"Det sentrale er hvordan {name.lower()} preger hverdagen.",
                     "is_holding": False, "created_at": now, "version": 1, "parent_id": None})
    for j in range(n_sub):
        parent = j % n_top
        nth = j // n_top
        tid = base + n_top + j
        aspect = L.ASPECTS[nth % len(L.ASPECTS)] + (f" {nth // len(L.ASPECTS) + 1}" if nth >= len(L.ASPECTS) else "")
        rows.append({"id": tid, "name": f"{rows[parent]['name']} – {aspect}", "label": f"{parent + 1}{chr(97 + nth % 26)}",
                     "ordinal": nth, "status": "final" if j % 9 else "candidate", "definition": None,
                     "central_concept": None, "is_holding": False, "created_at": now, "version": 1,
                     "parent_id": base + parent})
        subs.append(tid)
    _bulk(s, m.Theme, rows)
    targets = subs or [r["id"] for r in rows]
    links, ordinals = [], {}
    shuffled = code_ids[:]
    rng.shuffle(shuffled)
    for k, code in enumerate(shuffled):
        if k % 20 == 19:  # unplaced ("not placed yet")
            continue
        homes = {targets[k % len(targets)]}
        if k % 12 == 5:
            homes.add(targets[(k * 7 + 3) % len(targets)])
        for t in sorted(homes):
            ordinals[t] = ordinals.get(t, -1) + 1
            links.append({"theme_id": t, "code_id": code, "ordinal": ordinals[t]})
    _bulk(s, m.ThemeCode, links)
    by_code: dict[int, list[int]] = {}
    for cid, code in made:
        by_code.setdefault(code, []).append(cid)
    chosen = []
    for link in links:
        cands = by_code.get(link["code_id"], [])
        if cands and sum(1 for c in chosen if c["theme_id"] == link["theme_id"]) < 3:
            chosen.append({"theme_id": link["theme_id"], "coding_id": rng.choice(cands), "ordinal": len(chosen)})
    _bulk(s, m.ThemeExtract, list({(c["theme_id"], c["coding_id"]): c for c in chosen}.values()))
    return [r["id"] for r in rows]


def _notes(s: Session, doc_ids: list[int], coder_ids: list[int], rng: random.Random) -> None:
    now = m.utcnow()
    memos = [{"kind": "journal", "body": f"Refleksjon {k + 1}: jeg merker at min egen bakgrunn farger hvordan jeg leser "
              f"utsagn om {L.CODE_HEADS[k % len(L.CODE_HEADS)]}.", "phase": 1 + k % 6, "coder_id": coder_ids[k % len(coder_ids)],
              "target_kind": "project", "created_at": now, "updated_at": now} for k in range(40)]
    for k, doc_id in enumerate(doc_ids[:200]):
        start = rng.randrange(0, 2_000)
        memos.append({"kind": "note", "body": "Første inntrykk: tydelig frustrasjon her.", "phase": 1,
                      "coder_id": coder_ids[k % len(coder_ids)], "target_kind": "document", "target_id": doc_id,
                      "start": start, "end": start + 40, "created_at": now, "updated_at": now})
    _bulk(s, m.Memo, memos)
    _bulk(s, m.GuideSection, [{"heading": h, "colour": c, "areas": a, "ordinal": k} for k, (h, c, a) in enumerate(L.GUIDE)])


def _snapshots(store: Store, spec: BenchSpec, theme_ids: list[int], rng: random.Random) -> None:
    from tema.domain.snapshots import take_snapshot

    names = ["Fase 3: initielle tema", "Fase 4: midlertidige tema", "Fase 5: endelige tema"]
    for k in range(spec.snapshots):
        with store.transaction() as s:
            if k:  # move some codes between themes before the next snapshot
                rows = s.execute(select(m.ThemeCode.theme_id, m.ThemeCode.code_id)).all()
                moved = rng.sample(rows, max(1, len(rows) // 10)) if rows else []
                taken = {(t, c) for t, c in rows}
                for t, c in moved:
                    new = rng.choice(theme_ids)
                    if (new, c) in taken:
                        continue
                    taken.discard((t, c))
                    taken.add((new, c))
                    s.execute(update(m.ThemeCode).where(m.ThemeCode.theme_id == t, m.ThemeCode.code_id == c)
                              .values(theme_id=new))
            take_snapshot(s, names[k] if k < len(names) else f"Fase {min(6, 3 + k)}: runde {k + 1}", phase=min(6, 3 + k))


def seed_analysis(store: Store, spec: BenchSpec) -> dict:
    """Seed the analysis into an imported project; returns what was added."""
    from tema.domain.project import get_project, init_project

    rng = random.Random(f"tema-bench-seed:{spec.seed}")
    with store.transaction() as s:
        try:
            get_project(s)
        except Exception:
            init_project(s, "Benchmark: familier i møte med tjenestene",
                         "Hvordan opplever foreldre samarbeidet med kommunale tjenester?")
        doc_ids = list(s.scalars(select(m.Document.id).order_by(m.Document.id)))
        coder_ids = _people(s, spec, doc_ids, rng)
        code_ids = _codes(s, spec, coder_ids)
        made = _codings(s, spec, doc_ids, code_ids, coder_ids, rng)
        _perspectives(s, made, rng)
        theme_ids = _themes(s, spec, code_ids, made, rng)
        _notes(s, doc_ids, coder_ids, rng)
    _snapshots(store, spec, theme_ids, rng)
    return {"documents": len(doc_ids), "codes": len(code_ids), "codings": len(made), "themes": len(theme_ids),
            "snapshots": spec.snapshots}
