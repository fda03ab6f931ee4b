"""One coding in-process: ``Workspace.write(apply_coding, …)`` — what the TUI does when a
code is applied — timed one action (one transaction) at a time on a copy of the
benchmark project, with a short and a long undo history.

Baseline, in the same process and on the same file: the commit floor — one raw sqlite3
``INSERT`` of the same coding row and its ``COMMIT`` (same pragmas: WAL, synchronous
FULL), the least any durable coding can cost. The history is grown with Core inserts of
events shaped like coding events (a few undone, as in real use), so the figure shows
whether a coding's cost grows with the project's history.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from pathlib import Path

from tema.bench.measure import ratio, summary_ms

LONG_HISTORY = 50_000  # events added for the "long history" round


def _copy_store(src: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:  # a consistent copy of a WAL database
        a.backup(b)
    return dest


def _spans(path: Path, n: int, seed: int = 5) -> tuple[int, list[tuple[int, int]], list[int]]:
    """The longest document, ``n`` distinct sentence spans of it not coded yet by the
    bench coder, and the ids of the codes to apply (spread over the codebook)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    doc_id = conn.execute("SELECT id FROM document WHERE deleted_at IS NULL ORDER BY n_chars DESC LIMIT 1").fetchone()[0]
    sents = conn.execute("SELECT start, \"end\" FROM segment WHERE document_id = ? AND kind = 'sentence' "
                         "ORDER BY start", (doc_id,)).fetchall()
    codes = [r[0] for r in conn.execute("SELECT id FROM code WHERE status = 'active' AND deleted_at IS NULL ORDER BY id")]
    conn.close()
    rng = random.Random(seed)
    spans: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    while len(spans) < n:
        i = rng.randrange(len(sents))
        j = min(len(sents) - 1, i + rng.randrange(3))
        span = (sents[i][0], sents[j][1])
        if span not in seen:
            seen.add(span)
            spans.append(span)
    return doc_id, spans, codes


def grow_history(path: Path, n: int, coder_id: int | None, doc_id: int, code_id: int) -> None:
    """``n`` events shaped like coding events (1 in 50 undone), added with raw inserts."""
    conn = sqlite3.connect(path, isolation_level=None)
    now = "2025-01-01 12:00:00.000000"
    rows = []
    for k in range(n):
        change = [{"op": "insert", "table": "coding", "pk": {"id": 10_000_000 + k},
                   "row": {"id": 10_000_000 + k, "code_id": code_id, "document_id": doc_id, "start": k, "end": k + 40,
                           "text": "x" * 40, "coder_id": coder_id, "memo": None,
                           "created_at": {"$dt": "2025-01-01T12:00:00"}, "updated_at": {"$dt": "2025-01-01T12:00:00"}}}]
        rows.append((now, coder_id, "coding.apply", f"«Kode» on «…{k}»", json.dumps(change), 1,
                     "undone" if k % 50 == 49 else "done"))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO event (at, coder_id, action, summary, changes, undoable, state) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()


def _time_codings(ws, doc_id: int, spans: list[tuple[int, int]], codes: list[int],
                  floor=None) -> tuple[list[float], list[float], list[float], int]:
    """Seconds per coding (wall clock), CPU seconds per coding (this thread's: what the
    code costs, whatever the disk and the other processes do), seconds per commit-floor
    insert (when ``floor``, a raw sqlite3 connection, is given: one after each coding, so
    both see the same disk and load), and statements per coding (counted on the engine)."""
    from sqlalchemy import event

    from tema.domain.coding import apply_coding

    count = [0]

    def seen(*_args) -> None:
        count[0] += 1

    engine = ws.store.engine
    event.listen(engine, "before_cursor_execute", seen)
    out, cpu, base = [], [], []
    try:
        for k, (s, e) in enumerate(spans):
            c0, t0 = time.thread_time(), time.perf_counter()
            ws.write(apply_coding, doc_id, s, e, codes[k % len(codes)], coder_id=ws.coder_id)
            out.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
            if floor is not None:
                base.append(_floor_insert(floor, doc_id, s, e, codes[0], ws.coder_id))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return out, cpu, base, round(count[0] / max(1, len(spans)))


def _floor_insert(conn, doc_id: int, start: int, end: int, code_id: int, coder_id: int) -> float:
    """The commit floor: one raw INSERT of a coding row (a span tema never codes: end + 1)
    and its COMMIT, same pragmas (WAL, synchronous FULL)."""
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO coding (code_id, document_id, start, \"end\", text, coder_id, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, datetime('now'), datetime('now'))",
                 (code_id, doc_id, start, end + 1, "x" * 40, coder_id))
    conn.execute("COMMIT")
    return time.perf_counter() - t0


def run(store: Path, scratch: Path, n: int = 200) -> dict:
    """Figures of the ``coding`` step (see the module docstring)."""
    from tema.bench.baselines import connect
    from tema.bench.measure import peak_rss_mb
    from tema.domain.workspace import Workspace

    path = _copy_store(store, scratch / "coding.tema")
    doc_id, spans, codes = _spans(path, 2 * n + 40)
    codes = codes[:: max(1, len(codes) // 40)]
    ws = Workspace.open(path, coder="Benk-koder")
    raw = connect(path)
    try:
        _time_codings(ws, doc_id, spans[:20], codes, raw)  # warm caches and the statement cache
        short, cpu, floor, statements = _time_codings(ws, doc_id, spans[20 : 20 + n], codes, raw)
        grow_history(path, LONG_HISTORY, ws.coder_id, doc_id, codes[0])
        _time_codings(ws, doc_id, spans[20 + n : 40 + n], codes)
        long, cpu_long, floor_long, _ = _time_codings(ws, doc_id, spans[40 + n : 40 + 2 * n], codes, raw)
    finally:
        raw.close()
        ws.close()
    got, hist, base = summary_ms(short), summary_ms(long), summary_ms(floor + floor_long)
    used, used_long = summary_ms(cpu), summary_ms(cpu_long)
    return {"codings": n, "statements_per_coding": statements, **got,
            "cpu_p50_ms": used["p50_ms"], "cpu_p95_ms": used["p95_ms"], "long_history_cpu_p50_ms": used_long["p50_ms"],
            "long_history_events": LONG_HISTORY, "long_history_p50_ms": hist["p50_ms"],
            "long_history_p95_ms": hist["p95_ms"], "ratio_long_vs_short_history_p50": ratio(hist["p50_ms"], got["p50_ms"]),
            "floor_p50_ms": base["p50_ms"], "floor_p95_ms": base["p95_ms"],
            "ratio_p50_vs_commit_floor": ratio(got["p50_ms"], base["p50_ms"]),
            "ratio_p95_vs_commit_floor": ratio(got["p95_ms"], base["p95_ms"]), "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":  # python -m tema.bench.coding_step STORE [N]
    import sys

    src = Path(sys.argv[1])
    print(json.dumps(run(src, src.parent / "scratch", int(sys.argv[2]) if len(sys.argv) > 2 else 200), indent=1))
