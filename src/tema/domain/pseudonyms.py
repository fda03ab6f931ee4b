"""Pseudonym rules (real string → replacement) applied to every export.

Matching is whole-word and case-insensitive; the replacement follows the case
of what it replaces (KARI → ANNE, kari → anne), and Norwegian genitive/inflected
endings stay attached (Karis → Annes, Oslos → Bergens)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, nb_sort_key

# Endings kept after a replaced name: genitive s, and definite/plural forms of place names.
_ENDINGS = r"(?:s|'s|’s|en|et|ene|er|a)?"


def add_rule(session: Session, real: str, replacement: str, coder_id: int | None = None) -> m.PseudonymRule:
    real, replacement = clean_name(real), clean_name(replacement)
    if not real or not replacement:
        raise InvalidInput(_("pseudonym: both the real string and the pseudonym are needed"))
    if real.casefold() == replacement.casefold():
        raise InvalidInput(_("pseudonym {real!r}: replacement must differ from the real string").format(real=real))
    if any(r.real.casefold() == real.casefold() for r in session.scalars(select(m.PseudonymRule))):
        raise Conflict(_("pseudonym {real!r}: a rule for it exists (remove it first)").format(real=real))
    with recorded(session, "pseudonym.add", "pseudonym rule added", coder_id):
        rule = m.PseudonymRule(real=real, replacement=replacement)
        session.add(rule)
    return rule


def remove_rule(session: Session, real: str, coder_id: int | None = None) -> None:
    for r in session.scalars(select(m.PseudonymRule)):
        if r.real.casefold() == clean_name(real).casefold():
            with recorded(session, "pseudonym.remove", "pseudonym rule removed", coder_id):
                session.delete(r)
            return
    raise NotFound(_("pseudonym {real!r}: no such rule").format(real=real))


def list_rules(session: Session) -> list[m.PseudonymRule]:
    return sorted(session.scalars(select(m.PseudonymRule)), key=lambda r: nb_sort_key(r.real))


def _match_case(src: str, repl: str) -> str:
    if src.isupper() and len(src) > 1:
        return repl.upper()
    if src.islower():
        return repl.lower()
    if src[:1].isupper() and repl[:1].islower():
        return repl[:1].upper() + repl[1:]
    return repl


@dataclass
class Pseudonymizer:
    """Applies a project's rules to text; longest real strings first."""

    rules: list[tuple[str, str]]

    def __post_init__(self) -> None:
        self.rules = sorted(self.rules, key=lambda r: -len(r[0]))
        if self.rules:
            alts = "|".join(re.escape(real) for real, _ in self.rules)
            self._pattern: re.Pattern[str] | None = re.compile(rf"(?<!\w)({alts})({_ENDINGS})(?!\w)", re.IGNORECASE)
            self._lookup = {real.casefold(): repl for real, repl in self.rules}
        else:
            self._pattern = None

    @classmethod
    def for_session(cls, session: Session) -> Pseudonymizer:
        return cls([(r.real, r.replacement) for r in session.scalars(select(m.PseudonymRule))])

    def __call__(self, text: str | None) -> str | None:
        if text is None or self._pattern is None:
            return text
        return self._pattern.sub(self._sub, text)

    def _sub(self, match: re.Match) -> str:
        found, ending = match.group(1), match.group(2)
        repl = self._lookup[found.casefold()]
        return _match_case(found, repl) + ending

    @property
    def active(self) -> bool:
        return self._pattern is not None


def replacements(pz: Pseudonymizer, text: str) -> list[tuple[int, int, str]]:
    """Where ``pz`` changes ``text``: (start, end, replacement) in order — what an export
    needs to move offsets into the pseudonymised text (``pz(text)`` equals applying them)."""
    if pz._pattern is None:
        return []
    return [(mt.start(), mt.end(), pz._sub(mt)) for mt in pz._pattern.finditer(text)]


@dataclass(frozen=True)
class Suggestion:
    """A likely person/place name in the transcripts, not yet covered by a rule."""

    text: str
    kind: str
    count: int
    documents: tuple[str, ...]
    context: str
    score: float


def suggest(session: Session, nlp=None) -> list[Suggestion]:
    """Names found in the live transcripts (tema.nlp.names), grouped by spelling,
    minus those already covered by a rule or used as a participant pseudonym."""
    from tema.domain.documents import document_text, live_documents
    from tema.nlp.names import suggest_names

    docs = live_documents(session)
    texts = [document_text(session, d.id) for d in docs]
    covered = {r.real.casefold() for r in session.scalars(select(m.PseudonymRule))}
    covered |= {p.pseudonym.casefold() for p in session.scalars(select(m.Participant))}
    grouped: dict[str, list] = {}
    for sug in suggest_names(texts, nlp):
        if sug.text.casefold() not in covered:
            grouped.setdefault(sug.text, []).append(sug)
    out = [
        Suggestion(text, group[0].kind, len(group), tuple(dict.fromkeys(docs[g.doc].title for g in group)),
                   max(group, key=lambda g: g.score).context, max(g.score for g in group))
        for text, group in grouped.items()
    ]
    return sorted(out, key=lambda s: (-s.score, -s.count, nb_sort_key(s.text)))


def masked(pz: Pseudonymizer, text: str) -> str:
    """The text with every rule applied but each replacement fitted to the length of what
    it replaces (cut, or filled out with '·'), so offsets into the stored text still hold:
    the TUI's pseudonymised view shows this while coding keeps working on real offsets."""
    if not pz.active:
        return text
    out, pos = [], 0
    for start, end, repl in replacements(pz, text):
        n = end - start
        out.append(text[pos:start])
        out.append(repl[:n] if len(repl) >= n else repl + "·" * (n - len(repl)))
        pos = end
    out.append(text[pos:])
    return "".join(out)
