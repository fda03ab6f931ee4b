"""CSV and Excel writers. Both keep every row's group values (a theme on each of
its subtheme rows) so the data sorts and filters; Excel gets one sheet per table
with a bold, frozen header row, fitted column widths and the caption below."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tema.export.labels import text
from tema.export.table import Table, cell_text

HEADER_FILL = "DCE6F1"
MAX_WIDTH = 60


def write_csv(table: Table, path: Path) -> None:
    """One table as CSV (UTF-8 with BOM so Excel reads æøå; numbers unquoted)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(table.headers)
        for row in table.rows:
            out.writerow(["" if v is None else v for v in row])


_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _BAD_SHEET.sub(" ", title).strip()[:31] or "Tabell"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def write_xlsx(tables: list[tuple[Table, int]], path: Path, lang: str) -> None:
    """Tables (with their numbers) as sheets of one workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for table, number in tables:
        ws = wb.create_sheet(_sheet_title(table.title, taken))
        ws.append(table.headers)
        for row in table.rows:
            ws.append(["" if v is None else v for v in row])
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor=HEADER_FILL)
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.freeze_panes = "A2"
        if table.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.rows) + 1}"
        for (i, j), colour in table.fills.items():
            ws.cell(row=i + 2, column=j + 1).fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
        for j, header in enumerate(table.headers, start=1):
            lines = [header] + [line for row in table.rows for line in cell_text(row[j - 1]).split("\n")]
            width = min(MAX_WIDTH, max(len(line) for line in lines) + 2)
            ws.column_dimensions[get_column_letter(j)].width = max(8, width)
            for r in range(2, len(table.rows) + 2):
                cell = ws.cell(row=r, column=j)
                wrap = isinstance(cell.value, str) and ("\n" in cell.value or len(cell.value) > MAX_WIDTH)
                cell.alignment = Alignment(vertical="top", wrap_text=wrap)
        cap = ws.cell(row=len(table.rows) + 3, column=1, value=f"{text(lang, 'table')} {number}: {table.title}")
        cap.font = Font(italic=True)
        if table.note:
            ws.cell(row=len(table.rows) + 4, column=1, value=table.note)
    wb.save(str(path))
