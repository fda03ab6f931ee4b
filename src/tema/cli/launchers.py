"""What the entry point lends the command line from the terminal UI.

``tema.main`` runs the CLI with ``obj=Launchers(...)``: ``tema open`` and ``tema demo``
find the TUI's launcher in their click context, ``tema keys`` its key map — so the CLI
never imports the TUI. Kept apart from the commands so the entry point can build it
without loading them.
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
    keymap: Callable[[], Any] | None = None  # the TUI's key map module (tema.tui.keymap), loaded on use


def _lent(ctx: click.Context, part: str) -> Any:
    launchers = ctx.find_object(Launchers)
    found = getattr(launchers, part, None) if launchers is not None else None
    if found is None:
        raise click.ClickException(_("the terminal UI is not part of this entry point; run the `tema` command"))
    return found


def tui_launcher(ctx: click.Context) -> TuiLauncher:
    """The TUI launcher the entry point gave this run; a clear error when there is none
    (the CLI's group run on its own, without ``tema.main``)."""
    return _lent(ctx, "tui")


def tui_keymap(ctx: click.Context) -> Any:
    """The TUI's key map module (``load_keymap``, ``effective_rows``, ``keymap_path``,
    ``display_keys``), as ``tui_launcher``."""
    return _lent(ctx, "keymap")()
