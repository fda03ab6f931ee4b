"""Who a transcript is with: the participant a transcript's speaker labels point to.

A transcript whose speakers are the interviewer (``I:``, ``Intervjuer:``, the interviewer's
own name …) and exactly one other named speaker (``Kari:``) is that speaker's interview:
import offers (CLI: uses) the speaker as its participant. A role word (``Informant:``,
``IP:``, ``Deltaker 2:``) names nobody, and two or more other speakers (a group
interview) are not one participant, so neither is offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tema.text import clean_name, name_key

#: Labels that mean the interviewer (lower case).
INTERVIEWER_LABELS = frozenset(
    """i i1 i2 int intervjuer intervjuar intervjuer1 intervjuer2 interviewer forsker researcher moderator
    fasilitator r r1 r2 q spørsmål spm""".split()
)


def is_role(label: str) -> bool:
    """A role word rather than a name: "Informant", "IP", "Deltaker 2", "P1"."""
    from tema.nlp.transcript import ROLE_LABELS

    low = label.casefold()
    return low in ROLE_LABELS or low.split()[0] in ROLE_LABELS


@dataclass(frozen=True)
class SpeakerGuess:
    participant: str | None  # the one other named speaker, when there is exactly one
    others: tuple[str, ...]  # every non-interviewer speaker, in order of appearance


def guess_participant(speakers: Iterable[str | None], interviewer: str | None = None) -> SpeakerGuess:
    """The participant the speaker labels point to (see the module's rules)."""
    skip = {name_key(interviewer)} if interviewer else set()
    others: list[str] = []
    for sp in speakers:
        if not sp:
            continue
        name = clean_name(sp)
        if not name or name.casefold() in INTERVIEWER_LABELS or name_key(name) in skip:
            continue
        if name not in others:
            others.append(name)
    named = [o for o in others if not is_role(o)]
    only = named[0] if len(others) == 1 and named else None
    return SpeakerGuess(only, tuple(others))


def suggest_participant(path: str | Path, interviewer: str | None = None) -> str | None:
    """The participant to prefill for a transcript file (the TUI's import dialog): the
    file's metadata table's participant, else the one other named speaker; None when
    neither says. Reads the file and splits its turns (no spaCy)."""
    from tema.ingest.readers import read_transcript
    from tema.nlp.transcript import split_turns

    result = read_transcript(Path(path))
    if result.metadata.get("participant"):
        return clean_name(result.metadata["participant"])
    iv = interviewer or result.metadata.get("interviewer")
    return guess_participant((t.speaker for t in split_turns(result.text)), iv).participant
