"""Codes: the researcher's labels. Create, rename, merge, split, retire, trash — never losing extracts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain import refs
from tema.domain.events import recorded
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key, nb_sort_key

PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295",
]


@overload
def check_level(level: str) -> str: ...
@overload
def check_level(level: None) -> None: ...
def check_level(level: str | None) -> str | None:
    if level is None:
        return None
    level = level.strip().lower()
    aliases = {"semantisk": "semantic", "latent": "latent", "semantic": "semantic"}
    if level not in aliases:
        raise InvalidInput(_("--level {level!r}: must be semantic or latent").format(level=level))
    return aliases[level]


def lookup_code(session: Session, name: str, *, include_inactive: bool = False) -> m.Code | None:
    code = session.scalars(select(m.Code).where(m.Code.key == name_key(name))).first()
    if code is None or (not include_inactive and (code.deleted_at is not None or code.status != "active")):
        return code if include_inactive else None
    return code


def find_code(session: Session, name: str) -> m.Code:
    code = session.scalars(select(m.Code).where(m.Code.key == name_key(name))).first()
    if code is None:  # a merged code keeps its name but gives up its key
        code = next((c for c in session.scalars(select(m.Code).where(m.Code.status == "merged"))
                     if name_key(c.name) == name_key(name)), None)
    if code is None:
        near = suggest_codes(session, name)
        if near:
            raise NotFound(_("code {name!r}: not found (did you mean {near}?)").format(
                name=name, near=", ".join(repr(n) for n in near)))
        raise NotFound(_("code {name!r}: not found").format(name=name))
    return _usable(session, code, name)


def _usable(session: Session, code: m.Code, name: str) -> m.Code:
    """``code`` (found by ``name``) unless it is in the trash or merged away."""
    if code.deleted_at is not None:
        raise NotFound(_("code {name!r}: is in the trash (restore it with `tema restore-item`)").format(name=name))
    if code.status == "merged" and code.merged_into_id:
        target = session.get(m.Code, code.merged_into_id)
        raise Conflict(_("code {name!r}: was merged into {target!r}").format(name=name, target=target.name) if target else _("code {name!r}: merged").format(name=name))
    return code


def suggest_codes(session: Session, name: str, limit: int = 3, cutoff: int = 60) -> list[str]:
    names = list(session.scalars(select(m.Code.name).where(m.Code.deleted_at.is_(None))))
    hits = process.extract(clean_name(name), names, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [h[0] for h in hits]


def create_code(
    session: Session,
    name: str,
    *,
    level: str | None = None,
    definition: str | None = None,
    colour: str | None = None,
    coder_id: int | None = None,
) -> m.Code:
    name = clean_name(name)
    if not name:
        raise InvalidInput(_("code name must not be empty"))
    existing = session.scalars(select(m.Code).where(m.Code.key == name_key(name))).first()
    if existing is not None:
        if existing.name != name:
            raise Conflict(_("code {name!r}: differs only by case or spacing from existing code {existing!r}").format(
                name=name, existing=existing.name))
        raise Conflict(_("code {name!r}: already exists").format(name=name))
    return _new_code(session, name, level=level, definition=definition, colour=colour, coder_id=coder_id)


def _new_code(session: Session, name: str, *, level: str | None, definition: str | None = None,
              colour: str | None = None, coder_id: int | None) -> m.Code:
    """Insert a code whose (clean, non-empty) name is known to be free."""
    n = session.scalar(select(func.count()).select_from(m.Code)) or 0
    code = m.Code(
        name=name,
        key=name_key(name),
        level=check_level(level) or "semantic",
        definition=definition,
        colour=colour or PALETTE[n % len(PALETTE)],
        created_by_id=coder_id,
        status="active",
    )
    with recorded(session, "code.create", f"code «{name}» created", coder_id):
        session.add(code)
    return code


def get_or_create_code(session: Session, name: str, *, level: str | None = None, coder_id: int | None = None) -> m.Code:
    """The active code with this name; a name that differs only by case/NFC/spacing is
    refused (so typos don't silently split a code), a new name creates the code.
    One lookup by key, whichever it is."""
    name = clean_name(name)
    if not name:
        raise InvalidInput(_("code name must not be empty"))
    existing = session.scalars(select(m.Code).where(m.Code.key == name_key(name))).first()
    if existing is None:
        return _new_code(session, name, level=level, coder_id=coder_id)
    if existing.name != name:
        raise Conflict(
            _("--code {name!r}: differs only by case or spacing from existing code {existing!r}; "
              "use that name").format(name=name, existing=existing.name)
        )
    code = _usable(session, existing, name)
    level = check_level(level)
    if level and level != code.level:
        set_code_fields(session, code, level=level, coder_id=coder_id)
    return code


def set_code_fields(
    session: Session,
    code: m.Code | refs.Ref,
    *,
    level: str | None = None,
    definition: str | None = None,
    colour: str | None = None,
    coder_id: int | None = None,
) -> m.Code:
    code = refs.code(session, code)
    with recorded(session, "code.edit", f"code «{code.name}» edited", coder_id):
        if level is not None:
            code.level = check_level(level)
        if definition is not None:
            code.definition = definition
        if colour is not None:
            code.colour = colour
    return code


def toggle_level(session: Session, code: m.Code | refs.Ref, coder_id: int | None = None) -> m.Code:
    code = refs.code(session, code)
    return set_code_fields(session, code, level="latent" if code.level == "semantic" else "semantic", coder_id=coder_id)


def rename_code(session: Session, code: m.Code | refs.Ref, new_name: str, coder_id: int | None = None) -> m.Code:
    code = refs.code(session, code)
    new_name = clean_name(new_name)
    if not new_name:
        raise InvalidInput(_("new code name must not be empty"))
    clash = session.scalars(select(m.Code).where(m.Code.key == name_key(new_name), m.Code.id != code.id)).first()
    if clash is not None:
        raise Conflict(_("code {name!r}: already exists (use merge to combine codes)").format(name=new_name))
    with recorded(session, "code.rename", f"code «{code.name}» renamed «{new_name}»", coder_id):
        code.name, code.key = new_name, name_key(new_name)
    return code


def merge_codes(session: Session, sources: list[m.Code] | list[refs.Ref], target: m.Code | refs.Ref,
                coder_id: int | None = None) -> int:
    """Move every coding and theme link of ``sources`` onto ``target``; sources become
    status 'merged' (kept, pointing at the target). Returns codings moved."""
    target = refs.code(session, target)
    sources = [s for s in (refs.code(session, x) for x in sources) if s.id != target.id]
    if not sources:
        raise InvalidInput(_("merge: name at least one code other than the target"))
    moved = 0
    names = ", ".join(f"«{s.name}»" for s in sources)
    with recorded(session, "code.merge", f"{names} merged into «{target.name}»", coder_id):
        for src in sources:
            for coding in session.scalars(select(m.Coding).where(m.Coding.code_id == src.id)):
                twin = session.scalars(
                    select(m.Coding).where(
                        m.Coding.code_id == target.id,
                        m.Coding.document_id == coding.document_id,
                        m.Coding.start == coding.start,
                        m.Coding.end == coding.end,
                        m.Coding.coder_id.is_(coding.coder_id) if coding.coder_id is None else m.Coding.coder_id == coding.coder_id,
                    )
                ).first()
                if twin is not None:
                    _union_perspectives(session, twin, coding)
                    from tema.domain.coding import drop_link

                    for link in list(coding.perspective_links):
                        drop_link(session, coding, link)
                    session.flush()
                    session.delete(coding)
                else:
                    coding.code_id = target.id
                moved += 1
            for placed in session.scalars(select(m.ThemeCode).where(m.ThemeCode.code_id == src.id)):
                if session.get(m.ThemeCode, (placed.theme_id, target.id)) is None:
                    session.add(m.ThemeCode(theme_id=placed.theme_id, code_id=target.id, ordinal=placed.ordinal))
                session.delete(placed)
            src.status, src.merged_into_id = "merged", target.id
            src.key = f"{src.key}#merged{src.id}"
    return moved


def _union_perspectives(session: Session, keep: m.Coding, other: m.Coding) -> None:
    have = {link.perspective_id for link in keep.perspective_links}
    for link in other.perspective_links:
        if link.perspective_id not in have:
            keep.perspective_links.append(m.CodingPerspective(perspective_id=link.perspective_id))
    session.flush()


def split_code(session: Session, code: m.Code | refs.Ref, new_name: str, coding_ids: list[int],
               coder_id: int | None = None) -> m.Code:
    """Move the chosen codings of ``code`` to a new code (theme links are copied)."""
    code = refs.code(session, code)
    if not coding_ids:
        raise InvalidInput(_("split: choose at least one extract to move"))
    with recorded(session, "code.split", f"«{new_name}» split from «{code.name}»", coder_id):
        new = create_code(session, new_name, level=code.level, definition=code.definition, coder_id=coder_id)
        codings = list(session.scalars(select(m.Coding).where(m.Coding.id.in_(coding_ids))))
        foreign = [c.id for c in codings if c.code_id != code.id]
        if foreign or len(codings) != len(set(coding_ids)):
            raise InvalidInput(_("split: extracts {ids} are not coded with «{name}»").format(ids=foreign or coding_ids, name=code.name))
        for c in codings:
            c.code_id = new.id
        for link in session.scalars(select(m.ThemeCode).where(m.ThemeCode.code_id == code.id)):
            session.add(m.ThemeCode(theme_id=link.theme_id, code_id=new.id, ordinal=link.ordinal + 1))
    return new


def retire_code(session: Session, code: m.Code | refs.Ref, coder_id: int | None = None) -> m.Code:
    code = refs.code(session, code)
    with recorded(session, "code.retire", f"code «{code.name}» retired", coder_id):
        code.status = "retired"
    return code


def delete_code(session: Session, code: m.Code | refs.Ref, coder_id: int | None = None) -> m.Code:
    """Move a code to the trash: its codings stay but are hidden until restored."""
    code = refs.code(session, code)
    with recorded(session, "code.delete", f"code «{code.name}» moved to trash", coder_id):
        code.deleted_at = m.utcnow()
    return code


def restore_code(session: Session, code: m.Code | refs.Ref, coder_id: int | None = None) -> m.Code:
    code = refs.code(session, code, trashed=True)
    with recorded(session, "code.restore", f"code «{code.name}» restored", coder_id):
        code.deleted_at = None
        if code.status == "retired":
            code.status = "active"
    return code


@dataclass(frozen=True)
class CodeInfo:
    """A code as plain values (what lists and edges show)."""

    id: int
    name: str
    level: str
    colour: str | None
    definition: str | None
    status: str

    @classmethod
    def of(cls, c: m.Code) -> CodeInfo:
        return cls(c.id, c.name, c.level, c.colour, c.definition, c.status)


@dataclass(frozen=True)
class CodeStat:
    code: CodeInfo
    extracts: int
    participants: int


def coding_counts(session: Session, code_ids=None) -> dict[int, tuple[int, int]]:
    """code id → (extracts, participants) over live documents, in one statement; codes
    without extracts are absent. ``code_ids`` (ids or a select of ids) limits the count."""
    stmt = (
        select(m.Coding.code_id, func.count(m.Coding.id), func.count(func.distinct(m.Document.participant_id)))
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None))
        .group_by(m.Coding.code_id)
    )
    if code_ids is not None:
        stmt = stmt.where(m.Coding.code_id.in_(code_ids))
    return {code_id: (n, parts) for code_id, n, parts in session.execute(stmt)}


def stats_of(session: Session, codes: list[m.Code], code_ids=None) -> list[CodeStat]:
    """CodeStat of each of ``codes`` (in the order given); ``code_ids`` as in coding_counts."""
    counts = coding_counts(session, code_ids)
    return [CodeStat(CodeInfo.of(c), *counts.get(c.id, (0, 0))) for c in codes]


def code_stats(session: Session, *, include_retired: bool = False) -> list[CodeStat]:
    """Active codes with their extract and participant counts, in Norwegian order (2 statements)."""
    stmt = select(m.Code).where(m.Code.deleted_at.is_(None))
    stmt = stmt.where(m.Code.status.in_(("active", "retired") if include_retired else ("active",)))
    codes = sorted(session.scalars(stmt), key=lambda c: nb_sort_key(c.name))
    return stats_of(session, codes)


def set_code_parent(session: Session, code: m.Code, parent: m.Code | None, coder_id: int | None = None) -> m.Code:
    """Nest a code under another code (a codable parent, as REFI-QDA code books nest them)."""
    seen, p = {code.id}, parent
    while p is not None:
        if p.id in seen:
            assert parent is not None  # p starts at parent
            raise InvalidInput(_("code «{name}»: cannot be nested under «{parent}» (a cycle)").format(name=code.name, parent=parent.name))
        seen.add(p.id)
        p = session.get(m.Code, p.parent_id) if p.parent_id else None
    with recorded(session, "code.parent", f"«{code.name}» nested under «{parent.name if parent else '—'}»", coder_id):
        code.parent_id = parent.id if parent else None
    return code


# --- TUI support -------------------------------------------------------------------


def get_code(session: Session, code_id: int) -> m.Code:
    """A code by id (live: not in the trash); ``Vanished`` when it is gone."""
    return refs.code(session, code_id)


def code_info(session: Session, code_id: int) -> CodeInfo:
    """A live code by id as plain values; ``Vanished`` when it is gone."""
    return CodeInfo.of(refs.code(session, code_id))
