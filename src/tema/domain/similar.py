"""A second look: passages of the whole dataset like a code's, a theme's or one extract's
extracts, by shared lemmas — transparent, offline, and never coding anything.

The extracts' lemmas are weighted by their extract frequency and their idf among the
project's sentence segments (tema.domain.similar_query); the index ranks the sentences
(tema.domain.similar_rank: bm25 on SQLite, ts_rank on PostgreSQL); passages already coded
with the code (or with a code of the theme), interviewer turns and trashed documents are
left out. Each passage says which lemmas it shares with the query, so the researcher sees
why it is there. Only ``journal_second_look`` writes (one journal entry)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.pseudonyms import Pseudonymizer, replacements
from tema.domain.similar_query import TOP_TERMS, Term, build_query, extract_frequencies
from tema.domain.similar_rank import Exclusion, Ranked, rank_segments, trashed_documents
from tema.domain.similar_sources import Span, coded_spans, segment_texts, source_segments
from tema.errors import InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import nb_sort_key

DEFAULT_LIMIT = 20
MAX_SOURCES = 250  # a larger code or theme: the query is built from this many extracts, spread evenly
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Passage:
    segment_id: int
    document_id: int
    document: str
    participant: str | None  # the participant's pseudonym
    participant_label: str | None
    speaker: str | None
    start: int  # code points into the document, end exclusive
    end: int
    text: str
    score: float  # higher is closer (comparable within one list only)
    shared: tuple[str, ...]  # the query's lemmas the passage holds, heaviest first
    marks: tuple[tuple[int, int], ...]  # spans of those words, relative to ``text``

    @property
    def who(self) -> str:
        return self.participant_label or self.participant or self.document


@dataclass
class SecondLook:
    kind: str  # "code" | "theme" | "extract"
    name: str
    extracts: int  # extracts the query was built from
    terms: tuple[Term, ...]
    passages: list[Passage]
    participants: list[str] = field(default_factory=list)  # every participant with a live document

    @property
    def what(self) -> str:
        """How the journal and the lists name the source, e.g. "code Samarbeid"."""
        return f"{self.kind} {self.name}"

    def by_participant(self) -> list[tuple[str, list[Passage]]]:
        """Passages grouped by participant (label, else pseudonym, else document), groups in
        order of their closest passage."""
        groups: dict[str, list[Passage]] = {}
        for p in self.passages:
            groups.setdefault(p.who, []).append(p)
        return list(groups.items())

    @property
    def participants_without(self) -> list[str]:
        """Participants none of whose passages are among those found, in Norwegian order."""
        found = {p.who for p in self.passages}
        return [p for p in self.participants if p not in found]


def similar_to_code(session: Session, code_id: int, *, limit: int = DEFAULT_LIMIT, pseudonymised: bool = False,
                    top: int = TOP_TERMS) -> SecondLook:
    """Passages like the code's extracts, not coded with the code."""
    code = session.get(m.Code, code_id)
    if code is None or code.deleted_at is not None:
        raise NotFound(_("code {id}: not found").format(id=code_id))
    trashed = trashed_documents(session)
    spans = coded_spans(session, [code.id], trashed)
    return _look(session, "code", code.name, spans, spans, trashed, limit, pseudonymised, top)


def similar_to_theme(session: Session, theme_id: int, *, limit: int = DEFAULT_LIMIT, pseudonymised: bool = False,
                     top: int = TOP_TERMS) -> SecondLook:
    """Passages like the extracts of the theme's codes (its subthemes' included), coded with none of them."""
    from tema.domain.themes import theme_code_ids

    theme = session.get(m.Theme, theme_id)
    if theme is None or theme.deleted_at is not None:
        raise NotFound(_("theme {id}: not found").format(id=theme_id))
    trashed = trashed_documents(session)
    spans = coded_spans(session, theme_code_ids(session, theme), trashed)
    return _look(session, "theme", theme.name, spans, spans, trashed, limit, pseudonymised, top)


