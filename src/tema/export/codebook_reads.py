"""What the codebook reads (each a fixed number of statements, whatever the corpus) and
how it numbers its themes."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tema.domain.themes import ThemeNode
from tema.export.queries import shown_name
from tema.store import models as m
from tema.text import nb_sort_key


def example_extracts(session: Session, n: int) -> dict[int, list[tuple[str, str | None, int]]]:
    """Up to ``n`` extracts per code (text, participant, coding id), 1 statement: extracts chosen
    for the write-up first, in their chosen order (the lowest ordinal over the themes
    that chose them), then one per participant in turn, in document order."""
    if n <= 0:
        return {}
    firsts = (select(m.ThemeExtract.coding_id, func.min(m.ThemeExtract.ordinal).label("pos"))
              .group_by(m.ThemeExtract.coding_id).subquery())
    chosen = case((firsts.c.pos.is_not(None), 0), else_=1)
    base = (
        select(
            m.Coding.code_id, m.Coding.text, m.Participant.label, m.Participant.pseudonym,
            chosen.label("chosen"), firsts.c.pos, m.Document.title.label("doc"), m.Coding.start,
            m.Coding.id.label("cid"),
            func.row_number().over(
                partition_by=(m.Coding.code_id, m.Document.participant_id),
                order_by=(chosen, firsts.c.pos, m.Document.title, m.Coding.start, m.Coding.id),
            ).label("turn"),
        )
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .outerjoin(m.Participant, m.Participant.id == m.Document.participant_id)
        .outerjoin(firsts, firsts.c.coding_id == m.Coding.id)
        .where(m.Document.deleted_at.is_(None))
        .subquery()
    )
    rank = func.row_number().over(
        partition_by=base.c.code_id,
        order_by=(base.c.chosen, base.c.pos, base.c.turn, base.c.doc, base.c.start, base.c.cid),
    ).label("rank")
    ranked = select(base, rank).subquery()
    stmt = (
        select(ranked.c.code_id, ranked.c.text, ranked.c.label, ranked.c.pseudonym, ranked.c.cid)
        .where(ranked.c.rank <= n)
        .order_by(ranked.c.code_id, ranked.c.rank)
    )
    out: dict[int, list[tuple[str, str | None, int]]] = {}
    for code_id, text, label, pseudonym, cid in session.execute(stmt):
        out.setdefault(code_id, []).append((text, shown_name(label, pseudonym), cid))
    return out


def chosen_extracts(session: Session) -> dict[int, list[tuple[str, str | None, int]]]:
    """Per theme the extracts chosen to illustrate it (text, participant, coding id), in
    their chosen order, over live documents and active codes (1 statement)."""
    stmt = (
        select(m.ThemeExtract.theme_id, m.Coding.text, m.Participant.label, m.Participant.pseudonym, m.Coding.id)
        .join(m.Coding, m.Coding.id == m.ThemeExtract.coding_id)
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .outerjoin(m.Participant, m.Participant.id == m.Document.participant_id)
        .where(m.Document.deleted_at.is_(None), m.Code.deleted_at.is_(None), m.Code.status == "active")
        .order_by(m.ThemeExtract.theme_id, m.ThemeExtract.ordinal, m.ThemeExtract.coding_id)
    )
    out: dict[int, list[tuple[str, str | None, int]]] = {}
    for theme_id, text, label, pseudonym, cid in session.execute(stmt):
        out.setdefault(theme_id, []).append((text, shown_name(label, pseudonym), cid))
    return out


def perspective_counts(session: Session) -> dict[int, list[tuple[str, int]]]:
    stmt = (
        select(m.Coding.code_id, m.Perspective.name, func.count())
        .join(m.CodingPerspective, m.CodingPerspective.coding_id == m.Coding.id)
        .join(m.Perspective, m.Perspective.id == m.CodingPerspective.perspective_id)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None))
        .group_by(m.Coding.code_id, m.Perspective.id, m.Perspective.name)
        .order_by(m.Coding.code_id, m.Perspective.id)
    )
    out: dict[int, list[tuple[str, int]]] = {}
    for code_id, name, n in session.execute(stmt):
        out.setdefault(code_id, []).append((name, int(n)))
    return out


def coders_who_coded(session: Session) -> list[str]:
    """The shown names (display name, else login) of the coders whose codings are in the
    project (live documents), in Norwegian order — never a coder who only ran a command
    (1 statement)."""
    coded = (select(m.Coding.coder_id).join(m.Document, m.Document.id == m.Coding.document_id)
             .where(m.Coding.coder_id.is_not(None), m.Document.deleted_at.is_(None)).distinct())
    shown = func.coalesce(m.Coder.display_name, m.Coder.name)
    return sorted(session.scalars(select(shown).where(m.Coder.id.in_(coded))), key=nb_sort_key)


def theme_numbers(tree: list[ThemeNode]) -> dict[int, str]:
    """Each theme's number in the codebook, unique and stable: a theme's label when it has
    one; themes without a label are numbered on from the highest numeric label, in the
    order of the board (so «Tema 1» is never given twice)."""
    out = {t.id: t.label for t in tree if t.label}
    taken = set(out.values())
    n = max((int(label) for label in taken if label.isdigit()), default=0)
    for t in tree:
        if t.id not in out:
            n += 1
            while str(n) in taken:
                n += 1
            out[t.id] = str(n)
    return out


def numbered(tree: list[ThemeNode]) -> list[tuple[ThemeNode, str]]:
    """The themes in codebook order: labelled ones by their label (1, 2, 10, then
    letters), then the unlabelled ones in board order."""
    numbers = theme_numbers(tree)

    def key(item: tuple[int, ThemeNode]) -> tuple:
        i, t = item
        if not t.label:
            return (2, i, "")
        return (0, int(t.label), "") if t.label.isdigit() else (1, 0, nb_sort_key(t.label))

    return [(t, numbers[t.id]) for _, t in sorted(enumerate(tree), key=key)]
