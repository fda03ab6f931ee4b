"""Bad input to `tema merge`: each a clear one-line error naming the file (and line),
with nothing written — no OUT created, an existing OUT unchanged."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import tema
from tests.team.test_merge_thesis import row_counts

pytestmark = pytest.mark.shared


def _inputs(coder_projects) -> list[Path]:
    return [p.path for p in coder_projects.values()]


def _fails(*args) -> str:
    result = tema(*args, ok=False)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output.strip()


def test_input_that_is_not_a_tema_project(coder_projects, tmp_path):
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    notes = tmp_path / "notater.txt"
    notes.write_text("Dette er ikke et prosjekt.\n", encoding="utf-8")
    msg = _fails("merge", out, *_inputs(coder_projects), notes, "--plan", plan)
    assert str(notes) in msg and "not a tema project" in msg
    other = tmp_path / "annet.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    msg = _fails("merge", out, other, "--plan", plan)
    assert str(other) in msg and "not a tema project" in msg
    assert not out.exists() and not plan.exists()


def test_input_from_a_newer_schema(coder_projects, tmp_path):
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    newer = coder_projects["Ola"].path
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = newer.read_bytes()
    msg = _fails("merge", out, *_inputs(coder_projects), "--plan", plan)
    assert str(newer) in msg and "newer version of tema" in msg
    assert not out.exists() and not plan.exists()
    assert newer.read_bytes() == before


def _written_plan(coder_projects, tmp_path) -> tuple[Path, Path, str]:
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    tema("merge", out, *_inputs(coder_projects), "--plan", plan)
    return out, plan, plan.read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_plan_with_a_syntax_error(coder_projects, tmp_path):
    out, plan, text = _written_plan(coder_projects, tmp_path)
    broken = text.replace("\naccept = true", "\naccept = kanskje", 1)
    plan.write_text(broken, encoding="utf-8")
    msg = _fails("merge", out, *_inputs(coder_projects), "--plan", plan, "--apply")
    assert msg.startswith(f"Error: {plan}: line {_line_of(broken, 'kanskje')}:"), msg
    assert "not valid TOML" in msg
    assert not out.exists()


def test_plan_naming_an_unknown_code(coder_projects, tmp_path):
    out, plan, text = _written_plan(coder_projects, tmp_path)
    edited = text.replace('into = "Slitne foreldre"', 'into = "Slitne besteforeldre"', 1)
    assert edited != text
    plan.write_text(edited, encoding="utf-8")
    msg = _fails("merge", out, *_inputs(coder_projects), "--plan", plan, "--apply")
    assert f"{plan}: line {_line_of(edited, 'Slitne besteforeldre')}:" in msg
    assert "unknown code 'Slitne besteforeldre'" in msg
    assert not out.exists()


def test_errors_leave_an_existing_out_unchanged(coder_projects, tmp_path):
    out, plan, text = _written_plan(coder_projects, tmp_path)
    ins = _inputs(coder_projects)
    tema("merge", out, *ins[:1], "--plan", tmp_path / "first.toml")
    tema("merge", out, *ins[:1], "--plan", tmp_path / "first.toml", "--apply")
    before = row_counts(out)
    tema("merge", out, *ins, "--plan", plan, "--force")  # a fresh plan now that OUT exists
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\naccept = true", "\naccept = 1", 1), encoding="utf-8")
    msg = _fails("merge", out, *ins, "--plan", plan, "--apply")
    assert "`accept` must be true or false" in msg
    assert re.search(rf"{re.escape(str(plan))}: line \d+:", msg)
    assert row_counts(out) == before


def test_stale_or_missing_plan(coder_projects, tmp_path):
    out, plan, text = _written_plan(coder_projects, tmp_path)
    ins = _inputs(coder_projects)
    # A proposal deleted from the file (or inputs changed since): refuse rather than guess.
    first = text.index("[[proposed]]")
    second = text.index("[[proposed]]", first + 1)
    plan.write_text(text[:first] + text[second:], encoding="utf-8")
    msg = _fails("merge", out, *ins, "--plan", plan, "--apply")
    assert "has no decision for" in msg and "write a new plan" in msg
    msg = _fails("merge", out, *ins, "--plan", tmp_path / "missing.toml", "--apply")
    assert "no merge plan there" in msg
    msg = _fails("merge", out, *ins[:2], "--plan", plan, "--apply")
    assert "written for inputs" in msg
    assert not out.exists()


def test_out_given_as_input_or_input_twice(coder_projects, tmp_path):
    ins = _inputs(coder_projects)
    msg = _fails("merge", ins[0], *ins, "--plan", tmp_path / "p.toml")
    assert "is OUT itself" in msg
    msg = _fails("merge", tmp_path / "team.tema", ins[0], ins[0], "--plan", tmp_path / "p.toml")
    assert "named twice" in msg


def test_rejected_and_redirected_proposals_are_followed(coder_projects, tmp_path):
    out, plan, text = _written_plan(coder_projects, tmp_path)
    # Keep Per's typo as its own code; send «Som arena ansvarsgruppemøter» somewhere else.
    block = text[text.index('code = "Et dynamsik system"'):]
    block = block[: block.index("accept = true") + len("accept = true")]
    edited = text.replace(block, block.replace("accept = true", "accept = false"))
    edited = edited.replace('into = "Ansvarsgruppemøter som arena"', 'into = "Betydning av medbestemmelse"', 1)
    plan.write_text(edited, encoding="utf-8")
    tema("merge", out, *_inputs(coder_projects), "--plan", plan, "--apply")
    codes = tema("codes", "list", out, "--json").output
    assert "Et dynamsik system" in codes and "Et dynamisk system" in codes
    assert "Som arena ansvarsgruppemøter" not in codes
    extracts = tema("extracts", out, "--code", "Betydning av medbestemmelse", "--json").output
    assert '"Ola"' in extracts
    report = next(tmp_path.glob("*report*.md")).read_text(encoding="utf-8")
    assert "«Et dynamsik system» ≠ «Et dynamisk system» (score 94.4)" in report
