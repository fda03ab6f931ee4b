"""Name suggestions for pseudonymisation (reviewed by a person: recall first).

``suggest_names(texts)`` combines

* speaker labels of transcripts (``Elise:`` → ``Elise``, PER, highest score);
* capitalised words that do not start a sentence and are not common Norwegian
  words (``models/common_words.txt.gz``, lower-case treebank lemmas/forms), joined
  into multi-word names (``Anne Berit Hansen``); a sentence-initial word only when
  it is a known name or not a common word;
* a small name table derived from the treebank's NorNE annotations
  (``models/names.json.gz``: word → PER/LOC/ORG, no sentences) and word-shape
  hints (``-veien``, ``AS``, ``kommune`` …) to choose the kind.

A statistical ``ner`` trained on the same data was measured (``tema nlp train``
prints it) and is not shipped unless it improves person-name recall; see
:func:`train_names`.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from tema.nlp.resources import NAMES_PATH, common_words, lemma_tables
from tema.nlp.transcript import ROLE_LABELS, paragraph_spans, split_turns

__all__ = ["NameSuggestion", "suggest_names", "evaluate_names", "build_name_table", "train_names"]

_KINDS = ("PER", "LOC", "ORG")
_NORNE_KIND = {"PER": "PER", "LOC": "LOC", "GPE_LOC": "LOC", "GPE_ORG": "LOC", "ORG": "ORG"}
_LOC_SUFFIXES = (
    "veien", "vegen", "gata", "gate", "gaten", "plass", "plassen", "torget", "stad", "sund", "vik",
    "dal", "dalen", "heim", "hamn", "havn", "berg", "fjord", "fjorden", "øy", "øya", "by", "byen",
    "land", "landet", "ås", "åsen", "nes", "stranda", "skogen", "bakken", "haugen",
)
_ORG_WORDS = frozenset(
    """as asa ans sa kommune kommunen fylkeskommune sykehus sykehuset skole skolen skule
    universitet universitetet høgskole høgskolen barnehage barnehagen senter senteret klubb
    klubben forening foreningen lag laget departement departementet direktorat direktoratet
    etat etaten nav""".split()
)
_PARTICLES = frozenset(["van", "von", "de", "af", "av", "la", "le", "di", "da", "bin", "al"])


@dataclass(frozen=True, slots=True)
class NameSuggestion:
    text: str  # the name as written
    kind: str  # PER | LOC | ORG
    start: int  # code-point offsets into the input text
    end: int
    context: str  # the sentence around it (at most ~120 characters)
    score: float  # 0..1, higher = more likely a name
    doc: int = 0  # index of the text in the input


@lru_cache(maxsize=1)
def name_table() -> dict[str, str]:
    """Lower-case word → PER/LOC/ORG, from the treebank's name annotations."""
    if not NAMES_PATH.exists():
        return {}
    with gzip.open(NAMES_PATH, "rt", encoding="utf-8") as fh:
        return json.load(fh).get("words", {})


def build_name_table(docs) -> dict:
    """Words seen inside names (and more often inside than outside) → most frequent kind."""
    inside: dict[str, Counter] = defaultdict(Counter)
    outside: Counter = Counter()
    for doc in docs:
        for s in doc:
            for t in s.tokens:
                low = t.form.lower()
                if not t.form[:1].isalpha():
                    continue
                tag = t.name
                kind = _NORNE_KIND.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
                if kind:
                    inside[low][kind] += 1
                else:
                    outside[low] += 1
    words = {}
    for low, c in inside.items():
        total = sum(c.values())
        if total >= outside[low] and len(low) > 1:
            words[low] = c.most_common(1)[0][0]
    return {"version": 1, "words": dict(sorted(words.items()))}


def _is_cap(text: str) -> bool:
    return text[:1].isupper() and any(ch.isalpha() for ch in text)


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 2 <= len(letters) <= 6 and all(ch.isupper() for ch in letters) and text.isalpha()


