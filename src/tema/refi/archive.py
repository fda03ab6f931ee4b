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

import copy
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from tema.errors import InvalidInput

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
            raise InvalidInput(f"{path}: not a .qdpx archive (not a zip file)") from None
        except OSError as exc:
            raise InvalidInput(f"{path}: cannot be read ({exc.strerror or exc})") from None
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
            raise InvalidInput(f"{self.path}: no project .qde at the top of the archive")
        if len(qdes) > 1:
            raise InvalidInput(f"{self.path}: several .qde files at the top of the archive ({', '.join(sorted(qdes))})")
        return qdes[0]

    def find(self, name: str) -> str | None:
        """An entry by name, ignoring case, under the archive root or ``Sources/``."""
        name = name.replace("\\", "/").lstrip("/")
        for candidate in (name, f"sources/{name}"):
            info = self._by_key.get(candidate.casefold())
            if info is not None and not info.is_dir():
                return info.filename
        return None

    def read(self, name: str) -> bytes:
        """An entry's bytes. zipfile would stop at the size the archive declares and
        then fail on the checksum; it is asked for one byte more and the checksum is
        checked here after the size, so an entry that inflates past its declared size
        is named as such (and a damaged one as damaged)."""
        info = self._zip.getinfo(name)
        cap = min(info.file_size, self.limits.entry)
        probe = copy.copy(info)
        probe.file_size = cap + 1
        probe.CRC = None  # type: ignore[assignment]
        chunks: list[bytes] = []
        size = crc = 0
        try:
            with self._zip.open(probe) as fh:
                while True:
                    block = fh.read(MiB)
                    if not block:
                        break
                    size += len(block)
                    if size > cap:
                        raise _refuse(self.path, f"archive entry {name!r} inflates past its declared size")
                    crc = zlib.crc32(block, crc)
                    chunks.append(block)
            if crc != info.CRC:
                raise zipfile.BadZipFile(f"bad CRC-32 for file {name!r}")
        except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
            raise InvalidInput(f"{self.path}: archive entry {name!r} is damaged ({exc})") from None
        except NotImplementedError as exc:
            raise InvalidInput(f"{self.path}: archive entry {name!r} uses an unsupported compression ({exc})") from None
        return b"".join(chunks)


def _declares_dtd(data: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration, in UTF-8 or (by its BOM or NULs) UTF-16/32 XML."""
    if _DTD.search(data):
        return True
    head = data[:4]
    for candidate, marks in (("utf-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")),
                             ("utf-16", (b"\xff\xfe", b"\xfe\xff"))):
        if head.startswith(marks):
            enc = candidate
            break
    else:
        if b"\x00" not in head:
            return False
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    text = data.decode(enc, errors="ignore")
    return _DTD.search(text.encode("utf-8")) is not None


def check_no_dtd(data: bytes, where: str) -> None:
    """Refuse XML that declares a DOCTYPE or entities (before any parsing)."""
    if _declares_dtd(data):
        raise RefusedArchive(f"{where}: XML declares a DOCTYPE or entities; refused, nothing was imported")


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
        raise InvalidInput(f"{where}: not well-formed XML ({exc.msg})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise RefusedArchive(f"{where}: XML declares a DOCTYPE or entities; refused, nothing was imported")
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
        raise InvalidInput(f"{where}: not UTF-8 text (byte {exc.start})") from None


def entry_for_path(ref: str) -> str:
    """``internal://abc.txt`` / ``internal:///abc.txt`` / ``abc.txt`` → ``abc.txt``."""
    ref = ref.strip()
    if ref.lower().startswith("internal:"):
        ref = ref[len("internal:"):]
    ref = ref.lstrip("/\\")
    return str(PurePosixPath(ref.replace("\\", "/")))
