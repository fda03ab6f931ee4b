"""The merge plan file is pseudonymised (0600, never overwritten without force) and read back
by pseudonym: each name maps to the one code it stands for; a name that stands for two
codes is refused with the file and line, never guessed."""

from __future__ import annotations

import stat

import pytest

from tema.domain.merge_plan import Catalogue, CodeInfo, build_plan, read_plan_file, write_plan
from tema.errors import InvalidInput
from tema.files import FileExists
from tema.text import name_key

RULES = [("Solveig", "Eva"), ("Tromsø", "Nordby")]


def _catalogue(source: str, names: list[str], rules=RULES) -> Catalogue:
    codes = {name_key(n): CodeInfo(i, name_key(n), n, None, "semantic", None, "active", False, "Kari", None, 1)
             for i, n in enumerate(names, 1)}
    return Catalogue(source, codes, rules=list(rules))


def test_plan_is_pseudonymised_private_and_read_back(tmp_path):
    plan = build_plan("team.tema", ["kari.tema", "ola.tema"], [
        _catalogue("kari.tema", ["Solveigs nettverk", "Skolen i Tromsø"]),
        _catalogue("ola.tema", ["Solveigs nettverket", "Skolen i Tromsø"], rules=RULES[:1]),
    ], 90)
    assert [(p.code, p.into) for p in plan.proposals] == [("Solveigs nettverket", "Solveigs nettverk")]
    path = write_plan(plan, tmp_path / "plan.toml")
    text = path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Solveig" not in text and "Tromsø" not in text and "pseudonymised = true" in text
    assert 'code = "Evas nettverket"' in text and 'into = "Evas nettverk"' in text
    followed = read_plan_file(path, plan)
    assert [(p.code, p.into, p.accept) for p in followed.proposals] == [
        ("Solveigs nettverket", "Solveigs nettverk", True)]
    with pytest.raises(FileExists, match="exists already"):
        write_plan(plan, path)
    assert path.read_text(encoding="utf-8") == text
    raw = write_plan(plan, path, force=True, pseudonymise=False).read_text(encoding="utf-8")
    assert 'code = "Solveigs nettverket"' in raw and "pseudonymised = false" in raw
    assert read_plan_file(path, plan).proposals[0].into == "Solveigs nettverk"


def test_a_pseudonym_standing_for_two_codes_is_refused(tmp_path):
    # «Solveigs mor» and «Evas mor» are both «Evas mor» once pseudonymised.
    plan = build_plan("team.tema", ["kari.tema", "ola.tema"], [
        _catalogue("kari.tema", ["Solveigs mor", "Evas mor"]),
        _catalogue("ola.tema", ["Solveigs mødre"]),
    ], 80)
    assert plan.proposals
    path = write_plan(plan, tmp_path / "plan.toml")
    with pytest.raises(InvalidInput, match=r"plan\.toml: line \d+: 'Evas mor' stands for 2 codes"):
        read_plan_file(path, plan)
