"""Ranking codes for the code picker: recent codes first when nothing is typed, else by
the domain's matching rule (tema.domain.code_match, shared with `tema code --code`).
Pure Python, no Textual."""

from __future__ import annotations

from dataclasses import dataclass

from tema.domain.code_match import MATCH_THRESHOLD, match_score
from tema.text import name_key, nb_sort_key

SHOWN_FROM = 55.0  # weaker matches are left out of the list


@dataclass(frozen=True)
class CodeChoice:
    id: int
    name: str
    definition: str | None
    level: str
    colour: str | None
    extracts: int


@dataclass(frozen=True)
class Ranked:
    choices: list[CodeChoice]
    exact: CodeChoice | None  # the code whose name is what was typed
    best: CodeChoice | None  # what Enter takes: the best match scoring at least MATCH_THRESHOLD


def rank_codes(choices: list[CodeChoice], query: str, recent_ids: list[int], limit: int = 60) -> Ranked:
    recent = {cid: i for i, cid in enumerate(recent_ids)}
    q = name_key(query)
    if not q:
        ordered = sorted(choices, key=lambda c: (c.id not in recent, recent.get(c.id, 0), nb_sort_key(c.name)))
        return Ranked(ordered[:limit], None, None)
    scored = []
    exact = None
    for c in choices:
        if name_key(c.name) == q:
            exact = c
        score = match_score(query, c.name, c.definition)
        if score >= SHOWN_FROM:
            scored.append((score + (3 if c.id in recent else 0), score, c))
    scored.sort(key=lambda sc: (-sc[0], nb_sort_key(sc[2].name)))
    ordered = [c for _, _, c in scored[:limit]]
    if exact is not None and (not ordered or ordered[0] is not exact):
        ordered = [exact] + [c for c in ordered if c is not exact]
    best = exact or next((c for _, raw, c in scored if raw >= MATCH_THRESHOLD), None)
    if best is not None and ordered and ordered[0] is not best:  # Enter's choice is the first row
        ordered = [best] + [c for c in ordered if c is not best]
    return Ranked(ordered, exact, best)
