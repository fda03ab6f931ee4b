"""Where exports go, never overwriting by accident, and bad input answered with one
clear line (or a sensible empty table) — never a traceback."""

from __future__ import annotations

import os
import stat

import pytest

from tests.export.readers import md_tables
from tests.helpers.cli import tema


def test_default_folder_private_files_and_no_overwrite(project, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    r = tema("export", project, "themes")
    path = work / "exports" / "study" / "themes.md"
    assert r.output.strip() == f"wrote {path}"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((work / "exports").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("mine", encoding="utf-8")
    r = tema("export", project, "themes", ok=False)
    assert r.exit_code == 1 and "exists already (use --force to overwrite)" in r.output
    assert path.read_text(encoding="utf-8") == "mine"
    tema("export", project, "themes", "--force")
    assert path.read_text(encoding="utf-8").startswith("| Tema | Subtema |")
    tema("map", project)
    assert (path.parent / "temakart.svg").exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["temakart.svg", "themes.md"]  # no temporary files left


def test_format_follows_the_output_name_or_folder(project, tmp_path):
    tema("export", project, "code-themes", "-o", tmp_path / "ct.xlsx")
    assert (tmp_path / "ct.xlsx").read_bytes()[:2] == b"PK"
    tema("export", project, "guide", "--format", "html", "-o", tmp_path)
    assert (tmp_path / "guide.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    tema("map", project, "-o", tmp_path / "kart.mmd")
    assert (tmp_path / "kart.mmd").read_text(encoding="utf-8").startswith("mindmap")


@pytest.mark.parametrize("args, message", [
    (["nope"], "table 'nope': unknown (choose from themes, code-themes"),
    (["themes", "--format", "png"], "--format 'png': themes can be written as md, csv, xlsx, docx, html"),
    (["codebook", "--format", "csv"], "codebook can be written as docx, md, html"),
    (["code-themes", "--code", "Finnes ikke"], "code 'Finnes ikke': not found"),
    (["themes", "--theme", "Finnes ikke"], "theme 'Finnes ikke': not found"),
    (["matrix", "--format", "png"], "matrix: nothing to draw yet"),
])
def test_bad_input_is_one_clear_line(project, tmp_path, args, message):
    r = tema("export", project, *args, "-o", tmp_path / "out", ok=False)
    assert r.exit_code == 1, r.output
    assert message in r.output and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_missing_and_read_only_folders(project, tmp_path):
    r = tema("export", project, "themes", "-o", tmp_path / "nowhere" / "t.md", ok=False)
    assert r.exit_code == 1 and "folder" in r.output and "does not exist" in r.output
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = tema("export", project, "themes", "-o", tmp_path / "file" / "t.md", ok=False)
    assert r.exit_code == 1 and "is not a folder" in r.output
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        folder = locked
        if os.access(locked, os.W_OK):  # root ignores permission bits: use a read-only mount instead
            folder = next((p for p in ("/proc/sys", "/sys/kernel") if not os.access(p, os.W_OK)), None)
            if folder is None:
                pytest.skip("running as root without a read-only folder to try")
        r = tema("export", project, "themes", "-o", os.path.join(folder, "t.md"), ok=False)
        assert r.exit_code == 1 and "is read-only" in r.output and "Traceback" not in r.output
    finally:
        locked.chmod(0o700)


def test_empty_project_gives_empty_tables(project, tmp_path):
    for table in ("themes", "code-themes", "perspectives", "participants", "guide", "matrix"):
        tema("export", project, table, "-o", tmp_path / f"{table}.md")
        tables = md_tables(tmp_path / f"{table}.md")
        assert tables and all(len(t) == 1 for t in tables), table  # header row only
        tema("export", project, table, "-o", tmp_path / f"{table}.docx")
    tema("export", project, "codebook", "-o", tmp_path / "kb.md")
    assert "Prosjektet har ingen tema ennå." in (tmp_path / "kb.md").read_text(encoding="utf-8")


def test_theme_without_codes_is_listed(project, tmp_path):
    tema("theme", project, "Tomt tema", "--label", "1")
    tema("theme", project, "Tom del", "--parent", "Tomt tema", "--label", "1a")
    tema("export", project, "code-themes", "-o", tmp_path / "ct.md")
    rows = md_tables(tmp_path / "ct.md")[0][1:]
    assert rows == [["1 Tomt tema", "1a Tom del", "", "", "", ""]]
    tema("export", project, "matrix", "-o", tmp_path / "m.md")
    assert md_tables(tmp_path / "m.md")[0][1:] == [["1 Tomt tema", "", "0", "0"], ["", "1a Tom del", "0", "0"]]
