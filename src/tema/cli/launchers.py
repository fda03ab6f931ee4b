"""What the entry point lends the command line: the launcher of the terminal UI.

``tema.main`` runs the CLI with ``obj=Launchers(tui=...)``; ``tema open`` and ``tema
demo`` find it in their click context, so the CLI never imports the TUI. Kept apart from
the commands so the entry point can build it without loading them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from tema.i18n import _

# (the opened project — a Store, lent —, the coder name or None)
TuiLauncher = Callable[[Any, str | None], None]


@dataclass(frozen=True)
class Launchers:
    tui: TuiLauncher | None = None


def tui_launcher(ctx: click.Context) -> TuiLauncher:
    """The TUI launcher the entry point gave this run; a clear error when there is none
    (the CLI's group run on its own, without ``tema.main``)."""
    launchers = ctx.find_object(Launchers)
    if launchers is None or launchers.tui is None:
        raise click.ClickException(_("the terminal UI is not part of this entry point; run the `tema` command"))
    return launchers.tui
