"""The `tema` command line: one group; every command is a thin call into domain/ingest/export.

Commands load on use: ``COMMANDS`` maps each command name to the ``module:attribute`` that
defines it (a module of ``tema.cli``) and the first sentence of its help, so ``tema --help``
lists every command without importing any of them (nor SQLAlchemy, spaCy or Textual).
Adding a command is one line in ``COMMANDS``; ``tests/test_startup.py`` checks that the
table names every command of every ``*_commands`` module and that its help matches.

The language (``--lang``, TEMA_LANG, ``lang`` in the config file, the locale) is set while
the group parses its options, before any command module loads; help texts are shown
through the catalogue when printed (``tema.i18n_click``).
"""

from __future__ import annotations

import gc
import importlib
import sys

import click

from tema import __version__
from tema.errors import TemaError
from tema.i18n import N_, UnknownLanguage, _, set_language
from tema.i18n_click import Localised, lang_option, language_before_command, localise, route_click_messages

route_click_messages()

# name: ("module:attribute" in tema.cli, the first sentence of the command's help)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("project_commands:init", N_("Create a new project store at PROJECT (a .tema file or a database URL).")),
    "import": ("project_commands:import_", N_("Import transcripts (.txt, .md, .docx, .vtt, .srt), split into turns and sentences.")),
    "participant": ("project_commands:participant", N_("Create or update a participant (by pseudonym) with label and attributes.")),
    "participants": ("project_commands:participants_", N_("List participants with their attributes.")),
    "info": ("read_commands:info", N_("Counts per table.")),
    "documents": ("project_commands:documents_", N_("List documents.")),
    "journal": ("project_commands:journal_", N_("Add an entry to the reflexive journal, or list it when TEXT is omitted.")),
    "snapshot": ("project_commands:snapshot", N_("Save a named snapshot of the current theme map (default name: \"Phase N – date\" in the interface's language), store a typed-in map as one (--from), or bring one back as the working map (--restore).")),
    "snapshots": ("project_commands:snapshots_", N_("List theme-map snapshots.")),
    "phase": ("project_commands:phase", N_("Show or set the project's current phase (1–6); setting it is journaled.")),
    "undo": ("project_commands:undo", N_("Undo your last COUNT actions (yours only: --coder, TEMA_CODER or the config file say who you are).")),
    "redo": ("project_commands:redo", N_("Redo your last COUNT undone actions (a new action of yours empties your redo list).")),
    "history": ("project_commands:history", N_("The event log: who did what, when; which actions can be undone, which are undone, and the barriers (actions that cannot be undone and that no undo crosses).")),
    "backups": ("project_commands:backups_", N_("List the project's backups (newest first).")),
    "backup": ("project_commands:backup_", N_("Make a backup copy now.")),
    "restore": ("project_commands:restore", N_("Restore PROJECT from BACKUP (a name from `tema backups`), after backing up the current state.")),
    "trash": ("project_commands:trash", N_("List items in the trash (recoverable with `tema restore-item`).")),
    "restore-item": ("project_commands:restore_item", N_("Bring a document, code, theme or memo back from the trash.")),
    "delete": ("project_commands:delete", N_("Move a document, code or theme to the trash (recoverable).")),
    "purge": ("project_commands:purge", N_("Delete an item from the trash for good (after a backup): its text also leaves the event log and the search index, and the project file is rewritten so no copy stays in free space.")),
    "guide": ("project_commands:guide", N_("Add or update an interview-guide section (Tabell 4).")),
    "code": ("coding_commands:code", N_("Apply one or more codes to an extract of a document.")),
    "uncode": ("coding_commands:uncode", N_("Remove a code from an extract (undoable).")),
    "codes": ("coding_commands:codes", N_("List and manage codes: rename, merge, split, retire, define, level.")),
    "extracts": ("read_commands:extracts", N_("List coded extracts with participant, document, code and perspectives.")),
    "theme": ("coding_commands:theme", N_("Create a theme or subtheme, or update it when it exists.")),
    "themes": ("coding_commands:themes_", N_("The current theme map: themes, subthemes, codes, and unplaced codes.")),
    "search": ("coding_commands:search", N_("Full-text search; by lemma, so `samarbeid` finds samarbeidet, samarbeider…")),
    "resegment": ("coding_commands:resegment", N_("Rebuild segments (turns, sentences) with a pipeline; codings are untouched.")),
    "pseudonym": ("pseudonym_commands:pseudonym", N_("Manage pseudonym rules (applied to every export).")),
    "export": ("export_commands:export", N_("Export TABLE (or the codebook) as Markdown, CSV, Excel, Word or HTML.")),
    "map": ("export_commands:map_", N_("Draw the theme map: the research question at the centre, themes, subthemes (and codes).")),
    "open": ("tui_commands:open_", N_("Open PROJECT in the terminal UI (read, code, journal, search).")),
    "demo": ("tui_commands:demo", N_("Open the demo project (five invented interviews, codes, themes, journal), building it the first time.")),
    "merge": ("team_commands:merge", N_("Merge coders' projects IN... into OUT (a project file or database URL; created if new).")),
    "compare": ("team_commands:compare", N_("Compare two coders: per code and document, spans coded by both, partial overlaps, and spans only one of them coded — prompts for discussion, not a reliability score.")),
    "qdpx": ("refi_commands:qdpx", N_("Exchange whole projects as REFI-QDA .qdpx files.")),
    "qdc": ("refi_commands:qdc", N_("Exchange code books as REFI-QDA .qdc files.")),
    "nlp": ("nlp_commands:nlp", N_("Norwegian language pipeline: sentences, lemmas, name suggestions.")),
    "bench": ("bench_commands:bench", N_("Benchmark import, extracts, search, TUI, exports and merge on a synthetic corpus.")),
    "check": ("check_commands:check", N_("Quality prompts: themes without a definition, named like a topic, carried by one participant or answering one guide section; codes in many themes; sparsely coded parts of transcripts.")),
    "feedback": ("feedback_commands:feedback", N_("A supervisor's comments on the Word codebook, kept as feedback on what they were written on.")),
    "similar": ("similar_commands:similar", N_("Passages like a code's, a theme's or a quote's extracts, ranked by shared lemmas.")),
    "coder": ("coder_commands:coder", N_("Coders of the project and the names shown for them (display names).")),
    "keys": ("keys_commands:keys", N_("Print every key binding of the terminal UI: id, keys, description.")),
}


