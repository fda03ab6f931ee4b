"""`tema pseudonym`: the rules that replace real names in every export."""

from __future__ import annotations

import click

from tema.cli._common import coder_id, coder_option, opened, print_table, project_argument
from tema.domain import pseudonyms


@click.group()
def pseudonym() -> None:
    """Manage pseudonym rules (applied to every export)."""


@pseudonym.command(name="add")
@project_argument
@click.argument("real")
@click.argument("replacement")
@coder_option
def pseudonym_add(project, real, replacement, coder) -> None:
    """Replace REAL by REPLACEMENT in every export (whole words, genitive kept)."""
    with opened(project) as store, store.transaction() as s:
        pseudonyms.add_rule(s, real, replacement, coder_id(s, coder))
    click.echo(f"rule added: {real} → {replacement}")


@pseudonym.command(name="list")
@project_argument
def pseudonym_list(project) -> None:
    """List the rules."""
    with opened(project, backup=False) as store, store.session() as s:
        rows = [[r.real, r.replacement] for r in pseudonyms.list_rules(s)]
    print_table(["Real", "Pseudonym"], rows)


@pseudonym.command(name="remove")
@project_argument
@click.argument("real")
@coder_option
def pseudonym_remove(project, real, coder) -> None:
    """Remove the rule for REAL."""
    with opened(project) as store, store.transaction() as s:
        pseudonyms.remove_rule(s, real, coder_id(s, coder))
    click.echo(f"rule removed: {real}")


COMMANDS = [pseudonym]
