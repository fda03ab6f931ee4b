"""`tema coder list|rename`: who has coded, and the names exports show for them."""

from __future__ import annotations

import click

from tema.cli._common import coder_id, coder_option, echo_json, opened, print_table, project_argument
from tema.i18n import N_, _


@click.group(name="coder")
def coder() -> None:
    """Coders of the project and the names shown for them (display names)."""


@coder.command(name="list")
@project_argument
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
def coder_list(project, as_json) -> None:
    """List coders: name (identity), display name, initials, codings."""
    from tema.domain.coders import list_coders

    with opened(project, backup=False) as store, store.session() as s:
        rows = list_coders(s)
    if as_json:
        echo_json([{"name": c.name, "display_name": c.display_name, "initials": c.initials, "codings": c.codings}
                   for c in rows])
        return
    print_table([_("Name"), _("Shown as"), _("Initials"), _("Codings")],
                [[c.name, c.shown, c.initials or "", c.codings] for c in rows])


@coder.command(name="rename")
@project_argument
@click.argument("old")
@click.argument("new")
@coder_option
def coder_rename(project, old, new, coder) -> None:
    """Show coder OLD (name, display name or initials) as NEW in exports, merge reports
    and comparisons. The coder stays the same person: `--coder NEW`, TEMA_CODER or
    `coder = "NEW"` in the config file find them too."""
    from tema.domain.coders import rename_coder, shown

    with opened(project) as store, store.transaction() as s:
        who = coder_id(s, coder)
        c = rename_coder(s, old, new, who)
        click.echo(_("coder «{old}» is now shown as «{new}»").format(old=old, new=shown(c)))


COMMANDS = [coder]
