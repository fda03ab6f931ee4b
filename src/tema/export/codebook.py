"""The codebook a supervisor opens: title page, contents, an overview table, then
per theme its definition, central organising concept, the extracts chosen to illustrate
it (in their chosen order), subthemes and codes (level, definition, counts per
participant, perspectives, example extracts), then the unplaced codes, optionally the
reflexive journal, and the open feedback with its replies. Built as a Doc, so the Word,
Markdown and HTML versions come from the same content; one theme's section alone (the
TUI's preview) comes from the same builder (``build_theme_section``).

Every theme, subtheme, code and quoted extract carries an anchor (a Word bookmark), so
a supervisor's comments come back to what they were written on (``tema feedback
import``). Themes are numbered by ``theme_numbers``: a label is kept, themes without
one are numbered on from the highest label in board order."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tema.anchors import DOCUMENT_PROPERTY, PROJECT_PROPERTY
from tema.domain.feedback import list_feedback
from tema.domain.feedback_import import PROJECT_UID
from tema.domain.project import PHASES, PHASES_EN, get_project
from tema.domain.themes import ThemeNode
from tema.errors import NotFound
from tema.export.codebook_feedback import feedback_appendix, word_comments
from tema.export.codebook_reads import (
    chosen_extracts,
    coders_who_coded,
    example_extracts,
    numbered,
    perspective_counts,
)
from tema.export.doc import Doc, Field, Heading, PageBreak, Para, Quote, TableBlock, TitlePage, Toc
from tema.export.labels import Words
from tema.export.queries import Usage, active_codes, code_usage
from tema.export.story_words import StoryWords
from tema.export.table import Table, named
from tema.export.tables import Filters, map_tree
from tema.i18n import _
from tema.store import models as m
from tema.text import nb_sort_key

PROJECT = ("project", None)


class _Builder:
    """Reads what every section needs up front (a fixed number of statements), then
    appends blocks; ``tree`` is the part of the map the codebook shows."""

    def __init__(self, session: Session, w: Words, examples: int, tree: list[ThemeNode]) -> None:
        self.w = w
        self.codes = active_codes(session)
        self.usage = code_usage(session)
        self.persp = perspective_counts(session)
        self.examples = example_extracts(session, examples)
        self.chosen = chosen_extracts(session)
        self.scopes = dict(session.execute(select(m.Theme.id, m.Theme.scope).where(m.Theme.scope.is_not(None))).all())
        self.where: dict[int, list[str]] = {}
        for t in tree:
            for node in (t, *t.subthemes):
                for cid, _name in node.codes:
                    self.where.setdefault(cid, []).append(named(node.label, node.name))
        self.blocks: list = []

    def theme_fields(self, node: ThemeNode) -> None:
        w = self.w
        self.field(w["definition"], node.definition)
        self.field(w["central_concept"], node.central_concept)
        if self.scopes.get(node.id):
            self.blocks.append(Field(w["scope"], self.scopes[node.id]))

    def illustrative(self, node: ThemeNode) -> None:
        """The extracts chosen for the write-up of this (sub)theme, in their order."""
        quotes = self.chosen.get(node.id, [])
        if quotes:
            self.blocks.append(Para(f"{self.w['illustrative']}:", muted=True))
            self.blocks += [Quote(text, who, ("coding", cid)) for text, who, cid in quotes]

    def field(self, label: str, value: str | None) -> None:
        self.blocks.append(Field(label, value) if value else Field(label, self.w["no_definition"]))

    def code(self, level: int, code_id: int, here: str) -> None:
        w, c = self.w, self.codes[code_id]
        u = self.usage.get(code_id, Usage())
        self.blocks.append(Heading(level, c.name, ("code", code_id)))
        self.blocks.append(Field(w["level"], w.level(c.level)))
        self.field(w["definition"], c.definition)
        per = ", ".join(f"{who} {n}" for who, n in sorted(u.by_participant.items(), key=lambda kv: nb_sort_key(kv[0])))
        self.blocks.append(Field(w["extracts"], f"{u.extracts}" + (f" ({per})" if per else "")))
        self.blocks.append(Field(w["participants"], str(len(u.by_participant))))
        if self.persp.get(code_id):
            self.blocks.append(Field(w["perspectives"], ", ".join(f"{p} ({n})" for p, n in self.persp[code_id])))
        others = [t for t in self.where.get(code_id, []) if t != here]
        if others:
            self.blocks.append(Field(w["also_in"], "; ".join(dict.fromkeys(others))))
        quotes = self.examples.get(code_id, [])
        if quotes:
            self.blocks.append(Para(f"{w['examples']}:", muted=True))
            self.blocks += [Quote(text, who, ("coding", cid)) for text, who, cid in quotes]

    def theme(self, t: ThemeNode, number: str) -> None:
        """The section of one theme: heading, fields, chosen extracts, codes, subthemes."""
        w = self.w
        self.blocks.append(Heading(1, f"{w['theme']} {number}: {t.name}", ("theme", t.id)))
        self.theme_fields(t)
        self.illustrative(t)
        if not t.codes and not t.subthemes:
            self.blocks.append(Para(w["no_codes"], muted=True))
        if t.codes:
            if t.subthemes:
                self.blocks.append(Heading(2, w["direct_codes"], ("theme", t.id)))  # after extracts: still the theme
            for cid, _ in t.codes:
                self.code(3 if t.subthemes else 2, cid, named(t.label, t.name))
        for s in t.subthemes:
            self.subtheme(s)

    def subtheme(self, s: ThemeNode) -> None:
        here = named(s.label, s.name)
        self.blocks.append(Heading(2, here, ("theme", s.id)))
        self.theme_fields(s)
        self.illustrative(s)
        if not s.codes:
            self.blocks.append(Para(self.w["no_codes"], muted=True))
        for cid, _name in s.codes:
            self.code(3, cid, here)


def build_theme_section(session: Session, w: Words, theme_id: int, *, examples: int = 3) -> Doc:
    """The codebook's section of one theme (or subtheme) exactly as the full codebook
    holds it: same reads, same numbering, same «also in» across the whole map."""
    tree = map_tree(session)
    b = _Builder(session, w, examples, tree)
    for t, number in numbered(tree):
        if t.id == theme_id:
            b.theme(t, number)
            return Doc(t.name, w.lang, b.blocks)
        for s in t.subthemes:
            if s.id == theme_id:
                b.subtheme(s)
                return Doc(s.name, w.lang, b.blocks)
    theme = session.get(m.Theme, theme_id)
    if theme is None or theme.deleted_at is not None:
        raise NotFound(_("theme {id}: not found").format(id=theme_id))
    why = "discarded" if theme.status == "discarded" else "not in the theme map"
    raise NotFound(_("theme «{name}»: {why}, so not in the codebook").format(name=theme.name, why=why))


def overview_table(themes: list[tuple[ThemeNode, str]], w: Words) -> Table:
    """Tabell 5's shape (theme beside its subthemes) in codebook order, each theme with
    the number its section has — read from the tree already in hand."""
    rows: list[list] = []
    for t, number in themes:
        name = f"{number} {t.name}"
        rows += [[name, named(s.label, s.name)] for s in t.subthemes] or [[name, ""]]
    return Table("themes", w["title.themes"], [w["theme"], w["subtheme"]], rows, group_columns=1)


def build_codebook(session: Session, w: Words, *, examples: int = 3, journal: bool = False,
                   filters: Filters | None = None, comments: bool = False) -> Doc:
    f = filters or Filters()
    project = get_project(session)
    tree = map_tree(session, f.themes)
    b = _Builder(session, w, examples, tree)
    sw = StoryWords(w.lang)
    phases = PHASES if w.lang == "nb" else PHASES_EN
    today = date.today().strftime("%d.%m.%Y") if w.lang == "nb" else date.today().isoformat()
    lines = [(w["question"], project.question)] if project.question else []
    lines.append((w["date"], today))
    coders = coders_who_coded(session)
    if coders:
        lines.append((w["coders"], ", ".join(coders)))
    lines.append((w["phase"], f"{project.phase} – {phases[project.phase]}"))
    b.blocks += [TitlePage(project.title, w["codebook"], lines), Toc(w["contents"], w["toc_hint"])]
    b.blocks.append(Heading(1, w["overview"], PROJECT))
    themes = numbered(tree)
    if tree:
        b.blocks.append(TableBlock(overview_table(themes, w), 1))
        if any(not t.label for t in tree):
            b.blocks.append(Para(sw["numbering"], muted=True))
    else:
        b.blocks.append(Para(w["no_themes"], muted=True))
    for t, number in themes:
        b.theme(t, number)
    placed = {cid for t in tree for node in (t, *t.subthemes) for cid, _ in node.codes}
    unplaced = [cid for cid in b.codes if cid not in placed]
    if unplaced and not f.themes:
        b.blocks.append(Heading(1, w["unplaced_title"], PROJECT))
        for cid in unplaced:
            b.code(2, cid, "")
    if journal:
        b.blocks += [PageBreak(), Heading(1, w["journal"], PROJECT)]
        stmt = (select(m.Memo).options(selectinload(m.Memo.coder))
                .where(m.Memo.kind == "journal", m.Memo.deleted_at.is_(None)).order_by(m.Memo.created_at, m.Memo.id))
        entries = list(session.scalars(stmt))
        if not entries:
            b.blocks.append(Para(w["no_journal"], muted=True))
        for e in entries:
            who = e.coder.name if e.coder else ""
            b.blocks.append(Para(f"{e.created_at:%d.%m.%Y %H:%M} · {w['phase'].lower()} {e.phase or ''} · {who}",
                                 muted=True))
            b.blocks.append(Para(e.body))
    doc = Doc(f"{w['codebook']}: {project.title}", w.lang, b.blocks)
    uid = (project.settings or {}).get(PROJECT_UID)
    if uid:
        doc.properties = {PROJECT_PROPERTY: uid, DOCUMENT_PROPERTY: "codebook"}
    threads = list_feedback(session, status="open")
    if threads:
        doc.blocks += feedback_appendix(threads, w, sw, doc.blocks)
        if comments:
            doc.comments = word_comments(session, threads, doc.blocks)
    return doc
