"""Word writer for a Doc (python-docx): A4, heading styles (so a table of contents
works), tables (``docx_tables``), figures with captions "Figur N: …" numbered with a
SEQ field as Word's own,
new pages by page-break-before on the next paragraph (never an empty break paragraph,
which gives a blank page when the page before is exactly full), and the feedback
loop's parts (``docx_parts``): bookmarks on anchored paragraphs, custom properties,
comments."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from tema.anchors import PROJECT_PROPERTY, project_bookmark
from tema.export.doc import Doc, Field, Figure, Heading, PageBreak, Para, Quote, TableBlock, TitlePage, Toc
from tema.export.docx_parts import Bookmarks, add_comments, write_custom_properties
from tema.export.docx_tables import LaterRows, add_field, add_table
from tema.export.docx_tables import style as _style

WIDE = 5  # tables with more columns get a landscape page
FIGURE = {"nb": "Figur", "en": "Figure"}


def _page(section, landscape: bool) -> None:
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))


def new_document(title: str, lang: str, *, landscape: bool = False):
    doc = Document()
    _page(doc.sections[0], landscape)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "nb-NO" if lang == "nb" else "en-GB")
    r_pr.append(lang_el)
    caption = doc.styles["Caption"]
    caption.font.bold, caption.font.italic, caption.font.size = False, True, Pt(10)
    caption.font.color.rgb = RGBColor(0x26, 0x26, 0x26)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "", ""
    props.comments, props.language = "tema", "nb-NO" if lang == "nb" else "en-GB"
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(footer, "PAGE", "1")
    return doc


def _toc(doc, block: Toc, entries: list[Heading]) -> None:
    """A TOC field whose shown result already lists the headings (without page
    numbers), so the contents read well even before Word updates the field."""
    lines = [(h.level, h.text) for h in entries if h.level <= 3] or [(1, block.hint)]
    paras = []
    for level, line in lines:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Mm(6 * (level - 1))
        p.paragraph_format.space_after = Pt(1 if level > 1 else 3)
        paras.append((p, line, level))

    def char(p, kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        p.add_run()._r.append(el)

    first = paras[0][0]
    char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-3" \\h \\z \\u '
    first.add_run()._r.append(instr)
    char(first, "separate")
    for p, line, level in paras:
        p.add_run(line).bold = level == 1 or None
    char(paras[-1][0], "end")
    doc.add_paragraph(block.hint).runs[0].italic = True
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


_SPECIAL = str.maketrans("", "", "\t\n\r")  # characters python-docx turns into their own elements


def add_run(p: Paragraph, text: str = ""):
    """``p.add_run(text)``; plain text (no tab or line break) goes into one ``w:t`` at once —
    python-docx looks at every character of a run's text, the other half of the render time."""
    if not text or text.translate(_SPECIAL) != text:
        return p.add_run(text)
    run = p.add_run()
    run._r.add_t(text)
    return run


