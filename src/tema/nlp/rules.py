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
from spacy.symbols import ORTH as SYM_ORTH
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

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
    istf. iflg. u.a. m.h.t. pt. p.t. str.""".split()
)
#: Abbreviations that may end a sentence (break only before a capital).
END_ABBREVIATIONS = frozenset(
    """osv. o.l. e.l. m.m. mv. m.v. m.fl. mfl. etc. osb. o.a. kr. mill. mrd. stk. mnd.
    jr. sr. a.m. p.m. frp. krf. sp. ap. sv.""".split()
)
_PAUSES = frozenset(["..", "...", "....", ".....", "…", "……", ". . ."])
_DASHES = frozenset(["-", "–", "—", "―", "--"])
_OPEN_QUOTES = frozenset(["«", "“", "„", '"', "'", "‘", "‹"])
_OPENERS = _DASHES | _OPEN_QUOTES | frozenset(["(", "["])
_FINAL = frozenset([".", "!", "?", "…", "...", "..", "?!", "!?", "!!", "??", "»", "”"])
_NO_START = frozenset(
    [",", ".", ";", ":", "!", "?", ")", "]", "}", "»", "”", "’", "%", "?!", "!?", "!!", "??"]
)
_QUESTION_EXCL = frozenset(["?", "!", "?!", "!?", "!!", "??", "»", "”"])
#: Verbs of saying that continue a sentence after ``?``/``!`` (``– Hvorfor? spurte hun.``)
SPEECH_VERBS = frozenset(
    """sa sier spurte spør svarte svarer ropte roper tenkte tenker mente mener skrev
    sukket lo hvisket fortalte forklarte la lurte undret utbrøt fortsatte kom jubler jublet
    sukker smiler smilte ler utbryter forteller forklarer konstaterer konstaterte påpeker
    påpekte legger understreker understreket""".split()
)
_OPEN_BR = {"[": "]", "(": ")", "{": "}"}
_CLOSE_BR = frozenset(_OPEN_BR.values())
_QUOTE_MAX = 25  # tokens inside «» checked for breaks without final punctuation
_BRACKET_MAX = 12  # tokens: a longer bracket is ordinary text and may contain sentences
_NUM_PERIOD = re.compile(r"^\d+\.$")


# Token classes (bit flags), computed once per word form and cached by its hash.
_SPACE, _PARA, _MID, _END, _NUMP, _PAUSE, _OPENB, _CLOSEB = 1, 2, 4, 8, 16, 32, 64, 128
_DASH, _OPENQ, _FIN, _QEX, _NOSTART, _UPPER, _LOWER, _SPEECH = (
    256, 512, 1024, 2048, 4096, 8192, 16384, 32768
)
_DIGIT = 65536
_TRIGGERS = _MID | _END | _NUMP | _PAUSE | _OPENB | _CLOSEB | _DASH | _OPENQ | _QEX | _NOSTART | _PARA | _DIGIT
_flag_cache: dict[int, int] = {}


def _classify(text: str) -> int:
    f = 0
    if text.isspace():
        f |= _SPACE
        if text.count("\n") + text.count("\r") - text.count("\r\n") >= 2:
            f |= _PARA
        return f
    low = text.lower()
    if low in MID_ABBREVIATIONS:
        f |= _MID
    elif low in END_ABBREVIATIONS:
        f |= _END
    if _NUM_PERIOD.match(text):
        f |= _NUMP
    if text in _PAUSES:
        f |= _PAUSE
    if text in _OPEN_BR:
        f |= _OPENB
    if text in _CLOSE_BR:
        f |= _CLOSEB
    if text in _DASHES:
        f |= _DASH
    if text in _OPEN_QUOTES:
        f |= _OPENQ
    if text in _FINAL:
        f |= _FIN
    if text in _QUESTION_EXCL:
        f |= _QEX
    if text in _NO_START:
        f |= _NOSTART
    if text[0].isupper():
        f |= _UPPER
    elif text[0].islower() or text[0].isdigit():
        f |= _LOWER
        if text[0].isdigit():
            f |= _DIGIT
    if low in SPEECH_VERBS:
        f |= _SPEECH
    return f


def flag_of(orth: int, strings) -> int:
    """The token-class bits of one word form (by its hash), cached."""
    f = _flag_cache.get(orth)
    if f is None:
        f = _classify(strings[orth])
        if len(_flag_cache) < 500_000:
            _flag_cache[orth] = f
    return f


def token_flags(orth: np.ndarray, strings) -> np.ndarray:
    """Token-class bits of many tokens at once (each distinct form classified once)."""
    forms, inverse = np.unique(orth, return_inverse=True)
    per_form = np.fromiter((flag_of(o, strings) for o in forms.tolist()), dtype=np.int64, count=len(forms))
    return per_form[inverse.reshape(-1)]


def sentence_starts(
    doc: Doc, starts: np.ndarray | None = None, orth: np.ndarray | None = None, flags: np.ndarray | None = None
) -> np.ndarray:
    """Corrected sentence starts of ``doc`` as an int8 array (1 start, -1 not, per token).

    ``starts`` defaults to the doc's current ``SENT_START`` values, ``orth`` to its
    ``ORTH`` values and ``flags`` to :func:`token_flags` of them (pass them when
    already at hand).
    """
    n = len(doc)
    if starts is None:
        starts = doc.to_array(SENT_START).astype(np.int64).astype(np.int8).reshape(-1)
    else:
        starts = np.asarray(starts, dtype=np.int8).copy()
    if n == 0:
        return starts
    if orth is None:
        orth = doc.to_array(ORTH)
    orth = orth.reshape(-1)
    if flags is None:
        flags = token_flags(orth, doc.vocab.strings)
    fl = flags.tolist()
    starts[starts == 0] = -1
    first = 0
    while first < n - 1 and fl[first] & _SPACE:
        first += 1
    starts[:first] = -1
    starts[first] = 1
    special_pos = np.flatnonzero(flags & _TRIGGERS).tolist()
    if not special_pos:
        return starts
    strings = doc.vocab.strings

    def prev_word(i: int) -> int:
        j = i - 1
        while j >= 0 and fl[j] & _SPACE:
            j -= 1
        return j

    def next_word(i: int) -> int:
        j = i + 1
        while j < n and fl[j] & _SPACE:
            j += 1
        return j

    # 1. Brackets: nothing inside a short bracket starts a sentence.
    stack: list[int] = []
    for i in special_pos:
        f = fl[i]
        if f & _OPENB:
            stack.append(i)
        elif f & _CLOSEB and stack:
            o = stack.pop()
            if i - o <= _BRACKET_MAX and _OPEN_BR.get(strings[int(orth[o])]) == strings[int(orth[i])]:
                starts[o + 1 : i + 1] = -1
                # "Ja. (ler) Det var ..." : the bracket belongs to the sentence before it
                p = prev_word(o)
                j = next_word(i)
                if p >= 0 and fl[p] & _FIN and j < n and not fl[j] & _LOWER:
                    starts[o] = -1
                    if fl[j] & _UPPER:
                        starts[j] = 1
        elif f & _OPENQ and strings[int(orth[i])] == "«":
            # inside a short «quote» a break needs sentence-final punctuation before it
            k = i + 1
            while k < n and k - i <= _QUOTE_MAX and strings[int(orth[k])] != "»":
                k += 1
            if k < n and k - i <= _QUOTE_MAX:
                for m in range(i + 2, k + 1):
                    if starts[m] == 1:
                        p = prev_word(m)
                        if p > i and not fl[p] & _FIN:
                            starts[m] = -1

    # 2. Tokens after abbreviations, numbers with a period, pauses, dashes, quotes.
    for i in special_pos:
        f = fl[i]
        if f & _PARA:
            j = next_word(i)
            if j < n:
                starts[j] = 1
            continue
        j = next_word(i)
        if j >= n:
            if f & _NOSTART and i != first:
                starts[i] = -1
            continue
        nf = fl[j]
        if f & _MID:
            starts[j] = -1
        elif f & (_END | _NUMP):
            if nf & _UPPER and not nf & _NOSTART:
                starts[j] = 1
            elif nf & (_LOWER | _NOSTART):
                starts[j] = -1
        elif f & (_PAUSE | _CLOSEB):
            if nf & _LOWER:
                starts[j] = -1
        elif f & _DASH:
            p = prev_word(i)
            if p >= 0 and fl[p] & _FIN:
                starts[i] = 1
                starts[j] = -1
            elif p >= 0 and nf & _LOWER:
                starts[i] = -1  # "– igjen – redusert": a mid-sentence dash
                starts[j] = -1
        elif f & (_OPENQ | _OPENB):
            p = prev_word(i)
            if (p < 0 or fl[p] & _FIN) and starts[j] == 1:
                if p >= 0:
                    starts[i] = 1
                starts[j] = -1
        if f & _DIGIT and starts[i] == 1 and i != first and nf & (_LOWER | _NOSTART):
            p = prev_word(i)
            if p >= 0 and not fl[p] & (_FIN | _CLOSEB | _PARA):
                starts[i] = -1  # "Spørsmål 1.1, hvordan …" is not a heading
        if f & _QEX and nf & _SPEECH:
            starts[j] = -1  # «Hvorfor det?» spurte hun.
        if f & _NOSTART and i != first:
            starts[i] = -1
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


# Punctuation right after an emoji or other symbol ("gøy 😀👍🏽.") is its own token.
_SYMBOL_SUFFIX = r"(?<=[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d])[.!?,;:…]"


def customize_tokenizer(nlp: Language) -> None:
    """Keep transcript abbreviations (also capitalised) as single tokens; split symbols' punctuation."""
    tok = nlp.tokenizer
    suffixes = list(nlp.Defaults.suffixes or [])
    if _SYMBOL_SUFFIX not in suffixes:
        tok.suffix_search = compile_suffix_regex([_SYMBOL_SUFFIX, *suffixes]).search
    for abbr in sorted(MID_ABBREVIATIONS | END_ABBREVIATIONS):
        if not abbr.endswith("."):
            continue
        for form in {abbr, abbr[0].upper() + abbr[1:]}:
            tok.add_special_case(form, [{SYM_ORTH: form}])
