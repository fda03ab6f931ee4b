"""tema's language layer: transcript turns, sentences and lemmas (DESIGN.md §6).

Public API::

    load_pipeline(name=None) -> spacy.Language     # cached once per process
    pipeline_name(nlp) -> str                      # "tema-nb-senter 0.1.0"
    segment_transcript(text, nlp=None) -> list[SegmentSpan]
    segment_many(texts, nlp=None, batch_size=64) -> Iterator[list[SegmentSpan]]
    lemmatize_query(words, nlp=None) -> list[str]

Pipeline choice: the ``name`` argument, else ``$TEMA_NLP_MODEL``, else ``"tema"``
(the pipeline shipped in ``tema/nlp/models``).  ``"tema-rules"`` is the rules-only
variant; any other name is loaded with ``spacy.load`` (e.g. ``nb_core_news_sm``).
"""

from __future__ import annotations

from tema.nlp.pipeline import ENV_VAR, clear_cache, load_pipeline, pipeline_name
from tema.nlp.segment import SegmentSpan, lemmatize_query, segment_many, segment_transcript

__all__ = [
    "ENV_VAR",
    "SegmentSpan",
    "clear_cache",
    "lemmatize_query",
    "load_pipeline",
    "pipeline_name",
    "segment_many",
    "segment_transcript",
]
