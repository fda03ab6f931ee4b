"""Phase 4's view of one theme, computed in the domain: extracts grouped by subtheme and
code, who contributes, and where else a code sits — never the theme's own subthemes, the
holding theme or a discarded theme — in a fixed number of statements."""

from __future__ import annotations

from tema.domain import participants, themes
from tema.domain.theme_review import theme_review
from tests.domain.test_theme_matrix import BERIT, KJETIL, add_doc, code, place
from tests.helpers.statements import counted


def build(store, coder):
    with store.transaction() as s:
        b = add_doc(s, "Intervju Berit", BERIT, participants.upsert_participant(s, "Berit", label="A"))
        add_doc(s, "Intervju Kjetil", KJETIL, participants.upsert_participant(s, "Kjetil", label="B"))
        participants.upsert_participant(s, "Mona", label="C")  # interviewed, nothing coded yet
        code(s, b, "Uka er full av avtaler.", "Tidspress", coder)
        code(s, b, "Jeg rekker sjelden å puste.", "Tidspress", coder)
        code(s, b, "Ofte står jeg alene med ansvaret.", "Ensomhet", coder)
        code(s, b, "Jeg er stolt av det vi får til.", "Stolthet", coder)
        hverdag = themes.create_theme(s, "Hverdagen")
        tempo = themes.create_theme(s, "Tempo", parent=hverdag, label="1a")
        alene = themes.create_theme(s, "Alene", parent=hverdag, label="1b")
        gammel = themes.create_theme(s, "Gammelt forslag", parent=hverdag)
        andre = themes.create_theme(s, "Mestring")
        holding = themes.ensure_holding_theme(s)
        place(s, hverdag, "Stolthet")
        place(s, tempo, "Tidspress")
        place(s, alene, "Ensomhet", "Tidspress")  # in two subthemes of the same theme
        place(s, gammel, "Ensomhet")
        themes.discard_theme(s, gammel)
        place(s, andre, "Stolthet")
        place(s, holding, "Tidspress")
        return hverdag.id


def test_groups_codes_contributors_and_elsewhere(store, coder):
    tid = build(store, coder)
    with store.session() as s, counted(store) as statements:
        r = theme_review(s, tid)
    assert [(g.label, g.name, [(c.name, len(c.extracts), c.elsewhere) for c in g.codes]) for g in r.groups] == [
        (None, "Hverdagen", [("Stolthet", 1, ["Mestring"])]),
        ("1a", "Tempo", [("Tidspress", 2, [])]),
        ("1b", "Alene", [("Ensomhet", 1, []), ("Tidspress", 2, [])]),
    ]
    assert (r.n_codes, r.n_extracts) == (3, 4)
    assert (r.contribute, r.do_not) == (["A"], ["B", "C"])
    assert len([st for st in statements if st != "BEGIN"]) <= 8
