"""Comment on a .docx as a supervisor does in Word: python-docx's ``add_comment`` for the
comments, and a reply threaded the way Word threads it (the reply's last paragraph has a
``w14:paraId``; ``word/commentsExtended.xml`` links it to its parent's). Written here,
independently of tema's own writer, so the tests do not check tema against itself."""

from __future__ import annotations

from datetime import UTC, datetime

from docx.opc.packuri import PackURI
from docx.opc.part import Part

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
CT_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"


def paragraph(doc, text: str, style: str | None = None):
    """The first body paragraph whose text is ``text`` (and style, when given)."""
    for p in doc.paragraphs:
        if p.text == text and (style is None or p.style.name == style):
            return p
    raise AssertionError(f"no paragraph {text!r} ({style})")


def paragraph_starting(doc, start: str, style: str | None = None):
    for p in doc.paragraphs:
        if p.text.startswith(start) and (style is None or p.style.name == style):
            return p
    raise AssertionError(f"no paragraph starting {start!r} ({style})")


def comment(doc, para, text: str, author: str, when: datetime, *, runs=None):
    """A comment on the whole of ``para`` (or on ``runs``), dated ``when`` (UTC)."""
    c = doc.add_comment(runs or [r for r in para.runs if r.text], text=text, author=author,
                        initials="".join(w[0] for w in author.split()))
    c._comment_elm.date = when.replace(tzinfo=UTC)
    return c


class Threads:
    """Word's thread links, written into the document when it is saved."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str | None]] = []
        self.n = 0x1000

    def _id(self, c) -> str:
        self.n += 1
        value = f"{self.n:08X}"
        c._comment_elm.p_lst[-1].set(f"{{{W14}}}paraId", value)
        return value

    def reply(self, doc, parent, para, text: str, author: str, when: datetime):
        parent_id = parent._comment_elm.p_lst[-1].get(f"{{{W14}}}paraId") or self._id(parent)
        if not any(pid == parent_id for pid, _ in self.rows):
            self.rows.append((parent_id, None))
        r = comment(doc, para, text, author, when)
        self.rows.append((self._id(r), parent_id))
        return r

    def save(self, doc, path) -> None:
        rows = "".join(f'<w15:commentEx w15:paraId="{p}"' + (f' w15:paraIdParent="{q}"' if q else "")
                       + ' w15:done="0"/>' for p, q in self.rows)
        existing = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT_EXTENDED), None)
        if existing is not None:  # a document that has threads already: add to them
            xml = existing.blob.decode("utf-8")
            end = xml.rindex("</")
            existing._blob = (xml[:end] + rows + xml[end:]).encode()
        else:
            blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{W15}">'
                    f"{rows}</w15:commentsEx>").encode()
            part = Part(PackURI("/word/commentsExtended.xml"), CT_EXTENDED, blob, doc.part.package)
            doc.part.relate_to(part, RT_EXTENDED)
        doc.save(str(path))
