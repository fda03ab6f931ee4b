"""The thesis' own tables from the thesis project: Tabell 5 (themes) in every
format, and the code-to-theme table with counts checked against the fixtures."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from tests.export.readers import csv_rows, docx_tables, fill_down, html_tables, md_tables, tabell5, xlsx_rows
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture
from tests.helpers.thesis import quote_codes


def export(project, table, path, *args):
    tema("export", project, table, "-o", path, *args)
    return path


def test_themes_markdown_equals_tabell5(thesis_project, tmp_path):
    path = export(thesis_project, "themes", tmp_path / "t5.md")
    [table] = md_tables(path)
    assert table[0] == ["Tema", "Subtema"]
    assert fill_down(table[1:]) == tabell5()
    assert table[2][0] == ""  # the theme is written once beside its subthemes
    assert "*Tabell 1: Oppsummering av tema og subtema*" in path.read_text(encoding="utf-8")


def test_themes_docx_is_a_real_table_equal_to_tabell5(thesis_project, tmp_path):
    from docx import Document

    path = export(thesis_project, "themes", tmp_path / "t5.docx", "--number", "5")
    doc = Document(str(path))
    [table] = doc.tables
    assert table.style is not None and table.style.name == "Table Grid"
    rows = docx_tables(path)[0]
    assert rows[0] == ["Tema", "Subtema"]
    assert rows[1:] == tabell5()  # merged theme cells read back as the theme on each row
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in p.runs)
    assert header._tr.trPr.xml.count("tblHeader") == 1  # repeats on each page
    captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == ["Tabell 5: Oppsummering av tema og subtema"]
    assert "SEQ Tabell" in captions[0]._p.xml


def test_themes_xlsx_csv_html_equal_tabell5(thesis_project, tmp_path):
    xlsx = export(thesis_project, "themes", tmp_path / "t5.xlsx")
    rows = xlsx_rows(xlsx)
    assert rows[0] == ["Tema", "Subtema"]
    assert rows[1:8] == tabell5()  # every row carries its theme, so the sheet sorts and filters
    assert rows[9][0] == "Tabell 1: Oppsummering av tema og subtema"
    from openpyxl import load_workbook

    ws = load_workbook(str(xlsx)).active
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    longest_subtheme = max(len(r[1]) for r in tabell5())
    assert ws.column_dimensions["B"].width >= min(60, longest_subtheme)
    assert csv_rows(export(thesis_project, "themes", tmp_path / "t5.csv")) == [["Tema", "Subtema"], *tabell5()]
    [table] = html_tables(export(thesis_project, "themes", tmp_path / "t5.html"))
    assert table[1:] == tabell5()


def test_english_headings(thesis_project, tmp_path):
    [table] = md_tables(export(thesis_project, "themes", tmp_path / "t5.md", "--lang", "en"))
    assert table[0] == ["Theme", "Subtheme"]
    assert "*Table 1: Summary of themes and subthemes*" in (tmp_path / "t5.md").read_text(encoding="utf-8")


def _expected_code_counts():
    counts: dict[str, Counter] = defaultdict(Counter)
    labels = {v: k for k, v in load_fixture("thesis_tables.json")["participants"]["pseudonyms"].items()}
    for participant, _text, code, _label, _num in quote_codes(load_fixture("thesis_quotes.json")):
        counts[code][labels[participant]] += 1
    return counts


@pytest.mark.parametrize("fmt", ["md", "xlsx", "docx"])
def test_code_themes_counts_match_the_fixture(thesis_project, tmp_path, fmt):
    path = export(thesis_project, "code-themes", tmp_path / f"ct.{fmt}")
    rows = {"md": lambda p: fill_down(md_tables(p)[0], 2), "xlsx": xlsx_rows, "docx": lambda p: docx_tables(p)[0]}[fmt](path)
    assert rows[0] == ["Tema", "Subtema", "Kode", "Nivå", "Utdrag", "Deltakere"]
    body = [r for r in rows[1:] if len(r) == 6 and r[2]]
    expected = _expected_code_counts()
    got = {r[2]: (int(r[4]), r[5]) for r in body}
    assert got == {code: (sum(c.values()), ", ".join(sorted(c))) for code, c in expected.items()}
    assert sum(n for n, _ in got.values()) == 78
    themes = {t["number"]: t for t in load_fixture("thesis_tables.json")["final_themes"]["themes"]}
    for r in body:  # each code sits beside the theme (and subtheme) it was placed in
        number = int(r[0].split()[0])
        assert r[0] == f"{number} {themes[number]['theme']}"
        if r[1]:
            assert r[1].split(" ", 1)[1] in {s["name"] for s in themes[number]["subthemes"]}


def test_code_in_two_themes_and_unplaced_codes(thesis_project, tmp_path):
    tema("theme", thesis_project, "Et dynamisk system", "--code", "Betydning av medbestemmelse")
    tema("code", thesis_project, "--doc", "Elise", "--quote", "Så vi må prøve å finne en slags retning da.",
         "--code", "Retning", "--level", "latent")
    rows = fill_down(md_tables(export(thesis_project, "code-themes", tmp_path / "ct.md"))[0], 2)[1:]
    homes = [(r[0], r[1]) for r in rows if r[2] == "Betydning av medbestemmelse"]
    assert homes == [("2 Muliggjøring av samarbeid og samhandling", "2c Betydning av medbestemmelse"),
                     ("3 Å møte hele familien i samarbeidet", "3b Et dynamisk system")]
    assert rows[-1] == ["(ikke plassert)", "", "Retning", "latent", "1", "E"]
    only = md_tables(export(thesis_project, "code-themes", tmp_path / "only.md", "--code", "Retning"))[0]
    assert only[1:] == [["(ikke plassert)", "", "Retning", "latent", "1", "E"]]
    sub = md_tables(export(thesis_project, "code-themes", tmp_path / "sub.md", "--theme", "3b"))[0]
    assert [r[2] for r in sub[1:]] == ["Et dynamisk system", "Betydning av medbestemmelse"]
