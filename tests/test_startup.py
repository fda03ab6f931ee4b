"""Start-up: `tema --help` lists every command from the COMMANDS table without importing
any command module (nor SQLAlchemy, spaCy or Textual); `tema info` and `tema extracts`
import only what they use. Checked in fresh interpreters (``sys.modules``), never by
timing."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sqlite3
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


def loaded_after(args: list[str], heavy=HEAVY, modules: tuple[str, ...] = (),
                 env: dict[str, str] | None = None) -> set[str]:
    """Which of ``heavy`` (packages), of ``modules`` (by full name) and which tema.cli
    modules a fresh interpreter has imported after running ``tema ARGS``."""
    code = (
        "import sys\n"
        "from tema.cli import cli\n"
        f"try:\n    cli.main({args!r}, prog_name='tema')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        f"heavy = {heavy!r}\n"
        "mods = {m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}\n"
        "mods |= {m for m in sys.modules if m.startswith('tema.cli.')}\n"
        f"mods |= {set(modules)!r} & set(sys.modules)\n"
        "print('LOADED', ','.join(sorted(mods)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
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
    assert {m for m in info if m.startswith("tema.cli.")} <= {"tema.cli._common", "tema.cli.read_commands"}
    extracts = loaded_after(["extracts", str(project)])
    assert not extracts & unused, extracts


# What `tema info` and `tema extracts` no longer load (issue 15: their start within 1.5× of
# `import sqlalchemy.orm`): the ORM models (their import, the PostgreSQL dialect an index's
# postgresql_where loads, and configuring the mappers were most of the run), the domain
# modules built on them, Alembic, rapidfuzz; `info` prints no table, so no rich either. On
# Linux the config folder is found without platformdirs, and without a config file there
# is no TOML to parse (tema.config).
NOT_FOR_SHORT_READS = ("tema.store.models", "sqlalchemy.dialects.postgresql", "tema.domain.events",
                       "tema.domain.replay", "tema.domain.coders", "tema.domain.codes", "tema.domain.coding",
                       "tema.domain.documents", "tema.domain.project", "tema.domain.pseudonyms", "alembic",
                       "rapidfuzz", "tomllib") + (("platformdirs",) if sys.platform == "linux" else ())


def test_info_and_extracts_on_a_coded_project_load_no_orm_model(thesis_project, tmp_path):
    with sqlite3.connect(thesis_project) as conn:
        code = conn.execute("SELECT name FROM code WHERE status = 'active' AND deleted_at IS NULL "
                            "AND id IN (SELECT code_id FROM coding) ORDER BY id LIMIT 1").fetchone()[0]
        doc = conn.execute("SELECT d.source_name FROM document d JOIN coding c ON c.document_id = d.id "
                           "JOIN code k ON k.id = c.code_id WHERE k.name = ? LIMIT 1", (code,)).fetchone()[0]
    project = str(thesis_project)
    env = {k: v for k, v in os.environ.items() if k != "TEMA_CONFIG_DIR"} | {"XDG_CONFIG_HOME": str(tmp_path)}
    commands = {"info": ["info", project], "info --json": ["info", project, "--json"],
                "extracts --code": ["extracts", project, "--code", code],
                "extracts --code --doc --json": ["extracts", project, "--code", code.upper(), "--doc", doc, "--json"]}
    for name, args in commands.items():
        loaded = loaded_after(args, heavy=HEAVY + ("rich",), modules=NOT_FOR_SHORT_READS, env=env)
        allowed = {"sqlalchemy", "tema.cli._common", "tema.cli.read_commands"}
        allowed |= {"rich"} if name == "extracts --code" else set()  # its table
        assert loaded == allowed, (name, loaded - allowed)
    # they did read the project: the same answer through the command line
    rows = json.loads(tema(*commands["extracts --code --doc --json"]).output)
    assert rows and {r["code"] for r in rows} == {code}


def test_a_name_the_plain_reads_do_not_find_is_answered_by_the_orm_as_before(thesis_project):
    """An unknown code or document falls back to the ORM lookup: its message, its exit code
    (and only then are the models loaded)."""
    project = str(thesis_project)
    result = tema("extracts", project, "--code", "Ingen slik kode", ok=False)
    assert result.exit_code == 1 and "code 'Ingen slik kode': not found" in result.output
    result = tema("extracts", project, "--doc", "ingen-slik.docx", ok=False)
    assert result.exit_code == 1 and "--doc 'ingen-slik.docx': no such document (documents: «" in result.output


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


GC_PROBE = """
import gc, json, sys
import click
from tema.cli import main
events = []
gc.callbacks.append(lambda phase, info: phase == "start" and events.append("collection"))
invoke = click.Command.invoke
def spied(self, ctx):
    if self.name != "cli":
        events.append({"command": self.name, "collector on": gc.isenabled(), "frozen": gc.get_freeze_count() > 0})
    return invoke(self, ctx)
click.Command.invoke = spied
try:
    main(args=sys.argv[1:])
except SystemExit as e:
    assert not e.code, e.code
print("PROBE", json.dumps({"events": events, "collector on": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}))
"""


def _gc_probe(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("PROBE")).removeprefix("PROBE "))


def test_a_command_loads_with_the_garbage_collector_paused_and_runs_with_it(project):
    """Loading SQLAlchemy and the command module makes objects, not garbage: the cyclic
    collector is off until the command is loaded (no collection before it runs), then the
    loaded objects are frozen and it runs on what the command makes."""
    got = _gc_probe("info", str(project))
    first = got["events"][0]
    assert first == {"command": "info", "collector on": True, "frozen": True}, got["events"][:5]
    assert got["collector on"] and got["frozen"]
    # no command loaded (help): the collector is on again when main() returns, nothing frozen
    helped = _gc_probe("--help")
    assert helped["collector on"] and not helped["frozen"]
