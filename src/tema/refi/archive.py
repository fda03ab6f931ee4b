"""Reading REFI-QDA files safely: a .qdpx is a zip from someone else's machine and
its project.qde is XML, so both are treated as hostile until checked.

Refused, each with one line naming the file (before anything is written):

- zip entries with an absolute path, a drive letter, a ``..`` component, a NUL,
  or a symlink mode (zip-slip; we never extract to disk, but such an archive is
  not one a QDA program wrote);
- an entry declaring more than ``Limits.entry`` bytes, archives declaring more
  than ``Limits.total`` bytes in all or more than ``Limits.entries`` entries, and
  entries whose compression ratio exceeds ``Limits.ratio`` (zip bombs); the
  declared sizes are not trusted — reading stops when an entry inflates past them;
- encrypted entries;
- XML with a DOCTYPE or entity declarations (XXE, billion laughs). The parser
  also runs with ``resolve_entities=False, no_network=True, load_dtd=False``.
"""

from __future__ import annotations

import codecs
import copy
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from tema.errors import InvalidInput
from tema.i18n import _

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    entry: int = 256 * MiB  # one source file or project.qde
    total: int = 1024 * MiB  # everything the archive declares
    entries: int = 20_000
    ratio: int = 200  # uncompressed / compressed, checked for entries over 1 MiB


LIMITS = Limits()
_DRIVE = re.compile(r"^[A-Za-z]:")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class RefusedArchive(InvalidInput):
    """A REFI file refused for safety; nothing was written."""


def _refuse(path: Path, why: str) -> RefusedArchive:
    return RefusedArchive(f"{path}: {why}; refused, nothing was imported")