class TemaGroup(Localised, click.Group):
    """Loads commands from ``COMMANDS`` on use; turns TemaError and database problems into one
    clear line and exit code 1; sets the interface language before anything is printed."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            set_language(language_before_command(args))
        except UnknownLanguage as exc:
            raise click.ClickException(str(exc)) from None
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        module, attr = COMMANDS[cmd_name][0].split(":")
        command = localise(getattr(importlib.import_module(f"tema.cli.{module}"), attr))
        self.commands[cmd_name] = command
        _collect_again()
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from ``COMMANDS`` alone (as click would show it, without importing)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            if name in COMMANDS:
                shown = click.Command(name, help=_(COMMANDS[name][1])).get_short_help_str(limit)
            else:
                shown = self.commands[name].get_short_help_str(limit)
            rows.append((name, shown))
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

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
    if "sqlalchemy" not in sys.modules:  # nothing touched a database
        return None
    from sqlalchemy.exc import DBAPIError, OperationalError
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, StaleDataError):
        return _("someone else changed this item at the same time; nothing was written — reload and try again")
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return _("the project is busy (another tema process is writing); nothing was written — try again")
    if isinstance(exc, DBAPIError):
        line = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return _("database error: {problem}; nothing was written").format(problem=line)
    return None


@click.group(cls=TemaGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tema")
@lang_option
def cli() -> None:
    """tema — reflexive thematic analysis of qualitative interviews (Braun & Clarke).

    PROJECT is a project file (e.g. projects/study.tema) or a database URL
    (postgresql+psycopg://user@host/db); TEMA_DB supplies it when omitted.
    """


_gc_paused = False  # main() turned the cyclic garbage collector off while the command loads


def _collect_again() -> None:
    """The command's modules are loaded: what they made lives as long as the process, so it
    is set aside (``gc.freeze``) and the cyclic garbage collector runs again, on what the
    command makes from now on."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()


def main(**extra) -> None:
    """Run the group; ``extra`` goes to click (``tema.main`` passes ``obj``, the launchers).

    Loading a command's modules makes hundreds of thousands of objects and no garbage; the
    cyclic garbage collector, walking ever more of them, took ~20 ms of a short command's
    start (issue 15), so it is off until the command is loaded (``_collect_again``)."""
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True
    try:
        cli.main(prog_name="tema", **extra)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo(_("interrupted; the last completed action is saved"), err=True)
        sys.exit(130)
    finally:
        if _gc_paused:  # no command was loaded (--help, --version, a usage error)
            _gc_paused = False
            gc.enable()
