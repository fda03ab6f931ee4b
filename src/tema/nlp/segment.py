"""Turns and sentences of transcripts, with code-point offsets into the text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from tema.nlp.lemmas import lemma_of
from tema.nlp.pipeline import has_lemmas, load_pipeline
from tema.nlp.resources import lemma_tables
from tema.nlp.rules import sentence_starts, token_flags
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


_ATTRS = [IDX, LENGTH, IS_PUNCT, IS_SPACE, LEMMA, ORTH, SENT_START]
#: tema's own components: ``segment_many`` skips them in ``nlp.pipe`` and does their work
#: on the arrays it reads anyway (same boundaries, same lemmas, no per-token Python writes).
_OWN_COMPONENTS = ("tema_sentence_rules", "tema_lemmatizer")
_lower_cache: dict[int, str] = {}


def _lower_lemma(key: int, strings, exact, lower) -> str:
    """Lower-cased lemma for a cache key: a lemma hash (> 0) set by the pipeline's own
    lemmatizer, or minus the form's hash (tema's table looks the form up)."""
    s = _lower_cache.get(key)
    if s is None:
        s = strings[key].lower() if key > 0 else lemma_of(strings[-key], exact, lower).lower()
        if len(_lower_cache) < 1_000_000:
            _lower_cache[key] = s
    return s


def _words(arr: np.ndarray, strings, pipe_lemmas: bool, exact, lower) -> list[str | None]:
    """Each token's lower-case lemma (None for spaces and punctuation); every distinct
    form (or lemma) is looked up once."""
    orth = arr[:, 5]
    forms, inverse = np.unique(orth, return_inverse=True)
    by_form = np.array([_lower_lemma(-o, strings, exact, lower) for o in forms.tolist()], dtype=object)
    words = by_form[inverse.reshape(-1)]
    if pipe_lemmas:  # another pipeline's lemmatizer: its lemma where it set one
        lem = arr[:, 4]
        hashes, inv = np.unique(lem, return_inverse=True)
        by_lemma = np.array([_lower_lemma(h, strings, exact, lower) if h else None for h in hashes.tolist()],
                            dtype=object)
        words = np.where(lem != 0, by_lemma[inv.reshape(-1)], words)
    words[(arr[:, 2] | arr[:, 3]) != 0] = None
    return words.tolist()


def _text_sentences(docs: list[Doc], text: str, places: list[tuple[int, int, str | None]], pipe_lemmas: bool,
                    exact, lower) -> Iterator[SegmentSpan]:
    """Sentences of one text's paragraphs: ``docs[k]`` is the paragraph starting at
    ``places[k] = (offset, turn, speaker)``. Arrays are read once per doc and the
    per-token work (token classes, lemmas) is done once for the whole text."""
    arrs = [doc.to_array(_ATTRS).reshape(-1, len(_ATTRS)) for doc in docs]
    if not arrs:
        return
    arr = np.concatenate(arrs)
    if not len(arr):
        return
    strings = docs[0].vocab.strings
    flags = token_flags(arr[:, 5], strings)
    words = _words(arr, strings, pipe_lemmas, exact, lower)
    tok_idx = arr[:, 0].tolist()
    tok_len = arr[:, 1].tolist()
    senter = arr[:, 6].astype(np.int64).astype(np.int8)
    base = 0
    for doc, part, (offset, turn, speaker) in zip(docs, arrs, places):
        n = len(part)
        if not n:
            continue
        end = base + n
        starts = sentence_starts(doc, senter[base:end], orth=arr[base:end, 5], flags=flags[base:end])
        idx = (np.flatnonzero(starts == 1) + base).tolist()
        if not idx or idx[0] != base:
            idx.insert(0, base)
        idx.append(end)
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
            lemmas = " ".join([w for w in words[s:e] if w is not None])
            yield SegmentSpan("sentence", a, b, speaker, turn, lemmas, None)
        base = end


def segment_many(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 64
) -> Iterator[list[SegmentSpan]]:
    """Segment many transcripts; one list of spans per text, in order.

    All paragraphs of all turns go through one ``nlp.pipe`` stream (texts are read
    in chunks, so an iterator of texts is processed lazily).  tema's transcript rules
    and lemma table are applied to each paragraph's arrays here (for every pipeline:
    as a post-processing step when the pipeline has no tema components).
    """
    if nlp is None:
        nlp = load_pipeline()
    skip = [name for name in _OWN_COMPONENTS if name in nlp.pipe_names]
    pipe_lemmas = any(p in nlp.pipe_names for p in ("lemmatizer", "trainable_lemmatizer"))
    exact, lower = lemma_tables()
    chunk_paragraphs = max(batch_size * 8, 256)

    pending: list[tuple[str, list]] = []  # (text, [(turn, [(para_start, para_end)])])
    n_paras = 0

    def flush() -> Iterator[list[SegmentSpan]]:
        strings = [text[a:b] for text, turns in pending for _t, paras in turns for a, b in paras]
        docs = iter(nlp.pipe(strings, batch_size=batch_size, disable=skip))
        for text, turns in pending:
            out: list[SegmentSpan] = []
            own: list[Doc] = []
            places: list[tuple[int, int, str | None]] = []
            for k, (turn, paras) in enumerate(turns):
                for a, _b in paras:
                    own.append(next(docs))
                    places.append((a, k, turn.speaker))
            sentences = _text_sentences(own, text, places, pipe_lemmas, exact, lower)
            nxt = next(sentences, None)
            for k, (turn, _paras) in enumerate(turns):
                out.append(SegmentSpan("turn", turn.start, turn.end, turn.speaker, k, None, turn.meta))
                while nxt is not None and nxt.turn == k:
                    out.append(nxt)
                    nxt = next(sentences, None)
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
