"""Benchmark: merge three coders' projects of 30,000 codings each.

    .venv/bin/python benchmarks/merge_bench.py [--codings 30000] [--keep DIR]

Builds three project files through tema's own schema (Alembic), filled with
SQLAlchemy Core bulk inserts: 40 transcripts each (10 shared by all three, so
they match by hash), 300 codes (250 shared names, 30 written with typos or in
other case, 20 own), perspectives on a third of the codings, themes and memos;
the third project also holds 1,000 of the first coder's codings (exact
duplicates). Then times, each in its own process so peak memory is its own:

  plan      `tema merge OUT IN1 IN2 IN3` (reads all three, writes the plan)
  apply     `tema merge … --apply` into a new OUT (a file, or --out URL)
  again     the same --apply a second time (idempotent: adds nothing)
  baseline  a raw sqlite3 copy of the same rows (codes, documents, codings,
            coding perspectives of all three inputs into plain tables of one
            file, one transaction, no matching) — the floor for moving the data

and prints seconds (wall clock and CPU time of the step's process), peak RSS and the
ratio of each step to the baseline (on a loaded machine the CPU ratio is the steadier).
``--compare SRC`` runs the same steps (on the same inputs, in the same run) with the
tema package found in SRC (e.g. a checkout of main's ``src``) first, for before/after.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CODERS = ["Kari Nordmann", "Ola Hansen", "Per Berg"]
WORDS = ("vi har hatt tre koordinatorer på to år og hver gang må vi begynne på nytt med alt sammen "
         "ansvarsgruppemøtene hjelper når alle er der men det er slitsomt å forklare om igjen "
         "kommunen barnehagen skolen fastlegen avlastning samarbeid tillit hverdagen familien").split()


def _text(rng: random.Random, n_words: int) -> str:
    lines, words = [], []
    for i in range(n_words):
        words.append(rng.choice(WORDS))
        if i % 14 == 13:
            lines.append(" ".join(words).capitalize() + ".")
            words = []
    body = []
    for j in range(0, len(lines), 6):
        who = "Intervjuer" if (j // 6) % 2 == 0 else "Mor"
        body.append(f"{who}: " + " ".join(lines[j : j + 6]))
    return "\n\n".join(body) + "\n"


def _code_names(rng: random.Random, k: int) -> list[str]:
    """250 shared names — the second coder writes 30 of them in capitals (same code),
    the third makes a typo in 30 (proposed) — and 20 names of the coder's own."""
    shared = [f"Kode {i:03d} {WORDS[i % len(WORDS)]} og {WORDS[(i * 7) % len(WORDS)]}" for i in range(250)]
    varied = {1: str.upper, 2: lambda n: n.replace(" og ", " ogg ")}.get(k)
    names = [varied(n) if varied and 40 <= i < 70 else n for i, n in enumerate(shared)]
    return names + [f"Egen kode {k}-{i} {rng.choice(WORDS)}" for i in range(20)]


