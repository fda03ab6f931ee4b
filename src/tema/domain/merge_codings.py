"""Merging codings, the bulk of a merge (part of ``tema.domain.merge_apply.Merger``).

A coding already in OUT (same code, document, span and coder after mapping) or met
earlier in the same input is a duplicate: not added again, its memo kept when OUT's
is empty (else a differing memo is reported), its perspectives unioned.

SQLite OUT with the input ATTACHed (the usual case): all of it is SQL on OUT's
connection — the input's codings, their ids translated through temporary tables, are
matched with OUT's by the unique span index, the new ones copied with one
INSERT … SELECT (text, memo and times never pass through Python) and the perspective
links with one INSERT OR IGNORE; only the input id → OUT id map comes back.
Otherwise (PostgreSQL OUT, an input that is a database URL) keys are matched in
Python and new rows go in with COPY (PostgreSQL) or multi-row INSERTs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from tema.store import models as m

if TYPE_CHECKING:
    from tema.domain.merge_report import InputReport, MergeReport

CHUNK = 2000
T = m.Base.metadata.tables

_SAME_SPAN = ('{a}.code_id = {b}.code_id AND {a}.document_id = {b}.document_id AND {a}.start = {b}.start '
              'AND {a}."end" = {b}."end" AND {a}.coder_id IS {b}.coder_id')


def fetch(session: Session, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of plain SQL as tuples, on this session's connection (and transaction); on
    SQLite straight from the driver (no per-row result processing: the bulk reads of a
    merge are 100,000s of rows). ``?`` placeholders on every backend."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        assert raw is not None
        return raw.execute(sql, params).fetchall()
    return [tuple(r) for r in conn.exec_driver_sql(sql.replace("?", "%s") if params else sql, params).all()]


class CodingsMixin:
    """Uses the Merger's ``s``, ``report``, ``_rep`` and ``_insert_plain``."""

    # Set and defined by Merger.
    s: Session
    report: MergeReport
    _rep: InputReport
    existing: dict[tuple, int]
    links: set[tuple]

    if TYPE_CHECKING:
        def _insert_plain(self, table: str, rows: list[dict]) -> None: ...

    def _codings(self, ins: Session, code_map, doc_map, coder_map, persp_map, schema: str | None) -> dict[int, int]:
        if schema is not None:
            coding_map = self._sql_codings(schema, code_map, doc_map, coder_map, persp_map)
            for name in ("existing", "links"):  # Python matching (a later URL input) re-reads OUT
                self.__dict__.pop(name, None)
            return coding_map
        return self._python_codings(ins, code_map, doc_map, coder_map, persp_map)

    # -- SQLite, input attached
    def _sql_codings(self, schema: str, code_map, doc_map, coder_map, persp_map) -> dict[int, int]:
        conn = self.s.connection()

        def run(sql: str, params=()):
            return conn.exec_driver_sql(sql, params)

        for name, pairs in (("merge_code", code_map), ("merge_doc", doc_map), ("merge_coder", coder_map),
                            ("merge_persp", persp_map)):
            run(f"CREATE TEMP TABLE IF NOT EXISTS {name} (in_id INTEGER PRIMARY KEY, out_id INTEGER)")
            run(f"DELETE FROM temp.{name}")
            if pairs:
                run(f"INSERT INTO temp.{name} VALUES (?, ?)", list(pairs.items()))
        run('CREATE TEMP TABLE IF NOT EXISTS merge_coding (in_id INTEGER PRIMARY KEY, code_id INTEGER, '
            'document_id INTEGER, start INTEGER, "end" INTEGER, coder_id INTEGER, out_id INTEGER, new INTEGER)')
        run('CREATE INDEX IF NOT EXISTS temp.merge_coding_span ON merge_coding (code_id, document_id, start, "end")')
        run("DELETE FROM temp.merge_coding")
        # the input's codings with OUT's ids, and the OUT coding each already is
        in_out = "SELECT o.id FROM main.coding o WHERE " + _SAME_SPAN.format(a="o", b="m")
        run('INSERT INTO temp.merge_coding (in_id, code_id, document_id, start, "end", coder_id, out_id) '
            f'SELECT m.id, m.code_id, m.document_id, m.start, m."end", m.coder_id, ({in_out}) FROM ('
            'SELECT c.id, mc.out_id AS code_id, md.out_id AS document_id, c.start, c."end", mr.out_id AS coder_id '
            f"FROM {schema}.coding c JOIN temp.merge_code mc ON mc.in_id = c.code_id "
            "JOIN temp.merge_doc md ON md.in_id = c.document_id "
            "LEFT JOIN temp.merge_coder mr ON mr.in_id = c.coder_id) m")
        total = run(f"SELECT count(*) FROM {schema}.coding").scalar()
        if run("SELECT count(*) FROM temp.merge_coding").scalar() != total:
            raise ValueError(f"{self._rep.source}: a coding refers to a code or document the merge did not map")
        # new: not in OUT and the first of its span in this input; numbered after OUT's largest id
        run("UPDATE temp.merge_coding SET new = 1 WHERE out_id IS NULL AND NOT EXISTS (SELECT 1 FROM temp.merge_coding t "
            f"WHERE t.in_id < merge_coding.in_id AND {_SAME_SPAN.format(a='t', b='merge_coding')})")
        before = run("SELECT coalesce(max(id), 0) FROM main.coding").scalar()
        run("UPDATE temp.merge_coding SET out_id = ? + r.n FROM (SELECT in_id, row_number() OVER (ORDER BY in_id) AS n "
            "FROM temp.merge_coding WHERE new = 1) AS r WHERE merge_coding.in_id = r.in_id", (before,))
        added = run(
            'INSERT INTO main.coding (id, code_id, document_id, start, "end", text, coder_id, memo, created_at, updated_at) '
            'SELECT t.out_id, t.code_id, t.document_id, t.start, t."end", c.text, t.coder_id, c.memo, c.created_at, '
            f"c.updated_at FROM temp.merge_coding t JOIN {schema}.coding c ON c.id = t.in_id WHERE t.new = 1 "
            "ORDER BY t.in_id"
        ).rowcount
        # a later coding of the same span in this input is the one just added
        run("UPDATE temp.merge_coding SET out_id = (SELECT t.out_id FROM temp.merge_coding t WHERE t.new = 1 AND "
            f"{_SAME_SPAN.format(a='t', b='merge_coding')}) WHERE out_id IS NULL")
        if total > added:
            self._rep.add("codings", "duplicate", total - added)
        self._rep.add("codings", "added", added)
        self._dup_memos(fetch(self.s, "SELECT t.out_id, c.memo FROM temp.merge_coding t "
                                      f"JOIN {schema}.coding c ON c.id = t.in_id "
                                      "WHERE t.new IS NULL AND c.memo <> '' ORDER BY t.in_id"))
        links = run("INSERT OR IGNORE INTO main.coding_perspective (coding_id, perspective_id) "
                    f"SELECT t.out_id, mp.out_id FROM {schema}.coding_perspective cp "
                    "JOIN temp.merge_coding t ON t.in_id = cp.coding_id "
                    "JOIN temp.merge_persp mp ON mp.in_id = cp.perspective_id").rowcount
        self._rep.add("coding perspectives", "added", links)
        return dict(fetch(self.s, "SELECT in_id, out_id FROM temp.merge_coding"))

    # -- matched in Python (PostgreSQL OUT, or an input that is not a file)
    def _python_codings(self, ins: Session, code_map, doc_map, coder_map, persp_map) -> dict[int, int]:
        s = self.s
        if not hasattr(self, "existing"):
            self.existing = {(r[0], r[1], r[2], r[3], r[4]): r[5] for r in fetch(
                s, 'SELECT code_id, document_id, start, "end", coder_id, id FROM coding')}
            self.links = set(fetch(s, "SELECT coding_id, perspective_id FROM coding_perspective"))
        rows = fetch(ins, 'SELECT id, code_id, document_id, start, "end", coder_id, memo FROM coding ORDER BY id')
        new_ids: list[int] = []
        pending: set[tuple] = set()
        keys: list[tuple] = []
        dup_memos: list[tuple[tuple, str]] = []
        for cid, code_id, doc_id, start, end, coder_id, memo in rows:
            key = (code_map[code_id], doc_map[doc_id], start, end, coder_map.get(coder_id))
            keys.append(key)
            if key in self.existing or key in pending:
                self._rep.add("codings", "duplicate")
                if memo:
                    dup_memos.append((key, memo))
                continue
            pending.add(key)
            new_ids.append(cid)
        self._insert_codings(self._coding_rows(ins, new_ids, code_map, doc_map, coder_map))
        self._rep.add("codings", "added", len(new_ids))
        coding_map = {r[0]: self.existing[k] for r, k in zip(rows, keys)}
        self._dup_memos([(self.existing[k], memo) for k, memo in dup_memos])
        new_links = []
        for cid, pid in fetch(ins, "SELECT coding_id, perspective_id FROM coding_perspective"):
            pair = (coding_map[cid], persp_map[pid])
            if pair not in self.links:
                self.links.add(pair)
                new_links.append({"coding_id": pair[0], "perspective_id": pair[1]})
        self._insert_plain("coding_perspective", new_links)
        self._rep.add("coding perspectives", "added", len(new_links))
        return coding_map

    def _coding_rows(self, ins: Session, ids: list[int], code_map, doc_map, coder_map) -> list[dict]:
        """The input codings ``ids`` as rows for OUT (in id order)."""
        C, wanted, out = m.Coding, set(ids), []
        for r in ins.execute(select(C.id, C.code_id, C.document_id, C.start, C.end, C.text, C.coder_id, C.memo,
                                    C.created_at, C.updated_at).order_by(C.id)):
            if r.id in wanted:
                out.append({"code_id": code_map[r.code_id], "document_id": doc_map[r.document_id], "start": r.start,
                            "end": r.end, "text": r.text, "coder_id": coder_map.get(r.coder_id), "memo": r.memo,
                            "created_at": r.created_at, "updated_at": r.updated_at})
        return out

    def _insert_codings(self, rows: list[dict]) -> None:
        """Bulk-insert codings and note their ids. PostgreSQL: ids drawn from the
        sequence, rows sent with COPY (several times faster than INSERT … VALUES with
        RETURNING, whose long statements psycopg must parse). SQLite: multi-row INSERTs
        returning each row's key with its id (asking for ids in parameter order would
        make SQLite send one INSERT per row)."""
        if rows and self.s.get_bind().dialect.name == "postgresql":
            return self._copy_codings(rows)
        tbl = T["coding"]
        cols = (tbl.c.id, tbl.c.code_id, tbl.c.document_id, tbl.c.start, tbl.c.end, tbl.c.coder_id)
        for i in range(0, len(rows), CHUNK):
            for cid, *key in self.s.execute(insert(tbl).returning(*cols), rows[i : i + CHUNK]):
                self.existing[tuple(key)] = cid

    def _copy_codings(self, rows: list[dict]) -> None:
        from sqlalchemy import text

        cols = ("id", "code_id", "document_id", "start", "end", "text", "coder_id", "memo", "created_at", "updated_at")
        ids = list(self.s.scalars(text("SELECT nextval(pg_get_serial_sequence('coding', 'id')) "
                                       "FROM generate_series(1, :n)"), {"n": len(rows)}))
        raw = self.s.connection().connection.driver_connection  # this transaction's psycopg connection
        assert raw is not None
        names = ", ".join(f'"{c}"' for c in cols)
        with raw.cursor() as cur, cur.copy(f"COPY coding ({names}) FROM STDIN") as copy:
            for cid, r in zip(ids, rows):
                r["id"] = cid
                copy.write_row(tuple(r[c] for c in cols))
        for cid, r in zip(ids, rows):
            self.existing[(r["code_id"], r["document_id"], r["start"], r["end"], r["coder_id"])] = cid

    def _dup_memos(self, dup_memos: list[tuple[int, str]]) -> None:
        """(OUT coding id, the input's memo) of duplicates, in input order."""
        if not dup_memos:
            return
        ids = [cid for cid, _ in dup_memos]
        have: dict[int, str | None] = {}
        for i in range(0, len(ids), CHUNK):
            have.update((cid, memo) for cid, memo in self.s.execute(
                select(m.Coding.id, m.Coding.memo).where(m.Coding.id.in_(ids[i : i + CHUNK]))))
        for cid, memo in dup_memos:
            held = have.get(cid)
            if not held:
                self.s.execute(update(T["coding"]).where(T["coding"].c.id == cid).values(memo=memo, updated_at=m.utcnow()))
                have[cid] = memo
            elif held.strip() != memo.strip():
                self.report.conflict(f"coding {cid}: memo differs in {self._rep.source}; kept OUT's memo")
