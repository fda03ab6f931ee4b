"""How tema's own ideas ride inside REFI-QDA elements, shared by export and import.

REFI has no place for a theme's label or status, a code's level, a coding's
perspectives, a case that groups participants, or a frozen theme map. tema
writes them as readable ``Key: value`` lines at the end of a Description (or a
note's text), which other programs simply show, and reads them back on import.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

LABEL = "Label"
STATUS = "Status"
CONCEPT = "Central organising concept"
SCOPE = "Scope"
LEVEL = "Level"
KIND = "Kind"
MEMBERS = "Participants"
PERSPECTIVES = "Perspectives"
SNAPSHOT = "tema-snapshot"
KEYS = (LABEL, STATUS, CONCEPT, SCOPE, LEVEL, KIND, MEMBERS, PERSPECTIVES, SNAPSHOT)
CASE_GROUP = "case group"
CODING_MEMO = "Coding memo"
MEMO_KINDS = {"journal": "Journal", "note": "Note", "memo": "Memo"}

_LINE = re.compile(rf"^({'|'.join(re.escape(k) for k in KEYS)}): (.*)$")
_NOTE_NAME = re.compile(r"^(Journal|Note|Memo)(?: \(fase ([1-6])\))?$")
_STORED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?![0-9])")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def with_footer(text: str | None, pairs: list[tuple[str, str | None]]) -> str | None:
    """``text`` followed by a blank line and ``Key: value`` lines (empty values left out)."""
    lines = [f"{k}: {' '.join(v.splitlines()).strip()}" for k, v in pairs if v not in (None, "") and v.strip()]
    body = (text or "").rstrip()
    if not lines:
        return body or None
    return (body + "\n\n" if body else "") + "\n".join(lines)


def split_footer(text: str | None) -> tuple[str | None, dict[str, str]]:
    """The prose and the ``Key: value`` footer of a Description written by ``with_footer``."""
    if not text:
        return text, {}
    lines = text.rstrip().split("\n")
    found: dict[str, str] = {}
    while lines:
        m = _LINE.match(lines[-1].rstrip("\r"))
        if not m:
            break
        found.setdefault(m.group(1), m.group(2).strip())
        lines.pop()
    body = "\n".join(lines).strip()
    return (body or None), found


def note_name(kind: str, phase: int | None) -> str:
    name = MEMO_KINDS.get(kind, "Note")
    return f"{name} (fase {phase})" if phase else name


def parse_note_name(name: str | None) -> tuple[str | None, int | None]:
    """'Journal (fase 2)' → ('journal', 2); a foreign name → (None, None)."""
    m = _NOTE_NAME.match((name or "").strip())
    if not m:
        return None, None
    return m.group(1).lower(), int(m.group(2)) if m.group(2) else None


def xml_safe(s: str | None) -> str | None:
    """Drop the control characters XML 1.0 cannot hold (form feeds from .docx, …)."""
    return None if s is None else _XML_BAD.sub("", s)


def xml_datetime(value: datetime | str | None) -> str | None:
    """A naive UTC datetime as xsd:dateTime, ``2024-02-29T13:05:00Z``. Also a datetime
    as SQLite keeps it (``2024-02-29 13:05:00.123456``), which an export reads as text
    to skip the round trip through ``datetime`` for each of 100,000 codings."""
    if not value:
        return None
    if isinstance(value, str):
        if _STORED.match(value):
            return f"{value[:10]}T{value[11:19]}Z"
        value = datetime.fromisoformat(value)
    return value.isoformat(timespec="seconds") + "Z"


def parse_datetime(value: str | None) -> datetime | None:
    """An xsd:dateTime → naive UTC datetime (None when unreadable)."""
    return _parse_datetime(value) if value else None


@lru_cache(maxsize=4096)  # codings made in one sitting share their times
def _parse_datetime(value: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:

        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt
