"""Word fields, and tables for a Doc's TableBlocks: a table style, column widths that
break no word, a repeated bold header row, merged group cells, rows never split across
pages, and a caption "Tabell N: …" numbered with a SEQ field as Word's own."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from tema.export.doc import TableBlock
from tema.export.labels import text
from tema.export.table import Table, cell_text

TABLE_STYLE = "Table Grid"  # borders only, so the table keeps the body font
TABLE_PT = 10
HEADER_FILL = "DCE6F1"
# Tables whose cells hold more lines (paragraphs) are written row by row into the saved
# file (docx_stream), not built as python-docx objects first (100,000 rows of 5 cells
# took 2 GB and 90 s that way; a case matrix has few rows of many lines).
STREAM_LINES = 2000


def add_field(paragraph, instr: str, result: str) -> None:
    """A Word field (SEQ, PAGE, TOC) with a shown result until Word updates it."""

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    paragraph.add_run()._r.append(instr_el)
    char("separate")
    paragraph.add_run(result)
    char("end")


def style(doc, name: str):
    """A paragraph style by name, looked up once per document (python-docx searches
    every style by name on each lookup, which dominated codebook time)."""
    cache = doc.__dict__.setdefault("_tema_styles", {})
    if name not in cache:
        cache[name] = doc.styles[name]
    return cache[name]


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    tc_pr.append(shd)


def _set_text(cell, value, bold: bool = False) -> None:
    lines = cell_text(value).split("\n")
    para = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        run = para.add_run(line)
        run.bold = bold or None
        run.font.size = Pt(TABLE_PT)
        para.paragraph_format.space_after = Pt(1)
        para.paragraph_format.space_before = Pt(1)
        if isinstance(value, (int, float)):
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _widths(table: Table, total: int) -> list[int]:
    """Column widths: no word is broken, short columns (levels, counts, labels) keep
    their lines whole, and the long columns share the rest of the page."""
    # Estimates on the wide side (a header word broken in two is worse than a little air):
    # LibreOffice and Word substitute wider fonts when Calibri is missing.
    char, bold_char, pad = Pt(TABLE_PT * 0.6), Pt(TABLE_PT * 0.8), Mm(4.4)
    least, want = [], []
    for j, h in enumerate(table.headers):  # one pass over the cells, no list of their lines
        word = line = 0
        for row in table.rows:
            for text_line in cell_text(row[j]).split("\n"):
                line = max(line, len(text_line))
                word = max(word, max(map(len, text_line.split()), default=0))
        head_word = max(map(len, h.split()), default=0)
        least.append(max(word * char, head_word * bold_char) + pad)
        want.append(max(line * char, len(h) * bold_char) + pad)
    if sum(least) >= total:
        return [int(total * x / sum(least)) for x in least]
    short = [w <= 18 * char + pad for w in want]
    widths = [w if s else x for w, x, s in zip(want, least, short)]
    if sum(widths) > total:
        widths, short = list(least), [False] * len(least)
    spare = total - sum(widths)
    extra = [0 if s else max(0, w - x) for w, x, s in zip(want, widths, short)]
    if sum(extra) <= spare:  # all lines fit whole: natural widths, the rest shared out
        widths = [w + e for w, e in zip(widths, extra)]
        return [int(w + (total - sum(widths)) * w / sum(widths)) for w in widths]
    return [int(w + spare * e / sum(extra)) for w, e in zip(widths, extra)]


def _add_rows(t: Table, table, grid) -> None:
    """The body rows, cell by cell (``docx_stream.rows_xml`` writes the same XML as text)."""
    for row in table.rows[1:]:  # a row is never split across pages
        split = OxmlElement("w:cantSplit")
        split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(split)
    for i, row in enumerate(t.iter_grouped()):
        for j, (value, span) in enumerate(row):
            if span == 0:
                continue
            cell = grid[i + 1][j]
            _set_text(cell, value)
            if (i, j) in t.fills:
                _shade(cell, t.fills[(i, j)])
            if span > 1:
                cell.merge(grid[i + span][j])


@dataclass
class LaterRows:
    """A table's body rows, to be written into the saved file where ``mark`` (an XML
    comment in the table, after its header row) is."""

    mark: str
    table: Table
    widths: list[int]


def _lines(t: Table) -> int:
    """The paragraphs the table's body cells hold."""
    return sum(cell_text(v).count("\n") + 1 for row in t.rows for v in row)


def add_table(doc, block: TableBlock, lang: str, later: list[LaterRows] | None = None) -> None:
    """The table, its caption and note. With ``later`` (a list), a table whose cells hold
    more than ``STREAM_LINES`` lines gets only its header row here and a mark where its
    other rows go; they are written into the saved file row by row (``docx_stream``)."""
    t = block.table
    total = doc.sections[-1].page_width - doc.sections[-1].left_margin - doc.sections[-1].right_margin
    streamed = later is not None and _lines(t) > STREAM_LINES
    table = doc.add_table(rows=1 if streamed else 1 + len(t.rows), cols=len(t.headers))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(t, total)
    # The cell grid once: table.cell(i, j) rebuilds it on every call (quadratic time).
    grid = [row.cells for row in table.rows]
    for j, width in enumerate(widths):
        table.columns[j].width = width
        for row in grid:
            row[j].width = width
    for j, h in enumerate(t.headers):
        cell = grid[0][j]
        _set_text(cell, h, bold=True)
        _shade(cell, HEADER_FILL)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    if streamed:
        rows = LaterRows(f"tema-rows-{len(later)}", t, widths)
        table._tbl.append(etree.Comment(rows.mark))
        later.append(rows)
    else:
        _add_rows(t, table, grid)
    para = doc.add_paragraph(style=style(doc, "Caption"))
    para.add_run(f"{text(lang, 'table')} ")
    add_field(para, f"SEQ {text(lang, 'table')} \\* ARABIC", str(block.number))
    para.add_run(f": {t.title}")
    if t.note:
        doc.add_paragraph(t.note)