def build_project(path: Path, k: int, n_codings: int, shared_texts: list[str], dupes_from: Path | None) -> int:
    """One coder's project, written with Core bulk inserts. Returns its coding count."""
    from sqlalchemy import insert, select

    from tema.domain.documents import content_hash
    from tema.store import models as m
    from tema.store.db import create_store

    rng = random.Random(1000 + k)
    store = create_store(path)
    T = m.Base.metadata.tables
    now = m.utcnow()
    texts = shared_texts + [_text(rng, 4500) for _ in range(30)]
    with store.transaction() as s:
        s.execute(insert(T["project"]), [{"title": f"Prosjekt {k}", "language": "nb", "phase": 2, "created_at": now, "settings": {}}])
        s.execute(insert(T["coder"]), [{"name": n, "initials": "".join(w[0] for w in n.split()), "created_at": now} for n in CODERS])
        coders = dict(s.execute(select(m.Coder.name, m.Coder.id)).all())
        me = coders[CODERS[k]]
        s.execute(insert(T["participant"]), [{"pseudonym": f"Deltaker {i}", "label": f"D{i}", "created_at": now} for i in range(20)])
        parts = list(s.scalars(select(m.Participant.id)))
        docs = []
        for i, t in enumerate(texts):
            title = f"Felles intervju {i}" if i < len(shared_texts) else f"Intervju {k}-{i}"
            docs.append({"title": title, "source_name": title + ".txt", "sha256": content_hash(t), "text": t,
                         "n_chars": len(t), "n_words": len(t.split()), "participant_id": parts[i % len(parts)],
                         "created_at": now})
        s.execute(insert(T["document"]), docs)
        doc_rows = s.execute(select(m.Document.id, m.Document.n_chars)).all()
        segs = []
        for did, n in doc_rows:
            for o, start in enumerate(range(0, n - 1, 120)):
                segs.append({"document_id": did, "ordinal": o, "start": start, "end": min(n, start + 120),
                             "kind": "sentence", "turn": o // 6, "lemmas": " ".join(rng.sample(WORDS, 8))})
        s.execute(insert(T["segment"]), segs)
        names = _code_names(rng, k)
        from tema.text import name_key

        s.execute(insert(T["code"]), [{"name": n, "key": name_key(n), "level": "semantic", "status": "active",
                                       "created_by_id": me, "created_at": now, "version": 1} for n in names])
        code_ids = list(s.scalars(select(m.Code.id)))
        s.execute(insert(T["perspective"]), [{"name": f"perspektiv {p}", "key": f"perspektiv {p}"} for p in range(5)])
        persp = list(s.scalars(select(m.Perspective.id)))
        seen, rows = set(), []
        while len(rows) < n_codings:
            did, n = rng.choice(doc_rows)
            start = rng.randrange(0, n - 400)
            key = (rng.choice(code_ids), did, start, start + rng.randrange(20, 400))
            if key in seen:
                continue
            seen.add(key)
            rows.append({"code_id": key[0], "document_id": did, "start": key[2], "end": key[3],
                         "text": texts[did - 1][key[2]:key[3]], "coder_id": me, "created_at": now, "updated_at": now})
        for i in range(0, len(rows), 5000):
            s.execute(insert(T["coding"]), rows[i : i + 5000])
        ids = list(s.scalars(select(m.Coding.id)))
        s.execute(insert(T["coding_perspective"]), [{"coding_id": c, "perspective_id": persp[c % 5]} for c in ids[::3]])
        s.execute(insert(T["theme"]), [{"name": f"Tema {k}-{i}", "ordinal": i, "status": "candidate", "is_holding": False,
                                        "created_at": now, "version": 1} for i in range(20)])
        theme_ids = list(s.scalars(select(m.Theme.id)))
        s.execute(insert(T["theme_code"]), [{"theme_id": theme_ids[i % 20], "code_id": c, "ordinal": i} for i, c in enumerate(code_ids)])
        s.execute(insert(T["memo"]), [{"kind": "journal", "body": f"Refleksjon {k}-{i}", "coder_id": me, "target_kind": "project",
                                       "phase": 2, "created_at": now, "updated_at": now} for i in range(50)])
    if dupes_from is not None:
        _copy_dupes(store, dupes_from, 1000)
    store.close()
    return n_codings + (1000 if dupes_from else 0)


def _copy_dupes(store, source: Path, n: int) -> None:
    """Put n of the first coder's codings (on the shared transcripts) into this project too."""
    from sqlalchemy import insert, select

    from tema.store import models as m
    from tema.store.db import open_store

    src = open_store(source)
    with src.session() as s:
        rows = s.execute(
            select(m.Code.key, m.Code.name, m.Document.sha256, m.Coding.start, m.Coding.end, m.Coding.text)
            .join(m.Code, m.Code.id == m.Coding.code_id).join(m.Document, m.Document.id == m.Coding.document_id)
            .where(m.Document.title.like("Felles%")).order_by(m.Coding.id).limit(n)
        ).all()
    src.close()
    T = m.Base.metadata.tables
    with store.transaction() as s:
        coder = s.scalar(select(m.Coder.id).where(m.Coder.name == CODERS[0]))
        docs = dict(s.execute(select(m.Document.sha256, m.Document.id)).all())
        codes = dict(s.execute(select(m.Code.key, m.Code.id)).all())
        for key, name, *_ in rows:
            if key not in codes:
                codes[key] = s.execute(insert(T["code"]).returning(T["code"].c.id), [{
                    "name": name, "key": key, "level": "semantic", "status": "active", "created_at": m.utcnow(), "version": 1}]).scalar()
        now = m.utcnow()
        s.execute(insert(T["coding"]), [{"code_id": codes[key], "document_id": docs[sha], "start": a, "end": b, "text": t,
                                         "coder_id": coder, "created_at": now, "updated_at": now} for key, _n, sha, a, b, t in rows])


def _timed(code: str, src: Path | None = None) -> tuple[float, float, float, str]:
    """Run python code in a fresh process (importing tema from ``src`` when given); (seconds,
    CPU seconds, peak RSS in MiB, its stdout), measured inside it (VmHWM: Linux's ru_maxrss
    would carry the parent's peak over fork and exec)."""
    wrapped = (
        "import resource, time, json, sys\n"
        + (f"sys.path.insert(0, {str(src)!r})\n" if src else "")
        + "t0, c0 = time.perf_counter(), time.process_time()\n"
        f"{code}\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "rss = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'s': time.perf_counter() - t0, 'cpu': time.process_time() - c0, 'rss': rss}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapped], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"step failed:\n{proc.stderr[-4000:]}")
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return last["s"], last["cpu"], last["rss"], proc.stdout


