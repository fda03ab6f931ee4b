"""The lemma table read in place, and segmentation that does tema's components' work itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tema.bench.corpus import transcript
from tema.nlp import lemma_table, load_pipeline, segment_many
from tema.nlp.lemmas import lemma_of
from tema.nlp.resources import LEMMAS_PATH, lemma_tables
from tema.nlp.transcript import paragraph_spans, split_turns

SMALL = {
    "version": 1,
    "exact": {"Bakken": "Bakken", "Beskjeden": "beskjed"},
    "lower": {
        "barna": "barn", "barnehagen": "barnehage", "gikk": "gå", "var": "være", "a": "å",
        "ab": "abc", "abcd": "a", "øynene": "øye", "ærligst": "ærlig", "å": "åh",
        "utviklingshemmede": "utviklingshemmet", "1995.": "1995", "x" * 30: "y",
    },
}


@pytest.fixture(params=[1, 16, 1024])
def block(request, monkeypatch):
    monkeypatch.setattr(lemma_table, "_BLOCK", request.param)
    return request.param


def test_round_trip_finds_every_form_and_nothing_else(tmp_path, block):
    path = tmp_path / "lemmas.tsvz"
    lemma_table.write(path, SMALL)
    exact, lower = lemma_table.read(path)
    assert exact == SMALL["exact"]
    assert dict(lower) == SMALL["lower"] and len(lower) == len(SMALL["lower"])
    for missing in ("", "b", "barn", "barnehage", "abc", "aa", "zzz", "øy", "\t", "a\nb", "\ud800", "x" * 29):
        assert lower.get(missing) is None and missing not in lower
    assert lower.get("nope", "") == ""
    with pytest.raises(KeyError):
        lower["nope"]


def test_written_bytes_are_reproducible(tmp_path):
    a, b = tmp_path / "a.gz", tmp_path / "b.gz"
    lemma_table.write(a, SMALL)
    lemma_table.write(b, {**SMALL, "lower": dict(reversed(list(SMALL["lower"].items())))})
    assert a.read_bytes() == b.read_bytes()


def test_a_file_of_another_format_is_refused(tmp_path):
    import gzip

    path = tmp_path / "old.gz"
    path.write_bytes(gzip.compress(b'{"version": 1, "exact": {}, "lower": {}}'))
    with pytest.raises(ValueError, match="tema-lemmas/3"):
        lemma_table.read(path)


def test_shipped_table_is_searched_in_place():
    exact, lower = lemma_tables()
    assert isinstance(lower, lemma_table.LemmaTable)
    assert len(lower) > 400_000
    assert lower["skolene"] == "skole" and "skolene" in lower
    assert lemma_of("Barna", exact, lower) == "barn"


def test_loading_the_pipeline_does_not_read_the_lemma_table():
    code = (
        "from tema.nlp import load_pipeline\n"
        "from tema.nlp.resources import lemma_tables\n"
        "load_pipeline()\n"
        "print(lemma_tables.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"
    assert LEMMAS_PATH.exists()


def _reference(text: str, nlp) -> list[tuple]:
    """Sentences and lemmas from running the whole pipeline (rules and lemmatizer as
    pipeline components) on each paragraph, as tema segmented before."""
    out = []
    for k, turn in enumerate(split_turns(text)):
        out.append(("turn", turn.start, turn.end, k, None))
        for a, b in paragraph_spans(text, turn.start, turn.end):
            doc = nlp(text[a:b])
            for sent in doc.sents:
                words = [t.lemma_.lower() for t in sent if not (t.is_space or t.is_punct)]
                toks = [t for t in sent if not t.is_space]
                if toks:
                    out.append(("sentence", a + toks[0].idx, a + toks[-1].idx + len(toks[-1]), k, " ".join(words)))
    return out


@pytest.mark.parametrize("index", [0, 7])
def test_segmenting_outside_the_pipeline_equals_the_pipeline_components(index):
    nlp = load_pipeline()
    assert nlp.pipe_names == ["senter", "tema_sentence_rules", "tema_lemmatizer"]
    text = transcript(index, 1500, seed=3).text
    spans = next(segment_many([text], nlp))
    got = [(s.kind, s.start, s.end, s.turn, s.lemmas) for s in spans]
    assert got == _reference(text, nlp)