def similar_to_coding(session: Session, coding_id: int, *, limit: int = DEFAULT_LIMIT, pseudonymised: bool = False,
                      top: int = TOP_TERMS) -> SecondLook:
    """Passages like one coded extract, not coded with its code."""
    coding = session.get(m.Coding, coding_id)
    if coding is None:
        raise NotFound(_("coding {id}: not found").format(id=coding_id))
    span = Span(coding.document_id, coding.start, coding.end, coding.id, coding.code_id)
    trashed = trashed_documents(session)
    return _look(session, "extract", _extract_name(session, span), [span],
                 coded_spans(session, [coding.code_id], trashed), trashed, limit, pseudonymised, top)


def similar_to_span(session: Session, doc_id: int, start: int, end: int, *, limit: int = DEFAULT_LIMIT,
                    pseudonymised: bool = False, top: int = TOP_TERMS) -> SecondLook:
    """Passages like a span of a transcript (a quote), not coded with a code of an extract
    holding the span, and not the span itself."""
    if not 0 <= start < end:
        raise InvalidInput(_("span {start}–{end}: empty or negative").format(start=start, end=end))
    span = Span(doc_id, start, end)
    holding = session.scalars(
        select(m.Coding.code_id).where(m.Coding.document_id == doc_id, m.Coding.start <= start, m.Coding.end >= end)
    ).all()
    trashed = trashed_documents(session)
    excluded = [span, *coded_spans(session, set(holding), trashed)]
    return _look(session, "extract", _extract_name(session, span), [span], excluded, trashed, limit, pseudonymised,
                 top)


def journal_second_look(session: Session, what: str, n: int, coder_id: int | None = None, *,
                        context: dict | None = None) -> m.Memo:
    """One journal line recording that a second look was taken ("second look: code X, 12
    passages shown"), so its use is part of the audit trail."""
    from tema.domain.journal import add_journal
    from tema.i18n import ngettext

    body = ngettext("second look: {what}, {n} passage shown", "second look: {what}, {n} passages shown", n)
    return add_journal(session, body.format(what=what, n=n), coder_id=coder_id,
                       context={"second_look": {"what": what, "shown": n, **(context or {})}})


# --- the shared path ---------------------------------------------------------------


def _look(session: Session, kind: str, name: str, sources: list[Span], excluded: list[Span], trashed: set[int],
          limit: int, pseudonymised: bool, top: int) -> SecondLook:
    if limit < 1:
        raise InvalidInput(_("--limit {limit}: must be 1 or more").format(limit=limit))
    sample = spread(sources, MAX_SOURCES)
    segments = source_segments(session, sample)
    query = build_query(session, extract_frequencies(segments, len(sample)), top=top)
    exclusion = Exclusion.build(session, [(s.document_id, s.start, s.end) for s in excluded], trashed=trashed)
    ranked = rank_segments(session, query, exclusion, limit=limit)
    pz = Pseudonymizer.for_session(session) if pseudonymised else None
    people = _People.read(session, trashed)
    passages = _passages(session, ranked, {t.lemma: t.weight for t in query.terms}, people, pz)
    names = people.live_names()
    if pz is not None:
        name = pz(name) or name
        names = sorted({pz(p) or p for p in names}, key=nb_sort_key)
    return SecondLook(kind, name, len(sources), query.terms, passages, names)


