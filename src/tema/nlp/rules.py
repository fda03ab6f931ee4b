"""Transcript rules around the statistical sentence splitter.

``sentence_starts(doc)`` takes the boundaries a model (``senter``, ``parser``
or ``sentencizer``) predicted and corrects them for transcripts:

* never break after mid-sentence abbreviations (``f.eks.``, ``bl.a.``, ``dvs.``,
  ``ca.``, ``nr.``, ``kl.``, ``mht.``, ``evt.``, ``ev.``, ``jf.``, ``pga.``, ``t.d.``…);
* after abbreviations that may end a sentence (``osv.``, ``o.l.``, ``m.m.``, ``kr.``…)
  and after a number with a period (``1.``, ``1995.``): break before a capitalised
  word, never before a lower-case word or a number (``1. august``, ``osv. og``);
* never break after a pause (``..``, ``...``, ``…``) or a closing bracket when a
  lower-case word follows, nor inside short brackets (``[...]``, ``(ler)``,
  ``[pause]``);
* a dialogue dash or an opening quote after sentence-final punctuation starts the
  sentence (the dash belongs to the new sentence); a lower-case word right after a
  mid-sentence dash does not start one;
* closing punctuation never starts a sentence; a blank line always does.

The same rules run as the ``tema_sentence_rules`` pipeline component (shipped
pipeline) and as a post-processing step for other pipelines, whose parsed docs
do not allow changing boundaries.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.symbols import ORTH as SYM_ORTH
from spacy.tokens import Doc

__all__ = [
    "MID_ABBREVIATIONS",
    "END_ABBREVIATIONS",
    "sentence_starts",
    "customize_tokenizer",
]

#: Abbreviations that (practically) never end a sentence.
MID_ABBREVIATIONS = frozenset(
    """f.eks. bl.a. dvs. ca. nr. kl. mht. evt. ev. jf. jfr. pga. p.g.a. t.d. t.d bla. iht. inkl.
    ifm. ifb. vha. vs. hhv. m.a.o. ang. vedr. vedk. tlf. ref. resp. pr. dr. st. hr. mr.
    mrs. prof. sml. kap. pkt. etg. gnr. bnr. adm.dir. dir. ekskl. evnt. eks. f.o.m. t.o.m.
    istf. iflg. u.a. m.h.t. pt. p.t.""".split()
)
#: Abbreviations that may end a sentence (break only before a capital).
END_ABBREVIATIONS = frozenset(
    """osv. o.l. e.l. m.m. mv. m.v. m.fl. mfl. etc. osb. o.a. kr. mill. mrd. stk. mnd.
    jr. sr. a.m. p.m.""".split()
)
_PAUSES = frozenset(["..", "...", "....", ".....", "…", "……", ". . ."])
_DASHES = frozenset(["-", "–", "—", "―", "--"])
_OPEN_QUOTES = frozenset(["«", "“", "„", '"', "'", "‘", "‹"])
_OPENERS = _DASHES | _OPEN_QUOTES | frozenset(["(", "["])
_FINAL = frozenset([".", "!", "?", "…", "...", "..", "?!", "!?", "!!", "??", "»", "”"])
_NO_START = frozenset(
    [",", ".", ";", ":", "!", "?", ")", "]", "}", "»", "”", "’", "%", "?!", "!?", "!!", "??"]
)
_OPEN_BR = {"[": "]", "(": ")", "{": "}"}
_CLOSE_BR = frozenset(_OPEN_BR.values())
_BRACKET_MAX = 12  # tokens: a longer bracket is ordinary text and may contain sentences
_NUM_PERIOD = re.compile(r"^\d+\.$")
_PARA_RE = re.compile(r"\n[^\S\n]*\n")


def _hashes(strings) -> np.ndarray:
    return np.array(sorted({hash_string(s) for s in strings}), dtype=np.uint64)


_SPECIAL = set(MID_ABBREVIATIONS) | END_ABBREVIATIONS | _PAUSES | _DASHES | _OPEN_QUOTES
_SPECIAL |= set(_OPEN_BR) | _CLOSE_BR | _NO_START
_SPECIAL |= {s.capitalize() for s in MID_ABBREVIATIONS | END_ABBREVIATIONS}
_SPECIAL_HASHES = _hashes(_SPECIAL)


def _starts_upper(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _starts_lower_or_digit(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0].isdigit())


def sentence_starts(doc: Doc, starts: np.ndarray | None = None) -> np.ndarray:
    """Corrected sentence starts of ``doc`` as an int8 array (1 start, -1 not, per token).

    ``starts`` defaults to the doc's current ``SENT_START`` values.
    """
    n = len(doc)
    orth = doc.to_array(ORTH).astype(np.uint64).reshape(-1)
    if starts is None:
        starts = doc.to_array(SENT_START).astype(np.int64).astype(np.int8).reshape(-1)
    else:
        starts = np.asarray(starts, dtype=np.int8).copy()
    if n == 0:
        return starts
    starts[starts == 0] = -1
    # first non-space token starts a sentence
    first = 0
    while first < n - 1 and doc[first].is_space:
        first += 1
    starts[: first] = -1
    starts[first] = 1

    special_pos = np.flatnonzero(np.isin(orth, _SPECIAL_HASHES)).tolist()
    text = doc.text

    def prev_word(i: int) -> int:
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        return j

    def next_word(i: int) -> int:
        j = i + 1
        while j < n and doc[j].is_space:
            j += 1
        return j

    # 1. Brackets: nothing inside a short bracket starts a sentence.
    stack: list[int] = []
    for i in special_pos:
        t = doc[i].text
        if t in _OPEN_BR:
            stack.append(i)
        elif t in _CLOSE_BR and stack:
            o = stack.pop()
            if i - o <= _BRACKET_MAX and doc[o].text in _OPEN_BR and _OPEN_BR[doc[o].text] == t:
                starts[o + 1 : i + 1] = -1

    # 2. Tokens after abbreviations, numbers with a period, pauses and closing brackets.
    for i in special_pos:
        t = doc[i].text
        low = t.lower()
        j = next_word(i)
        if j >= n:
            continue
        nt = doc[j].text
        if low in MID_ABBREVIATIONS:
            starts[j] = -1
        elif low in END_ABBREVIATIONS:
            if _starts_upper(nt) and nt not in _NO_START:
                starts[j] = 1
            elif _starts_lower_or_digit(nt):
                starts[j] = -1
        elif t in _PAUSES or t in _CLOSE_BR:
            if _starts_lower_or_digit(nt):
                starts[j] = -1
        elif t in _DASHES:
            p = prev_word(i)
            if p >= 0 and doc[p].text in _FINAL:
                starts[i] = 1
                starts[j] = -1
            elif p >= 0 and starts[j] == 1 and _starts_lower_or_digit(nt):
                starts[j] = -1
        elif t in _OPEN_QUOTES or t in _OPEN_BR:
            p = prev_word(i)
            if (p < 0 or doc[p].text in _FINAL) and starts[j] == 1:
                starts[i] = 1 if p >= 0 else starts[i]
                starts[j] = -1
        if t in _NO_START and i != first:
            starts[i] = -1
    # Numbers with a period ("1.", "1995."): tokenised as one token by spaCy's nb rules.
    for m in re.finditer(r"(?<![\w.])\d+\.(?=\s)", text):
        tok = doc.char_span(m.start(), m.end())
        if tok is None:
            continue
        j = next_word(tok.end - 1)
        if j >= n:
            continue
        nt = doc[j].text
        if _starts_lower_or_digit(nt) or nt in _NO_START:
            starts[j] = -1
        elif _starts_upper(nt):
            starts[j] = 1
    # 3. A blank line always starts a sentence.
    if "\n" in text:
        for m in _PARA_RE.finditer(text):
            span = doc.char_span(m.end(), len(text), alignment_mode="expand")
            if span is not None and len(span):
                j = span.start
                while j < n and doc[j].is_space:
                    j += 1
                if j < n:
                    starts[j] = 1
    return starts


@Language.component("tema_sentence_rules")
def tema_sentence_rules(doc: Doc) -> Doc:
    """Apply :func:`sentence_starts` to a doc whose boundaries may still be changed."""
    if not len(doc):
        return doc
    current = doc.to_array(SENT_START).astype(np.int64).astype(np.int8).reshape(-1)
    fixed = sentence_starts(doc, current)
    changed = np.flatnonzero(fixed != current)
    for i in changed.tolist():
        doc[i].is_sent_start = bool(fixed[i] == 1)
    return doc


def customize_tokenizer(nlp: Language) -> None:
    """Keep transcript abbreviations (also capitalised) as single tokens."""
    tok = nlp.tokenizer
    for abbr in sorted(MID_ABBREVIATIONS | END_ABBREVIATIONS):
        if not abbr.endswith("."):
            continue
        for form in {abbr, abbr[0].upper() + abbr[1:]}:
            tok.add_special_case(form, [{SYM_ORTH: form}])
