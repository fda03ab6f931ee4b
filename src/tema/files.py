"""The one way tema writes a file: owner-only, atomic, never over an existing file unless asked.

Every file tema writes (tables, codebook, maps, REFI-QDA archives, compare and merge
outputs, backups, demo projects) goes through ``write_file``/``write_bytes``/``write_text``:

- the content is written to a temporary file beside the target (mode 0600), flushed and
  fsynced, then moved into place in one rename, so a crash never leaves half a file;
- without ``force`` the target must not exist, and the final step links the temporary
  file into place (``os.link`` fails if another process created the target meanwhile),
  so nothing is ever overwritten by accident;
- folders tema creates are 0700.

Whether the *content* is pseudonymised is the caller's business (export/ applies the
project's rules by default); this module only guarantees how bytes reach the disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tema.errors import Conflict, InvalidInput, NotFound, TemaError
from tema.i18n import _

FILE_MODE = 0o600
DIR_MODE = 0o700


class FileExists(Conflict):
    """The target exists and overwriting was not asked for."""


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` (and missing parents) owner-only; an existing folder is left as it is."""
    folder = Path(path)
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
        except OSError as exc:
            raise TemaError(_("{folder}: cannot create the folder ({problem})").format(folder=part, problem=exc.strerror)) from None
    return folder


def check_target(path: str | os.PathLike[str], *, force: bool, flag: str = "--force") -> Path:
    """Fail with one line unless ``path`` can be written: its folder exists and is
    writable, it is not a folder, and it is new (or ``force``)."""
    path = Path(path)
    folder = path.parent
    if not folder.exists():
        raise NotFound(_("{path}: folder {folder} does not exist").format(path=path, folder=folder))
    if not folder.is_dir():
        raise InvalidInput(_("{path}: {folder} is not a folder").format(path=path, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(_("{path}: folder {folder} is read-only").format(path=path, folder=folder))
    if path.is_dir():
        raise InvalidInput(_("{path}: is a folder").format(path=path))
    if not force and (path.exists() or path.is_symlink()):
        raise FileExists(_("{path}: exists already (use {flag} to overwrite)").format(path=path, flag=flag))
    return path


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, force: bool = False, flag: str = "--force") -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for a writer that wants a file name (python-docx,
    openpyxl, matplotlib, zipfile, SQLite's backup API); on success it replaces ``path``
    (only when ``force``) or takes its place (refusing if it appeared meanwhile)."""
    path = check_target(path, force=force, flag=flag)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise TemaError(_("{path}: cannot write in {parent} ({problem})").format(path=path, parent=path.parent, problem=exc.strerror)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, FILE_MODE)
        yield tmp
        os.chmod(tmp, FILE_MODE)  # a writer may have recreated the file
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path, flag)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise TemaError(_("{path}: could not be written ({problem})").format(path=path, problem=exc.strerror or exc)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _link_new(tmp: Path, path: Path, flag: str) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExists(_("{path}: exists already (use {flag} to overwrite)").format(path=path, flag=flag)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # File systems without hard links: check, then rename (a narrow race remains).
        if path.exists():
            raise FileExists(_("{path}: exists already (use {flag} to overwrite)").format(path=path, flag=flag)) from None
        os.replace(tmp, path)


def write_file(path: str | os.PathLike[str], write: Callable[[Path], None], *, force: bool = False,
               flag: str = "--force") -> Path:
    """Call ``write(tmp)`` to fill a temporary file, then move it into place atomically."""
    with atomic_path(path, force=force, flag=flag) as tmp:
        write(tmp)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False, flag: str = "--force") -> Path:
    return write_file(path, lambda tmp: tmp.write_bytes(data), force=force, flag=flag)


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False, encoding: str = "utf-8",
               newline: str | None = None, flag: str = "--force") -> Path:
    def _write(tmp: Path) -> None:
        with open(tmp, "w", encoding=encoding, newline=newline) as fh:
            fh.write(text)

    return write_file(path, _write, force=force, flag=flag)


__all__ = [
    "DIR_MODE", "FILE_MODE", "FileExists", "atomic_path", "check_target", "private_dir",
    "write_bytes", "write_file", "write_text",
]
