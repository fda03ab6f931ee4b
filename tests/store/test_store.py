"""The store: pragmas, permissions, schema versions (older migrated after backup,
newer refused and never altered), backups and restore."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from tema.errors import TemaError
from tema.store import backup, migrate
from tema.store.db import open_store
from tests.helpers.cli import info, tema


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pragmas_and_owner_only_file(project):
    assert stat.S_IMODE(os.stat(project).st_mode) == 0o600
    store = open_store(project)
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()


def test_newer_schema_refused_and_untouched(project):
    con = sqlite3.connect(project)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = digest(project)
    result = tema("info", project, ok=False)
    assert result.exit_code == 1
    assert "newer version of tema" in result.output and "not changed" in result.output
    assert digest(project) == before
    assert not (project.parent / "backups").exists() or not list((project.parent / "backups").iterdir())


def test_older_schema_is_migrated_after_backup(project):
    revisions = sorted(migrate.known_revisions())
    assert len(revisions) >= 2, revisions  # the baseline and the migrations after it
    from alembic import command

    store = open_store(project)
    cfg = migrate.alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001_baseline")
    store.close()
    assert sqlite3.connect(project).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_baseline"
    data = info(project)
    assert data["title"] == "Studie"
    assert sqlite3.connect(project).execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()
    assert any(b.reason == "pre-migration" for b in backup.list_backups(project))


def test_backup_is_consistent_rotated_and_restorable(project, tmp_path):
    f = tmp_path / "tekst.txt"
    f.write_text("I: Hei.\nUlrik: Hei på deg.\n", encoding="utf-8")
    tema("import", project, f)
    tema("backup", project)
    tema("code", project, "--doc", "tekst", "--quote", "Hei på deg", "--code", "Hilsen")
    assert info(project)["codings"] == 1
    backups = backup.list_backups(project)
    manual = [b for b in backups if b.reason == "manual"]
    assert manual and stat.S_IMODE(manual[0].path.stat().st_mode) == 0o600
    assert stat.S_IMODE(manual[0].path.parent.stat().st_mode) == 0o700
    assert sqlite3.connect(manual[0].path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    out = tema("restore", project, manual[0].path.name).output
    assert "previous state" in out
    assert info(project)["codings"] == 0
    # the pre-restore backup holds the coding
    pre = [b for b in backup.list_backups(project) if b.reason == "pre-restore"][0]
    assert sqlite3.connect(pre.path).execute("SELECT count(*) FROM coding").fetchone()[0] == 1
    for _ in range(5):
        backup.make_backup(open_store(project), reason="manual", keep=3)
    assert len(backup.list_backups(project)) == 3


def test_backup_on_open_at_most_hourly(project):
    tema("journal", project, "Første tanker om rekrutteringen.")  # a write opens with a backup
    assert [b.reason for b in backup.list_backups(project)] == ["open"]
    store = open_store(project)
    assert backup.backup_on_open(store) is None  # one this hour already
    store.close()
    assert len(backup.list_backups(project)) == 1


def test_missing_project_message(tmp_path):
    with pytest.raises(TemaError, match="no such project file"):
        open_store(tmp_path / "nope.tema")


def test_models_and_migrations_agree(project):
    """Alembic's head schema is exactly what the models declare (no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tema.store.models import Base

    store = open_store(project)
    hand_made = ("segment_fts", "segment_search")
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": lambda o, n, t, r, c: not (t == "table" and n.startswith(hand_made))}
        )
        assert compare_metadata(ctx, Base.metadata) == []
    store.close()


def test_migration_0006_gives_themes_keys_and_events_their_states(project):
    """From the revision before 0006_trust: live themes whose names clash (possible before the unique index) are
    renamed, not lost; trashed ones keep their names; non-undoable events become barriers,
    undo/redo records plain log entries."""
    from alembic import command
    from alembic.script import ScriptDirectory

    tema("theme", project, "Samarbeid")
    tema("journal", project, "Første tanke.")
    tema("undo", project)
    store = open_store(project)
    cfg = migrate.alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, ScriptDirectory.from_config(cfg).get_revision("0006_trust").down_revision)
    store.close()
    con = sqlite3.connect(project)
    for name, deleted in (("samarbeid ", None), ("SAMARBEID", None), ("Samarbeid", "2026-01-01 00:00:00")):
        con.execute("INSERT INTO theme (name, ordinal, status, is_holding, created_at, deleted_at, version) "
                    "VALUES (?, 0, 'candidate', 0, '2026-01-01 00:00:00', ?, 1)", (name, deleted))
    con.commit()
    con.close()
    assert info(project)["themes"] >= 3  # opening migrates (after a backup)
    con = sqlite3.connect(project)
    themes = con.execute("SELECT name, key, deleted_at IS NOT NULL FROM theme ORDER BY id").fetchall()
    states = dict(con.execute("SELECT action, state FROM event WHERE action IN ('project.init', 'undo')").fetchall())
    renames = con.execute("SELECT old_name, new_name FROM theme_rename").fetchall()
    con.close()
    assert themes == [("Samarbeid", "samarbeid", 0), ("samarbeid (2)", "samarbeid (2)", 0),
                      ("SAMARBEID (3)", "samarbeid (3)", 0), ("Samarbeid", "samarbeid", 1)]
    assert renames == [("samarbeid ", "samarbeid (2)"), ("SAMARBEID", "SAMARBEID (3)")]
    assert states == {"project.init": "barrier", "undo": "final"}
    with pytest.raises(sqlite3.IntegrityError):
        with sqlite3.connect(project) as con:
            con.execute("UPDATE theme SET key = 'samarbeid' WHERE name = 'SAMARBEID (3)'")


def test_restoring_a_backup_is_a_barrier_to_undo(project):
    tema("journal", project, "Før sikkerhetskopien.", "--coder", "Kari")
    tema("backup", project)
    tema("journal", project, "Etter sikkerhetskopien.", "--coder", "Kari")
    name = [b for b in backup.list_backups(project) if b.reason == "manual"][0].path.name
    tema("restore", project, name, "--coder", "Ola")
    undo = tema("undo", project, "--coder", "Kari", ok=False)
    assert undo.exit_code == 1
    assert undo.output.strip().startswith('Error: cannot undo "journal: Før sikkerhetskopien.": "restored from backup')
    assert "(event" in undo.output and "by Ola) came after it and cannot be undone; nothing was written" in undo.output
    history = tema("history", project).output
    assert "backup.restore" in history and "barrier" in history and "Kari" in history and "Ola" in history
    mine = tema("history", project, "--mine", "--coder", "Kari").output
    assert "journal.add" in mine and "backup.restore" not in mine
