"""An NVivo-shaped .qdpx for the REFI import benchmark, made from a tema export.

NVivo writes what makes REFI import hard: CRLF line ends, UTF-16 code-unit
offsets, a selection ``name`` holding the coded text, emoji outside the BMP, and
(from the Mac) decomposed letters. ``nvivo_shaped`` rewrites a .qdpx exported by
tema that way, deterministically: every source text gets CRLF, an emoji after
every ``emoji_every``-th sentence end, and every ``nfd_every``-th source is
decomposed (NFD); offsets are recounted in UTF-16 units of the new text and the
origin says NVivo. The texts are the same words, so a plain import of the
bench corpus is the same-run baseline.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🙂", "😢"]


def _rewrite(text: str, decompose: bool, emoji_every: int) -> tuple[str, list[int], list[int]]:
    """The NVivo-shaped text and, per code point of ``text`` (and its end), the
    UTF-16 offset and the code-point offset where that character starts in the new text."""
    out: list[str] = []
    where: list[int] = []
    cps: list[int] = []
    units = ends = n = 0
    for i, ch in enumerate(text):
        where.append(units)
        cps.append(n)
        piece = "\r\n" if ch == "\n" else ch
        if decompose:
            piece = unicodedata.normalize("NFD", piece)
        if ch in ".?!" and text[i + 1 : i + 2] == " ":
            ends += 1
            if ends % emoji_every == 0:
                piece += " " + EMOJI[ends // emoji_every % len(EMOJI)]
        out.append(piece)
        units += len(piece.encode("utf-16-le")) // 2
        n += len(piece)
    where.append(units)
    cps.append(n)
    return "".join(out), where, cps


def nvivo_shaped(src: Path, out: Path, *, emoji_every: int = 7, nfd_every: int = 3) -> dict:
    """Write ``out`` from the tema export ``src``; returns counts for the report."""
    with zipfile.ZipFile(src) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        files = {n: zf.read(n) for n in zf.namelist() if n != "project.qde"}
    root.set("origin", "NVivo 14 (bench: tema export rewritten)")
    n_sel = chars = 0
    for k, source in enumerate(root.iter("{*}TextSource")):
        entry = "Sources/" + source.get("plainTextPath", "").removeprefix("internal://")
        text = files[entry].decode("utf-8")
        new, where, cps = _rewrite(text, k % nfd_every == nfd_every - 1, emoji_every)
        files[entry] = new.encode("utf-8")
        chars += len(new)
        for sel in source.iter("{*}PlainTextSelection"):
            s, e = int(sel.get("startPosition")), int(sel.get("endPosition"))
            sel.set("startPosition", str(where[s]))
            sel.set("endPosition", str(where[e]))
            if e > s:  # NVivo names a selection by its text
                sel.set("name", new[cps[s]:cps[e]])
            n_sel += 1
    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, data in files.items():
            zf.writestr(name, data)
    return {"selections": n_sel, "chars": chars, "qde_mb": round(len(qde) / 1e6, 2)}
