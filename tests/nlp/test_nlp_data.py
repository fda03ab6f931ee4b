"""Figures on the treebank data in ../shared/nlp (skipped when it is absent)."""

from __future__ import annotations

import pytest

from tema.nlp import load_pipeline
from tema.nlp.conll import read_ndt_dir, read_ud
from tema.nlp.evaluate import evaluate_boundaries, evaluate_lemmas


@pytest.fixture(scope="module")
def ud_dev(nlp_data):
    return read_ud(nlp_data / "no_bokmaal-ud-dev.conllu")


@pytest.mark.shared
def test_sentence_boundary_f1_on_ud_dev(ud_dev):
    score = evaluate_boundaries(load_pipeline("tema"), ud_dev)
    assert score.f1 >= 0.98, score


@pytest.mark.shared
def test_rules_only_pipeline_is_a_reasonable_fallback(ud_dev):
    assert evaluate_boundaries(load_pipeline("tema-rules"), ud_dev).f1 >= 0.95


@pytest.mark.shared
def test_lemma_accuracy_on_ud_dev(ud_dev):
    assert evaluate_lemmas(load_pipeline("tema"), ud_dev)["accuracy"] >= 0.93


@pytest.mark.shared
def test_person_name_recall_on_ndt_dev(nlp_data):
    from tema.nlp.names import evaluate_names

    res = evaluate_names(read_ndt_dir(nlp_data / "ndt_nob" / "dev"))
    assert res["PER"]["recall"] >= 0.85
    assert res["PER"]["precision"] >= 0.5


@pytest.mark.shared
def test_ud_text_reconstruction_matches_raw_text(ud_dev):
    """The NDT spacing rules reproduce most UD raw text (sanity check of the reader)."""
    from tema.nlp.conll import _apply_spacing, join_tokens

    same = 0
    for s in ud_dev:
        toks = [type(t)(t.form, t.lemma, t.pos) for t in s.tokens]
        _apply_spacing(toks)
        same += join_tokens(toks)[0] == s.text
    assert same / len(ud_dev) > 0.9
