"""Saving a Word file whose big tables were left out of the python-docx document
(``docx_tables.add_table`` with ``later``): the package is saved as python-docx saves it,
then copied entry by entry into the target file, except ``word/document.xml``, which is
written in pieces — its text up to each table's mark, then that table's body rows made
as text one row at a time, then the rest. Memory stays that of the table's data, not of
a python-docx object per cell (a table of 100,000 rows took 2 GB that way).

``rows_xml`` writes the very XML python-docx writes for the same rows (``_add_rows`` in
``docx_tables``): cell widths, ``w:cantSplit``, merged group cells (``w:vMerge``), fills,
one paragraph per line, tabs and line breaks as their own elements, bold and size, right
alignment of numbers, ``xml:space="preserve"`` on text with spaces at either end. The
tests compare the two byte for byte."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from docx.shared import Emu

from tema.export.docx_tables import TABLE_PT, LaterRows
from tema.export.table import Table, cell_text

DOCUMENT = "word/document.xml"
_MARK = re.compile(rb"<!--(tema-rows-\d+)-->")
_SPECIAL = re.compile(r"([\t\r])")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACING = '<w:spacing w:after="20" w:before="20"/>'  # 1 pt before and after (docx_tables._set_text)
_RUN = f'<w:r><w:rPr><w:sz w:val="{TABLE_PT * 2}"/></w:rPr>'
_PARA = f"<w:p><w:pPr>{_SPACING}</w:pPr>{_RUN}"
_PARA_RIGHT = f'<w:p><w:pPr>{_SPACING}<w:jc w:val="right"/></w:pPr>{_RUN}'
_CHUNK = 1 << 20  # characters of rows gathered before they are compressed and written


def _t(text: str) -> str:
    if _NOT_XML.search(text):  # as lxml refuses it in the document python-docx builds
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _run_content(line: str) -> str:
    """A run's content as python-docx's ``run.text = line`` makes it: a tab is ``w:tab``, a
    carriage return ``w:br``, the text between them ``w:t``."""
    if not line:
        return ""
    if "\t" not in line and "\r" not in line:
        return _t(line)
    return "".join("<w:tab/>" if x == "\t" else "<w:br/>" if x == "\r" else _t(x)
                   for x in _SPECIAL.split(line) if x)


def rows_xml(t: Table, widths: list[int]) -> Iterator[str]:
    """The ``w:tr`` elements of the table's body rows, one row at a time."""
    cell_width = [f'<w:tcPr><w:tcW w:type="dxa" w:w="{Emu(w).twips}"/>' for w in widths]
    for i, row in enumerate(t.iter_grouped()):
        parts = ['<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>']
        for j, (value, span) in enumerate(row):
            parts.append("<w:tc>")
            parts.append(cell_width[j])
            if span == 0:  # covered by the merged cell above
                parts.append("<w:vMerge/></w:tcPr><w:p/></w:tc>")
                continue
            if span > 1:
                parts.append('<w:vMerge w:val="restart"/>')
            fill = t.fills.get((i, j))
            if fill:
                parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{escape(fill.lstrip("#").upper())}"/>')
            parts.append("</w:tcPr>")
            para = _PARA_RIGHT if isinstance(value, (int, float)) else _PARA
            for line in cell_text(value).split("\n"):
                parts.append(para)
                parts.append(_run_content(line))
                parts.append("</w:r></w:p>")
            parts.append("</w:tc>")
        parts.append("</w:tr>")
        yield "".join(parts)


def _write_document(xml: bytes, later: dict[str, LaterRows], out) -> None:
    pieces = _MARK.split(xml)  # text, mark, text, mark, …, text
    marks = [m.decode() for m in pieces[1::2]]
    if sorted(marks) != sorted(later):
        raise RuntimeError(f"{DOCUMENT}: table marks {marks} ≠ {sorted(later)}")
    out.write(pieces[0])
    for mark, after in zip(marks, pieces[2::2]):
        rows = later[mark]
        buf: list[str] = []
        size = 0
        for tr in rows_xml(rows.table, rows.widths):
            buf.append(tr)
            size += len(tr)
            if size >= _CHUNK:
                out.write("".join(buf).encode("utf-8"))
                buf, size = [], 0
        out.write("".join(buf).encode("utf-8"))
        out.write(after)


def _may_pass_2gb(xml: bytes, later: list[LaterRows]) -> bool:
    """Whether document.xml could pass zip's 2 GB limit without Zip64 (a generous estimate:
    700 bytes per cell and 4 per character of text)."""
    cells = sum(len(x.table.rows) * len(x.widths) for x in later)
    chars = sum(len(cell_text(v)) for x in later for row in x.table.rows for v in row)
    return len(xml) + 700 * cells + 4 * chars > (1 << 31) * 0.9


def save(doc, later: list[LaterRows], path: str | Path) -> None:
    """Save ``doc`` at ``path`` with the rows of ``later`` written where their marks are."""
    saved = io.BytesIO()
    doc.save(saved)  # small: the big tables' rows are not in it
    by_mark = {x.mark: x for x in later}
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            if info.filename != DOCUMENT:
                dst.writestr(entry, src.read(info))
                continue
            xml = src.read(info)
            with dst.open(entry, "w", force_zip64=_may_pass_2gb(xml, later)) as out:
                _write_document(xml, by_mark, out)
