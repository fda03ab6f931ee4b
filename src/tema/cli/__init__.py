"""The `tema` command line: one group; every command is a thin call into domain/ingest/export."""

from __future__ import annotations

import sys

import click

from tema import __version__
from tema.errors import TemaError


class TemaGroup(click.Group):
    """Turns TemaError and database problems into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TemaError as exc:
            raise click.ClickException(str(exc)) from None
        except click.exceptions.Exit:
            raise
        except Exception as exc:
            msg = _database_message(exc)
            if msg is None:
                raise
            raise click.ClickException(msg) from None


def _database_message(exc: Exception) -> str | None:
    from sqlalchemy.exc import DBAPIError, OperationalError
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, StaleDataError):
        return "someone else changed this item at the same time; nothing was written — reload and try again"
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return "the project is busy (another tema process is writing); nothing was written — try again"
    if isinstance(exc, DBAPIError):
        line = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return f"database error: {line}; nothing was written"
    return None


@click.group(cls=TemaGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tema")
def cli() -> None:
    """tema — reflexive thematic analysis of qualitative interviews (Braun & Clarke).

    PROJECT is a project file (e.g. projects/study.tema) or a database URL
    (postgresql+psycopg://user@host/db); TEMA_DB supplies it when omitted.
    """


def _register() -> None:
    from tema.cli import coding_commands, project_commands, pseudonym_commands

    for module in (project_commands, coding_commands, pseudonym_commands):
        for command in module.COMMANDS:
            cli.add_command(command)
    import importlib

    # Commands of the other edges (exports, TUI, team, interchange, language, benchmark).
    for name in ("export_commands", "tui_commands", "team_commands", "refi_commands", "nlp_commands", "bench_commands",
                 "check_commands", "feedback_commands", "similar_commands", "coder_commands",
                 "keys_commands"):
        try:
            module = importlib.import_module(f"tema.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tema.cli.{name}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    try:
        cli.main(prog_name="tema")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("interrupted; the last completed action is saved", err=True)
        sys.exit(130)
