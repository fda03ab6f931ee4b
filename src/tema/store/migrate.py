"""Alembic owns the schema. Helpers to compare a store's revision with this tema's."""

from __future__ import annotations

from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tema.store.db import Store


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "tema.store:migrations")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "tema's migrations have a head"
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_state(store: Store) -> Literal["current", "older", "newer"]:
    rev = current_revision(store)
    if rev == head_revision():
        return "current"
    if rev is not None and rev not in known_revisions():
        return "newer"
    return "older"


def upgrade_to_head(store: Store) -> None:
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
