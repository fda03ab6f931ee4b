"""The shipped form → lemma table, looked up in place (standard library only).

``models/lemmas.tsv.gz`` holds, after one JSON header line (``{"format": …,
"version": …, "exact": {form: lemma}}`` for the few case-sensitive forms), one line
per lower-case form, sorted by its UTF-8 bytes::

    barnehagen\\t1          lemma = form minus 1 character + ""  (barnehage)
    gikk\\t=gå              lemma written out

An edit ``<k><suffix>`` means: drop the last ``k`` (0–9) characters of the form and
append ``suffix``. Reading decompresses the file once (≈ 7 MB of bytes) and keeps a
sparse index of every ~1 KB block; a lookup is one ``bisect`` in that index and one
``bytes.find`` inside the block — no 460,000-entry dict is built (that cost 0.6 s
and ~100 MB per process).
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_right
from collections.abc import Mapping
from pathlib import Path

FORMAT = "tema-lemmas/2"
_BLOCK = 1024  # bytes between index entries


def _edit(form: str, lemma: str) -> str:
    n = 0
    limit = min(len(form), len(lemma))
    while n < limit and form[n] == lemma[n]:
        n += 1
    strip = len(form) - n
    return f"{strip}{lemma[n:]}" if strip < 10 else f"={lemma}"


def _apply(form: str, edit: str) -> str:
    if edit[0] == "=":
        return edit[1:]
    strip = ord(edit[0]) - 48
    return (form[: len(form) - strip] if strip else form) + edit[1:]


def encode(table: dict) -> bytes:
    """The file's bytes (uncompressed) for ``{"version", "exact", "lower"}``."""
    header = {"format": FORMAT, "version": table.get("version", 1), "exact": dict(sorted(table["exact"].items()))}
    rows = sorted((form.encode("utf-8"), _edit(form, lemma)) for form, lemma in table["lower"].items())
    lines = [json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True)]
    for form, edit in rows:
        if any(c in form for c in (b"\t", b"\n")) or "\n" in edit:
            raise ValueError(f"lemma table: form {form!r} cannot be stored")
        lines.append(f"{form.decode('utf-8')}\t{edit}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(path: Path, table: dict) -> None:
    """Write the table reproducibly (sorted; gzip without a name or timestamp), replacing ``path``."""
    from tema.files import write_bytes

    write_bytes(path, gzip.compress(encode(table), compresslevel=9, mtime=0), force=True)


class LemmaTable(Mapping[str, str]):
    """Lower-case form → lemma, read-only, searched in the sorted bytes of the file."""

    def __init__(self, data: bytes, first: int = 1) -> None:
        # data[first:]: the lines, each ending with "\n"; data[first - 1] is "\n", so every
        # line is found as b"\n" + form + b"\t".
        if first < 1 or data[first - 1 : first] != b"\n":
            raise ValueError("lemma table: the lines must follow a line break")
        self._data = data
        self._first = first
        starts, keys = [], []
        pos, n = first, len(data)
        while pos < n:
            starts.append(pos)
            keys.append(data[pos : data.find(b"\t", pos)])
            nxt = data.find(b"\n", pos + _BLOCK)
            pos = n if nxt < 0 else nxt + 1
        starts.append(n)
        self._starts = starts
        self._keys = keys
        self._len = data.count(b"\n", first)

    def get(self, form: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            key = form.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return default
        i = bisect_right(self._keys, key) - 1
        if i < 0 or b"\n" in key or b"\t" in key:
            return default
        needle = b"\n" + key + b"\t"
        data = self._data
        hit = data.find(needle, self._starts[i] - 1, self._starts[i + 1] - 1 + len(needle))
        if hit < 0:
            return default
        a = hit + len(needle)
        return _apply(form, data[a : data.find(b"\n", a)].decode("utf-8"))

    def __getitem__(self, form: str) -> str:
        lemma = self.get(form)
        if lemma is None:
            raise KeyError(form)
        return lemma

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and self.get(form) is not None

    def __iter__(self):
        data = self._data
        pos = self._first
        while pos < len(data):
            tab = data.find(b"\t", pos)
            yield data[pos:tab].decode("utf-8")
            pos = data.find(b"\n", tab) + 1

    def __len__(self) -> int:
        return self._len


def read(path: Path) -> tuple[dict[str, str], LemmaTable]:
    """(exact, lower) from a file written by :func:`write`."""
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    end = raw.find(b"\n")
    try:
        header = json.loads(raw[:end]) if end > 0 else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    return header["exact"], LemmaTable(raw, end + 1)
