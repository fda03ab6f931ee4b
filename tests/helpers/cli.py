"""Run `tema` commands in-process with click's CliRunner, failing loudly on errors — as the
console script runs them (tema.main: the CLI with the TUI's launcher and key map lent)."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from tema.cli import cli
from tema.main import LAUNCHERS


def tema(*args: str, ok: bool = True, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False, obj=LAUNCHERS)
    if ok and result.exit_code != 0:
        raise AssertionError(f"tema {' '.join(map(str, args))} failed ({result.exit_code}): {result.output}")
    return result


def info(project) -> dict:
    return json.loads(tema("info", project, "--json").output)
