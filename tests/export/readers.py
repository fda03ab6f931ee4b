"""Read exports back (Markdown, CSV, XLSX, DOCX, HTML) into rows of cell texts,
and the thesis' expected tables from ../shared/fixtures."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from tests.helpers.paths import load_fixture


def md_tables(path: Path) -> list[list[list[str]]]:
    """Every table in a Markdown file as rows (header first) of unescaped cells."""
    tables, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|").replace("<br>", "\n")
                     for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])]
            if all(set(c) <= {"-"} and c for c in cells):
                continue
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


def fill_down(rows: list[list[str]], columns: int = 1) -> list[list[str]]:
    """Repeat merged (blank) group cells from the row above, left to right."""
    out, last = [], None
    for row in rows:
        row = list(row)
        if last is not None:
            for j in range(columns):  # a column is merged only under merged columns to its left
                if row[j] != "":
                    break
                row[j] = last[j]
        out.append(row)
        last = row
    return out


def docx_tables(path: Path) -> list[list[list[str]]]:
    from docx import Document

    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def xlsx_rows(path: Path, sheet: int = 0) -> list[list]:
    from openpyxl import load_workbook

    ws = load_workbook(str(path)).worksheets[sheet]
    return [[("" if v is None else v) for v in row] for row in ws.iter_rows(values_only=True)]


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def html_tables(path: Path) -> list[list[list[str]]]:
    """HTML tables with rowspans expanded (each covered cell gets the spanning text)."""
    from lxml import html

    out = []
    for table in html.fromstring(path.read_bytes()).iter("table"):
        rows, pending = [], {}
        for tr in table.iter("tr"):
            row, col = [], 0
            cells = list(tr)
            while cells or col in pending:
                if col in pending:
                    text, left = pending[col]
                    row.append(text)
                    pending[col] = (text, left - 1)
                    if left - 1 == 0:
                        del pending[col]
                else:
                    cell = cells.pop(0)
                    for br in cell.iter("br"):
                        br.tail = "\n" + (br.tail or "")
                    text = cell.text_content()
                    span = int(cell.get("rowspan", "1"))
                    if span > 1:
                        pending[col] = (text, span - 1)
                    row.append(text)
                col += 1
            rows.append(row)
        out.append(rows)
    return out


def zip_text(path: Path) -> str:
    """All XML text inside a .docx/.xlsx (document, core properties, sheet names…)."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


def tabell5() -> list[list[str]]:
    """Tabell 5 as rows "N Theme" | "Na Subtheme"."""
    rows = []
    for t in load_fixture("thesis_tables.json")["final_themes"]["themes"]:
        for s in t["subthemes"]:
            rows.append([f"{t['number']} {t['theme']}", f"{s['label']} {s['name']}"])
    return rows
