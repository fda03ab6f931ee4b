"""Decoding transcript bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM,
and legacy Norwegian encodings (cp1252, latin-1) detected with charset-normalizer."""

from __future__ import annotations

import codecs

from tema.errors import InvalidInput
from tema.i18n import _

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16/32) or many control characters mean: not a text file."""
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, enc in BOMS if enc != "utf-8-sig"):
        return False
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return ctrl > max(8, len(sample) // 50)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding name). Raises InvalidInput naming the file when it cannot be text."""
    if not data.strip():
        raise InvalidInput(_("{source}: empty file").format(source=source))
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc.replace("-sig", " with BOM").replace("utf-16", "utf-16 (BOM)").replace("utf-32", "utf-32 (BOM)")
            except UnicodeDecodeError as exc:
                raise InvalidInput(_("{source}: starts with a {enc} byte-order mark but is not valid {enc} ({reason})").format(source=source, enc=enc, reason=exc.reason)) from None
    if looks_binary(data):
        raise InvalidInput(_("{source}: looks like a binary file, not a transcript").format(source=source))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for legacy encodings (slow to import)

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp865", "mac_roman", "utf_16"]).best()
    if best is None:
        raise InvalidInput(_("{source}: cannot tell the text encoding (save it as UTF-8)").format(source=source))
    enc = best.encoding
    # cp1252 is a superset of latin-1 for printable text and what Windows Word writes.
    if enc in ("latin_1", "iso8859_15"):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), enc
