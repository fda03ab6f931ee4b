"""Ranking codes for the code picker: recent codes first when nothing is typed, then a
rapidfuzz score over names (and, weaker, definitions). Pure Python, no Textual."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from tema.text import name_key, nb_sort_key


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
    strong: bool  # the best match is good enough to be the Enter default over a new code


def rank_codes(choices: list[CodeChoice], query: str, recent_ids: list[int], limit: int = 60) -> Ranked:
    recent = {cid: i for i, cid in enumerate(recent_ids)}
    q = name_key(query)
    if not q:
        ordered = sorted(choices, key=lambda c: (c.id not in recent, recent.get(c.id, 0), nb_sort_key(c.name)))
        return Ranked(ordered[:limit], None, True)
    scored = []
    exact = None
    for c in choices:
        key = name_key(c.name)
        if key == q:
            exact = c
        score = fuzz.WRatio(q, key)
        if key.startswith(q):
            score += 15
        elif q in key:
            score += 8
        if c.definition:
            score = max(score, 0.75 * fuzz.partial_ratio(q, name_key(c.definition)))
        if c.id in recent:
            score += 3
        if score >= 55:
            scored.append((score, c))
    scored.sort(key=lambda sc: (-sc[0], nb_sort_key(sc[1].name)))
    ordered = [c for _, c in scored[:limit]]
    if exact is not None and (not ordered or ordered[0] is not exact):
        ordered = [exact] + [c for c in ordered if c is not exact]
    strong = exact is not None or bool(scored and (q in name_key(scored[0][1].name) or scored[0][0] >= 100))
    return Ranked(ordered, exact, strong)