def _check_name(path: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = re.split(r"[\\/]", name)
    if (
        "\x00" in name
        or name.startswith(("/", "\\"))
        or _DRIVE.match(name)
        or any(p == ".." for p in parts)
    ):
        raise _refuse(path, f"archive entry {name!r} has an absolute path or '..' (zip-slip)")
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        raise _refuse(path, f"archive entry {name!r} is a symbolic link")


class Archive:
    """The checked entries of a .qdpx; ``read`` enforces the limits while inflating."""

    def __init__(self, path: Path, limits: Limits = LIMITS) -> None:
        self.path = path
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise InvalidInput(_("{path}: not a .qdpx archive (not a zip file)").format(path=path)) from None
        except OSError as exc:
            raise InvalidInput(_("{path}: cannot be read ({problem})").format(path=path, problem=exc.strerror or exc)) from None
        try:
            self._infos = self._check()
        except Exception:
            self._zip.close()
            raise
        # Case-insensitive lookup: 'Sources/' or 'sources/', any case of the GUID.
        self._by_key = {i.filename.replace("\\", "/").casefold(): i for i in self._infos}

    def _check(self) -> list[zipfile.ZipInfo]:
        infos = self._zip.infolist()
        lim = self.limits
        if len(infos) > lim.entries:
            raise _refuse(self.path, f"{len(infos)} entries (more than {lim.entries})")
        total = 0
        for info in infos:
            _check_name(self.path, info)
            if info.flag_bits & 0x1:
                raise _refuse(self.path, f"archive entry {info.filename!r} is encrypted")
            if info.file_size > lim.entry:
                raise _refuse(
                    self.path,
                    f"archive entry {info.filename!r} declares {info.file_size:,} bytes "
                    f"(limit {lim.entry:,})",
                )
            total += info.file_size
            if info.file_size > MiB and info.file_size > lim.ratio * max(info.compress_size, 1):
                raise _refuse(
                    self.path,
                    f"archive entry {info.filename!r} inflates {info.file_size // max(info.compress_size, 1):,}× "
                    "(zip bomb?)",
                )
        if total > lim.total:
            raise _refuse(self.path, f"archive declares {total:,} bytes uncompressed (limit {lim.total:,})")
        return infos

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def names(self) -> list[str]:
        return [i.filename for i in self._infos if not i.is_dir()]

    def project_entry(self) -> str:
        """The one ``*.qde`` at the archive root."""
        qdes = [n for n in self.names() if "/" not in n.replace("\\", "/") and n.lower().endswith(".qde")]
        if not qdes:
            raise InvalidInput(_("{path}: no project .qde at the top of the archive").format(path=self.path))
        if len(qdes) > 1:
            raise InvalidInput(_("{path}: several .qde files at the top of the archive ({names})").format(path=self.path, names=', '.join(sorted(qdes))))
        return qdes[0]

    def find(self, name: str) -> str | None:
        """An entry by name, ignoring case, under the archive root or ``Sources/``."""
        name = name.replace("\\", "/").lstrip("/")
        for candidate in (name, f"sources/{name}"):
            info = self._by_key.get(candidate.casefold())
            if info is not None and not info.is_dir():
                return info.filename
        return None

    def open(self, name: str, *, xml: bool = False) -> CheckedStream:
        """An entry as a checked stream (see ``CheckedStream``). zipfile would stop at
        the size the archive declares and then fail on the checksum; it is asked for
        one byte more and the checksum is checked by the stream after the size, so an
        entry that inflates past its declared size is named as such (and a damaged
        one as damaged)."""
        info = self._zip.getinfo(name)
        cap = min(info.file_size, self.limits.entry)
        probe = copy.copy(info)
        probe.file_size = cap + 1
        probe.CRC = None  # type: ignore[assignment]
        where = f"{self.path}!{name}" if xml else str(self.path)
        try:
            raw = self._zip.open(probe)
        except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
            raise InvalidInput(_("{path}: archive entry {name!r} is damaged ({problem})").format(path=self.path, name=name, problem=exc)) from None
        except NotImplementedError as exc:
            raise InvalidInput(_("{path}: archive entry {name!r} uses an unsupported compression ({problem})").format(path=self.path, name=name, problem=exc)) from None
        return CheckedStream(raw, cap, f"archive entry {name!r}", str(self.path), crc=info.CRC,
                             xml_where=where if xml else None)

    def read(self, name: str) -> bytes:
        """An entry's bytes, checked as ``open`` checks them."""
        with self.open(name) as fh:
            return fh.read()


class CheckedStream:
    """A file read in blocks and checked as it goes: refused past ``cap`` bytes, its
    CRC-32 compared at the end (archive entries), and — for XML — refused at the
    first DOCTYPE or ENTITY declaration (UTF-8, or UTF-16/32 by BOM or NULs), so a
    project file can be parsed as a stream without first holding all its bytes."""

    def __init__(self, raw, cap: int, what: str, path: str, *, crc: int | None = None,
                 xml_where: str | None = None) -> None:
        self.raw, self.cap, self.what, self.path = raw, cap, what, path
        self.expected_crc, self.xml_where = crc, xml_where
        self.size = self.crc = 0
        self._tail = b""
        self._decoder: codecs.IncrementalDecoder | None = None
        self._started = False

    def __enter__(self) -> CheckedStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.raw.close()

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            return b"".join(iter(lambda: self.read(MiB), b""))
        try:
            block = self.raw.read(n)
        except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
            raise InvalidInput(_("{path}: {what} is damaged ({problem})").format(path=self.path, what=self.what, problem=exc)) from None
        except NotImplementedError as exc:
            raise InvalidInput(_("{path}: {what} uses an unsupported compression ({problem})").format(path=self.path, what=self.what, problem=exc)) from None
        self.size += len(block)
        if self.size > self.cap:
            raise _refuse(Path(self.path), f"{self.what} inflates past its declared size"
                          if self.expected_crc is not None else f"{self.what} is larger than {self.cap:,} bytes")
        if self.expected_crc is not None:
            self.crc = zlib.crc32(block, self.crc)
            if not block and self.crc != self.expected_crc:
                raise InvalidInput(_("{path}: {what} is damaged (bad CRC-32)").format(path=self.path, what=self.what))
        if self.xml_where is not None and block:
            self._scan(block)
        return block

    def _scan(self, block: bytes) -> None:
        if not self._started:
            self._started = True
            enc = _wide_encoding(block[:4])
            if enc:
                self._decoder = codecs.getincrementaldecoder(enc)(errors="ignore")
        data = self._decoder.decode(block).encode("utf-8") if self._decoder else block
        if _DTD.search(self._tail + data):
            raise RefusedArchive(_("{where}: XML declares a DOCTYPE or entities; refused, nothing was imported").format(where=self.xml_where))
        self._tail = data[-64:]


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16/32 by BOM or by NULs in the first bytes; None for UTF-8 and the like."""
    for candidate, marks in (("utf-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
                             ("utf-16", (b"\xff\xfe", b"\xfe\xff"))):
        if head.startswith(marks):
            return candidate
    if b"\x00" not in head:
        return None
    return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"


def _declares_dtd(data: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration, in UTF-8 or (by its BOM or NULs) UTF-16/32 XML."""
    if _DTD.search(data):
        return True
    enc = _wide_encoding(data[:4])
    if enc is None:
        return False
    return _DTD.search(data.decode(enc, errors="ignore").encode("utf-8")) is not None


def check_no_dtd(data: bytes, where: str) -> None:
    """Refuse XML that declares a DOCTYPE or entities (before any parsing)."""
    if _declares_dtd(data):
        raise RefusedArchive(_("{where}: XML declares a DOCTYPE or entities; refused, nothing was imported").format(where=where))


def parser_options() -> dict:
    """lxml parser options for REFI XML: no entities, no network, no DTD."""
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
            "huge_tree": False, "remove_blank_text": False}


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse REFI XML, refusing DTDs and entities; ``where`` names the file in errors."""
    check_no_dtd(data, where)
    parser = etree.XMLParser(**parser_options())
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(_("{where}: not well-formed XML ({problem})").format(where=where, problem=exc.msg)) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise RefusedArchive(_("{where}: XML declares a DOCTYPE or entities; refused, nothing was imported").format(where=where))
    return root


def decode_text(data: bytes, where: str) -> str:
    """A source text file: UTF-8 (BOM allowed), else UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(_("{where}: not UTF-8 text (byte {start})").format(where=where, start=exc.start)) from None


def entry_for_path(ref: str) -> str:
    """``internal://abc.txt`` / ``internal:///abc.txt`` / ``abc.txt`` → ``abc.txt``."""
    ref = ref.strip()
    if ref.lower().startswith("internal:"):
        ref = ref[len("internal:"):]
    ref = ref.lstrip("/\\")
    return str(PurePosixPath(ref.replace("\\", "/")))
