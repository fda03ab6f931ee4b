"""The parts of a Word file that carry the feedback loop: bookmarks on what a paragraph
shows (``tema.anchors``), the project's id in the custom properties, and Word comments
with their replies as threads (python-docx writes the comments; the thread links live
in ``word/commentsExtended.xml``, keyed by the ``w14:paraId`` of each comment's last
paragraph)."""

from __future__ import annotations

import random
from datetime import UTC
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tema.anchors import anchor_name
from tema.export.doc import Anchor, DocComment

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
CT_COMMENTS_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user-defined properties


class Bookmarks:
    """Unique bookmark names per document, and the first paragraph of each anchor."""

    def __init__(self) -> None:
        self.next_id = 1
        self.count: dict[Anchor, int] = {}
        self.first: dict[Anchor, object] = {}

    def mark(self, paragraph, anchor: Anchor) -> str:
        n = self.count.get(anchor, 0) + 1
        self.count[anchor] = n
        name = anchor_name(anchor[0], anchor[1], n)
        self.add(paragraph, name)
        self.first.setdefault(anchor, paragraph)
        return name

    def add(self, paragraph, name: str) -> None:
        """Put the whole paragraph inside a bookmark called ``name`` (invisible in the text)."""
        p = paragraph._p
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        p_pr = p.find(qn("w:pPr"))
        p.insert(0 if p_pr is None else p.index(p_pr) + 1, start)
        p.append(end)


def write_custom_properties(doc, props: dict[str, str]) -> None:
    """``docProps/custom.xml``: user-defined document properties (kept by Word and LibreOffice)."""
    if not props:
        return
    items = "".join(
        f'<property fmtid="{FMTID}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(sorted(props.items()), start=2))
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{items}</Properties>').encode()
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() for p in parts)[:4]


def add_comments(doc, comments: list[DocComment], first: dict[Anchor, object], fallback) -> None:
    """Each comment (and its replies, as a Word thread) on the first paragraph bookmarked
    with its anchor — else on ``fallback`` (the title)."""
    if not comments:
        return
    rng = random.Random(len(comments))
    thread: list[tuple[str, str | None]] = []  # (paraId, parent paraId)
    used: set[str] = set()

    def para_id(comment) -> str:
        value = f"{rng.randrange(1, 0x7FFFFFFF):08X}"
        while value in used:
            value = f"{rng.randrange(1, 0x7FFFFFFF):08X}"
        used.add(value)
        comment._comment_elm.p_lst[-1].set(f"{{{W14}}}paraId", value)
        return value

    for c in comments:
        paragraph = first.get(c.anchor) or fallback
        runs = [r for r in paragraph.runs if r.text]
        if not runs:
            runs = [paragraph.add_run("")]
        top = _add(doc, runs, c)
        top_id = para_id(top)
        thread.append((top_id, None))
        for r in c.replies:
            thread.append((para_id(_add(doc, runs, r)), top_id))
    _write_threads(doc, thread)


def _add(doc, runs, c: DocComment):
    comment = doc.add_comment(runs, text=c.text, author=c.author, initials=c.initials or _initials(c.author))
    if c.date is not None:
        comment._comment_elm.date = c.date.replace(tzinfo=UTC) if c.date.tzinfo is None else c.date
    return comment


def _write_threads(doc, thread: list[tuple[str, str | None]]) -> None:
    rows = "".join(
        f'<w15:commentEx w15:paraId="{pid}"' + (f' w15:paraIdParent="{parent}"' if parent else "") + ' w15:done="0"/>'
        for pid, parent in thread)
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w15:commentsEx xmlns:w15="{W15}">{rows}</w15:commentsEx>').encode()
    part = Part(PackURI("/word/commentsExtended.xml"), CT_COMMENTS_EXTENDED, blob, doc.part.package)
    doc.part.relate_to(part, RT_COMMENTS_EXTENDED)
