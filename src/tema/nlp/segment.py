"""Turns and sentences of transcripts, with code-point offsets into the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import SENT_START
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


def _sentence_bounds(nlp: Language, doc: Doc, rules: bool) -> list[tuple[int, int]]:
    """Token ranges of the sentences of ``doc``."""
    n = len(doc)
    if n == 0:
        return []
    if rules:
        starts = doc.to_array(SENT_START).astype(np.int64).astype(np.int8).reshape(-1)
    else:
        starts = sentence_starts(doc, np.array([1 if t.is_sent_start else -1 for t in doc], dtype=np.int8))
    idx = np.flatnonzero(starts == 1).tolist()
    if not idx or idx[0] != 0:
        idx.insert(0, 0)
    idx.append(n)
    return [(idx[k], idx[k + 1]) for k in range(len(idx) - 1) if idx[k] < idx[k + 1]]


def _lemma_string(tokens, use_pipeline_lemmas: bool, exact, lower) -> str:
    out = []
    for t in tokens:
        if t.is_space or t.is_punct:
            continue
        if use_pipeline_lemmas:
            lem = t.lemma_ or t.text
        else:
            lem = lemma_of(t.text, exact, lower)
        out.append(lem.lower())
    return " ".join(out)


def _paragraph_sentences(
    nlp: Language, doc: Doc, text: str, offset: int, turn: int, speaker: str | None,
    rules: bool, pipe_lemmas: bool, exact, lower,
) -> Iterator[SegmentSpan]:
    for s, e in _sentence_bounds(nlp, doc, rules):
        span = doc[s:e]
        a = span.start_char
        b = span.end_char
        while a < b and doc.text[a].isspace():
            a += 1
        while b > a and doc.text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        lem = _lemma_string(span, pipe_lemmas, exact, lower)
        yield SegmentSpan("sentence", offset + a, offset + b, speaker, turn, lem, None)


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
                        _paragraph_sentences(nlp, doc, text, a, k, turn.speaker, rules, pipe_lemmas, exact, lower)
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
