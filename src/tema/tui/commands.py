"""Command palette (ctrl+p) providers: documents and codes. Actions come from
``TemaApp.get_system_commands``."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tema.domain.codes import code_stats
from tema.domain.documents import document_overview
from tema.i18n import _, ngettext
from tema.tui import reads
from tema.tui.words import word


class DocumentsProvider(Provider):
    async def startup(self) -> None:
        self.items = [(doc_id, label.plain) for doc_id, label in reads.document_items(self.app.read(document_overview) or [])]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for doc_id, label in self.items:
            text = _("open {document}").format(document=label)
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.open_anywhere, doc_id),
                          help=_("Open this transcript"))

    async def discover(self) -> Hits:
        for doc_id, label in self.items:
            yield DiscoveryHit(_("open {document}").format(document=label), partial(self.app.open_anywhere, doc_id),
                               help=_("Open this transcript"))


class CodesProvider(Provider):
    async def startup(self) -> None:
        self.choices = reads.code_choices(self.app.read(code_stats) or [])

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self.choices:
            text = _("code {code}").format(code=c.name)
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.goto_code, c.id),
                          help=ngettext("Go to the next extract ({n} in all) · {level}",
                                       "Go to the next extract ({n} in all) · {level}", c.extracts).format(
                              n=c.extracts, level=word(c.level)))
