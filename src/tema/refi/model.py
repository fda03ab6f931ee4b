"""REFI-QDA content as plain dataclasses (what ``tema.refi.parse`` reads from a
.qde or .qdc; nothing here touches a project)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RefiCode:
    guid: str
    name: str
    codable: bool
    colour: str | None
    description: str | None
    note_refs: list[str] = field(default_factory=list)
    children: list[RefiCode] = field(default_factory=list)


@dataclass(slots=True)
class RefiCoding:  # a Coding's own GUID is not kept: nothing refers to it, and there are many
    code: str | None
    user: str | None
    created: str | None
    note_refs: list[str] | tuple[()] = ()


@dataclass(slots=True)
class RefiSelection:
    guid: str | None
    name: str | None
    start: int | None
    end: int | None
    user: str | None
    created: str | None
    description: str | None
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiSource:
    guid: str | None
    name: str
    kind: str  # TextSource, PDFSource (its text Representation), Transcript
    text_path: str | None
    inline_text: str | None
    description: str | None
    user: str | None
    created: str | None
    selections: list[RefiSelection] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    values: list[tuple[str | None, str, str | None]] = field(default_factory=list)  # as RefiCase.values


@dataclass(slots=True)
class RefiVariable:
    guid: str
    name: str
    type: str


@dataclass(slots=True)
class RefiCase:
    guid: str | None
    name: str | None
    description: str | None
    values: list[tuple[str | None, str, str | None]] = field(default_factory=list)  # (variable guid, element, text)
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiNote:
    guid: str
    name: str | None
    text: str | None
    text_path: str | None
    description: str | None
    user: str | None
    created: str | None
    selections: list[RefiSelection] = field(default_factory=list)


@dataclass(slots=True)
class RefiSet:
    guid: str | None
    name: str
    description: str | None
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiProject:
    name: str
    origin: str
    created: str | None = None
    description: str | None = None
    users: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # guid → (name, id/initials)
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict[str, RefiVariable] = field(default_factory=dict)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    skipped_media: list[str] = field(default_factory=list)
    notes: dict[str, RefiNote] = field(default_factory=dict)
    links: list[tuple[str | None, str | None]] = field(default_factory=list)  # (origin, target)
    sets: list[RefiSet] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)  # project-level notes

    @property
    def is_nvivo(self) -> bool:
        return self.origin.strip().lower().startswith("nvivo")
