"""A zip archive written from entries deflated beforehand.

``zipfile`` compresses inside its own write calls, one entry at a time, so an
export could not compress one entry while it builds the next. Here the caller
deflates (``Deflater``: raw deflate, CRC-32 and sizes, possibly on another
thread) and ``ZipOut.add`` writes the entry with its sizes known. The records
are those ``zipfile`` writes for ``writestr``: deflated, owner-only permissions,
local time, UTF-8 flag only for non-ASCII names, ZIP64 records only where a
size, an offset or the number of entries needs them (``zipfile.ZIP64_LIMIT``).
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO
from zipfile import ZIP64_LIMIT, ZIP_DEFLATED, ZIP_FILECOUNT_LIMIT

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR64 = struct.Struct("<4sLQL")
_UNIX = 3  # "made by" system, as zipfile writes it outside Windows
_MODE = 0o600 << 16  # -rw-------, as zipfile's writestr
_UTF8 = 0x800


class Deflater:
    """One entry's data deflated as it comes: ``compress`` blocks, then ``flush``.
    Keeps the CRC-32 and both sizes the entry's records need."""

    def __init__(self, level: int) -> None:
        self._z = zlib.compressobj(level, zlib.DEFLATED, -15)
        self.crc = self.size = self.compressed = 0

    def compress(self, data: bytes) -> bytes:
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        out = self._z.compress(data)
        self.compressed += len(out)
        return out

    def flush(self) -> bytes:
        out = self._z.flush()
        self.compressed += len(out)
        return out


@dataclass
class _Entry:
    name: bytes
    flags: int
    dos: tuple[int, int]
    crc: int
    size: int
    compressed: int
    offset: int


def _dos_time() -> tuple[int, int]:
    t = time.localtime(time.time())
    return (t.tm_hour << 11 | t.tm_min << 5 | t.tm_sec // 2,
            (t.tm_year - 1980) << 9 | t.tm_mon << 5 | t.tm_mday)


class ZipOut:
    """Entries written one after another to ``fp`` (a new, empty file); ``close``
    writes the central directory."""

    def __init__(self, fp: IO[bytes]) -> None:
        self.fp = fp
        self.pos = 0
        self.entries: list[_Entry] = []

    def _write(self, data: bytes) -> None:
        self.fp.write(data)
        self.pos += len(data)

    def add(self, name: str, crc: int, size: int, compressed: int, chunks: Iterable[bytes]) -> None:
        """An entry of ``size`` bytes with that CRC-32, deflated into ``compressed`` bytes: ``chunks``."""
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), _UTF8
        e = _Entry(raw, flags, _dos_time(), crc, size, compressed, self.pos)
        zip64 = e.size > ZIP64_LIMIT or e.compressed > ZIP64_LIMIT
        extra = struct.pack("<HHQQ", 1, 16, e.size, e.compressed) if zip64 else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if zip64 else (e.compressed, e.size)
        self._write(_LOCAL.pack(b"PK\003\004", 45 if zip64 else 20, 0, flags, ZIP_DEFLATED, *e.dos, e.crc,
                                *sizes, len(raw), len(extra)) + raw + extra)
        written = 0
        for chunk in chunks:
            self._write(chunk)
            written += len(chunk)
        if written != e.compressed:
            raise ValueError(f"{name}: {written} deflated bytes written, {e.compressed} counted")
        self.entries.append(e)

    def close(self) -> None:
        start = self.pos
        for e in self.entries:
            sizes_big = e.size > ZIP64_LIMIT or e.compressed > ZIP64_LIMIT
            big = ([e.size, e.compressed] if sizes_big else []) + ([e.offset] if e.offset > ZIP64_LIMIT else [])
            extra = struct.pack(f"<HH{len(big)}Q", 1, 8 * len(big), *big) if big else b""
            sizes = (0xFFFFFFFF, 0xFFFFFFFF) if sizes_big else (e.compressed, e.size)
            offset = 0xFFFFFFFF if e.offset > ZIP64_LIMIT else e.offset
            version = 45 if big else 20
            self._write(_CENTRAL.pack(b"PK\001\002", version, _UNIX, version, 0, e.flags, ZIP_DEFLATED, *e.dos,
                                      e.crc, *sizes, len(e.name), len(extra), 0, 0, 0, _MODE, offset)
                        + e.name + extra)
        count, size = len(self.entries), self.pos - start
        if count > ZIP_FILECOUNT_LIMIT or start > ZIP64_LIMIT or size > ZIP64_LIMIT:
            end64 = self.pos
            self._write(_END64.pack(b"PK\006\006", 44, 45, 45, 0, 0, count, count, size, start))
            self._write(_LOCATOR64.pack(b"PK\006\007", 0, end64, 1))
            count, size, start = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(start, 0xFFFFFFFF)
        self._write(_END.pack(b"PK\005\006", 0, 0, count, count, size, start, 0))
