"""Lookup lemmatizer: a form → lemma table shipped with tema (``models/lemmas.tsvz``).

The table is built by ``tema nlp train`` from the treebank annotations (most
frequent lemma per form) with Norsk Ordbank (``spacy-lookups-data``) as fallback;
at run time only the standard library reads it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from tema.nlp.resources import lemma_tables

__all__ = ["lemma_of", "TemaLemmatizer"]


def lemma_of(form: str, exact: Mapping[str, str] | None = None, lower: Mapping[str, str] | None = None) -> str:
    """Lemma of one word form (the form itself, lower-cased unless a proper name, when unknown)."""
    if exact is None or lower is None:
        exact, lower = lemma_tables()
    lemma = exact.get(form)
    if lemma is not None:
        return lemma
    low = form.lower()
    lemma = lower.get(low)
    if lemma is not None:
        return lemma
    if low[-1:] == "." and low[:-1].isdigit():
        return low[:-1]  # "1995." (one token) -> "1995"
    return low


class TemaLemmatizer:
    """Pipeline component setting ``token.lemma_`` from the shipped table.

    Lemmas are cached per word form (by hash) and written with ``Doc.from_array``,
    so a token costs one dictionary lookup.
    """

    def __init__(self, nlp: Language, name: str = "tema_lemmatizer") -> None:
        self.name = name
        self._cache: dict[int, int] = {}

    def _lemma_hash(self, orth: int, strings) -> int:
        exact, lower = lemma_tables()  # read on first use, not when the pipeline loads
        lemma = lemma_of(strings[orth], exact, lower)
        h = strings.add(lemma)
        if len(self._cache) < 1_000_000:
            self._cache[orth] = h
        return h

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        cache = self._cache
        orth = doc.to_array(ORTH).reshape(-1)
        out = np.empty((len(orth), 1), dtype=np.uint64)
        for i, o in enumerate(orth.tolist()):
            h = cache.get(o)
            if h is None:
                h = self._lemma_hash(o, strings)
            out[i, 0] = h
        doc.from_array([LEMMA], out)
        return doc

    # The table is package data, not part of the serialised pipeline.
    def to_disk(self, path, *, exclude=tuple()):  # noqa: D102
        pass

    def from_disk(self, path, *, exclude=tuple()):  # noqa: D102
        return self

    def to_bytes(self, *, exclude=tuple()):  # noqa: D102
        return b""

    def from_bytes(self, data, *, exclude=tuple()):  # noqa: D102
        return self


@Language.factory("tema_lemmatizer")
def make_tema_lemmatizer(nlp: Language, name: str) -> TemaLemmatizer:
    return TemaLemmatizer(nlp, name)
