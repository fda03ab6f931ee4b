"""Matching a typed name against the project's codes — one rule for the TUI's code picker
and `tema code --code`, so a typo never invents a code.

``match_score`` ranks the codes for what is typed (rapidfuzz: the whole name, a part of
it, word by word so a typo in one word still finds the code; definitions count less).
``best_match`` is what Enter takes: the best code scoring at least ``MATCH_THRESHOLD``.
``near_duplicates`` are existing names a *new* name is suspiciously close to (at least
``NEAR_THRESHOLD``: a typo, a plural, two words swapped), asked about before creating.
Pure functions over names, plus ``near_codes`` over the project's active codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.store import models as m
from tema.text import name_key

MATCH_THRESHOLD = 75.0  # Enter takes an existing code scoring at least this
NEAR_THRESHOLD = 85.0  # a new name this close to an existing one asks "did you mean …?"
DEFINITION_WEIGHT = 0.7  # a definition alone ranks a code but never makes it Enter's choice


def _word_score(query_words: list[str], name_words: list[str]) -> float:
    """Each typed word against its best word of the name (a whole word, or the start of
    a longer one while it is being typed); the mean over the typed words."""
    if not query_words or not name_words:
        return 0.0
    total = 0.0
    for qw in query_words:
        best = 0.0
        for nw in name_words:
            best = max(best, fuzz.ratio(qw, nw))
            if len(qw) >= 3 and len(nw) > len(qw):
                best = max(best, fuzz.ratio(qw, nw[: len(qw)]))
        total += best
    return total / len(query_words)


def _name_score(q: str, key: str) -> float:
    if q == key:
        return 200.0
    score = max(fuzz.ratio(q, key), 0.95 * _word_score(q.split(), key.split()))
    if len(q) <= len(key):  # a part of the name typed (never: the name is part of what is typed)
        score = max(score, 0.9 * fuzz.partial_ratio(q, key))
    if key.startswith(q):
        score += 15
    elif q in key:
        score += 8
    return score


def match_score(query: str, name: str, definition: str | None = None) -> float:
    """How well ``query`` names the code ``name`` (0–100, more with a prefix or substring
    bonus; an exact name scores 200)."""
    q = name_key(query)
    if not q:
        return 0.0
    score = _name_score(q, name_key(name))
    if definition:
        score = max(score, DEFINITION_WEIGHT * fuzz.partial_ratio(q, name_key(definition)))
    return score


def best_match(names: Sequence[str], query: str, definitions: Sequence[str | None] | None = None) -> int | None:
    """The index of the name Enter should take for ``query``: the best scoring at least
    MATCH_THRESHOLD, else None (nothing close: a new code is the choice)."""
    best, best_score = None, MATCH_THRESHOLD
    for i, name in enumerate(names):
        score = match_score(query, name, definitions[i] if definitions else None)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = i, score
    return best


def similarity(a: str, b: str) -> float:
    """How alike two names are as names (typos, plurals, swapped words): 0–100."""
    ka, kb = name_key(a), name_key(b)
    return max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(ka, kb))


def near_duplicates(names: Iterable[str], name: str, limit: int = 3) -> list[str]:
    """Existing ``names`` the new ``name`` is within NEAR_THRESHOLD of, closest first (a
    name with the same key is the same code, not a near one)."""
    key = name_key(name)
    scored = [(similarity(name, n), n) for n in names if name_key(n) != key]
    return [n for s, n in sorted(scored, key=lambda sn: -sn[0]) if s >= NEAR_THRESHOLD][:limit]


def near_codes(session: Session, name: str, limit: int = 3) -> list[str]:
    """Active codes whose names are near ``name`` (see near_duplicates)."""
    names = session.scalars(select(m.Code.name).where(m.Code.deleted_at.is_(None), m.Code.status == "active"))
    return near_duplicates(list(names), name, limit)


__all__ = ["MATCH_THRESHOLD", "NEAR_THRESHOLD", "best_match", "match_score", "near_codes", "near_duplicates",
           "similarity"]
