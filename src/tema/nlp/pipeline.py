"""Choosing and loading the spaCy pipeline (cached once per process)."""

from __future__ import annotations

import os
import threading
import warnings

import spacy
from spacy.language import Language

from tema.errors import TemaError
from tema.i18n import _
from tema.nlp import lemmas as _lemmas  # noqa: F401  (registers "tema_lemmatizer")
from tema.nlp import rules as _rules  # noqa: F401  (registers "tema_sentence_rules")
from tema.nlp.resources import PIPELINE_DIR

__all__ = ["load_pipeline", "pipeline_name", "resolve_name", "TEMA", "TEMA_RULES", "ENV_VAR"]

ENV_VAR = "TEMA_NLP_MODEL"
TEMA = "tema"  # the shipped pipeline (trained senter), rules-only before it is trained
TEMA_RULES = "tema-rules"  # blank nb + sentencizer + transcript rules
SENTER_LABEL = "tema-nb-senter"
RULES_LABEL = "tema-nb-rules"

_cache: dict[str, Language] = {}
_lock = threading.Lock()


def resolve_name(name: str | None = None) -> str:
    """``name``, else ``$TEMA_NLP_MODEL``, else ``"tema"``."""
    return (name or os.environ.get(ENV_VAR) or TEMA).strip()


def _tema_version() -> str:
    from tema import __version__

    return __version__


def _finish_tema(nlp: Language, label: str) -> Language:
    _rules.customize_tokenizer(nlp)
    nlp.add_pipe("tema_sentence_rules")
    nlp.add_pipe("tema_lemmatizer")
    nlp.meta["tema_pipeline"] = label
    if nlp.meta.get("version") in (None, "", "0.0.0"):
        nlp.meta["version"] = _tema_version()
    return nlp


def _build_rules() -> Language:
    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"] = "tema_rules"
    nlp.meta["version"] = _tema_version()
    return _finish_tema(nlp, RULES_LABEL)


def _build_tema() -> Language:
    if not (PIPELINE_DIR / "config.cfg").exists():
        return _build_rules()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy.load(PIPELINE_DIR)
    return _finish_tema(nlp, SENTER_LABEL)


def _build_other(name: str) -> Language:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp = spacy.load(name)
    except OSError as exc:
        raise TemaError(
            _("spaCy pipeline {name!r} is not installed (set {variable}=tema to use tema's own pipeline)").format(name=name, variable=ENV_VAR)
        ) from exc
    if not any(p in nlp.pipe_names for p in ("parser", "senter", "sentencizer")) and not any(
        nlp.get_pipe(p).__class__.__name__ in ("DependencyParser", "SentenceRecognizer")
        for p in nlp.pipe_names
    ):
        nlp.add_pipe("sentencizer")
    return nlp


def load_pipeline(name: str | None = None) -> Language:
    """The pipeline called ``name`` (see :func:`resolve_name`), loaded once per process.

    ``"tema"`` is tema's shipped pipeline (trained ``senter`` + transcript rules +
    lookup lemmas; rules and sentencizer until the model is trained), ``"tema-rules"``
    the rules-only variant; anything else is passed to :func:`spacy.load`
    (e.g. ``nb_core_news_sm`` when installed).
    """
    key = resolve_name(name)
    nlp = _cache.get(key)
    if nlp is not None:
        return nlp
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            if key == TEMA:
                nlp = _build_tema()
            elif key == TEMA_RULES:
                nlp = _build_rules()
            else:
                nlp = _build_other(key)
            _cache[key] = nlp
    return nlp


def clear_cache() -> None:
    """Forget loaded pipelines (after training a new model, and in tests)."""
    with _lock:
        _cache.clear()
    from tema.nlp import resources

    resources.lemma_tables.cache_clear()
    resources.common_words.cache_clear()


def pipeline_name(nlp: Language) -> str:
    """Name and version to record on a document, e.g. ``"tema-nb-senter 0.1.0"``."""
    meta = nlp.meta
    version = meta.get("version", "0.0.0")
    label = meta.get("tema_pipeline")
    if label:
        return f"{label} {version}"
    return f"{meta.get('lang', nlp.lang)}_{meta.get('name', 'pipeline')} {version}"


def has_tema_rules(nlp: Language) -> bool:
    return "tema_sentence_rules" in nlp.pipe_names


def has_lemmas(nlp: Language) -> bool:
    return any(p in nlp.pipe_names for p in ("tema_lemmatizer", "lemmatizer", "trainable_lemmatizer"))

