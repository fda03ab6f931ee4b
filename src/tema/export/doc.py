"""A small document model — headings, paragraphs, quotes, tables — that the
Markdown, HTML and Word writers render. Table exports and the codebook are both
built as a ``Doc``, so each format has exactly one writer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class Heading:
    level: int  # 1–3
    text: str


@dataclass
class Para:
    text: str
    muted: bool = False


@dataclass
class Field:
    """A labelled line: "Definisjon: …"."""

    label: str
    value: str


@dataclass
class Quote:
    text: str
    cite: str | None = None


@dataclass
class TableBlock:
    table: Table
    number: int


@dataclass
class PageBreak:
    pass


Block = TitlePage | Toc | Heading | Para | Field | Quote | TableBlock | PageBreak


@dataclass
class Doc:
    title: str
    lang: str
    blocks: list[Any] = field(default_factory=list)

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
    if isinstance(value, list):
        return [_map(v, fn) for v in value]
    if isinstance(value, tuple):
        return tuple(_map(v, fn) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _map(getattr(value, f.name), fn) for f in dataclasses.fields(value) if f.name != "lang"}
        return dataclasses.replace(value, **changes)
    return value


def table_doc(title: str, lang: str, tables: list[Table], first_number: int = 1) -> Doc:
    return Doc(title, lang, [TableBlock(t, first_number + i) for i, t in enumerate(tables)])