def _kind_of(words: list[str], table: dict[str, str]) -> tuple[str, float]:
    lows = [w.lower() for w in words]
    votes = Counter(table[w] for w in lows if w in table)
    if lows[-1] in _ORG_WORDS or any(w in ("as", "asa") for w in lows):
        return "ORG", 0.1
    if votes:
        kind, n = votes.most_common(1)[0]
        return kind, 0.2 if n == len(lows) else 0.1
    if len(words) == 1 and _is_acronym(words[0]):
        return "ORG", 0.0
    if lows[-1].endswith(_LOC_SUFFIXES) and len(lows[-1]) > 5:
        return "LOC", 0.0
    return "PER", 0.0


def _context(text: str, start: int, end: int, s_start: int, s_end: int) -> str:
    a = max(s_start, start - 60)
    b = min(s_end, end + 60)
    return text[a:b].replace("\n", " ").strip()


def _common(word: str, common: frozenset[str], lower: dict[str, str], initial: bool) -> bool:
    """Is ``word`` (lower case) a common word rather than a name?"""
    if word in common:
        return True
    if "-" in word:
        last = word.rsplit("-", 1)[1]
        if last and (last in common or lower.get(last, "") in common):
            return True  # "ap-regjering", "tv-kanalen"
    if initial:
        # inflected dictionary words: "Regjeringen", "Billetter" (Norsk Ordbank forms)
        return word in lower or lower.get(word, "") in common
    return False


def _doc_names(doc, text: str, offset: int, table: dict[str, str], common: frozenset[str], out: list, k: int) -> None:
    lower = lemma_tables()[1]
    toks = [t for t in doc if not t.is_space]
    n = len(toks)
    i = 0
    sent_bounds = {}
    for sent in doc.sents:
        for t in sent:
            sent_bounds[t.i] = (sent.start_char, sent.end_char)
    while i < n:
        t = toks[i]
        if not _is_cap(t.text) or not t.text[0].isalpha():
            i += 1
            continue
        # collect a run of capitalised words (with name particles inside)
        j = i + 1
        while j < n:
            u = toks[j]
            if _is_cap(u.text) and u.text[0].isalpha() and u.idx == toks[j - 1].idx + len(toks[j - 1].text) + 1:
                j += 1
            elif (
                u.lower_ in _PARTICLES and j + 1 < n and _is_cap(toks[j + 1].text)
                and u.idx == toks[j - 1].idx + len(toks[j - 1].text) + 1
            ):
                j += 2
            else:
                break
        run = toks[i:j]
        initial = t.is_sent_start or (i > 0 and toks[i - 1].text in ("-", "–", "«", '"', ":", "(")) or i == 0
        words = [u.text for u in run]
        # drop leading common sentence-initial words ("Når Elise kom" -> "Elise")
        while run and run[0].i == t.i and initial and run[0].lower_ in common and run[0].lower_ not in table:
            run = run[1:]
            words = words[1:]
            initial = False
            if run:
                t = run[0]
        lows = [w.lower() for w in words]
        if run:
            known = any(w in table for w in lows)
            sentence_initial = run[0].i == toks[i].i and initial
            all_common = all(_common(w, common, lower, sentence_initial and m == 0) for m, w in enumerate(lows))
            keep = False
            score = 0.5
            if known:
                keep, score = True, 0.7
            elif not all_common:
                keep = True
                score = 0.45 if run[0].is_sent_start and run[0].i == toks[i].i else 0.6
            if keep and len(words) == 1 and len(words[0]) < 2:
                keep = False
            if keep:
                kind, bonus = _kind_of(words, table)
                if len(words) > 1:
                    bonus += 0.1
                start = offset + run[0].idx
                end = offset + run[-1].idx + len(run[-1].text)
                s_start, s_end = sent_bounds.get(run[0].i, (0, len(doc.text)))
                out.append(
                    NameSuggestion(
                        text[start:end], kind, start, end,
                        _context(text, start, end, offset + s_start, offset + s_end),
                        round(min(score + bonus, 0.95), 2), k,
                    )
                )
        i = j


