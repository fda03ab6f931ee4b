"""Lookup lemmatizer: a form → lemma table shipped with tema (``models/lemmas.json.gz``).

The table is built by ``tema nlp train`` from the treebank annotations (most
frequent lemma per form) with Norsk Ordbank (``spacy-lookups-data``) as fallback;
at run time only the standard library reads it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tema.nlp.resources import lemma_tables

__all__ = ["lemma_of", "TemaLemmatizer"]


def lemma_of(form: str, exact: dict[str, str] | None = None, lower: dict[str, str] | None = None) -> str:
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
    return low


class TemaLemmatizer:
    """Pipeline component setting ``token.lemma_`` from the shipped table."""

    def __init__(self, nlp: Language, name: str = "tema_lemmatizer") -> None:
        self.name = name
        self.exact, self.lower = lemma_tables()

    def __call__(self, doc: Doc) -> Doc:
        exact, lower = self.exact, self.lower
        for token in doc:
            if token.is_space:
                continue
            form = token.text
            lemma = exact.get(form)
            if lemma is None:
                low = token.lower_
                lemma = lower.get(low, low)
            token.lemma_ = lemma
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
