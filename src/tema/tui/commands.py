"""Command palette (ctrl+p) providers: documents and codes. Actions come from
``TemaApp.get_system_commands``."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tema.domain.codes import code_stats
from tema.domain.documents import document_overview
from tema.tui import reads


class DocumentsProvider(Provider):
    async def startup(self) -> None:
        self.items = [(doc_id, label.plain) for doc_id, label in reads.document_items(self.app.read(document_overview) or [])]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for doc_id, label in self.items:
            score = matcher.match(f"open {label}")
            if score > 0:
                yield Hit(score, matcher.highlight(f"open {label}"), partial(self.app.open_anywhere, doc_id),
                          help="Open this transcript")

    async def discover(self) -> Hits:
        for doc_id, label in self.items:
            yield DiscoveryHit(f"open {label}", partial(self.app.open_anywhere, doc_id), help="Open this transcript")


class CodesProvider(Provider):
    async def startup(self) -> None:
        self.choices = reads.code_choices(self.app.read(code_stats) or [])

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self.choices:
            text = f"code {c.name}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.goto_code, c.id),
                          help=f"Go to the next extract ({c.extracts} in all) · {c.level}")
