"""Shared pieces of the command line: opening the project, the coder, output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from tema.i18n import N_
from tema.store.db import Store, open_store

project_argument = click.argument("project", envvar="TEMA_DB", metavar="PROJECT")
coder_option = click.option("--coder", help=N_("Who is coding (else TEMA_CODER, the config file, or your user name)."))


@contextmanager
def opened(project: str, *, backup: bool = True) -> Iterator[Store]:
    """Open the project store (migrating an older one after a backup); close it after."""
    from tema.store import backup as backups

    store = open_store(project)
    try:
        if backup and store.path is not None:
            backups.backup_on_open(store)
        yield store
    finally:
        store.close()


def coder_id(session, name: str | None) -> int:
    from tema.domain.coders import get_or_create_coder, resolve_coder_name

    return get_or_create_coder(session, resolve_coder_name(name)).id


def echo_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def is_tty() -> bool:
    return sys.stderr.isatty()


def print_table(headers: list[str], rows: list[list[Any]], title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for h in headers:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    Console(soft_wrap=False).print(table)
