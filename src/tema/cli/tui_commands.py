"""The terminal UI commands: `tema open PROJECT` and `tema demo`.

They open the project and hand it to the TUI launcher the entry point lent the run
(``tema.main``; tema.cli.launchers), so the CLI never imports the TUI."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_option, opened, project_argument
from tema.cli.launchers import tui_launcher
from tema.i18n import N_, _
from tema.i18n_click import lang_option


@click.command(name="open")
@project_argument
@coder_option
@lang_option
def open_(project: str, coder: str | None) -> None:
    """Open PROJECT in the terminal UI (read, code, journal, search)."""
    launch = tui_launcher(click.get_current_context())
    with opened(project) as store:
        launch(store, coder)


@click.command()
@click.option("--source", type=click.Path(file_okay=False, path_type=Path),
              help=N_("Folder with project.toml and the transcripts (default: projects/demo)."))
@click.option("--out", "target", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Where the demo lives (default: projects/demo.tema beside the material)."))
@click.option("--reset", is_flag=True,
              help=N_("Rebuild the demo from its material, after a backup of the current one (backups/ beside it)."))
@click.option("--no-open", is_flag=True, help=N_("Only build the demo project, do not open it."))
@coder_option
@lang_option
def demo(source: Path | None, target: Path | None, reset: bool, no_open: bool, coder: str | None) -> None:
    """Open the demo project (five invented interviews, codes, themes, journal), building it
    the first time.

    It opens as you left it; --reset rebuilds it from scratch after a backup. A file at
    the target that is not the demo is never replaced."""
    from tema.cli.demo_builder import build_demo, demo_target, reset_demo

    launch = None if no_open else tui_launcher(click.get_current_context())
    path = demo_target(source, target)
    if reset:
        path, backup = reset_demo(source, path)
        if backup is not None:
            click.echo(_("backed up the demo to {path}").format(path=backup))
        click.echo(_("rebuilt {path}").format(path=path))
    elif not path.exists():
        build_demo(source, path)
        click.echo(_("built {path}").format(path=path))
    else:
        click.echo(_("opening {path} as you left it (tema demo --reset rebuilds it)").format(path=path))
    if launch is not None:
        with opened(str(path), backup=False) as store:
            launch(store, coder or "Demo-koder")


COMMANDS = [open_, demo]
