"""The ``tema`` console script: the command line with the terminal UI plugged in.

``tema.cli`` (the commands) and ``tema.tui`` (the app) never import each other
(import-linter, tests/test_layers.py). This module sits above both: it runs the CLI's
group and hands it the TUI's launcher, which ``tema open`` and ``tema demo`` call with
the project they opened (``tema.cli.tui_commands``), and the key map ``tema keys``
prints. Commands still load on use.
"""

from __future__ import annotations

from tema.cli import main as cli_main
from tema.cli.launchers import Launchers
from tema.tui.launch import keymap, run_tui

LAUNCHERS = Launchers(tui=run_tui, keymap=keymap)


def main() -> None:
    cli_main(obj=LAUNCHERS)


if __name__ == "__main__":  # pragma: no cover - python -m tema.main
    main()
