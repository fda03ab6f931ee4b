"""`tema keys`: the effective key map — every binding's id, keys and what it does, with
the user's keymap file (``keymap.toml`` in the config folder) applied. Read without
starting the terminal UI."""

from __future__ import annotations

import click

from tema.cli._common import echo_json
from tema.cli.launchers import tui_keymap
from tema.i18n import N_, _


@click.command(name="keys")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the map as JSON (id, keys, default, description, where)."))
def keys(as_json: bool) -> None:
    """Print every key binding of the terminal UI: id, keys, description.

    Any binding can get other keys in keymap.toml in tema's config folder, one line a
    binding: "board.new-theme" = "t" (comma-separated for several keys). A file that
    cannot be used is named with its line; the defaults are printed then, and the exit
    code is 1."""
    km = tui_keymap(click.get_current_context())  # the TUI's, lent by tema.main
    keymap, problem = km.load_keymap()
    rows = km.effective_rows(keymap)
    if as_json:
        echo_json([{"id": r.id, "keys": r.keys.split(","), "default": r.default.split(","),
                    "description": _(r.description), "where": _(r.where)} for r in rows])
    else:
        click.echo(_("Keys of the terminal UI (change them in {path})").format(path=km.keymap_path()))
        width = max(len(r.id) for r in rows)
        where = None
        for r in rows:
            if r.where != where:
                where = r.where
                click.echo(f"\n{_(where)}")
            changed = "  *" if r.keys != r.default else ""
            click.echo(f"  {r.id:<{width}}  {km.display_keys(r.keys):<18}  {_(r.description)}{changed}")
        if keymap:
            click.echo("\n" + _("* set in the keymap file"))
    if problem:
        click.echo(_("Error: {problem}; the defaults apply").format(problem=problem), err=True)
        raise SystemExit(1)


COMMANDS = [keys]
