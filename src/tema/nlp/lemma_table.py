"""The shipped form → lemma table, looked up in place (standard library only).

``models/lemmas.tsvz`` is one JSON header line — ``{"format", "version", "exact":
{form: lemma} (the few case-sensitive forms), "lines": n, "blocks": [[first form,
compressed size], …]}`` — followed by zlib-compressed blocks of ~8 KB of lines, one
line per lower-case form, sorted by its UTF-8 bytes::

    barnehagen\\t1          lemma = form minus 1 character + ""  (barnehage)
    gikk\\t=gå              lemma written out

An edit ``<k><suffix>`` means: drop the last ``k`` (0–9) characters of the form and
append ``suffix``. A lookup is one ``bisect`` over the blocks' first forms, the block
decompressed on first use (≈ 60 µs) and one ``bytes.find`` in it: importing a short
transcript reads a few hundred KB, and no 460,000-entry dict is ever built (that cost
0.6 s and ~100 MB per process).
"""

from __future__ import annotations

import json
import zlib
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from pathlib import Path

FORMAT = "tema-lemmas/3"
_BLOCK = 8192  # uncompressed bytes per block (at line boundaries)


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
    """The file's bytes for ``{"version", "exact", "lower"}``."""
    lines = []
    for form, edit in sorted((f.encode("utf-8"), _edit(f, lemma)) for f, lemma in table["lower"].items()):
        if not form or b"\t" in form or b"\n" in form or "\n" in edit:
            raise ValueError(f"lemma table: form {form!r} cannot be stored")
        lines.append(form + b"\t" + edit.encode("utf-8") + b"\n")
    blocks, index, size, first = [], [], 0, 0
    for k, line in enumerate(lines + [None]):
        if line is None or (size >= _BLOCK and k > first):
            if k > first:
                data = zlib.compress(b"".join(lines[first:k]), 9)
                blocks.append(data)
                index.append([lines[first].split(b"\t", 1)[0].decode("utf-8"), len(data)])
            first, size = k, 0
        if line is not None:
            size += len(line)
    header = {"format": FORMAT, "version": table.get("version", 1), "exact": dict(sorted(table["exact"].items())),
              "lines": len(lines), "blocks": index}
    return json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8") + b"\n" + b"".join(blocks)


def write(path: Path, table: dict) -> None:
    """Write the table reproducibly (sorted; no timestamps), replacing ``path``."""
    from tema.files import write_bytes

    write_bytes(path, encode(table), force=True)


class LemmaTable(Mapping[str, str]):
    """Lower-case form → lemma, read-only; blocks decompressed when first searched."""

    def __init__(self, raw: bytes, start: int, blocks: list, lines: int) -> None:
        self._raw = raw
        self._keys = [first.encode("utf-8") for first, _size in blocks]
        self._spans = []
        for _first, size in blocks:
            self._spans.append((start, start + size))
            start += size
        if start != len(raw):
            raise ValueError("lemma table: the blocks do not add up to the file")
        self._blocks: dict[int, bytes] = {}
        self._len = lines

    def _block(self, i: int) -> bytes:
        data = self._blocks.get(i)
        if data is None:
            a, b = self._spans[i]
            data = self._blocks[i] = b"\n" + zlib.decompress(self._raw[a:b])
        return data

    def get(self, form: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            key = form.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return default
        i = bisect_right(self._keys, key) - 1
        if i < 0 or b"\n" in key or b"\t" in key:
            return default
        data = self._block(i)
        needle = b"\n" + key + b"\t"
        hit = data.find(needle)
        if hit < 0:
            return default
        a = hit + len(needle)
        return _apply(form, data[a : data.index(b"\n", a)].decode("utf-8"))

    def __getitem__(self, form: str) -> str:
        lemma = self.get(form)
        if lemma is None:
            raise KeyError(form)
        return lemma

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and self.get(form) is not None

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self._spans)):
            for line in self._block(i)[1:].splitlines():
                yield line.split(b"\t", 1)[0].decode("utf-8")

    def __len__(self) -> int:
        return self._len


def read(path: Path) -> tuple[dict[str, str], LemmaTable]:
    """(exact, lower) from a file written by :func:`write`."""
    raw = Path(path).read_bytes()
    end = raw.find(b"\n")
    try:
        header = json.loads(raw[:end]) if end > 0 else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    return header["exact"], LemmaTable(raw, end + 1, header["blocks"], header["lines"])
