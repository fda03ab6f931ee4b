"""Baselines: the same work done with the raw tool underneath (sqlite3, FTS5,
python-docx), timed in the same process as the tema figure it is compared with."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tema.bench.measure import timed_each

PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON")


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
        for p in PRAGMAS:
            conn.execute(p)
    return conn


def raw_segment_writes(source: Path, empty_store: Path) -> tuple[float, int]:
    """Copy every document with its segment and full-text rows from ``source`` into
    ``empty_store`` (same schema, same pragmas) with ``executemany``, one transaction
    per document as tema's import commits; returns (seconds writing, segment rows)."""
    src = connect(source, readonly=True)
    dst = connect(empty_store)
    doc_cols = [r[1] for r in src.execute("PRAGMA table_info(document)")]
    seg_cols = [r[1] for r in src.execute("PRAGMA table_info(segment)")]
    doc_sql = f"INSERT INTO document ({', '.join(doc_cols)}) VALUES ({', '.join('?' * len(doc_cols))})"
    seg_sql = f"INSERT INTO segment ({', '.join(f'[{c}]' for c in seg_cols)}) VALUES ({', '.join('?' * len(seg_cols))})"
    fts_sql = "INSERT INTO segment_fts(rowid, text, lemmas) VALUES (?, ?, ?)"
    # The participants import made from the speaker labels (untimed: tema's import makes them too).
    people = src.execute("SELECT * FROM participant").fetchall()
    if people:
        dst.executemany(f"INSERT INTO participant VALUES ({', '.join('?' * len(people[0]))})", people)
        dst.commit()
    total, n_rows = 0.0, 0
    for (doc_id,) in src.execute("SELECT id FROM document ORDER BY id").fetchall():
        doc = src.execute("SELECT * FROM document WHERE id = ?", (doc_id,)).fetchone()
        segs = src.execute("SELECT * FROM segment WHERE document_id = ? ORDER BY id", (doc_id,)).fetchall()
        fts = src.execute(
            "SELECT f.rowid, f.text, f.lemmas FROM segment_fts f JOIN segment s ON s.id = f.rowid "
            "WHERE s.document_id = ?", (doc_id,)).fetchall()
        t0 = time.perf_counter()
        dst.execute("BEGIN IMMEDIATE")
        dst.execute(doc_sql, doc)
        dst.executemany(seg_sql, segs)
        dst.executemany(fts_sql, fts)
        dst.execute("COMMIT")
        total += time.perf_counter() - t0
        n_rows += len(segs)
    src.close()
    dst.close()
    return total, n_rows


EXTRACTS_SQL = """
SELECT c.id, c.document_id, c.start, c."end", c.text, k.name, d.title, p.pseudonym, p.label, u.name,
       (SELECT group_concat(pe.name, '|') FROM coding_perspective cp JOIN perspective pe ON pe.id = cp.perspective_id
        WHERE cp.coding_id = c.id)
FROM coding c JOIN code k ON k.id = c.code_id JOIN document d ON d.id = c.document_id
LEFT JOIN participant p ON p.id = d.participant_id LEFT JOIN coder u ON u.id = c.coder_id
WHERE c.code_id = ? AND d.deleted_at IS NULL ORDER BY d.title, c.start, c.id
"""


def raw_extracts(store: Path, code_ids: list[int]) -> list[float]:
    """One hand-written SQL query per code returning what an Extract holds."""
    conn = connect(store, readonly=True)
    conn.execute(EXTRACTS_SQL, (code_ids[0],)).fetchall()
    times = timed_each([lambda c=c: conn.execute(EXTRACTS_SQL, (c,)).fetchall() for c in code_ids])
    conn.close()
    return times


def raw_fts(store: Path, queries: list[str], limit: int = 200) -> list[float]:
    """One FTS5 MATCH per query (an FTS5 query string), fetching the matched rows' text."""
    conn = connect(store, readonly=True)
    sql = "SELECT rowid, text FROM segment_fts WHERE segment_fts MATCH ? ORDER BY rowid LIMIT ?"
    conn.execute(sql, (queries[0], limit)).fetchall()
    times = timed_each([lambda q=q: conn.execute(sql, (q, limit)).fetchall() for q in queries])
    conn.close()
    return times


def raw_docx(source: Path, dest: Path) -> float:
    """Write the paragraphs and tables of a produced DOCX again with bare python-docx
    (no styles, no queries): the writer's own cost for the same content."""
    from docx import Document

    src = Document(str(source))
    paragraphs = [p.text for p in src.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in src.tables]
    t0 = time.perf_counter()
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    for rows in tables:
        if not rows:
            continue
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in zip(table.rows, rows):
            for cell, text in zip(r.cells, row):
                cell.text = text
    doc.save(str(dest))
    return time.perf_counter() - t0


_DOC_LINKS = {"participant_id", "interviewer_id", "case_id"}


def raw_union(inputs: list[Path], empty_store: Path) -> float:
    """Copy the documents, segments, codes and codings of several projects into one
    (INSERT … SELECT across ATTACHed files, no matching): the floor under a merge."""
    dst = connect(empty_store)
    t0 = time.perf_counter()
    doc_cols = [r[1] for r in dst.execute("PRAGMA table_info(document)") if r[1] != "id"]
    for k, path in enumerate(inputs):
        dst.execute(f"ATTACH DATABASE ? AS in{k}", (str(path),))
    dst.execute("BEGIN IMMEDIATE")
    for k in range(len(inputs)):
        off = (k + 1) * 10_000_000
        cols = ", ".join(doc_cols)
        vals = ", ".join("NULL" if c in _DOC_LINKS else c for c in doc_cols)
        dst.execute(f"INSERT OR IGNORE INTO document (id, {cols}) SELECT id + {off}, {vals} FROM in{k}.document "
                    f"WHERE sha256 NOT IN (SELECT sha256 FROM document)")
        dst.execute(f"INSERT INTO segment SELECT id + {off}, document_id + {off}, ordinal, start, \"end\", kind, speaker, "
                    f"turn, lemmas, meta FROM in{k}.segment WHERE document_id + {off} IN (SELECT id FROM document)")
        dst.execute(f"INSERT INTO segment_fts(rowid, text, lemmas) SELECT f.rowid + {off}, f.text, f.lemmas "
                    f"FROM in{k}.segment_fts f WHERE f.rowid + {off} IN (SELECT id FROM segment)")
        dst.execute(f"INSERT OR IGNORE INTO coder SELECT * FROM in{k}.coder WHERE name NOT IN (SELECT name FROM coder)")
        dst.execute(f"INSERT INTO code SELECT id + {off}, name, key || '#{k}', definition, level, colour, status, NULL, NULL, "
                    f"NULL, created_at, deleted_at, version FROM in{k}.code")
        dst.execute(f"INSERT INTO coding SELECT c.id + {off}, c.code_id + {off}, (SELECT d.id FROM document d WHERE "
                    f"d.sha256 = (SELECT sha256 FROM in{k}.document x WHERE x.id = c.document_id)), c.start, c.\"end\", "
                    f"c.text, NULL, c.memo, c.created_at, c.updated_at FROM in{k}.coding c")
    dst.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    dst.close()
    return elapsed
