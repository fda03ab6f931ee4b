"""The theme × participant matrix of phase 4 on the thesis project shows the counts the
fixture implies: for each Tabell 5 theme and subtheme, how many of its quoted extracts
come from each informant (A–E), counted from thesis_quotes.json itself."""

from __future__ import annotations

from collections import Counter

from tests.helpers.paths import load_fixture
from tests.tui.util import matrix_cells, settle


def implied_counts() -> dict[str, Counter]:
    """Row label (1, 1a, …) → extracts per informant letter."""
    quotes = load_fixture("thesis_quotes.json")
    letter = {name: label for label, name in load_fixture("thesis_tables.json")["participants"]["pseudonyms"].items()}
    out: dict[str, Counter] = {}
    for theme in quotes["themes"]:
        whole = out.setdefault(str(theme["number"]), Counter())
        for sub in theme["subthemes"]:
            people = Counter(letter[q["participant"]] for q in sub["quotes"])
            whole.update(people)
            if sub["label"]:
                out[sub["label"]] = people
    return out


async def test_matrix_shows_the_counts_the_fixture_implies(thesis_project, open_app):
    expected = implied_counts()
    assert sum(expected[n].total() for n in ("1", "2", "3")) == 78
    app = open_app(thesis_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        people, cells = matrix_cells(app.screen)
    shown = {label: Counter(counts) for label, counts in cells.values()}
    assert people == ["A", "B", "C", "D", "E"]
    assert shown == expected