class _Writer:
    """Appends the blocks of a Doc to a python-docx Document."""

    def __init__(self, doc_model: Doc, later: list[LaterRows] | None = None) -> None:
        wide = doc_model.landscape
        if wide is None:
            wide = any(len(b.table.headers) > WIDE for b in doc_model.tables)
        self.model = doc_model
        self.doc = new_document(doc_model.title, doc_model.lang, landscape=wide)
        self.marks = Bookmarks()
        self.later = later  # big tables' rows, written when the file is saved (docx_stream)
        self.new_page = False  # the next paragraph starts a page
        self.title_para = None
        self.figures = 0
        self._style_ids: dict[str, str] = {}
        self._sect_pr = self.doc.element.body.sectPr  # the body's last child, found once

    def _append_paragraph(self) -> Paragraph:
        """A new last paragraph of the body, in constant time. (python-docx's add_paragraph
        looks for the section properties among every paragraph so far, and setting a style
        by object compares it with the default style by reading every style: together
        quadratic, 70 % of a team codebook's time.)"""
        p = OxmlElement("w:p")
        if self._sect_pr is not None:
            self._sect_pr.addprevious(p)
        else:
            self.doc.element.body.append(p)
        return Paragraph(p, self.doc._body)

    def para(self, text: str = "", style: str | None = None, anchor=None):
        p = self._append_paragraph()
        if style:
            style_id = self._style_ids.get(style)
            if style_id is None:
                style_id = self._style_ids[style] = _style(self.doc, style).style_id
            p._p.style = style_id
        if text:
            add_run(p, text)
        if self.new_page:
            p.paragraph_format.page_break_before = True
            self.new_page = False
        if anchor is not None:
            self.marks.mark(p, anchor)
        return p

    def title_page(self, b: TitlePage) -> None:
        for _ in range(6):
            self.para()
        self.title_para = self.para(b.title, "Title", ("project", None))
        uid = self.model.properties.get(PROJECT_PROPERTY)
        if uid:
            self.marks.add(self.title_para, project_bookmark(uid))
        self.para(b.subtitle, "Subtitle")
        for label, value in b.lines:
            p = self.para()
            add_run(p, f"{label}: ").bold = True
            add_run(p, value)
        self.new_page = True

    def figure(self, b: Figure) -> None:
        from tema.export import mapdraw

        fig = mapdraw.draw(b.graph)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=150, facecolor="white", metadata={"Software": "tema"})
        section = self.doc.sections[-1]
        natural = Mm(fig.get_figwidth() * 25.4)  # 1 point of the drawing = 1 point on the page
        width = min(natural, Mm(b.width_mm), section.page_width - section.left_margin - section.right_margin)
        p = self.para()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(buf.getvalue()), width=width)
        self.figures += 1
        word = FIGURE[self.model.lang]
        caption = self.para(style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.add_run(f"{word} ")
        add_field(caption, f"SEQ {word} \\* ARABIC", str(self.figures))
        caption.add_run(f": {b.caption}")

    def block(self, b) -> None:
        if isinstance(b, TitlePage):
            self.title_page(b)
        elif isinstance(b, Toc):
            self.para(b.title, "TOC Heading")
            _toc(self.doc, b, [h for h in self.model.blocks if isinstance(h, Heading)])
            self.new_page = True
        elif isinstance(b, Heading):
            self.para(b.text, "Title" if b.level == 0 else f"Heading {b.level}", b.anchor)
        elif isinstance(b, Para):
            run = add_run(self.para(style="List Bullet" if b.bullet else None, anchor=b.anchor), b.text)
            if b.muted:
                run.italic = True
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        elif isinstance(b, Field):
            p = self.para()
            add_run(p, f"{b.label}: ").bold = True
            add_run(p, b.value)
            p.paragraph_format.space_after = Pt(2)
        elif isinstance(b, Quote):
            p = self.para(b.text, "Quote", b.anchor)
            if b.cite:
                add_run(p, f" ({b.cite})").italic = False
        elif isinstance(b, TableBlock):
            if self.new_page:  # a table cannot carry page-break-before: an empty paragraph does
                self.para()
            add_table(self.doc, b, self.model.lang, self.later)
        elif isinstance(b, Figure):
            self.figure(b)
        elif isinstance(b, PageBreak):
            self.new_page = True

    def finish(self):
        write_custom_properties(self.doc, self.model.properties)
        fallback = self.title_para or (self.doc.paragraphs[0] if self.doc.paragraphs else self.para())
        add_comments(self.doc, self.model.comments, self.marks.first, fallback)
        return self.doc


def render(doc_model: Doc, later: list[LaterRows] | None = None):
    """The python-docx Document; with ``later`` (a list), tables whose cells hold more
    than ``docx_tables.STREAM_LINES`` lines have only their header row, and their other
    rows are added to ``later`` for ``docx_stream.save``."""
    w = _Writer(doc_model, later)
    for b in doc_model.blocks:
        w.block(b)
    return w.finish()


def write(doc_model: Doc, path: Path) -> None:
    later: list[LaterRows] = []
    doc = render(doc_model, later)
    if later:
        from tema.export import docx_stream

        docx_stream.save(doc, later, path)
    else:
        doc.save(str(path))
