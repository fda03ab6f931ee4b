"""A supervisor's comments read back from a Word codebook (python-docx ≥ 1.2 reads the
comments: author, initials, date, text).

Where each comment belongs: the document body is walked in order, tracking tema's
bookmarks (``tema.anchors``); a comment belongs to the bookmark open at the first
character of the text it was attached to, else to the nearest tema bookmark before it
(a comment on a code's definition line belongs to the code above it). Replies: Word
and LibreOffice link a reply to the comment it answers in ``word/commentsExtended.xml``
(``w15:paraIdParent`` on the ``w14:paraId`` of each comment's last paragraph), which also
says whether a thread was marked done. A file with no thread links at all (LibreOffice
7.4 drops them on import, and writes a reply as a comment on exactly the range of the
comment it answers) is read the same way Word would show it: comments on exactly the
same range form a thread, the earliest first. The project's id comes from the custom
properties (``tema.project``), else from the ``tema_p_<id>`` bookmark on the title.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from tema.anchors import DOCUMENT_PROPERTY, PROJECT_PROPERTY, parse_anchor, project_from_bookmark
from tema.domain.feedback_import import IncomingComment
from tema.errors import InvalidInput, NotFound
from tema.i18n import _

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_COMMENTS_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
MAX_BYTES = 200 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class CommentsFile:
    path: Path
    project_uid: str | None
    document: str | None  # "codebook" for a tema codebook
    comments: list[IncomingComment] = field(default_factory=list)


def _open(path: Path):
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    if not path.exists():
        raise NotFound(_("{path}: no such file").format(path=path))
    if path.is_dir():
        raise InvalidInput(_("{path}: is a folder, not a .docx file").format(path=path))
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(_("{path}: larger than {mb} MB, not read").format(path=path, mb=MAX_BYTES // 2**20))
    if not zipfile.is_zipfile(path):
        raise InvalidInput(_("{path}: not a Word document (.docx)").format(path=path))
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidInput(_("{path}: not a readable Word document ({problem})").format(path=path, problem=first[:120])) from None


def _parts(doc) -> dict[str, object]:
    out: dict[str, object] = {}
    for part in doc.part.package.iter_parts():
        out.setdefault(part.content_type, part)
    return out


def _xml(part) -> etree._Element | None:
    if part is None:
        return None
    try:
        return etree.fromstring(part.blob, _PARSER)
    except etree.LxmlError:
        return None


def _properties(root: etree._Element | None) -> dict[str, str]:
    if root is None:
        return {}
    out = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        value = next((child.text or "" for child in prop), "")
        out[prop.get("name", "")] = value.strip()
    return out


def _threads(comments_xml, extended_xml) -> tuple[dict[str, str], set[str]]:
    """comment id → the id of the comment it answers; ids of comments marked done."""
    if comments_xml is None or extended_xml is None:
        return {}, set()
    id_of_para: dict[str, str] = {}
    for c in comments_xml.iter(_w("comment")):
        paras = c.findall(_w("p"))
        if paras and paras[-1].get(f"{{{W14}}}paraId"):
            id_of_para[paras[-1].get(f"{{{W14}}}paraId")] = c.get(_w("id"))
    parent_of: dict[str, str] = {}
    done: set[str] = set()
    for ex in extended_xml.iter(f"{{{W15}}}commentEx"):
        cid = id_of_para.get(ex.get(f"{{{W15}}}paraId", ""))
        if cid is None:
            continue
        parent = id_of_para.get(ex.get(f"{{{W15}}}paraIdParent", ""))
        if parent is not None and parent != cid:
            parent_of[cid] = parent
        if ex.get(f"{{{W15}}}done") in ("1", "true"):
            done.add(cid)
    return parent_of, done


class _Walk:
    """One pass over the body: the anchor and the quoted text of each comment."""

    def __init__(self) -> None:
        self.open: dict[str, tuple[str, int | None]] = {}  # bookmark id → anchor, in opening order
        self.last: tuple[str, int | None] | None = None
        self.waiting: set[str] = set()
        self.active: set[str] = set()
        self.anchor: dict[str, tuple[str, int | None] | None] = {}
        self.quoted: dict[str, list[str]] = {}
        self.span: dict[str, list[int]] = {}  # comment id → [first, last] text element it covers
        self.texts = 0
        self.project_uid: str | None = None

    def here(self) -> tuple[str, int | None] | None:
        return next(reversed(self.open.values())) if self.open else self.last

    def run(self, body) -> None:
        for event, el in etree.iterwalk(body, events=("start", "end")):
            tag = el.tag
            if event == "end":
                if tag == _w("p"):
                    for cid in self.active:
                        self.quoted.setdefault(cid, []).append("\n")
                continue
            if tag == _w("bookmarkStart"):
                name = el.get(_w("name"), "")
                anchor = parse_anchor(name)
                self.project_uid = self.project_uid or project_from_bookmark(name)
                if anchor is not None:
                    self.open[el.get(_w("id"), "")] = anchor
                    self.last = anchor
            elif tag == _w("bookmarkEnd"):
                self.open.pop(el.get(_w("id"), ""), None)
            elif tag == _w("commentRangeStart"):
                cid = el.get(_w("id"), "")
                self.active.add(cid)
                self.waiting.add(cid)
            elif tag == _w("commentRangeEnd"):
                cid = el.get(_w("id"), "")
                self.active.discard(cid)
                self._settle({cid} & self.waiting)
            elif tag == _w("commentReference"):
                cid = el.get(_w("id"), "")
                if cid not in self.anchor:  # a comment on a point, not a range
                    self._settle({cid})
                self.span.setdefault(cid, [self.texts, self.texts])
            elif tag == _w("t") and el.text:
                self.texts += 1
                self._settle(set(self.waiting))
                for cid in self.active:
                    self.quoted.setdefault(cid, []).append(el.text)
                    self.span.setdefault(cid, [self.texts, self.texts])[1] = self.texts

    def _settle(self, ids: set[str]) -> None:
        for cid in ids:
            self.anchor.setdefault(cid, self.here())
            self.waiting.discard(cid)


def _utc(when: datetime | None) -> datetime | None:
    if when is None or when.year <= 1970:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.replace(microsecond=0)


def read_comments(path: str | Path) -> CommentsFile:
    """The comments of a .docx with their anchors, quoted text and threads; a file that
    is not a .docx, or is damaged, is refused with one line."""
    path = Path(path)
    doc = _open(path)
    parts = _parts(doc)
    props = _properties(_xml(parts.get(CT_CUSTOM)))
    walk = _Walk()
    walk.run(doc.element.body)
    parent_of, done = _threads(_xml(parts.get(CT_COMMENTS)), _xml(parts.get(CT_COMMENTS_EXTENDED)))
    out = CommentsFile(path, props.get(PROJECT_PROPERTY) or walk.project_uid, props.get(DOCUMENT_PROPERTY))
    if CT_COMMENTS not in parts:
        return out
    for c in doc.comments:
        ref = str(c.comment_id)
        text = c.text.strip()
        if not text:
            continue
        quoted = " ".join("".join(walk.quoted.get(ref, [])).split())
        out.comments.append(IncomingComment(
            ref=ref, author=(c.author or "").strip(), text=text, date=_utc(c.timestamp), initials=c.initials or None,
            quoted=quoted, anchor=walk.anchor.get(ref), parent_ref=parent_of.get(ref), done=ref in done))
    if not parent_of:
        out.comments = _threads_by_range(out.comments, walk.span)
    return out


def _threads_by_range(comments: list[IncomingComment], span: dict[str, list[int]]) -> list[IncomingComment]:
    """Without thread links: comments on exactly the same range are one thread, earliest first."""
    groups: dict[tuple[int, int], list[IncomingComment]] = {}
    for c in comments:
        if c.ref in span:
            groups.setdefault(tuple(span[c.ref]), []).append(c)
    parent: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1:
            first, *rest = sorted(group, key=lambda c: (c.date or datetime.max, int(c.ref) if c.ref.isdigit() else 0))
            parent.update({c.ref: first.ref for c in rest})
    return [replace(c, parent_ref=parent[c.ref]) if c.ref in parent else c for c in comments]
