"""`tema pseudonym`: the rules that replace real names in every export."""

from __future__ import annotations

import click

from tema.cli._common import coder_id, coder_option, opened, print_table, project_argument
from tema.domain import pseudonyms
from tema.i18n import N_, _, ngettext


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
    click.echo(_("rule added: {real} → {replacement}").format(real=real, replacement=replacement))


@pseudonym.command(name="list")
@project_argument
def pseudonym_list(project) -> None:
    """List the rules."""
    with opened(project, backup=False) as store, store.session() as s:
        rows = [[r.real, r.replacement] for r in pseudonyms.list_rules(s)]
    print_table([_("Real"), _("Pseudonym")], rows)


@pseudonym.command(name="remove")
@project_argument
@click.argument("real")
@coder_option
def pseudonym_remove(project, real, coder) -> None:
    """Remove the rule for REAL."""
    with opened(project) as store, store.transaction() as s:
        pseudonyms.remove_rule(s, real, coder_id(s, coder))
    click.echo(_("rule removed: {real}").format(real=real))


@pseudonym.command(name="suggest")
@project_argument
@click.option("--review", is_flag=True, help=N_("Go through the suggestions: give a pseudonym to accept, Enter to skip."))
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@coder_option
def pseudonym_suggest(project, review, limit, coder) -> None:
    """List likely person and place names in the transcripts that no rule covers yet."""
    with opened(project, backup=False) as store, store.session() as s:
        found = pseudonyms.suggest(s)[:limit]
    if not found:
        click.echo(_("no uncovered names found"))
        return
    if not review:
        print_table([_("Name"), _("Kind"), _("Times"), _("Documents"), _("Context")],
                    [[f.text, f.kind, f.count, ", ".join(f.documents), f.context] for f in found])
        click.echo(_("Accept with `tema pseudonym add PROJECT NAME PSEUDONYM`, or run again with --review."))
        return
    accepted = 0
    with opened(project) as store:
        for f in found:
            click.echo(f"\n{f.text} ({f.kind}, {f.count}×): {f.context}")
            replacement = click.prompt(_("  pseudonym (Enter skips)"), default="", show_default=False).strip()
            if replacement:
                with store.transaction() as s:
                    pseudonyms.add_rule(s, f.text, replacement, coder_id(s, coder))
                accepted += 1
    click.echo(ngettext("{n} rule added", "{n} rules added", accepted).format(n=accepted))


COMMANDS = [pseudonym]
