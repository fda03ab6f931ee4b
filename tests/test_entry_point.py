"""The console script `tema` is tema.main: the CLI's group with the TUI's launcher lent to
`tema open` and `tema demo` (the CLI and the TUI never import each other)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from click.testing import CliRunner

from tema.cli import cli
from tema.cli.launchers import Launchers
from tests.helpers.cli import tema
from tests.helpers.paths import REPO


def test_the_console_script_is_tema_main_with_the_tuis_launcher():
    import tema.main
    import tema.tui.launch

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"tema": "tema.main:main"}
    assert tema.main.LAUNCHERS.tui is tema.tui.launch.run_tui
    assert tema.main.LAUNCHERS.keymap is tema.tui.launch.keymap


def test_tema_open_hands_the_opened_project_to_the_launcher(project):
    seen = []

    def launch(store, coder):
        with store.session() as s:  # the project is open while the UI runs
            from tema.domain.project import get_project

            seen.append((get_project(s).title, coder))

    r = CliRunner().invoke(cli, ["open", str(project), "--coder", "Kari"], obj=Launchers(tui=launch),
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert seen == [("Studie", "Kari")]


def test_without_the_tui_lent_open_demo_and_keys_say_so_and_open_nothing(project, tmp_path):
    def alone(*args):  # the CLI's group run on its own, not through tema.main
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    message = "Error: the terminal UI is not part of this entry point; run the `tema` command"
    r = alone("open", project)
    assert r.exit_code == 1 and r.output.strip() == message
    assert not (project.parent / "backups").exists()  # not even opened (no backup on open)
    r = alone("demo", "--out", tmp_path / "demo.tema")
    assert r.exit_code == 1 and r.output.strip() == message
    assert not (tmp_path / "demo.tema").exists()
    r = alone("keys")
    assert r.exit_code == 1 and r.output.strip() == message
    assert "coding.code" in tema("keys").output  # through the console script's group


def test_help_through_the_console_script_lists_the_tui_commands_without_loading_textual():
    code = ("import sys\nfrom tema.main import main\nsys.argv = ['tema', '--help']\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code\n"
            "print('TEXTUAL', 'textual' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "  open " in proc.stdout and "  demo " in proc.stdout
    assert proc.stdout.splitlines()[-1] == "TEXTUAL False"


def test_python_dash_m_tema_is_the_console_script(project):
    proc = subprocess.run([sys.executable, "-m", "tema", "info", str(project)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == tema("info", str(project)).output
