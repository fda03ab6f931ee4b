"""Turns and sentences of transcripts, with code-point offsets into the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from tema.nlp.lemmas import lemma_of
from tema.nlp.pipeline import has_lemmas, has_tema_rules, load_pipeline
from tema.nlp.resources import lemma_tables
from tema.nlp.rules import sentence_starts
from tema.nlp.transcript import paragraph_spans, split_turns

__all__ = ["SegmentSpan", "segment_transcript", "segment_many", "lemmatize_query"]


@dataclass(frozen=True, slots=True)
class SegmentSpan:
    """A turn or a sentence: ``text[start:end]`` is exactly its content."""

    kind: str  # "turn" | "sentence"
    start: int  # code-point index into the text, end exclusive
    end: int
    speaker: str | None
    turn: int  # 0-based index of the turn this segment belongs to
    lemmas: str | None  # space-joined lower-case lemmas of the words (None for turns)
    meta: dict | None  # e.g. {"timestamp": "00:01:23"} on a turn


_ATTRS = [IDX, LENGTH, IS_PUNCT, IS_SPACE, LEMMA, ORTH]
_lower_cache: dict[int, str] = {}


def _lower_lemma(h: int, strings, fallback_orth: int, exact, lower) -> str:
    """Lower-cased lemma string for a lemma hash (0 = no lemma: look the form up)."""
    key = h or -fallback_orth
    s = _lower_cache.get(key)
    if s is None:
        s = strings[h].lower() if h else lemma_of(strings[fallback_orth], exact, lower).lower()
        if len(_lower_cache) < 1_000_000:
            _lower_cache[key] = s
    return s


def _paragraph_sentences(
    doc: Doc, text: str, offset: int, turn: int, speaker: str | None,
    rules: bool, pipe_lemmas: bool, exact, lower,
) -> Iterator[SegmentSpan]:
    n = len(doc)
    if n == 0:
        return
    arr = doc.to_array(_ATTRS)
    if rules:
        starts = doc.to_array(SENT_START).astype(np.int64).astype(np.int8).reshape(-1)
    else:
        starts = sentence_starts(doc, doc.to_array(SENT_START).astype(np.int64).astype(np.int8).reshape(-1))
    idx = np.flatnonzero(starts == 1).tolist()
    if not idx or idx[0] != 0:
        idx.insert(0, 0)
    idx.append(n)
    tok_idx = arr[:, 0].tolist()
    tok_len = arr[:, 1].tolist()
    skip = (arr[:, 2] | arr[:, 3]).tolist()
    lem = arr[:, 4].tolist() if pipe_lemmas else [0] * n
    orth = arr[:, 5].tolist()
    strings = doc.vocab.strings
    cache = _lower_cache
    for k in range(len(idx) - 1):
        s, e = idx[k], idx[k + 1]
        if s >= e:
            continue
        a = offset + tok_idx[s]
        b = offset + tok_idx[e - 1] + tok_len[e - 1]
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        words = []
        for i in range(s, e):
            if skip[i]:
                continue
            w = cache.get(lem[i] or -orth[i])
            if w is None:
                w = _lower_lemma(lem[i], strings, orth[i], exact, lower)
            words.append(w)
        yield SegmentSpan("sentence", a, b, speaker, turn, " ".join(words), None)


def segment_many(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 64
) -> Iterator[list[SegmentSpan]]:
    """Segment many transcripts; one list of spans per text, in order.

    All paragraphs of all turns go through one ``nlp.pipe`` stream (texts are read
    in chunks, so an iterator of texts is processed lazily).
    """
    if nlp is None:
        nlp = load_pipeline()
    rules = has_tema_rules(nlp)
    pipe_lemmas = has_lemmas(nlp)
    exact, lower = lemma_tables()
    chunk_paragraphs = max(batch_size * 8, 256)

    pending: list[tuple[str, list]] = []  # (text, [(turn, [(para_start, para_end)])])
    n_paras = 0

    def flush() -> Iterator[list[SegmentSpan]]:
        strings = [text[a:b] for text, turns in pending for _t, paras in turns for a, b in paras]
        docs = iter(nlp.pipe(strings, batch_size=batch_size))
        for text, turns in pending:
            out: list[SegmentSpan] = []
            for k, (turn, paras) in enumerate(turns):
                out.append(SegmentSpan("turn", turn.start, turn.end, turn.speaker, k, None, turn.meta))
                for a, _b in paras:
                    doc = next(docs)
                    out.extend(
                        _paragraph_sentences(doc, text, a, k, turn.speaker, rules, pipe_lemmas, exact, lower)
                    )
            yield out

    for text in texts:
        turns = [(t, paragraph_spans(text, t.start, t.end)) for t in split_turns(text)]
        pending.append((text, turns))
        n_paras += sum(len(p) for _t, p in turns)
        if n_paras >= chunk_paragraphs:
            yield from flush()
            pending = []
            n_paras = 0
    if pending:
        yield from flush()


def segment_transcript(text: str, nlp: Language | None = None) -> list[SegmentSpan]:
    """Turns and sentences of one transcript: each turn followed by its sentences."""
    return next(segment_many([text], nlp=nlp))


def lemmatize_query(words: str, nlp: Language | None = None) -> list[str]:
    """Lower-case lemmas of the words of a search query (punctuation dropped)."""
    if nlp is None:
        nlp = load_pipeline()
    if "tema_lemmatizer" in nlp.pipe_names or not has_lemmas(nlp):
        exact, lower = lemma_tables()
        doc = nlp.make_doc(words)
        return [lemma_of(t.text, exact, lower).lower() for t in doc if not (t.is_space or t.is_punct)]
    doc = nlp(words)
    return [(t.lemma_ or t.text).lower() for t in doc if not (t.is_space or t.is_punct)]
