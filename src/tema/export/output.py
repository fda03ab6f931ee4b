"""Where exports go: ``exports/<project>/`` under the current folder unless a path is given.

How they are written is ``tema.files``' business (the one way tema writes a file: owner-only
0600/0700, temporary file + rename, never over an existing file without ``force``)."""

from __future__ import annotations

import os
from pathlib import Path

from tema.export.table import slug
from tema.files import check_target, private_dir

EXPORTS = "exports"


def default_folder(project_name: str) -> Path:
    """``exports/<project>/`` under the current folder, created private (0700)."""
    return private_dir(Path.cwd() / EXPORTS / (slug(project_name) or "project"))


def target(out: str | os.PathLike | None, default_name: str, project_name: str, *, force: bool) -> Path:
    """The file to write: ``out`` (a file, or a folder to put ``default_name`` in) or
    the default folder; checks the folder exists and is writable, and the file is new."""
    if out is None:
        path = default_folder(project_name) / default_name
    else:
        path = Path(out).expanduser()
        if path.is_dir():
            path = path / default_name
    return check_target(path, force=force)
