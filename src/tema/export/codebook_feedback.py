"""Open feedback in the next codebook: an appendix listing each open thread (what it is
on, who wrote it when, the comment, the replies), and — with ``--comments`` — the same
threads as Word comments on the anchors they were written on, so the supervisor sees
the conversation continue in the margin."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.feedback import FeedbackItem
from tema.export.doc import Anchor, DocComment, Heading, Para
from tema.export.labels import Words
from tema.export.story_words import StoryWords
from tema.store import models as m

PROJECT: Anchor = ("project", None)


def _headings(blocks: list) -> dict[Anchor, str]:
    out: dict[Anchor, str] = {}
    for b in blocks:
        if isinstance(b, Heading) and b.anchor is not None:
            out.setdefault(b.anchor, b.text)
    return out


def _label(item: FeedbackItem, w: Words, sw: StoryWords, headings: dict[Anchor, str]) -> str:
    if item.target_kind == "theme":
        return headings.get(("theme", item.target_id)) or f"{w['theme']} {item.target}"
    if item.target_kind == "code":
        return f"{w['code']}: {item.target}"
    if item.target_kind == "coding":
        return f"{sw['extract'].capitalize()} {item.target}"
    return sw["project"].capitalize()


def feedback_appendix(threads: list[FeedbackItem], w: Words, sw: StoryWords, blocks: list) -> list:
    """The appendix after ``blocks`` (the codebook so far, whose headings name the themes);
    each thread's first line is bookmarked, so a comment on it in Word comes back as a
    reply in the thread."""
    headings = _headings(blocks)
    out: list = [Heading(1, sw["feedback"], PROJECT), Para(sw["feedback_intro"], muted=True)]
    for t in threads:
        out.append(Para(f"{sw['on']} {_label(t, w, sw, headings)} — {t.who_when}", muted=True,
                        anchor=("feedback", t.id)))
        out.append(Para(t.text))
        if t.quoted:
            out.append(Para(f"{sw['commented_text']}: «{t.quoted}»", muted=True))
        out += [Para(f"{sw['reply']} {r.who_when}: {r.text}") for r in t.replies]
    return out


def word_comments(session: Session, threads: list[FeedbackItem], blocks: list) -> list[DocComment]:
    """The open threads as Word comments on the anchors the codebook holds; an extract not
    quoted falls back to its code, anything else not shown to the title page (1 statement)."""
    present = {b.anchor for b in blocks if getattr(b, "anchor", None) is not None}
    missing = {t.target_id for t in threads if t.target_kind == "coding" and ("coding", t.target_id) not in present}
    code_of = dict(session.execute(select(m.Coding.id, m.Coding.code_id).where(m.Coding.id.in_(missing)))) if missing else {}
    out = []
    for t in threads:
        anchor: Anchor = (t.target_kind, t.target_id) if t.target_kind != "project" else PROJECT
        if anchor not in present and t.target_kind == "coding" and ("code", code_of.get(t.target_id)) in present:
            anchor = ("code", code_of[t.target_id])
        if anchor not in present:
            anchor = PROJECT
        replies = [DocComment(anchor, r.author, r.text, r.date) for r in t.replies]
        out.append(DocComment(anchor, t.author, t.text, t.date, replies=replies))
    return out
