"""Codings merged in SQL from an ATTACHed input (SQLite OUT) and matched in Python (the
path PostgreSQL and database-URL inputs take) give the same OUT and the same report:
duplicates already in OUT, two codes of one input that the plan merges coding the same
span (one is a duplicate of the other), memos of duplicates (kept when OUT has none,
reported when they differ) and perspective links."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tema.domain import merge as merge_d
from tema.domain.coders import get_or_create_coder
from tema.domain.coding import code_span, locate_quote
from tema.domain.documents import document_text, find_document
from tema.store.db import open_store
from tests.helpers.cli import tema

TEXT = (
    "Intervjuer: Hvordan var møtene?\n\n"
    "Far: Koordinatoren ringer sjelden tilbake. Vi må purre hele tiden, og det tar all energi. "
    "Ansvarsgruppa hjelper når alle møter opp.\n"
)
SPANS = ["Koordinatoren ringer sjelden tilbake", "Vi må purre hele tiden", "Ansvarsgruppa hjelper"]


def _project(path: Path, folder: Path, coder: str, codings: list[tuple[str, str, str | None, list[str]]]) -> Path:
    """A project with TEXT imported and (quote, code, memo, perspectives) coded by ``coder``."""
    tema("init", path, "--title", "Møter", "--coder", coder)
    src = folder / f"{path.stem}.txt"
    src.write_text(TEXT, encoding="utf-8")
    tema("import", path, src, "--title", "far")
    store = open_store(path)
    try:
        with store.transaction() as s:
            who = get_or_create_coder(s, coder).id
            doc = find_document(s, "far")
            text = document_text(s, doc.id)
            for quote, code, memo, persp in codings:
                start, end = locate_quote(text, quote)
                code_span(s, doc, start, end, [code], coder_id=who, perspectives=persp, memo=memo, text=text)
    finally:
        store.close()
    return path


def _dump(path: Path) -> dict[str, list]:
    con = sqlite3.connect(path)
    try:
        return {
            "codings": con.execute(
                'SELECT k.name, c.start, c."end", r.name, c.text, c.memo, c.created_at FROM coding c '
                "JOIN code k ON k.id = c.code_id LEFT JOIN coder r ON r.id = c.coder_id ORDER BY 1, 2, 3, 4").fetchall(),
            "perspectives": con.execute(
                'SELECT k.name, c.start, c."end", p.name FROM coding_perspective x JOIN coding c ON c.id = x.coding_id '
                "JOIN code k ON k.id = c.code_id JOIN perspective p ON p.id = x.perspective_id ORDER BY 1, 2, 3, 4").fetchall(),
            "ids": con.execute("SELECT id FROM coding ORDER BY id").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    out = _project(tmp_path / "out.tema", folder, "Kari", [(SPANS[0], "Tillit til kommunen", None, [])])
    kari = _project(tmp_path / "kari.tema", folder, "Kari", [
        (SPANS[0], "Tillit til kommunen", "Gjentas ofte", ["familie"]),  # in OUT already, without a memo: memo kept
        (SPANS[1], "Tillit til kommunen", "Første notat", []),
        (SPANS[1], "Tillit til kommunnen", "Et annet notat", ["tjeneste"]),  # merged by the plan: a duplicate
        (SPANS[2], "Tillit til kommunnen", None, ["familie", "tjeneste"]),
    ])
    ola = _project(tmp_path / "ola.tema", folder, "Ola", [(SPANS[1], "Tillit til kommunen", None, ["familie"])])
    return out, kari, ola


def _merge(folder: Path, out: Path, ins: list[Path]) -> tuple[dict, str]:
    folder.mkdir()
    target = shutil.copy(out, folder / "out.tema")
    plan = folder / "plan.toml"
    tema("merge", target, *ins, "--plan", plan)
    with plan.open("a", encoding="utf-8") as fh:  # a proposal of one's own: the two codes of Kari's are one
        fh.write('\n[[proposed]]\ncode = "Tillit til kommunnen"\ninto = "Tillit til kommunen"\nscore = 95.0\naccept = true\n')
    tema("merge", target, *ins, "--plan", plan, "--apply")
    report = next(folder.glob("*.md")).read_text(encoding="utf-8").replace(str(folder), "FOLDER")
    return _dump(Path(target)), [line for line in report.splitlines() if not line.startswith(("- When", "- Backup"))]


def test_sql_and_python_matching_give_the_same_merge(inputs, tmp_path, monkeypatch):
    out, kari, ola = inputs
    in_sql = _merge(tmp_path / "sql", out, [kari, ola])
    monkeypatch.setattr(merge_d, "MAX_ATTACHED", 0)  # no input attached: codings matched in Python
    in_python = _merge(tmp_path / "python", out, [kari, ola])
    assert in_sql[1] == in_python[1]
    assert in_sql[0] == in_python[0]
    codings, report = in_sql[0]["codings"], "\n".join(in_sql[1])
    memos = {(start, coder): memo for _code, start, _end, coder, _t, memo, _at in codings}
    assert len(codings) == 4  # OUT's one, two new of Kari's, Ola's
    assert sorted(memos.values(), key=str) == ["Første notat", "Gjentas ofte", None, None]
    assert "memo differs" in report
    assert len(in_sql[0]["perspectives"]) == 5
