"""Consistent copies of a SQLite project through SQLite's online backup API.

Backups live in ``backups/`` beside the project file (folder mode 0700, files
0600), named ``<stem>-<UTC time>-<reason>.tema``, and are rotated: the newest
``keep`` per project are kept.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tema.errors import NotFound, TemaError
from tema.files import private_dir, write_file
from tema.i18n import _
from tema.store.db import Store

DEFAULT_KEEP = 20
OPEN_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


def backup_dir(project_path: Path) -> Path:
    return project_path.resolve().parent / "backups"


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def _copy(src: Path, dest: Path) -> None:
    """SQLite's backup API into a new file through ``tema.files`` (0600 in a 0700 folder,
    temporary file + rename, never over an existing backup)."""

    def write(tmp: Path) -> None:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=30)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()

    private_dir(dest.parent)
    write_file(dest, write)


def make_backup(store: Store, *, reason: str = "manual", keep: int | None = None) -> Path | None:
    """Copy the project into backups/ and rotate; returns the copy (None for PostgreSQL)."""
    if store.path is None:
        return None
    now = datetime.now(UTC)
    path = store.path.resolve()
    dest = backup_dir(path) / f"{path.stem}-{_stamp(now)}-{reason}{path.suffix or '.tema'}"
    _copy(path, dest)
    rotate(path, keep if keep is not None else DEFAULT_KEEP)
    return dest


def list_backups(project_path: Path) -> list[BackupInfo]:
    folder = backup_dir(project_path)
    if not folder.is_dir():
        return []
    stem = project_path.resolve().stem
    out: list[BackupInfo] = []
    for p in folder.iterdir():
        if not p.name.startswith(stem + "-") or p.name.endswith(".part"):
            continue
        rest = p.stem[len(stem) + 1 :]
        stamp, _, reason = rest.partition("-")
        try:
            taken = datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        out.append(BackupInfo(p, taken, reason, p.stat().st_size))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def rotate(project_path: Path, keep: int) -> None:
    for info in list_backups(project_path)[max(keep, 1) :]:
        info.path.unlink(missing_ok=True)


def backup_on_open(store: Store, *, keep: int | None = None) -> Path | None:
    """At most one 'open' backup an hour per project."""
    if store.path is None:
        return None
    recent = [b for b in list_backups(store.path) if b.reason == "open"]
    if recent and datetime.now(UTC) - recent[0].taken_at < OPEN_INTERVAL:
        return None
    return make_backup(store, reason="open", keep=keep)


def find_backup(project_path: Path, name: str) -> Path:
    for b in list_backups(project_path):
        if name in (b.path.name, str(b.path), b.path.stem):
            return b.path
    candidate = Path(name)
    if candidate.is_file():
        return candidate
    raise NotFound(_("{name}: no such backup of {project} (see `tema backups`)").format(name=name, project=project_path))


def restore_backup(project_path: Path, backup: Path) -> Path:
    """Replace the project with a backup, after backing up the current state."""
    from tema.store.db import open_store

    with open(backup, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise TemaError(_("{backup}: not a tema backup (not an SQLite database)").format(backup=backup))
    current = open_store(project_path)
    try:
        safety = make_backup(current, reason="pre-restore")
    finally:
        current.close()
    # Copy through the backup API into the live file so WAL readers stay consistent.
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(project_path, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    assert safety is not None
    return safety