BASELINE = """
import sqlite3
ins = {ins!r}
out = sqlite3.connect({out!r})
out.execute("PRAGMA journal_mode = WAL"); out.execute("PRAGMA synchronous = FULL")
out.executescript('''
CREATE TABLE code (id INTEGER PRIMARY KEY, src INTEGER, name TEXT, key TEXT, level TEXT, status TEXT);
CREATE TABLE document (id INTEGER PRIMARY KEY, src INTEGER, title TEXT, sha256 TEXT, text TEXT);
CREATE TABLE coding (id INTEGER PRIMARY KEY, src INTEGER, code_id INTEGER, document_id INTEGER, start INTEGER, "end" INTEGER, text TEXT, coder_id INTEGER, memo TEXT);
CREATE TABLE coding_perspective (src INTEGER, coding_id INTEGER, perspective_id INTEGER);
''')
with out:
    for i, path in enumerate(ins):
        out.execute("ATTACH DATABASE ? AS src", (path,))
        out.execute("INSERT INTO code (src, name, key, level, status) SELECT ?, name, key, level, status FROM src.code", (i,))
        out.execute("INSERT INTO document (src, title, sha256, text) SELECT ?, title, sha256, text FROM src.document", (i,))
        out.execute('INSERT INTO coding (src, code_id, document_id, start, "end", text, coder_id, memo) '
                    'SELECT ?, code_id, document_id, start, "end", text, coder_id, memo FROM src.coding', (i,))
        out.execute("INSERT INTO coding_perspective SELECT ?, coding_id, perspective_id FROM src.coding_perspective", (i,))
        out.commit()
        out.execute("DETACH DATABASE src")
print(out.execute("SELECT count(*) FROM coding").fetchone()[0])
"""


def _check(out, total: int, again_output: str, url: bool) -> None:
    from sqlalchemy import func, select

    from tema.store import models as m
    from tema.store.db import open_store

    store = open_store(out)
    with store.session() as s:
        merged = s.scalar(select(func.count()).select_from(m.Coding))
    store.close()
    print(f"into {'a new project file' if not url else 'PostgreSQL'} ({out}): merged codings {merged:,} "
          f"(expected {total - 1000:,}); second --apply: "
          f"{'added nothing' if 'nothing new' in again_output else 'ADDED ROWS'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codings", type=int, default=30_000, help="codings per project (default 30,000)")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it")
    ap.add_argument("--out", help="merge into this (empty) database URL instead of a new project file")
    ap.add_argument("--compare", type=Path, help="also run every step first with the tema package in this src folder")
    args = ap.parse_args()
    if args.out and args.compare:
        raise SystemExit("--compare merges into new project files only (not into --out URL)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tema-merge-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.glob("*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    rng = random.Random(7)
    shared = [_text(rng, 4500) for _ in range(10)]
    t0 = time.perf_counter()
    ins, total = [], 0
    for k in range(3):
        path = folder / f"koder{k + 1}.tema"
        total += build_project(path, k, args.codings, shared, ins[0] if k == 2 else None)
        ins.append(path)
    print(f"built 3 projects, {total:,} codings in all (1,000 exact duplicates), in {time.perf_counter() - t0:.1f} s")
    plan = folder / "team.merge-plan.toml"
    cli = "from tema.cli import cli\ncli.main(args={args!r}, standalone_mode=False)"
    baseline = BASELINE.format(ins=[str(p) for p in ins], out=str(folder / "baseline.sqlite"))
    runs = [("before", args.compare), ("after", None)] if args.compare else [("", None)]
    steps: dict[str, tuple[float, float, float, str]] = {}
    for label, src in runs:
        out = args.out or folder / f"team{'-' + label if label else ''}.tema"
        argv = [str(out), *map(str, ins), "--plan", str(plan)]
        prefix = f"{label} " if label else ""
        steps[prefix + "plan"] = _timed(cli.format(args=["merge", *argv]), src)
        for step in ("apply", "again"):  # each its own report (an existing one is never overwritten)
            report = folder / f"report-{label or 'run'}-{step}.md"
            steps[prefix + step] = _timed(cli.format(
                args=["merge", *argv, "--apply", "--coder", "bench", "--report", str(report)]), src)
        _check(out, total, steps[prefix + "again"][3], args.out is not None)
        if label == "before":
            plan.unlink()
    steps["baseline"] = _timed(baseline)
    base_s, base_cpu = steps["baseline"][0], steps["baseline"][1]
    print(f"{'step':<14}{'seconds':>9}{'CPU s':>8}{'peak RSS MiB':>14}{'× baseline':>12}{'CPU ×':>8}")
    for name, (secs, cpu, rss, _out) in steps.items():
        print(f"{name:<14}{secs:>9.2f}{cpu:>8.2f}{rss:>14.0f}{secs / base_s:>12.1f}{cpu / base_cpu:>8.1f}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
