"""Start-up: `tema --help` lists every command from the COMMANDS table without importing
any command module (nor SQLAlchemy, spaCy or Textual); `tema info` and `tema extracts`
import only what they use. Checked in fresh interpreters (``sys.modules``), never by
timing."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import tema.cli as tema_cli
from tema.cli import COMMANDS, cli
from tests.helpers.cli import tema

HEAVY = ("sqlalchemy", "spacy", "textual", "alembic", "rapidfuzz", "matplotlib", "docx", "openpyxl", "networkx",
         "charset_normalizer", "thinc", "numpy")


def loaded_after(args: list[str], heavy=HEAVY) -> set[str]:
    """Which of ``heavy`` (and which tema.cli modules) a fresh interpreter has imported
    after running ``tema ARGS``."""
    code = (
        "import sys\n"
        "from tema.cli import cli\n"
        f"try:\n    cli.main({args!r}, prog_name='tema')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        f"heavy = {heavy!r}\n"
        "mods = {m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}\n"
        "mods |= {m for m in sys.modules if m.startswith('tema.cli.')}\n"
        "print('LOADED', ','.join(sorted(mods)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("LOADED"))
    return set(filter(None, line.removeprefix("LOADED ").split(",")))


def test_help_imports_no_command_module_nor_a_heavy_library():
    assert loaded_after(["--help"]) == set()


def test_info_and_extracts_import_only_what_they_use(tmp_path):
    project = tmp_path / "p.tema"
    tema("init", project, "--title", "Oppstart")
    unused = {"spacy", "textual", "matplotlib", "docx", "openpyxl", "networkx", "charset_normalizer", "thinc",
              "numpy"}
    info = loaded_after(["info", str(project)])
    assert "sqlalchemy" in info and not info & (unused | {"rapidfuzz"}), info
    assert {m for m in info if m.startswith("tema.cli.")} <= {"tema.cli._common", "tema.cli.project_commands"}
    extracts = loaded_after(["extracts", str(project)])
    assert not extracts & unused, extracts


def _command_modules() -> dict[str, object]:
    names = [m.name for m in pkgutil.iter_modules(tema_cli.__path__) if m.name.endswith("_commands")]
    return {name: importlib.import_module(f"tema.cli.{name}") for name in names}


def test_every_command_of_every_command_module_is_in_the_table():
    listed = {}
    for name, module in _command_modules().items():
        for command in module.COMMANDS:
            attr = next(a for a, v in vars(module).items() if v is command)
            listed[command.name] = f"{name}:{attr}"
    assert {k: v[0] for k, v in COMMANDS.items()} == listed


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_entry_loads_its_command_with_the_same_short_help(name):
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command) and command.name == name
    stored = click.Command(name, help=COMMANDS[name][1])
    for limit in (30, 45, 60, 82, 200):
        assert stored.get_short_help_str(limit) == command.get_short_help_str(limit)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_lazy_help_equals_the_help_of_a_group_with_every_command_loaded(width):
    eager = click.Group(name="cli", help=cli.help, params=cli.params, context_settings=cli.context_settings)
    for name in COMMANDS:
        eager.add_command(cli.get_command(click.Context(cli), name), name)
    got = CliRunner().invoke(cli, ["--help"], prog_name="tema", terminal_width=width)
    want = CliRunner().invoke(eager, ["--help"], prog_name="tema", terminal_width=width)
    assert got.exit_code == want.exit_code == 0
    assert got.output == want.output
    assert all(f"  {name} " in got.output for name in COMMANDS)


def test_unknown_command_is_still_a_clear_error():
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2 and "No such command 'no-such-command'" in result.output
