"""Typed SQLAlchemy 2.x models of a tema project (one project per database).

Offsets (``start``/``end``) are Python ``str`` indices — Unicode code points —
into ``Document.text``, end exclusive, as the REFI-QDA standard counts them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tema.text import name_key

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LEVELS = ("semantic", "latent")
CODE_STATUSES = ("active", "merged", "retired")
THEME_STATUSES = ("candidate", "final", "discarded")
SEGMENT_KINDS = ("turn", "sentence", "heading")
MEMO_KINDS = ("journal", "note", "memo", "feedback")
FEEDBACK_STATUSES = ("open", "resolved")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    question: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="nb")
    phase: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    __table_args__ = (CheckConstraint("phase BETWEEN 1 AND 6", name="phase_range"),)


class Coder(Base):
    __tablename__ = "coder"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Shown in exports, merge reports and comparisons instead of ``name`` (which may be
    # an operating-system login and stays the coder's identity); `tema coder rename`.
    display_name: Mapped[str | None] = mapped_column(String(200))
    initials: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Case(Base):
    __tablename__ = "case_"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[list[CaseAttribute]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAttribute.key"
    )


class CaseAttribute(Base):
    __tablename__ = "case_attribute"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)
    value_type: Mapped[str] = mapped_column(String(16), default="text")
    case: Mapped[Case] = relationship(back_populates="attributes")
    __table_args__ = (UniqueConstraint("case_id", "key"),)


class Participant(Base):
    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(200), unique=True)
    label: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attributes: Mapped[list[ParticipantAttribute]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="ParticipantAttribute.key"
    )


class ParticipantAttribute(Base):
    """A typed key/value attribute: value_type is text, number, boolean or date."""

    __tablename__ = "participant_attribute"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)
    value_type: Mapped[str] = mapped_column(String(16), default="text")
    participant: Mapped[Participant] = relationship(back_populates="attributes")
    __table_args__ = (UniqueConstraint("participant_id", "key"),)


class CaseMember(Base):
    __tablename__ = "case_member"
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Document(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), unique=True)
    source_name: Mapped[str | None] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text, deferred=True)
    n_chars: Mapped[int] = mapped_column(Integer, default=0)
    n_words: Mapped[int] = mapped_column(Integer, default=0)
    encoding: Mapped[str | None] = mapped_column(String(40))
    source_format: Mapped[str | None] = mapped_column(String(16))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    interviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("coder.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_.id", ondelete="SET NULL"), index=True)
    interview_date: Mapped[str | None] = mapped_column(String(40))
    wave: Mapped[str | None] = mapped_column(String(40))
    pipeline: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    participant: Mapped[Participant | None] = relationship()
    interviewer: Mapped[Coder | None] = relationship()
    case: Mapped[Case | None] = relationship()


class Segment(Base):
    """Derived data: speaker turns and the sentences inside them. Rebuildable."""

    __tablename__ = "segment"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    speaker: Mapped[str | None] = mapped_column(String(200))
    turn: Mapped[int] = mapped_column(Integer, default=0)
    lemmas: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # no metadata: SQL NULL
    __table_args__ = (
        # One index for every read: a document's segments of a kind, by position (0008_compact).
        Index("ix_segment_document_kind_start", "document_id", "kind", "start"),
        CheckConstraint("start >= 0 AND \"end\" >= start", name="span"),
    )


class Code(Base):
    __tablename__ = "code"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(500), unique=True)
    definition: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16), default="semantic")
    colour: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="active")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("code.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("code.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("level IN ('semantic', 'latent')", name="level"),
        CheckConstraint("status IN ('active', 'merged', 'retired')", name="status"),
    )


class Perspective(Base):
    __tablename__ = "perspective"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)


class Coding(Base):
    __tablename__ = "coding"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"), index=True)
    memo: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    code: Mapped[Code] = relationship()
    document: Mapped[Document] = relationship()
    coder: Mapped[Coder | None] = relationship()
    perspective_links: Mapped[list[CodingPerspective]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    __table_args__ = (
        UniqueConstraint("code_id", "document_id", "start", "end", "coder_id", name="uq_coding_span"),
        Index("ix_coding_document_start", "document_id", "start"),  # by code: uq_coding_span's index
        CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
    )


class CodingPerspective(Base):
    __tablename__ = "coding_perspective"
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"), primary_key=True)
    perspective_id: Mapped[int] = mapped_column(
        ForeignKey("perspective.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    perspective: Mapped[Perspective] = relationship()


def _theme_key_default(context) -> str:
    """A theme inserted without its key (Core inserts: merge, benchmark seeds) gets it from its name."""
    return name_key(context.get_current_parameters()["name"])


class Theme(Base):
    """``key`` is the name as the app compares names (tema.text.name_key: NFC, case-folded,
    whitespace collapsed), kept in step with ``name``; unique among themes not in the trash."""

    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(500), default=_theme_key_default)
    definition: Mapped[str | None] = mapped_column(Text)
    central_concept: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(32))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    is_holding: Mapped[bool] = mapped_column(Boolean, default=False)
    # The theme's own colour on the map ("#rrggbb"), so deleting or moving another theme
    # never recolours it (tema.domain.theme_colours); None: derived from the id.
    colour: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("status IN ('candidate', 'final', 'discarded')", name="status"),
        Index("uq_theme_key", "key", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )


@event.listens_for(Theme.name, "set")
def _theme_name_set(target: Theme, value: str | None, _old, _initiator) -> None:
    if value is not None:
        target.key = name_key(value)


class ThemeCode(Base):
    __tablename__ = "theme_code"
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), primary_key=True, index=True)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)


class ThemeRename(Base):
    __tablename__ = "theme_rename"
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    old_name: Mapped[str] = mapped_column(String(500))
    new_name: Mapped[str] = mapped_column(String(500))
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ThemeExtract(Base):
    """An extract (coding) chosen to illustrate a theme in the write-up (phase 6)."""

    __tablename__ = "theme_extract"
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"), primary_key=True, index=True)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)


class ThemeMapSnapshot(Base):
    """A frozen copy of the theme map: later edits never change it.

    ``structure`` = {"themes": [{"name", "label", "definition", "status",
    "codes": [code names], "subthemes": [same shape]}], "unplaced": [code names]}
    """

    __tablename__ = "theme_map_snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    phase: Mapped[int | None] = mapped_column(Integer)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    structure: Mapped[dict[str, Any]] = mapped_column(JSON)


class Memo(Base):
    """Journal entries, notes anchored in a transcript, memos on codes/themes/codings, and
    feedback (a supervisor's comments on the codebook and the replies to them).

    target_kind: project | document | code | theme | coding; for a document,
    ``start``/``end`` anchor the note in the text. ``context`` records where the
    researcher was (screen, document, offset) when writing a journal entry.
    """

    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="journal")
    body: Mapped[str] = mapped_column(Text)
    phase: Mapped[int | None] = mapped_column(Integer)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16), default="project")
    target_id: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Feedback (kind "feedback"): a supervisor's comment from a Word codebook, or a reply.
    author: Mapped[str | None] = mapped_column(String(200))  # who wrote it (a supervisor is not a coder)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("memo.id", ondelete="CASCADE"), index=True)
    status: Mapped[str | None] = mapped_column(String(16))  # open | resolved (a thread's first memo)
    quoted: Mapped[str | None] = mapped_column(Text)  # the text the comment was attached to
    source_key: Mapped[str | None] = mapped_column(String(64), index=True)  # recognises a re-imported comment
    coder: Mapped[Coder | None] = relationship()
    __table_args__ = (Index("ix_memo_target", "target_kind", "target_id"),)


class GuideSection(Base):
    __tablename__ = "guide_section"
    id: Mapped[int] = mapped_column(primary_key=True)
    heading: Mapped[str] = mapped_column(String(500), unique=True)
    colour: Mapped[str | None] = mapped_column(String(32))
    areas: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)


class GuideTag(Base):
    """A span of a transcript tagged to the interview-guide section it answers."""

    __tablename__ = "guide_tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("guide_section.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class PseudonymRule(Base):
    __tablename__ = "pseudonym_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    real: Mapped[str] = mapped_column(String(500), unique=True)
    replacement: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


EVENT_STATES = ("done", "undone", "dropped", "final", "barrier", "purged")


class Event(Base):
    """Append-only provenance log. ``changes`` holds row-level before/after images
    so an action can be undone and redone exactly (see tema.domain.events).

    ``state``: done (on its coder's undo stack), undone (on the redo stack), dropped
    (undone, then a new action of the same coder), final (a log entry: undo/redo records,
    settings), barrier (cannot be undone, and no undo or redo crosses it: import, merge,
    purge, restore of a backup), purged (its payload was scrubbed by a purge).
    ``versions``: after an undo or redo, the ``version`` each versioned row it touched has in
    the state that replay left ({"table:pk": version}), which the next replay expects."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[list[Any] | None] = mapped_column(JSON)
    undoable: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[str] = mapped_column(String(16), default="done")
    versions: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    coder: Mapped[Coder | None] = relationship()
    __table_args__ = (
        # Each coder's undo/redo stack, and the newest barrier: index range scans, never the whole log.
        Index("ix_event_coder_state", "coder_id", "state", "id"),
        Index("ix_event_state", "state", "id"),
    )
