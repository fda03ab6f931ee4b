"""A small document model — headings, paragraphs, quotes, tables, figures — that the
Markdown, HTML and Word writers render. Table exports, the codebook and the process
account are all built as a ``Doc``, so each format has exactly one writer.

An ``anchor`` (kind, id) on a heading, paragraph or quote names what it shows — a
theme, code, coding (extract), feedback thread or the project — and becomes an
invisible bookmark in Word (``tema_theme_12``), so comments written on it can be traced
back. ``properties`` are written as the .docx's custom properties (the project's id);
``comments`` as Word comments on their anchors."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tema.export.table import Table


@dataclass
class TitlePage:
    title: str
    subtitle: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value)


@dataclass
class Toc:
    title: str
    hint: str


Anchor = tuple[str, int | None]  # ("theme", 12), ("code", 3), ("coding", 77), ("feedback", 5), ("project", None)


@dataclass
class Heading:
    level: int  # 1–3
    text: str
    anchor: Anchor | None = field(default=None, compare=False)


@dataclass
class Para:
    text: str
    muted: bool = False
    anchor: Anchor | None = field(default=None, compare=False)
    bullet: bool = False  # an item of a bulleted list


@dataclass
class Field:
    """A labelled line: "Definisjon: …"."""

    label: str
    value: str


@dataclass
class Quote:
    text: str
    cite: str | None = None
    anchor: Anchor | None = field(default=None, compare=False)


@dataclass
class TableBlock:
    table: Table
    number: int


@dataclass
class PageBreak:
    pass


@dataclass
class Figure:
    """A theme map drawn as a figure: ``graph`` is a map graph (``tema.export.thememap``),
    drawn as a picture in Word and as a Mermaid mindmap in Markdown."""

    graph: Any
    caption: str
    width_mm: float = 120


@dataclass
class DocComment:
    """A comment the Word writer puts on the paragraph bookmarked with ``anchor``; its
    replies follow as a Word thread."""

    anchor: Anchor
    author: str
    text: str
    date: datetime | None = None
    initials: str | None = None
    replies: list[DocComment] = field(default_factory=list)


Block = TitlePage | Toc | Heading | Para | Field | Quote | TableBlock | PageBreak | Figure

_NOT_TEXT = ("lang", "anchor", "properties", "landscape")


@dataclass
class Doc:
    title: str
    lang: str
    blocks: list[Any] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties (Word)
    comments: list[DocComment] = field(default_factory=list)
    landscape: bool | None = None  # None: landscape when a table is wide

    @property
    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]

    def text_map(self, fn: Callable[[str], str]) -> Doc:
        """A copy with ``fn`` applied to every piece of text it holds (pseudonyms)."""
        return _map(self, fn)


def _map(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, Table):
        return value.text_map(fn)
    if isinstance(value, Figure):
        graph = value.graph.copy()
        for _, data in graph.nodes(data=True):
            data["label"] = fn(data["label"])
        return dataclasses.replace(value, graph=graph, caption=fn(value.caption))
    if isinstance(value, list):
        return [_map(v, fn) for v in value]
    if isinstance(value, tuple):
        return tuple(_map(v, fn) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _map(getattr(value, f.name), fn) for f in dataclasses.fields(value) if f.name not in _NOT_TEXT}
        return dataclasses.replace(value, **changes)
    return value


def table_doc(title: str, lang: str, tables: list[Table], first_number: int = 1) -> Doc:
    return Doc(title, lang, [TableBlock(t, first_number + i) for i, t in enumerate(tables)])
