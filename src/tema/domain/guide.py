"""Interview-guide sections (heading, colour, topic areas) and spans tagged to them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key


def upsert_section(session: Session, heading: str, *, colour: str | None = None, areas: list[str] | None = None,
                   coder_id: int | None = None) -> m.GuideSection:
    heading = clean_name(heading)
    if not heading:
        raise InvalidInput(_("guide heading must not be empty"))
    sec = next((g for g in session.scalars(select(m.GuideSection)) if name_key(g.heading) == name_key(heading)), None)
    with recorded(session, "guide.upsert", f"guide section «{heading}»", coder_id):
        if sec is None:
            n = session.scalar(select(func.count()).select_from(m.GuideSection)) or 0
            sec = m.GuideSection(heading=heading, ordinal=n, areas=[])
            session.add(sec)
        if colour is not None:
            sec.colour = colour
        if areas:
            sec.areas = list(sec.areas or []) + [clean_name(a) for a in areas if clean_name(a) not in (sec.areas or [])]
    return sec


def sections(session: Session) -> list[m.GuideSection]:
    return list(session.scalars(select(m.GuideSection).order_by(m.GuideSection.ordinal, m.GuideSection.id)))


def tag_span(session: Session, section: m.GuideSection, doc_id: int, start: int, end: int,
             coder_id: int | None = None) -> m.GuideTag:
    if start >= end:
        raise InvalidInput(_("guide tag {start}–{end}: empty span").format(start=start, end=end))
    with recorded(session, "guide.tag", f"span tagged «{section.heading}»", coder_id):
        tag = m.GuideTag(section_id=section.id, document_id=doc_id, start=start, end=end)
        session.add(tag)
    return tag
