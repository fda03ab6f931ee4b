"""Where exports go and how they are written: ``exports/<project>/`` under the
current folder unless a path is given, never over an existing file without
``force``, always through a temporary file in the target folder and a rename, so
a failed export never leaves half a file. Folders 0700, files 0600 (exports hold
interview material)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from tema.errors import Conflict, InvalidInput, NotFound, TemaError
from tema.export.table import slug

EXPORTS = "exports"


def default_folder(project_name: str) -> Path:
    """``exports/<project>/`` under the current folder, created private (0700)."""
    folder = Path.cwd() / EXPORTS / (slug(project_name) or "project")
    for part in (folder.parent, folder):
        try:
            part.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise TemaError(f"{part}: cannot create the export folder ({exc.strerror})") from None
    return folder


def target(out: str | os.PathLike | None, default_name: str, project_name: str, *, force: bool) -> Path:
    """The file to write: ``out`` (a file, or a folder to put ``default_name`` in) or
    the default folder; checks the folder exists and is writable, and the file is new."""
    if out is None:
        path = default_folder(project_name) / default_name
    else:
        path = Path(out).expanduser()
        if path.is_dir():
            path = path / default_name
    check_writable(path, force=force)
    return path


def check_writable(path: Path, *, force: bool) -> None:
    folder = path.parent
    if not folder.exists():
        raise NotFound(f"-o {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise InvalidInput(f"-o {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(f"-o {path}: folder {folder} is read-only")
    if path.is_dir():
        raise InvalidInput(f"-o {path}: is a folder")
    if path.exists() and not force:
        raise Conflict(f"{path}: exists already (use --force to overwrite)")


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise TemaError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise TemaError(f"{path}: could not be written ({exc.strerror or exc})") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
