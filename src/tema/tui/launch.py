"""What the command line gets from the terminal UI: the app to run on an opened project
(`tema open`, `tema demo`) and the key map (`tema keys`).

The CLI never imports the TUI (nor the TUI the CLI); the console script ``tema.main``
lends the CLI these two functions. Importing this module is cheap: Textual loads only
when one of them is called.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any


def run_tui(project: Any | str | os.PathLike[str], coder: str | None) -> None:
    """Run the app on ``project`` — an open store (lent, left open), a Workspace, or a
    path or URL (opened and closed here) — as ``coder``; returns when the user quits."""
    from tema.tui.app import make_app

    make_app(project, coder).run()


def keymap() -> ModuleType:
    """The key map (``tema keys`` prints it without starting the UI; loads Textual)."""
    from tema.tui import keymap

    return keymap
