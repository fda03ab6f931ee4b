"""The `tema qdpx` / `tema qdc` commands: code books in and out, refusals, cleanup."""

from __future__ import annotations

import pytest

from tema.errors import TemaError
from tests.helpers.cli import info, tema
from tests.refi.helpers import content, nothing_written

CODEBOOK = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14">
 <Codes>
  <Code guid="{A0000000-0000-0000-0000-000000000001}" name="Barrierer" isCodable="false">
   <Description>Det som står i veien</Description>
   <Code guid="A0000000-0000-0000-0000-000000000002" name="Tidspress" isCodable="true" color="#dc0000">
    <Description>Lite tid til samarbeid</Description>
   </Code>
   <Code guid="a0000000-0000-0000-0000-000000000003" name="Taushetsplikt" isCodable="true">
    <Code guid="a0000000-0000-0000-0000-000000000004" name="Samtykke" isCodable="true"/>
   </Code>
  </Code>
  <Code guid="a0000000-0000-0000-0000-000000000005" name="Ressurser" isCodable="false">
   <Code guid="a0000000-0000-0000-0000-000000000006" name="Nettverk" isCodable="false">
    <Code guid="a0000000-0000-0000-0000-000000000007" name="Besteforeldre" isCodable="true"/>
   </Code>
  </Code>
  <Code guid="a0000000-0000-0000-0000-000000000008" name="Familien" isCodable="true"/>
 </Codes>
 <Sets>
  <Set guid="b0000000-0000-0000-0000-000000000001" name="Nettverk"><MemberCode guid="a0000000-0000-0000-0000-000000000008"/></Set>
  <Set guid="b0000000-0000-0000-0000-000000000002" name="Hverdag"><MemberCode guid="A0000000-0000-0000-0000-000000000002"/></Set>
 </Sets>
</CodeBook>
"""


def test_codebook_import_adds_codes_and_themes(project, tmp_path):
    qdc = tmp_path / "kodebok.qdc"
    qdc.write_text(CODEBOOK, encoding="utf-8")
    tema("qdc", "import", qdc, project)
    data = content(project)
    codes = {c[0]: c for c in data["codes"]}
    assert set(codes) == {"Tidspress", "Taushetsplikt", "Samtykke", "Besteforeldre", "Familien"}
    assert codes["Tidspress"][1:4] == ("Lite tid til samarbeid", "semantic", "#dc0000")
    assert codes["Samtykke"][5] == "Taushetsplikt"  # a codable parent stays a code
    themes = {t[0]: t for t in data["themes"]}
    assert themes["Barrierer"][3] == "Det som står i veien"
    assert themes["Barrierer"][6] == ["Taushetsplikt", "Tidspress"]
    nettverk = themes["Ressurser"][7][0]
    assert nettverk[0] == "Nettverk" and nettverk[6] == ["Besteforeldre", "Familien"]  # the Set adds Familien
    assert themes["Hverdag"][6] == ["Tidspress"]  # any other code Set: a candidate theme
    # importing again reuses the codes and themes instead of duplicating them
    before = content(project)
    tema("qdc", "import", qdc, project)
    assert content(project)["codes"] == before["codes"]
    assert [t[0] for t in content(project)["themes"]] == [t[0] for t in before["themes"]]


def test_codebook_round_trip(rich_project, tmp_path):
    out, fresh = tmp_path / "k.qdc", tmp_path / "fresh.tema"
    tema("qdc", "export", rich_project, "-o", out)
    tema("init", fresh, "--title", "Ny")
    tema("qdc", "import", out, fresh)
    want, got = content(rich_project), content(fresh)
    assert got["codes"] == want["codes"]
    assert got["themes"] == want["themes"]


def test_import_refuses_an_existing_project(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", rich_project, "-o", out)
    result = tema("qdpx", "import", out, rich_project, ok=False)
    assert result.exit_code == 1 and "already exists" in result.output
    result = tema("qdpx", "import", out, tmp_path / "new.tema", "--apply", ok=False)
    assert result.exit_code == 1 and "only with --into" in result.output
    assert info(rich_project)["codings"] == 80


def test_a_failure_mid_import_leaves_no_file(rich_project, tmp_path, monkeypatch):
    out, target = tmp_path / "p.qdpx", tmp_path / "half.tema"
    tema("qdpx", "export", rich_project, "-o", out)
    import tema.refi.read as refi
    import tema.refi.read_project as refi_project

    def crash(*args, **kwargs):  # a fault after documents and codings were written
        raise TemaError("simulated failure while storing a snapshot")

    monkeypatch.setattr(refi_project.snapshots, "store_structure", crash)
    with pytest.raises(TemaError):
        refi.import_qdpx(out, str(target), segment=False)
    assert nothing_written(target)


def test_missing_file_is_one_line(tmp_path):
    result = tema("qdpx", "import", tmp_path / "nope.qdpx", tmp_path / "x.tema", ok=False)
    assert result.exit_code == 1 and "no such file" in result.output
    assert nothing_written(tmp_path / "x.tema")


def test_import_into_an_existing_project_goes_through_the_merge(thesis_project, project, tmp_path):
    from tests.helpers.cli import info

    qdpx = tmp_path / "thesis.qdpx"
    tema("qdpx", "export", thesis_project, "-o", qdpx)
    before = info(project)
    out = tema("qdpx", "import", qdpx, project, "--into").output
    assert "merge plan written" in out and info(project) == before  # plan only: nothing merged yet
    staged = project.parent / "thesis-staged.tema"
    assert staged.exists()
    staged.unlink()
    for suffix in ("-wal", "-shm"):
        (project.parent / f"thesis-staged.tema{suffix}").unlink(missing_ok=True)
    refused = tema("qdpx", "import", qdpx, project, "--into", "--apply", ok=False)  # the plan is there
    assert refused.exit_code == 1 and "exists already (use --force" in refused.output
    assert not staged.exists()  # refused before anything was written
    tema("qdpx", "import", qdpx, project, "--into", "--apply", "--force")
    merged = info(project)
    assert merged["codings"] == 78 and merged["documents"] == 5 and merged["participants"] == 5
