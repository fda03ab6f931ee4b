"""Measure a pipeline on treebank data: sentence boundaries, lemmas, names, speed."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from tema.errors import TemaError
from tema.i18n import _
from tema.nlp.conll import Sentence, join_tokens, read_ud, ud_paragraphs
from tema.nlp.lemmas import lemma_of
from tema.nlp.pipeline import has_tema_rules
from tema.nlp.resources import lemma_tables
from tema.nlp.rules import sentence_starts

__all__ = [
    "BoundaryScore",
    "default_data_dir",
    "ud_dev_path",
    "evaluate_boundaries",
    "evaluate_lemmas",
    "measure_speed",
    "paragraph_texts",
    "evaluate_conllu",
]

UD_DEV = "no_bokmaal-ud-dev.conllu"


def default_data_dir() -> Path:
    """``../shared/nlp`` beside the repository (or the source tree of an editable install)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / ".." / "shared" / "nlp"
        if (parent / "pyproject.toml").exists() and cand.exists():
            return cand.resolve()
    return (Path.cwd() / ".." / "shared" / "nlp").resolve()


def ud_dev_path(data_dir: Path | None = None) -> Path:
    path = Path(data_dir or default_data_dir()) / UD_DEV
    if not path.exists():
        raise TemaError(_("{path}: evaluation data not found (pass --conllu FILE or --data DIR)").format(path=path))
    return path


@dataclass
class BoundaryScore:
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int

    def as_dict(self) -> dict:
        return asdict(self)


def _prf(correct: int, predicted: int, gold: int) -> BoundaryScore:
    p = correct / predicted if predicted else 1.0
    r = correct / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BoundaryScore(round(p, 4), round(r, 4), round(f, 4), gold, predicted, correct)


def paragraph_texts(sents: list[Sentence]) -> list[tuple[str, set[int]]]:
    """(raw text, char offsets of sentence breaks inside it) per UD paragraph."""
    out = []
    for para in ud_paragraphs(sents):
        parts: list[str] = []
        breaks: set[int] = set()
        pos = 0
        for k, s in enumerate(para):
            text = s.text if s.text is not None else join_tokens(s.tokens)[0]
            if k:
                parts.append(" ")
                pos += 1
                breaks.add(pos)
            parts.append(text)
            pos += len(text)
        out.append(("".join(parts), breaks))
    return out


def predicted_breaks(nlp: Language, texts: list[str], batch_size: int = 64) -> list[set[int]]:
    rules = has_tema_rules(nlp)
    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        if rules:
            starts = [t.is_sent_start for t in doc]
        else:
            arr = sentence_starts(doc, np.array([1 if t.is_sent_start else -1 for t in doc], dtype=np.int8))
            starts = [v == 1 for v in arr]
        first = True
        br = set()
        for t, s in zip(doc, starts):
            if t.is_space:
                continue
            if first:
                first = False
                continue
            if s:
                br.add(t.idx)
        out.append(br)
    return out


def evaluate_boundaries(nlp: Language, sents: list[Sentence]) -> BoundaryScore:
    """Sentence-break P/R/F1 inside paragraphs (the first sentence start is not counted)."""
    paras = paragraph_texts(sents)
    pred = predicted_breaks(nlp, [t for t, _b in paras])
    correct = predicted = gold = 0
    for (_t, g), p in zip(paras, pred):
        gold += len(g)
        predicted += len(p)
        correct += len(g & p)
    return _prf(correct, predicted, gold)


def _norm_gold_lemma(form: str, lemma: str) -> str:
    # NDT/UD write punctuation lemmas as "$," : compare them with the form
    if lemma.startswith("$") and len(lemma) > 1:
        return lemma[1:]
    return lemma


def evaluate_lemmas(nlp: Language, sents: list[Sentence]) -> dict:
    """Token accuracy of lemmas on gold tokens (case-insensitive; punctuation lemma = form).

    tema's lookup lemmatizer is context-free, so the table is applied to gold
    forms directly; other pipelines run their components on gold-tokenised docs.
    """
    use_table = "tema_lemmatizer" in nlp.pipe_names or not any(
        p in nlp.pipe_names for p in ("lemmatizer", "trainable_lemmatizer")
    )
    exact, lower = lemma_tables()
    total = ok = words = words_ok = ok_cased = 0
    for s in sents:
        forms = [t.form for t in s.tokens]
        if use_table:
            preds = [lemma_of(f, exact, lower) for f in forms]
        else:
            doc = Doc(nlp.vocab, words=forms, spaces=[t.space_after for t in s.tokens])
            for _name, proc in nlp.pipeline:
                doc = proc(doc)
            preds = [t.lemma_ for t in doc]
        for tok, pred in zip(s.tokens, preds):
            gold = _norm_gold_lemma(tok.form, tok.lemma)
            hit = pred.lower() == gold.lower()
            total += 1
            ok += hit
            ok_cased += pred == gold
            if tok.pos not in ("PUNCT", "SYM") and not tok.lemma.startswith("$"):
                words += 1
                words_ok += hit
    return {
        "accuracy": round(ok / total, 4) if total else 0.0,
        "accuracy_words": round(words_ok / words, 4) if words else 0.0,
        "accuracy_cased": round(ok_cased / total, 4) if total else 0.0,
        "tokens": total,
    }


def measure_speed(nlp: Language, texts: list[str], repeat: int = 7, batch_size: int = 64) -> float:
    """Words (non-space tokens) per second of ``nlp.pipe`` over ``texts``.

    Measured in CPU time of this process (``time.process_time``) after one warm-up
    pass, best of ``repeat`` passes: on a shared machine wall-clock time mostly
    measures the other processes.
    """
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    best = 0.0
    for _round in range(repeat):
        t0 = time.process_time()
        n = 0
        for doc in nlp.pipe(texts, batch_size=batch_size):
            n += len(doc)
        dt = time.process_time() - t0
        best = max(best, n / dt if dt else 0.0)
    return round(best)


def evaluate_conllu(nlp: Language, path: Path, speed: bool = True) -> dict:
    """All figures for one CoNLL-U file with raw text."""
    sents = read_ud(path)
    if not sents:
        raise TemaError(_("{path}: no sentences found").format(path=path))
    result = {
        "file": path.name,
        "sentences": evaluate_boundaries(nlp, sents).as_dict(),
        "lemmas": evaluate_lemmas(nlp, sents),
    }
    if speed:
        result["words_per_second"] = measure_speed(nlp, [t for t, _b in paragraph_texts(sents)])
    return result
