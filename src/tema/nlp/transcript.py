"""Split an interview transcript into speaker turns (pure Python, no spaCy).

Rules (documented behaviour, relied on by tests):

* A *speaker label* is recognised at the start of a line (leading spaces allowed):
  ``I:``, ``Intervjuer:``, ``Elise:``, ``Anne Berit:`` (one to three name-like words:
  each capitalised, ``I``/``IP``-style capitals or a number such as ``Informant 2``),
  optionally preceded by a timestamp (``[00:01:23]``, ``(00:01:23)``, ``00:01:23``,
  ``[00:01:23.000]``), optionally followed by one (``Elise (00:01:23):``), or written
  in markdown bold (``**Elise:**`` / ``**Elise**:``), or as a WebVTT voice tag
  ``<v Elise>text</v>`` (several voice tags on one line give several turns).
* A plain ``Name:`` label (no timestamp, bold or voice tag, not a role word such as
  ``Intervjuer``) only counts when the document looks like a transcript: some other
  label is decorated or a role word, or at least two different names are used twice
  each and label lines are at least 5 % of the non-blank lines, or label lines are at
  least 30 % of them; and the first label comes early (within the first 15 non-blank
  lines or the first quarter), so a report with a labelled list in an appendix stays
  plain paragraphs.  A single plain
  word that is a common Norwegian word (``Altså:``, ``Merk:``) only counts when the
  same label occurs at least twice.  Ordinary sentences with a colon
  (``Det var sånn: vi måtte …``) are never labels: not every word is capitalised.
* Every label starts a new turn, even when the same speaker speaks again.  A line
  without a label continues the current turn, across blank lines too (multi-paragraph
  turns).  Text before the first label is split into paragraph turns with no speaker.
* A line that starts with a timestamp but no label starts a new turn with no speaker
  (subtitle cues without a voice).
* A document without labels is one turn per paragraph (blank-line separated).
* Turn spans exclude label, timestamp and closing ``</v>`` and are trimmed of
  whitespace; turns with no content are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Turn", "split_turns", "paragraph_spans", "ROLE_LABELS"]

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_PREFIX = rf"(?:\[(?P<ts1>{_TS})\]|\((?P<ts2>{_TS})\)|(?P<ts3>{_TS})(?=\s))"
_TS_SUFFIX = rf"(?:\s*[\[(](?P<ts4>{_TS})[\])])"
# A name word: capitalised word (hyphen/apostrophe/period allowed inside), all-caps
# abbreviation such as I, IP, P1, or a bare number (Informant 2).
_WORD = r"(?:[A-ZÆØÅÄÖÜÉ][\w'’.\-]*|\d{1,3})"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]{_WORD}){{0,2}})"

_PREFIX_RE = re.compile(rf"[ \t\ufeff]*(?:{_TS_PREFIX}[ \t]*(?:[-–—][ \t]+)?)?")
_PLAIN_LABEL_RE = re.compile(rf"{_NAME}{_TS_SUFFIX}?[ \t]*:(?=\s|$)")
_BOLD_LABEL_RE = re.compile(
    rf"(?P<b>\*\*|__|\*)[ \t]*{_NAME}{_TS_SUFFIX}?[ \t]*(?::[ \t]*(?P=b)|(?P=b)[ \t]*:)(?=\s|$)"
)
_VOICE_RE = re.compile(r"<v(?:\.[\w.\-]+)*[ \t]+(?P<name>[^>]+?)[ \t]*>")
_VOICE_END_RE = re.compile(r"\s*</v>\s*$")
_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n")

#: Labels that are always speaker labels (lower-case comparison).
ROLE_LABELS = frozenset(
    """i ip i1 i2 ip1 ip2 p p1 p2 p3 p4 p5 r r1 r2 int inf intervjuer intervjuar informant
    deltaker deltakar respondent moderator forsker fasilitator leder intervjuobjekt
    spørsmål svar interviewer interviewee participant researcher
    intervjuer1 intervjuer2 informant1 informant2 deltaker1 deltaker2""".split()
)
_ROLE_WORDS = frozenset(
    "intervjuer intervjuar informant deltaker deltakar respondent moderator forsker "
    "interviewer interviewee participant researcher fasilitator".split()
)


@dataclass(slots=True)
class Turn:
    start: int
    end: int
    speaker: str | None
    meta: dict | None = None


@dataclass(slots=True)
class _Label:
    line_start: int
    content_start: int
    speaker: str | None
    meta: dict | None
    strong: bool
    plain_name: str | None  # set for undecorated Name: labels
    line_no: int = 0  # index among the non-blank lines


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from tema.nlp.resources import common_words

    return common_words()


def _is_role(name: str) -> bool:
    low = name.lower()
    if low in ROLE_LABELS:
        return True
    first = low.split()[0]
    return first in _ROLE_WORDS


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the line break."""
    out = []
    pos = 0
    for m in _LINE_SPLIT_RE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _ts_of(m: re.Match) -> str | None:
    gd = m.groupdict()
    for key in ("ts1", "ts2", "ts3", "ts4"):
        if gd.get(key):
            return gd[key]
    return None


