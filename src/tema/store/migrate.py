"""Alembic owns the schema. Helpers to compare a store's revision with this tema's.

Opening a project asks ``schema_state`` every time; when the store is at this tema's
head (the usual case) that is one plain ``SELECT`` and a look at the migration files'
``revision``/``down_revision`` lines, without importing Alembic (a few hundred
milliseconds of start-up). Anything else — an older or newer store, an unusual script
folder — is decided by Alembic itself.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from sqlalchemy import text

from tema.store.db import Store

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision(?:\s*:\s*[^=]+)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:\s*[^=]+)?\s*=\s*(?:None|['\"]([^'\"]+)['\"])\s*(?:#.*)?$", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "tema.store:migrations")
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "tema's migrations have a head"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


@cache
def scripted_head() -> str | None:
    """The head revision read from the migration files' own lines (no Alembic import);
    None when they do not give exactly one head in the plain form (Alembic decides then)."""
    revisions, downs = set(), set()
    folder = resources.files("tema.store") / "migrations" / "versions"
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        source = entry.read_text(encoding="utf-8")
        rev, down = _REVISION.findall(source), _DOWN.search(source)
        if len(rev) != 1 or down is None:
            return None
        revisions.add(rev[0])
        if down.group(1):
            downs.add(down.group(1))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and downs <= revisions else None


def current_revision(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(store: Store) -> str | None:
    """The store's revision with one plain SELECT (None when there is no single one)."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None


def schema_state(store: Store) -> Literal["current", "older", "newer"]:
    head = scripted_head()
    if head is not None:
        try:
            if _stored_revision(store) == head:
                return "current"
        except Exception:  # noqa: BLE001 - no version table yet, or another shape: Alembic decides
            pass
    rev = current_revision(store)
    if rev == head_revision():
        return "current"
    if rev is not None and rev not in known_revisions():
        return "newer"
    return "older"


def upgrade_to_head(store: Store) -> None:
    from alembic import command

    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
