"""`tema code --code NAME`: a new name close to an existing code (a typo) is refused with
one line naming the near code, nothing written; `--new` creates it anyway."""

from __future__ import annotations

import json

from tests.helpers.cli import tema

LIV = "I: Hvordan er det?\nLiv: Jeg er ganske alene i rollen. Ingen andre gjør det samme.\n"


def codes_of(project) -> list[str]:
    return [c["name"] for c in json.loads(tema("codes", "list", project, "--json").output)]


def test_a_near_duplicate_code_name_is_refused_unless_new(project, tmp_path):
    (tmp_path / "liv.txt").write_text(LIV, encoding="utf-8")
    tema("import", project, tmp_path / "liv.txt", "--participant", "Liv", "--title", "Liv", "--coder", "Tester")
    tema("code", project, "--doc", "Liv", "--quote", "Jeg er ganske alene i rollen.", "--code", "Ensomhet i rollen",
         "--coder", "Tester")
    refused = tema("code", project, "--doc", "Liv", "--quote", "Ingen andre gjør det samme.", "--code",
                   "Ensomhet i rolen", "--coder", "Tester", ok=False)
    assert refused.exit_code != 0
    message = refused.output.strip().splitlines()
    assert len(message) == 1 and "'Ensomhet i rolen'" in message[0] and "'Ensomhet i rollen'" in message[0]
    assert "--new" in message[0]
    assert codes_of(project) == ["Ensomhet i rollen"]
    # An existing name and a name far from every code go through as before.
    tema("code", project, "--doc", "Liv", "--quote", "Ingen andre gjør det samme.", "--code", "Ensomhet i rollen",
         "--code", "Mestring", "--coder", "Tester")
    tema("code", project, "--doc", "Liv", "--quote", "Ingen andre gjør det samme.", "--code", "Ensomhet i rolen",
         "--new", "--coder", "Tester")
    assert sorted(codes_of(project)) == ["Ensomhet i rolen", "Ensomhet i rollen", "Mestring"]
