"""`tema nlp info|evaluate|train` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tema.cli.nlp_commands import nlp
from tema.nlp.resources import load_meta


def run(*args: str):
    return CliRunner().invoke(nlp, list(args), catch_exceptions=False)


def test_info_names_the_pipeline_and_figures():
    res = run("info")
    assert res.exit_code == 0, res.output
    assert "tema-nb-senter" in res.output
    assert "senter, tema_sentence_rules, tema_lemmatizer" in res.output
    assert "F1" in res.output and "lemma accuracy" in res.output
    data = json.loads(run("info", "--json").output)
    assert data["figures"] == load_meta()["tema_figures"]  # what training measured, shown as stored


def test_info_for_the_rules_pipeline():
    res = run("info", "--model", "tema-rules")
    assert res.exit_code == 0
    assert "tema-nb-rules" in res.output


def test_evaluate_without_data_is_a_clear_error(tmp_path):
    from tema.errors import TemaError

    with pytest.raises(TemaError, match="not found"):
        run("evaluate", "--data", str(tmp_path / "nowhere"))
    with pytest.raises(TemaError, match="not found"):
        run("evaluate", "--conllu", str(tmp_path / "missing.conllu"))
    with pytest.raises(TemaError, match="not found"):
        run("train", "--data", str(tmp_path))


def test_cli_registers_the_nlp_group():
    from tema.cli import cli

    res = CliRunner().invoke(cli, ["nlp", "--help"])
    assert res.exit_code == 0
    for cmd in ("train", "evaluate", "info"):
        assert cmd in res.output


@pytest.mark.shared
def test_evaluate_on_ud_dev(nlp_data):
    res = run("evaluate", "--data", str(nlp_data), "--no-speed", "--names")
    assert res.exit_code == 0, res.output
    assert "sentence boundaries" in res.output
    assert "lemma accuracy" in res.output
    assert "person names (NDT dev): recall" in res.output
    data = json.loads(run("evaluate", "--data", str(nlp_data), "--no-speed", "--json").output)
    assert data["sentences"]["f1"] >= 0.98