def spread(items: list[Span], n: int) -> list[Span]:
    """At most ``n`` of the items, evenly spread over the list (deterministic)."""
    if len(items) <= n:
        return items
    return [items[k * len(items) // n] for k in range(n)]


def _extract_name(session: Session, span: Span) -> str:
    title = session.scalar(select(m.Document.title).where(m.Document.id == span.document_id))
    if title is None:
        raise NotFound(_("document {id}: not found").format(id=span.document_id))
    return f"«{title}» {span.start}–{span.end}"


@dataclass
class _People:
    """Who each document is with, read from the documents' indexes only (their rows hold
    the transcripts, which a look never needs to read whole)."""

    trashed: set[int]
    participant_of: dict[int, int]  # document → participant
    names: dict[int, tuple[str | None, str]]  # participant → (label, pseudonym)

    @classmethod
    def read(cls, session: Session, trashed: set[int]) -> _People:
        links = {d: p for d, p in session.execute(
            select(m.Document.id, m.Document.participant_id).where(m.Document.participant_id.is_not(None))
        ) if p is not None}
        rows = session.execute(select(m.Participant.id, m.Participant.label, m.Participant.pseudonym)
                               .where(m.Participant.id.in_(set(links.values())))).all()
        return cls(trashed, links, {pid: (label, pseudonym) for pid, label, pseudonym in rows})

    def live_names(self) -> list[str]:
        """Label (else pseudonym) of every participant with a live document, in Norwegian order."""
        live = {p for d, p in self.participant_of.items() if d not in self.trashed}
        return sorted({self.names[p][0] or self.names[p][1] for p in live if p in self.names}, key=nb_sort_key)

    def of(self, doc_id: int) -> tuple[str | None, str | None]:
        """(label, pseudonym) of the document's participant."""
        return self.names.get(self.participant_of.get(doc_id, -1), (None, None))


def _passages(session: Session, ranked: list[Ranked], weights: dict[str, float], people: _People,
              pz: Pseudonymizer | None) -> list[Passage]:
    """The ranked segments with their document, participant, text and shared lemmas (three statements)."""
    if not ranked:
        return []
    ids = [r.segment_id for r in ranked]
    lemmas_of = dict(session.execute(select(m.Segment.id, m.Segment.lemmas).where(m.Segment.id.in_(ids))).all())
    texts = segment_texts(session, ids)
    titles = dict(session.execute(select(m.Document.id, m.Document.title)
                                  .where(m.Document.id.in_({r.document_id for r in ranked}))).all())
    out = []
    for r in ranked:
        text, title = texts.get(r.segment_id, ""), titles.get(r.document_id, "")
        label, pseudonym = people.of(r.document_id)
        lemmas = (lemmas_of.get(r.segment_id) or "").split()
        shared = tuple(sorted({w for w in lemmas if w in weights}, key=lambda w: (-weights[w], w)))
        marks = _marks(text, lemmas, set(shared))
        speaker = r.speaker
        if pz is not None:
            text, marks = pseudonymise(pz, text, marks)
            title, speaker, pseudonym, label = pz(title) or title, pz(speaker), pz(pseudonym), pz(label)
            shared = tuple(pz(w) or w for w in shared)
        out.append(Passage(r.segment_id, r.document_id, title, pseudonym, label, speaker, r.start, r.end, text,
                           round(r.score, 4), shared, marks))
    return out


def _marks(text: str, lemmas: list[str], wanted: set[str]) -> tuple[tuple[int, int], ...]:
    words = list(_WORD.finditer(text))
    if len(words) != len(lemmas):  # tokenisations differ: mark nothing rather than the wrong words
        return ()
    return tuple((w.start(), w.end()) for w, lemma in zip(words, lemmas) if lemma in wanted)


def pseudonymise(pz: Pseudonymizer, text: str, marks: tuple[tuple[int, int], ...]
                 ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``pz(text)`` with the marks moved to where their words now are (a mark on a
    replaced name covers its replacement)."""
    changes = replacements(pz, text)
    if not changes:
        return text, marks

    def moved(pos: int, *, end: bool) -> int:
        shift = 0
        for a, b, repl in changes:
            if b <= pos:  # a replacement before the position
                shift += len(repl) - (b - a)
            elif a < pos:  # inside a replacement: to its start (or its end)
                return a + shift + (len(repl) if end else 0)
            else:
                break
        return pos + shift

    return pz(text) or text, tuple((moved(a, end=False), moved(b, end=True)) for a, b in marks)
