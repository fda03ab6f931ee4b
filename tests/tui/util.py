"""Reading the store after the app ran (domain reads only)."""

from __future__ import annotations

from tema.domain import documents, segments
from tema.store import models as m


def doc_id(store, title: str) -> int:
    with store.session() as s:
        return documents.find_document(s, title).id


def sentences(store, title: str) -> list[tuple[int, int]]:
    with store.session() as s:
        return [(a, b) for a, b, _ in segments.segment_spans(s, doc_id(store, title))]


def text_of(store, title: str) -> str:
    with store.session() as s:
        return documents.document_text(s, doc_id(store, title))


def codings(store) -> list[dict]:
    with store.session() as s:
        out = []
        for c in s.query(m.Coding).order_by(m.Coding.id):
            out.append({
                "code": c.code.name, "level": c.code.level, "start": c.start, "end": c.end, "text": c.text,
                "document": c.document.title, "coder": c.coder.name if c.coder else None,
                "perspectives": sorted(link.perspective.name for link in c.perspective_links),
            })
        return out


async def settle(pilot) -> None:
    """Let workers finish and the panels' deferred repaints happen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause(0.1)
