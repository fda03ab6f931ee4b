"""Running the terminal UI: what `tema open` and `tema demo` hand an opened project to.

The CLI never imports the TUI (nor the TUI the CLI); the console script ``tema.main``
gives the CLI this function as the launcher of its two TUI commands. Importing this
module is cheap: Textual loads only when the UI starts.
"""

from __future__ import annotations

import os
from typing import Any


def run_tui(project: Any | str | os.PathLike[str], coder: str | None) -> None:
    """Run the app on ``project`` — an open store (lent, left open), a Workspace, or a
    path or URL (opened and closed here) — as ``coder``; returns when the user quits."""
    from tema.tui.app import make_app

    make_app(project, coder).run()
