"""`tema demo` never destroys: it opens the demo as the newcomer left it, building it only
when missing; `--reset` rebuilds it after a backup (backups/ beside it, owner-only)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tema.cli.demo_builder import find_source, load_spec
from tests.helpers.cli import info, tema


def _codes(path: Path) -> str:
    return tema("codes", "list", path, "--json").output


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    r = tema("demo", "--out", folder / "demo.tema", "--no-open")
    assert r.output.strip() == f"built {folder / 'demo.tema'}"
    return folder


def test_demo_keeps_the_newcomers_work_and_reset_backs_it_up(demo_dir):
    demo = demo_dir / "demo.tema"
    fresh = info(demo)
    assert stat.S_IMODE(demo.stat().st_mode) == 0o600
    doc = load_spec(find_source())["documents"][0]["title"]
    tema("code", demo, "--doc", doc, "--span", "0:12", "--code", "Min egen kode", "--coder", "Ny")
    changed = info(demo)
    assert changed["codings"] == fresh["codings"] + 1

    r = tema("demo", "--out", demo, "--no-open")
    assert "as you left it" in r.output and "built" not in r.output
    assert info(demo) == changed and "Min egen kode" in _codes(demo)  # the change is still there

    r = tema("demo", "--out", demo, "--no-open", "--reset")
    backups = sorted((demo_dir / "backups").glob("demo-*-pre-reset.tema"))
    assert len(backups) == 1 and f"backed up the demo to {backups[0]}" in r.output
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(backups[0].parent.stat().st_mode) == 0o700
    assert "Min egen kode" in _codes(backups[0])  # the work is in the backup…
    assert "Min egen kode" not in _codes(demo)  # …and the demo is fresh
    assert {k: v for k, v in info(demo).items() if k != "events"} == {
        k: v for k, v in fresh.items() if k != "events"}
    assert stat.S_IMODE(demo.stat().st_mode) == 0o600
    assert sorted(p.name for p in demo_dir.iterdir()) == ["backups", "demo.tema"]  # no temporary files


def test_reset_never_replaces_another_project(tmp_path):
    other = tmp_path / "demo.tema"
    tema("init", other, "--title", "Min avhandling", "--coder", "Meg")
    before = other.read_bytes()
    r = tema("demo", "--out", other, "--no-open", "--reset", ok=False)
    assert r.exit_code == 1 and "holds another project, not the demo; not replaced" in r.output
    assert other.read_bytes() == before
    (tmp_path / "notes.tema").write_text("mine", encoding="utf-8")
    r = tema("demo", "--out", tmp_path / "notes.tema", "--no-open", "--reset", ok=False)
    assert r.exit_code == 1 and "not a tema demo project" in r.output
    assert (tmp_path / "notes.tema").read_text(encoding="utf-8") == "mine"


def test_the_domain_does_not_build_the_demo():
    """The demo builder composes ingest and the language pipeline: it lives at the CLI edge."""
    import importlib.util

    assert importlib.util.find_spec("tema.domain.demo") is None
    source = (Path(__file__).resolve().parents[1] / "src" / "tema" / "domain").rglob("*.py")
    assert not [p.name for p in source if "tema.ingest" in p.read_text(encoding="utf-8")]


def test_demo_opens_in_the_terminal_ui_as_the_demo_coder(demo_dir):
    from click.testing import CliRunner

    from tema.cli import cli
    from tema.cli.launchers import Launchers

    seen = []
    r = CliRunner().invoke(cli, ["demo", "--out", str(demo_dir / "demo.tema")],
                           obj=Launchers(tui=lambda store, coder: seen.append((store.name, coder))),
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert seen == [("demo", "Demo-koder")]