def _labels_in_line(text: str, start: int, end: int) -> list[_Label]:
    """Candidate labels on one line (several only for VTT voice tags)."""
    pre = _PREFIX_RE.match(text, start, end)
    pos = pre.end() if pre else start
    ts = _ts_of(pre) if pre else None
    # VTT voice tags
    vm = _VOICE_RE.match(text, pos, end)
    if vm:
        labels = []
        voices = list(_VOICE_RE.finditer(text, pos, end))
        for k, v in enumerate(voices):
            meta = {"timestamp": ts} if ts and k == 0 else None
            labels.append(
                _Label(start if k == 0 else v.start(), v.end(), v.group("name").strip(), meta, True, None)
            )
        return labels
    bm = _BOLD_LABEL_RE.match(text, pos, end)
    if bm:
        ts2 = ts or _ts_of(bm)
        return [_Label(start, bm.end(), bm.group("name"), {"timestamp": ts2} if ts2 else None, True, None)]
    lm = _PLAIN_LABEL_RE.match(text, pos, end)
    if lm:
        ts2 = ts or _ts_of(lm)
        name = lm.group("name")
        if name[0].isdigit():
            lm = None
        else:
            strong = bool(ts2) or _is_role(name)
            return [
                _Label(start, lm.end(), name, {"timestamp": ts2} if ts2 else None, strong,
                       None if strong else name)
            ]
    if ts:
        return [_Label(start, pre.end(), None, {"timestamp": ts}, True, None)]
    return []


def _accept_plain(labels: list[_Label], nonblank: int) -> set[str]:
    """Which plain ``Name:`` labels count as speaker labels in this document."""
    plain = [lab.plain_name for lab in labels if lab.plain_name]
    if not plain:
        return set()
    counts: dict[str, int] = {}
    for n in plain:
        counts[n] = counts.get(n, 0) + 1
    strong = any(lab.strong and lab.speaker for lab in labels)
    repeated = sum(1 for c in counts.values() if c >= 2)
    density = len(plain) / max(nonblank, 1)
    if not (strong or (repeated >= 2 and density >= 0.05) or density >= 0.3):
        return set()
    # A report with a labelled list near its end ("A: Hvordan …" in an appendix) is
    # not a transcript: the first label must come early.
    first = min(lab.line_no for lab in labels if lab.plain_name or (lab.strong and lab.speaker))
    if first > max(15, 0.25 * nonblank):
        return set()
    common = _common_words()
    accepted = set()
    for n, c in counts.items():
        words = n.split()
        if c < 2 and all(w.lower() in common for w in words):
            continue
        accepted.add(n)
    return accepted


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "\ufeff"):
        end -= 1
    m = _VOICE_END_RE.search(text, start, end)
    if m:
        end = m.start()
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Trimmed (start, end) of blank-line separated paragraphs of ``text[start:end]``."""
    if end is None:
        end = len(text)
    out = []
    pstart = None
    pend = None
    for ls, le in _lines(text[start:end]):
        ls += start
        le += start
        if text[ls:le].strip():
            if pstart is None:
                pstart = ls
            pend = le
        elif pstart is not None:
            out.append((pstart, pend))
            pstart = None
    if pstart is not None:
        out.append((pstart, pend))
    return [s for s in (_trim(text, a, b) for a, b in out) if s[0] < s[1]]


def split_turns(text: str) -> list[Turn]:
    """Speaker turns of a transcript in document order (see module docstring)."""
    lines = _lines(text)
    per_line: list[list[_Label]] = []
    all_labels: list[_Label] = []
    nonblank = 0
    for ls, le in lines:
        if text[ls:le].strip():
            labs = _labels_in_line(text, ls, le)
            for lab in labs:
                lab.line_no = nonblank
            nonblank += 1
        else:
            labs = []
        per_line.append(labs)
        all_labels.extend(labs)
    accepted = _accept_plain(all_labels, nonblank)
    # keep only real labels
    for i, labs in enumerate(per_line):
        per_line[i] = [lab for lab in labs if lab.plain_name is None or lab.plain_name in accepted]
    has_labels = any(per_line)
    turns: list[Turn] = []

    if not has_labels:
        return [Turn(a, b, None, None) for a, b in paragraph_spans(text)]

    # Walk lines; a "segment" is (start, speaker, meta); preamble paragraphs before first label.
    cur_start: int | None = None
    cur_speaker: str | None = None
    cur_meta: dict | None = None
    preamble_end: int | None = None
    first_label_line = next(i for i, labs in enumerate(per_line) if labs)
    preamble_end = lines[first_label_line][0]
    for a, b in paragraph_spans(text, 0, preamble_end):
        turns.append(Turn(a, b, None, None))

    def close(end: int) -> None:
        if cur_start is None:
            return
        s, e = _trim(text, cur_start, end)
        if s < e:
            turns.append(Turn(s, e, cur_speaker, cur_meta))

    for i in range(first_label_line, len(lines)):
        labs = per_line[i]
        if not labs:
            continue
        ls, le = lines[i]
        for k, lab in enumerate(labs):
            close(lab.line_start if k else ls)
            cur_start = lab.content_start
            cur_speaker = lab.speaker
            cur_meta = lab.meta
    close(len(text))
    return turns
