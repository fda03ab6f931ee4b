"""The matching rule shared by the code picker and `tema code --code`: Enter takes the best
existing code for a typo, and a new name close to an existing code is caught."""

from __future__ import annotations

from tema.domain import codes
from tema.domain.code_match import best_match, match_score, near_codes, near_duplicates

NAMES = ["Ansvarsgruppemøter", "Avstand og distriktsulemper", "Ensomhet i rollen", "Familien bestemmer",
         "Grensesetting i rollen", "Individuell plan i praksis", "Kapasitet og prioritering", "Personavhengig samarbeid",
         "Slitne foreldre", "Søsken i skyggen", "Tillit bygges over tid", "Å stå mellom familie og system", "Én dør inn"]


def picked(query: str) -> str | None:
    i = best_match(NAMES, query)
    return NAMES[i] if i is not None else None


def test_a_typo_or_a_start_picks_the_existing_code():
    assert picked("enshet") == "Ensomhet i rollen"
    assert picked("ensom") == "Ensomhet i rollen"
    assert picked("grensesettning") == "Grensesetting i rollen"
    assert picked("famlien bestemer") == "Familien bestemmer"
    assert picked("sosken") == "Søsken i skyggen"
    assert picked("slitne foreldre") == "Slitne foreldre"


def test_a_new_idea_matches_nothing():
    for new in ["mestring", "samhold", "skole", "avlastning", "tillit til systemet", "ensomhetsfølelse"]:
        assert picked(new) is None, new


def test_a_definition_ranks_but_never_picks_alone():
    assert best_match(["Slitne foreldre"], "utmattelse", ["Foreldrenes utmattelse."]) is None
    assert match_score("utmattelse", "Slitne foreldre", "Foreldrenes utmattelse.") > match_score("utmattelse", "Slitne foreldre")


def test_near_duplicates_catch_typos_not_new_ideas():
    assert near_duplicates(NAMES, "Ensomhet i rolen") == ["Ensomhet i rollen"]
    assert near_duplicates(NAMES, "rollen i Ensomhet") == ["Ensomhet i rollen"]  # words swapped
    assert near_duplicates(NAMES, "ensomhet i rollen") == []  # the same code (same key), not a near one
    assert near_duplicates(NAMES, "Ensomhet") == [] and near_duplicates(NAMES, "Mestring") == []


def test_near_codes_reads_the_active_codes(store, coder):
    with store.transaction() as s:
        codes.create_code(s, "Ensomhet i rollen", coder_id=coder)
        retired = codes.create_code(s, "Slitne foreldre", coder_id=coder)
        codes.retire_code(s, retired, coder)
    with store.session() as s:
        assert near_codes(s, "Ensomhet i rolen") == ["Ensomhet i rollen"]
        assert near_codes(s, "Slitne foreldrer") == []
