"""Big tables in Word files are written row by row into the saved file (docx_stream)
instead of being built as python-docx objects: the document is the same, byte for byte
and as python-docx and LibreOffice read it, whichever way a table was written."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from tema.export import docx_stream, docx_tables, render_docx
from tema.export.doc import Doc, Heading, Para, TableBlock
from tema.export.table import Table
from tema.files import write_file
from tests.helpers.cli import tema
from tests.helpers.thesis import PHASE4, VEDLEGG4


@pytest.fixture
def streamed(monkeypatch) -> list[int]:
    """Counts the tables written row by row (one entry per saved file: its number of tables)."""
    calls: list[int] = []
    save = docx_stream.save

    def counting(doc, later, path):
        calls.append(len(later))
        save(doc, later, path)

    monkeypatch.setattr(docx_stream, "save", counting)
    return calls


def _xml(el) -> str:
    return "" if el is None else etree.tostring(el, encoding="unicode")


def structure(path) -> dict:
    """What a reader sees of the tables: each cell's text, merge and width, each row's
    properties (header repeat, no split), the table's properties and grid, the captions."""
    doc = Document(str(path))
    tables = []
    for t in doc.tables:
        tbl = t._tbl
        rows = []
        for tr in tbl.tr_lst:
            cells = []
            for tc in tr.tc_lst:
                tc_pr = tc.tcPr
                cells.append((tc.xpath("string(.)"), len(tc.p_lst), _xml(tc_pr)))
            rows.append((_xml(tr.trPr), cells))
        tables.append({"tblPr": _xml(tbl.tblPr), "grid": _xml(tbl.tblGrid), "rows": rows,
                       "texts": [[c.text for c in row.cells] for row in t.rows]})
    captions = [(p.text, [_xml(i) for i in p._p.iter(qn("w:instrText"))])
                for p in doc.paragraphs if p.style.name == "Caption"]
    return {"tables": tables, "captions": captions, "paragraphs": [p.text for p in doc.paragraphs]}


def same_files(a, b) -> None:
    """The two .docx files hold the same entries, in the same order, with the same bytes."""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert [(i.filename, i.compress_type) for i in za.infolist()] == \
               [(i.filename, i.compress_type) for i in zb.infolist()]
        for name in za.namelist():
            assert za.read(name) == zb.read(name), name


EXPORTS = [
    ("lineage", ["--snapshot", VEDLEGG4, "--snapshot", PHASE4]),  # multi-line cells
    ("matrix", []),  # merged group cells, fills, numbers
    ("case-matrix", []),  # merged group cells, cells of many lines
    ("perspectives", ["--theme", "Organisering av barnekoordinatorrollen"]),  # quotes, a paragraph per code
    ("code-themes", ["--lang", "en"]),  # two merged group columns
    ("guide", []),  # fills
]


