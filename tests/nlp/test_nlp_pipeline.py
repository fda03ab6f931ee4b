"""Pipeline choice, the shipped model files, lemmas and query lemmas."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tema.errors import TemaError
from tema.nlp import lemmatize_query, load_pipeline, pipeline_name, segment_transcript
from tema.nlp import pipeline as pipeline_mod
from tema.nlp.resources import COMMON_WORDS_PATH, LEMMAS_PATH, MODELS_DIR, NAMES_PATH, PIPELINE_DIR, load_meta

SHIPPED = {
    "common_words.txt.gz",
    "function_words.txt.gz",  # tema.nlp.reference (second look)
    "lemma_df.json.gz",  # tema.nlp.reference (second look)
    "lemmas.tsvz",
    "names.json.gz",
    "nb_tema/config.cfg",
    "nb_tema/meta.json",
    "nb_tema/senter/cfg",
    "nb_tema/senter/model",
    "nb_tema/tokenizer",
    "nb_tema/vocab/strings.json",
}


def test_shipped_model_files_are_the_expected_small_set():
    files = {p.relative_to(MODELS_DIR).as_posix() for p in MODELS_DIR.rglob("*") if p.is_file()}
    assert files == SHIPPED  # weights and derived tables only, never treebank text
    total = sum((MODELS_DIR / f).stat().st_size for f in files)
    assert total < 4_000_000
    assert (PIPELINE_DIR / "vocab" / "strings.json").read_text() == "[]"


def test_shipped_pipeline_loads_with_the_trained_senter():
    nlp = load_pipeline()
    assert pipeline_name(nlp).startswith("tema-nb-senter ")
    assert nlp.pipe_names == ["senter", "tema_sentence_rules", "tema_lemmatizer"]


def test_training_figures_are_stored_for_nlp_info():
    fig = load_meta()["tema_figures"]
    assert {"sentences", "lemmas"} <= set(fig["ud_dev"]) and "PER" in fig["names_ndt_dev"]


@pytest.mark.shared
def test_shipped_pipeline_meets_its_targets_on_the_dev_data(nlp_data):
    """Measured now on the held-out data, not read back from meta.json."""
    from tema.nlp.conll import read_ndt_dir
    from tema.nlp.evaluate import evaluate_conllu, ud_dev_path
    from tema.nlp.names import evaluate_names

    got = evaluate_conllu(load_pipeline(), ud_dev_path(nlp_data), speed=False)
    assert got["sentences"]["f1"] >= 0.98
    assert got["lemmas"]["accuracy"] >= 0.93
    names = evaluate_names(read_ndt_dir(nlp_data / "ndt_nob" / "dev"))
    assert names["PER"]["recall"] >= 0.85


def test_rules_pipeline_and_env_choice(monkeypatch):
    monkeypatch.setenv("TEMA_NLP_MODEL", "tema-rules")
    nlp = load_pipeline()
    assert pipeline_name(nlp).startswith("tema-nb-rules ")
    assert "sentencizer" in nlp.pipe_names
    assert load_pipeline("tema") is not nlp


def test_unknown_pipeline_is_a_clear_error():
    with pytest.raises(TemaError, match="not installed"):
        load_pipeline("nb_no_such_pipeline_xyz")


def test_pipeline_name_of_other_spacy_pipelines():
    import spacy

    nlp = spacy.blank("nb")
    nlp.meta["name"] = "core_news_sm"
    nlp.meta["version"] = "3.8.0"
    assert pipeline_name(nlp) == "nb_core_news_sm 3.8.0"


def test_other_pipeline_gets_transcript_rules_after_the_fact(monkeypatch):
    import spacy

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    text = "Vi dro f.eks. hjem. Det var 1. august."
    spans = segment_transcript(text, nlp=nlp)
    assert [text[s.start : s.end] for s in spans if s.kind == "sentence"] == [
        "Vi dro f.eks. hjem.",
        "Det var 1. august.",
    ]
    # no lemmatizer in that pipeline: tema's table is used
    assert spans[1].lemmas == "vi dra f.eks. hjem"


def test_sentence_lemmas():
    text = "Barna gikk på skolene sine. Elise kom 1995."
    spans = [s for s in segment_transcript(text) if s.kind == "sentence"]
    assert [s.lemmas for s in spans] == ["barn gå på skole sin", "elise komme 1995"]


def test_lemmatize_query():
    assert lemmatize_query("skolene") == ["skole"]
    assert lemmatize_query("Barna gikk, hjem!") == ["barn", "gå", "hjem"]
    assert lemmatize_query("") == []


def test_tables_load_with_the_standard_library_only():
    code = (
        "import bisect, gzip, json, sys, zlib\n"
        f"raw = open({str(LEMMAS_PATH)!r}, 'rb').read()\n"
        "end = raw.index(b'\\n')\n"
        "head = json.loads(raw[:end])\n"
        "assert head['format'] == 'tema-lemmas/3'\n"
        "i = bisect.bisect_right([first for first, _n in head['blocks']], 'skolene') - 1\n"
        "start = end + 1 + sum(n for _f, n in head['blocks'][:i])\n"
        "block = zlib.decompress(raw[start : start + head['blocks'][i][1]])\n"
        "assert b'\\nskolene\\t2\\n' in b'\\n' + block\n"
        f"assert 'og' in gzip.open({str(COMMON_WORDS_PATH)!r}, 'rt').read().split()\n"
        f"assert json.load(gzip.open({str(NAMES_PATH)!r}, 'rt'))['words']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_nlp_package_does_not_import_textual():
    code = (
        "import sys, tema.nlp, tema.nlp.names, tema.nlp.evaluate, tema.nlp.train\n"
        "tema.nlp.segment_transcript('I: Hei. Hallo.')\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert 'spacy_lookups_data' not in sys.modules, 'build-time dependency imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_clear_cache_reloads():
    a = load_pipeline("tema-rules")
    pipeline_mod.clear_cache()
    assert load_pipeline("tema-rules") is not a