def suggest_names(texts: Iterable[str] | str, nlp: Language | None = None, batch_size: int = 64) -> list[NameSuggestion]:
    """Possible names (people, places, organisations) in ``texts``, in document order."""
    from tema.nlp.pipeline import load_pipeline

    if isinstance(texts, str):
        texts = [texts]
    if nlp is None:
        nlp = load_pipeline()
    table = name_table()
    common = common_words()
    out: list[NameSuggestion] = []
    for k, text in enumerate(texts):
        turns = split_turns(text)
        # speaker labels: the name before the colon (roles such as I:/Intervjuer: excluded)
        for turn in turns:
            if turn.speaker and turn.speaker.lower() not in ROLE_LABELS and not turn.speaker.lower().split()[0] in ROLE_LABELS:
                line_start = text.rfind("\n", 0, turn.start) + 1
                pos = text.find(turn.speaker, line_start, turn.start)
                if pos >= 0:
                    out.append(
                        NameSuggestion(turn.speaker, "PER", pos, pos + len(turn.speaker),
                                       "speaker label", 0.95, k)
                    )
        paras = [(a, b) for t in turns for a, b in paragraph_spans(text, t.start, t.end)]
        with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p != "tema_lemmatizer"]):
            for (a, _b), doc in zip(paras, nlp.pipe((text[a:b] for a, b in paras), batch_size=batch_size)):
                _doc_names(doc, text, a, table, common, out, k)
    out.sort(key=lambda s: (s.doc, s.start))
    return out


# ---------------------------------------------------------------- evaluation


def _gold_entities(sents) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of an NDT document (sentences joined by spaces) and its PER/LOC/ORG spans."""
    from tema.nlp.conll import join_tokens

    parts = []
    ents = []
    pos = 0
    for s in sents:
        text, offs = join_tokens(s.tokens)
        cur = None
        for t, o in zip(s.tokens, offs):
            tag = t.name
            kind = _NORNE_KIND.get(tag[2:]) if len(tag) > 2 else None
            if tag.startswith("B-") or (tag.startswith("I-") and cur is None):
                if cur:
                    ents.append(cur)
                cur = [pos + o, pos + o + len(t.form), kind] if kind else None
            elif tag.startswith("I-") and cur:
                cur[1] = pos + o + len(t.form)
            else:
                if cur:
                    ents.append(cur)
                cur = None
        if cur:
            ents.append(cur)
        parts.append(text)
        pos += len(text) + 1
    return " ".join(parts), [tuple(e) for e in ents if e[2]]


def evaluate_names(docs, suggest: Callable | None = None) -> dict:
    """Person-name recall (a gold PER overlapped by any suggestion) and precision of PER suggestions."""
    suggest = suggest or suggest_names
    texts, golds = [], []
    for doc in docs:
        t, g = _gold_entities(doc)
        texts.append(t)
        golds.append(g)
    sugg = suggest(texts)
    by_doc: dict[int, list[NameSuggestion]] = defaultdict(list)
    for s in sugg:
        by_doc[s.doc].append(s)
    res = {}
    for kind in ("PER", "LOC", "ORG", "ALL"):
        gold_n = hit = hit_kind = 0
        pred_n = pred_ok = 0
        for k, gold in enumerate(golds):
            g = [e for e in gold if kind == "ALL" or e[2] == kind]
            ss = by_doc.get(k, [])
            for a, b, gk in g:
                gold_n += 1
                ov = [s for s in ss if s.start < b and a < s.end]
                hit += bool(ov)
                hit_kind += any(s.kind == gk for s in ov)
            for s in ss:
                if kind != "ALL" and s.kind != kind:
                    continue
                pred_n += 1
                pred_ok += any(s.start < b and a < s.end and (kind == "ALL" or gk == kind) for a, b, gk in gold)
        res[kind] = {
            "recall": round(hit / gold_n, 4) if gold_n else 0.0,
            "recall_same_kind": round(hit_kind / gold_n, 4) if gold_n else 0.0,
            "precision": round(pred_ok / pred_n, 4) if pred_n else 0.0,
            "gold": gold_n,
            "suggested": pred_n,
        }
    return res


def train_names(train_docs, dev_docs, models_dir: Path, log: Callable[[str], None] = print) -> dict:
    """Write the name table; the rule-based suggester is what ships (see module docstring)."""
    table = build_name_table(train_docs)
    path = models_dir / NAMES_PATH.name
    raw = json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    name_table.cache_clear()
    log(f"name table: {len(table['words'])} words, {path.stat().st_size // 1024} KiB")
    return {"method": "rules + name table", "words": len(table["words"])}
