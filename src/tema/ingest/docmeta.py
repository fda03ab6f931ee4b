"""A transcript's own metadata: the small key/value table many interview templates put
at the top of a Word file ("Dato | 12.03.2025", "Intervjuer | Kari", "Deltaker | Ola").

Recognised fields (keys compared case-insensitively, a trailing ':' ignored):

``date``         dato, date, intervjudato, interview date, dato for intervju
``interviewer``  intervjuer, intervjuar, interviewer, intervjuet av
``participant``  deltaker, deltakar, informant, participant, respondent, intervjuobjekt

Other fields of such a table (sted/place, varighet …) are not imported: a place is
identifying and tema has nowhere to keep it pseudonymised; the import says which fields
it left out. Explicit import options (``--date``, ``--interviewer``, ``--participant``)
win over the file's values."""

from __future__ import annotations

import re
from datetime import date

from tema.text import nfc

FIELDS = {
    "date": ("dato", "date", "intervjudato", "interview date", "dato for intervju", "intervjuets dato"),
    "interviewer": ("intervjuer", "intervjuar", "interviewer", "intervjuet av", "intervju ved"),
    "participant": ("deltaker", "deltakar", "informant", "participant", "respondent", "intervjuobjekt"),
}
_KEYS = {k: field for field, keys in FIELDS.items() for k in keys}
MONTHS = {m: i for i, names in enumerate((
    ("januar", "january", "jan"), ("februar", "february", "feb"), ("mars", "march", "mar"), ("april", "apr"),
    ("mai", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"), ("november", "nov"),
    ("desember", "december", "des", "dec"),
), start=1) for m in names}


def field_of(key: str) -> str | None:
    """The metadata field a table key names, or None."""
    return _KEYS.get(" ".join(nfc(key).strip().rstrip(":").split()).casefold())


def table_pairs(rows: list[list[str]]) -> list[tuple[str, str]]:
    """(key, value) pairs of a table: two-column rows (key | value), or a header row of
    keys above one row of values."""
    rows = [[" ".join(c.split()) for c in r] for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    if len(rows) == 2 and len(rows[0]) > 2 and sum(field_of(c) is not None for c in rows[0]) >= 1:
        return list(zip(rows[0], rows[1]))
    pairs = []
    for r in rows:
        cells = [c for i, c in enumerate(r) if i == 0 or c != r[i - 1]]  # merged cells repeat their text
        if len(cells) >= 2:
            pairs.append((cells[0], " ".join(cells[1:])))
    return pairs


def metadata_from_table(rows: list[list[str]]) -> tuple[dict[str, str], list[str]] | None:
    """({field: value}, keys left out) when the table is a metadata table (at least one
    recognised key, every row a key and a value); else None."""
    pairs = table_pairs(rows)
    if not pairs or len(pairs) > 12:
        return None
    found: dict[str, str] = {}
    other = []
    for key, value in pairs:
        f = field_of(key)
        if f is None:
            other.append(key.strip().rstrip(":"))
        elif value.strip() and f not in found:
            found[f] = value.strip()
    return (found, other) if found else None


def iso_date(text: str) -> str | None:
    """'12.03.2025', '12/3/2025', '2025-03-12', '12. mars 2025' → '2025-03-12'; None when
    the text is not a date tema can read."""
    t = text.strip().casefold()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})", t)
        if m:
            d, mo, y = (int(x) for x in m.groups())
        else:
            m = re.fullmatch(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})", t)
            if not m or m.group(2) not in MONTHS:
                return None
            d, mo, y = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
    if y < 100:
        y += 2000
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None
