"""`tema check PROJECT [--json]`: the quality prompts on the command line, exit code 0
(they are prompts, never errors). The project is built with the CLI alone."""

from __future__ import annotations

import json

from tests.helpers.cli import tema

LIV = (
    "I: Hvordan er det å være koordinator?\n"
    "Liv: Det er mye papirarbeid. Telefonen ringer hele dagen.\n"
    "I: Hva gjør deg glad i jobben?\n"
    "Liv: Når en familie endelig får den hjelpen de har krav på.\n"
)
ODD = (
    "I: Hvordan samarbeider du med kommunen?\n"
    "Odd: Vi møtes hver måned. Telefonen er likevel det viktigste verktøyet.\n"
)


def build(project, tmp_path) -> None:
    (tmp_path / "liv.txt").write_text(LIV, encoding="utf-8")
    (tmp_path / "odd.txt").write_text(ODD, encoding="utf-8")
    tema("import", project, tmp_path / "liv.txt", "--participant", "Liv", "--title", "Liv", "--coder", "Tester")
    tema("import", project, tmp_path / "odd.txt", "--participant", "Odd", "--title", "Odd", "--coder", "Tester")
    for doc, quote, code in [("Liv", "Telefonen ringer hele dagen.", "Telefonen"),
                             ("Odd", "Telefonen er likevel det viktigste verktøyet.", "Telefonen"),
                             ("Liv", "Det er mye papirarbeid.", "Papirarbeid")]:
        tema("code", project, "--doc", doc, "--quote", quote, "--code", code, "--coder", "Tester")
    tema("theme", project, "Samarbeid", "--code", "Telefonen", "--coder", "Tester")  # no definition, no concept
    tema("theme", project, "Papiret tar over hverdagen", "--code", "Papirarbeid", "--definition",
         "Skjemaer fortrenger samtalene.", "--concept", "Byråkratiet spiser tiden.", "--coder", "Tester")


def test_check_prints_the_prompts_grouped_and_exits_0(project, tmp_path):
    build(project, tmp_path)
    result = tema("check", project)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines == [
        "No definition written (1)",
        "  · «Samarbeid»: no definition yet — what does this theme capture, and where are its edges?",
        "Named like a topic, no central organising concept (1)",
        "  · «Samarbeid» reads like a topic label and has no central organising concept written — "
        "what shared meaning holds it together?",
        "Carried by one participant (1)",
        "  · «Papiret tar over hverdagen» is carried by one participant (Liv) — a pattern across the dataset, "
        "or one person's story?",
    ]


def test_check_json(project, tmp_path):
    build(project, tmp_path)
    data = json.loads(tema("check", project, "--json").output)
    assert [(d["kind"], d["code_id"], d["document_id"]) for d in data] == [
        ("no_definition", None, None), ("topic_name", None, None), ("one_participant", None, None)]
    assert data[0]["theme_id"] == data[1]["theme_id"] != data[2]["theme_id"]
    assert set(data[0]) == {"kind", "theme_id", "code_id", "document_id", "message", "themes", "start", "end",
                            "sentences"}


def test_check_with_nothing_to_prompt(project):
    result = tema("check", project)
    assert (result.exit_code, result.output) == (0, "No prompts: nothing stands out for a second look.\n")
    assert json.loads(tema("check", project, "--json").output) == []


def test_check_on_a_missing_project_is_an_error(tmp_path):
    result = tema("check", tmp_path / "finnes-ikke.tema", ok=False)
    assert result.exit_code == 1
