"""The terminal UI commands: `tema open PROJECT` and `tema demo`."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_option, opened, project_argument


def run_tui(store, coder: str | None) -> None:
    from tema.tui.app import make_app

    make_app(store, coder).run()


@click.command(name="open")
@project_argument
@coder_option
def open_(project: str, coder: str | None) -> None:
    """Open PROJECT in the terminal UI (read, code, journal, search)."""
    with opened(project) as store:
        run_tui(store, coder)


@click.command()
@click.option("--source", type=click.Path(file_okay=False, path_type=Path),
              help="Folder with project.toml and the transcripts (default: projects/demo).")
@click.option("--out", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to build the demo (default: projects/demo.tema beside the material).")
@click.option("--no-open", is_flag=True, help="Only build the demo project, do not open it.")
@coder_option
def demo(source: Path | None, target: Path | None, no_open: bool, coder: str | None) -> None:
    """Build the demo project (five invented interviews, codes, themes, journal) and open it.

    Re-running rebuilds it from scratch; a file at the target that is not the demo is refused."""
    from tema.domain.demo import build_demo

    path = build_demo(source, target)
    click.echo(f"built {path}")
    if not no_open:
        with opened(str(path), backup=False) as store:
            run_tui(store, coder or "Demo-koder")


COMMANDS = [open_, demo]