@pytest.mark.parametrize(("name", "args"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_a_streamed_table_export_is_the_same_document(thesis_full, tmp_path, monkeypatch, streamed, name, args):
    if name == "case-matrix":
        for who, case in (("Anne", "Familie 1"), ("Birgit", "Familie 1"), ("Carmen", "Familie 2"), ("Elise", "Familie 2")):
            tema("participant", thesis_full, who, "--case", case)
    whole = tmp_path / "whole.docx"
    tema("export", thesis_full, name, "-o", whole, *args)
    assert streamed == []  # the thesis' tables are small: built in memory
    monkeypatch.setattr(docx_tables, "STREAM_LINES", 1)
    rows = tmp_path / "rows.docx"
    tema("export", thesis_full, name, "-o", rows, *args)
    read = structure(whole)
    body_cells = [(len(t["rows"]) - 1) * len(t["rows"][0][1]) for t in read["tables"]]
    assert streamed == [sum(n > 1 for n in body_cells)] and streamed[0] >= 1
    assert structure(rows) == read
    same_files(whole, rows)
    assert os.stat(rows).st_mode & 0o777 == 0o600  # written as every tema file is
    table = read["tables"][0]
    assert "w:tblHeader" in table["rows"][0][0] and all("w:cantSplit" in r[0] for r in table["rows"][1:])
    assert read["captions"] and "SEQ" in read["captions"][0][1][0]
    if name in ("matrix", "case-matrix", "code-themes"):
        merges = [cell[2] for t in read["tables"] for _, cells in t["rows"] for cell in cells]
        assert any('w:vMerge w:val="restart"' in m for m in merges) and any("<w:vMerge/>" in m for m in merges)


AWKWARD = [
    ["Tema & <sub>", "  to mellomrom foran", 3, "a\nb"],
    ["Tema & <sub>", "æøå ÆØÅ 😀 > slutt ", 2.5, None],
    ["Tema & <sub>", "tab\there\rlinje", 0, ""],
    ["Annet", "\n\ntomme linjer\n", -1, "x"],
    ["Annet", "", 1.0, " "],
    [None, "uten gruppe", None, "]]> \"sitat\" 'enkelt'"],
]


def _awkward_doc() -> Doc:
    t = Table("k", "Tittel & <x> æøå", ["Gruppe", "Tekst", "Antall", "Mer"], AWKWARD, group_columns=1,
              fills={(0, 2): "#ff0000", (1, 0): "#00ff00", (4, 1): "abcdef"}, note="Merk: & <>")
    small = Table("s", "Liten", ["A"], [["en"]])
    return Doc("Dok", "nb", [Heading(1, "Før"), TableBlock(t, 1), Para("mellom"), TableBlock(small, 2),
                            TableBlock(t, 3), Para("etter")])


def test_awkward_text_survives_the_streamed_rows(tmp_path, monkeypatch, streamed):
    doc = _awkward_doc()
    whole = write_file(tmp_path / "whole.docx", lambda tmp: render_docx.write(doc, tmp))
    monkeypatch.setattr(docx_tables, "STREAM_LINES", 2)
    rows = write_file(tmp_path / "rows.docx", lambda tmp: render_docx.write(doc, tmp))
    assert streamed == [2]  # the two big tables, not the small one
    same_files(whole, rows)
    read = structure(rows)
    assert read == structure(whole)
    texts = read["tables"][0]["texts"]
    assert texts[1:] == [
        ["Tema & <sub>", "  to mellomrom foran", "3", "a\nb"],
        ["Tema & <sub>", "æøå ÆØÅ 😀 > slutt ", "2,5", ""],
        ["Tema & <sub>", "tab\there\nlinje", "0", ""],
        ["Annet", "\n\ntomme linjer\n", "-1", "x"],
        ["Annet", "", "1", " "],
        ["", "uten gruppe", "", "]]> \"sitat\" 'enkelt'"],
    ]
    assert read["tables"][2]["texts"] == texts and read["tables"][1]["texts"] == [["A"], ["en"]]
    assert [c[0] for c in read["captions"]] == ["Tabell 1: Tittel & <x> æøå", "Tabell 2: Liten", "Tabell 3: Tittel & <x> æøå"]
    assert read["paragraphs"][-2:] == ["Merk: & <>", "etter"]
    first = read["tables"][0]["rows"]
    assert 'w:vMerge w:val="restart"' in first[1][1][0][2] and "<w:vMerge/>" in first[3][1][0][2]
    assert 'w:fill="ABCDEF"' in first[5][1][1][2]


def test_a_table_of_more_lines_than_the_threshold_is_streamed(tmp_path, streamed):
    """Many rows, or a few rows of many lines (a case matrix): what counts is the lines."""
    n = docx_tables.STREAM_LINES
    few_long = [[f"tema {i}", "\n".join(f"utdrag {k}" for k in range(n // 2))] for i in range(2)]
    cases = [([[i] for i in range(n)], []), ([[i] for i in range(n + 1)], [1]), (few_long, [1])]
    for i, (rows, expected) in enumerate(cases):
        streamed.clear()
        t = Table("k", "T", ["A"] * len(rows[0]), rows)
        doc = Doc("D", "en", [TableBlock(t, 1)])
        path = write_file(tmp_path / f"{i}.docx", lambda tmp, doc=doc: render_docx.write(doc, tmp))
        assert streamed == expected
        got = Document(str(path)).tables[0]
        assert len(got.rows) == len(rows) + 1 and got.rows[-1].cells[-1].text == str(rows[-1][-1])


def test_a_failure_while_streaming_leaves_no_file(tmp_path, monkeypatch, streamed):
    """Text XML cannot hold fails as it does in memory, and nothing is left behind."""
    t = Table("k", "T", ["A"], [["ok"], ["nul\x00"], ["ok"]])
    doc = Doc("D", "en", [TableBlock(t, 1)])
    for threshold in (500, 1):
        monkeypatch.setattr(docx_tables, "STREAM_LINES", threshold)
        with pytest.raises(ValueError, match="XML compatible"):
            write_file(tmp_path / "t.docx", lambda tmp: render_docx.write(doc, tmp))
        assert list(tmp_path.iterdir()) == []
    assert streamed == [1]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_a_streamed_table_as_the_same(tmp_path, monkeypatch, streamed):
    """LibreOffice opens the streamed file and reads it as the one built in memory."""
    doc = _awkward_doc()
    whole = write_file(tmp_path / "whole.docx", lambda tmp: render_docx.write(doc, tmp))
    monkeypatch.setattr(docx_tables, "STREAM_LINES", 2)
    rows = write_file(tmp_path / "rows.docx", lambda tmp: render_docx.write(doc, tmp))
    assert streamed == [2]
    saved = tmp_path / "libreoffice"
    saved.mkdir()
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "docx", "--outdir", str(saved), str(whole), str(rows)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    theirs, ours = structure(saved / rows.name), structure(rows)
    assert structure(saved / whole.name) == theirs
    assert [len(t["texts"]) for t in theirs["tables"]] == [len(t["texts"]) for t in ours["tables"]] == [7, 2, 7]
    texts = theirs["tables"][0]["texts"]
    assert texts[1][:3] == ["Tema & <sub>", "  to mellomrom foran", "3"] and texts[2][1].startswith("æøå ÆØÅ 😀 > slutt")
    assert texts[6][3] == "]]> \"sitat\" 'enkelt'"
    for t in theirs["tables"]:  # LibreOffice kept the repeated header row and the merges
        assert "w:tblHeader" in t["rows"][0][0]
    merges = [cell[2] for _, cells in theirs["tables"][0]["rows"] for cell in cells]
    assert any('w:vMerge w:val="restart"' in m for m in merges)
    assert [c[0] for c in theirs["captions"]] == [c[0] for c in ours["captions"]]
