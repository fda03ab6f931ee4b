"""Every REFI sample in ../shared/fixtures/refi imports (the users-only ATLAS.ti
project gives a clear "no sources" message), and — with source texts built in the
test to put each selection's name at its offsets — every imported coding's text
is the text the file names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tema.refi.archive import entry_for_path
from tests.helpers.cli import tema
from tests.helpers.paths import SHARED, require_shared
from tests.refi.helpers import assert_valid, content, make_qdpx, nothing_written, qde_of, schema

FOLDER = SHARED / "fixtures" / "refi"
SAMPLES = sorted(p.name for p in FOLDER.glob("*") if p.suffix in (".qdpx", ".qde", ".qdc")) if FOLDER.exists() else []


@pytest.fixture(autouse=True)
def _samples_present():
    require_shared("fixtures", "refi")  # skips locally when absent, fails under CI


def _qde(path: Path) -> bytes:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return zf.read(next(n for n in zf.namelist() if n.lower().endswith(".qde")))
    return path.read_bytes()


def _codable_names(xml: bytes) -> set[str]:
    root = etree.fromstring(xml)
    return {el.get("name") for el in root.iter("{*}Code") if el.get("isCodable") == "true"}


def test_every_sample_is_covered():
    assert {"ponte_blank-atlas-project.qdpx", "skyloom_TestProject.qdpx", "ornio_hand_authored_project.qde",
            "spec_A1_example_codebook.qdc"} <= set(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_imports(name, tmp_path):
    path = FOLDER / name
    target = tmp_path / "imported.tema"
    if path.suffix == ".qdc":
        tema("init", target, "--title", "Kodebok")
        result = tema("qdc", "import", path, target)
        data = content(target)
        assert {c[0] for c in data["codes"]} == _codable_names(path.read_bytes())
        assert {t[0] for t in data["themes"]} == {"Topics", "Values"}
        return
    xml = _qde(path)
    root = etree.fromstring(xml)
    if next(root.iter("{*}Code", "{*}TextSource", "{*}Case", "{*}Note"), None) is None:
        result = tema("qdpx", "import", path, target, ok=False)
        assert result.exit_code == 1
        assert "no sources" in result.output and len(result.output.strip().splitlines()) == 1
        assert nothing_written(target)
        return
    result = tema("qdpx", "import", path, target)
    assert result.output.startswith(f"created {target}")
    data = content(target)
    assert {c[0] for c in data["codes"]} == _codable_names(xml)


def _synthesise(xml: bytes) -> tuple[dict[str, bytes], list[tuple[str, int, int, str, bool]]]:
    """Source texts that hold each selection's name at its offsets, and what each
    coding must then read: (source name, start, end, expected text, complete name?)."""
    root = etree.fromstring(xml)
    files: dict[str, bytes] = {}
    expect = []
    for src in root.iter("{*}TextSource", "{*}Representation"):
        if not src.get("plainTextPath"):
            continue
        sels = list(src.iterchildren("{*}PlainTextSelection"))
        length = max([int(s.get("endPosition")) for s in sels] + [20]) + 10
        chars: list[str | None] = [None] * length
        for s in sels:
            start, end, name = int(s.get("startPosition")), int(s.get("endPosition")), s.get("name") or ""
            stem = name[:-1].rstrip() if name.endswith("…") else name
            placed = stem[: end - start]
            if not placed or any(chars[start + i] not in (None, ch) for i, ch in enumerate(placed)):
                continue
            for i, ch in enumerate(placed):
                chars[start + i] = ch
            if next(s.iterchildren("{*}Coding"), None) is not None:
                expect.append((src.get("name"), start, end, placed, placed == name))
        text = "".join(c if c is not None else "~" for c in chars)
        files[f"Sources/{entry_for_path(src.get('plainTextPath'))}"] = text.encode("utf-8")
    return files, expect


@pytest.mark.parametrize("name", ["skyloom_Project.qde", "ornio_hand_authored_project.qde"])
def test_codings_read_the_text_their_selections_name(name, tmp_path):
    xml = (FOLDER / name).read_bytes()
    files, expect = _synthesise(xml)
    assert len(expect) >= 2
    archive = make_qdpx(tmp_path / "with-texts.qdpx", xml, files)
    target = tmp_path / "p.tema"
    tema("qdpx", "import", archive, target)
    data = content(target)
    codings = {}
    for _doc, start, end, text, *_ in data["codings"]:
        codings.setdefault((start, end), set()).add(text)
    for _source, start, end, placed, complete in expect:
        texts = codings[(start, end)]
        assert all(t.startswith(placed) for t in texts), (placed, texts)
        if complete and len(placed) == end - start:
            assert texts == {placed}


def test_an_imported_atlas_project_exports_valid_refi(tmp_path):
    xml = (FOLDER / "skyloom_Project.qde").read_bytes()
    files, _ = _synthesise(xml)
    target, out = tmp_path / "p.tema", tmp_path / "again.qdpx"
    tema("qdpx", "import", make_qdpx(tmp_path / "a.qdpx", xml, files), target)
    tema("qdpx", "export", target, "-o", out)
    assert_valid(schema("Project-mrt2019.xsd"), qde_of(out))
    data = content(target)
    assert {t[0] for t in data["themes"]} >= {"Feelings", "negative feelings", "Breakfast food", "positive feelings"}
    assert any(mm[4][0] == "document" and mm[1] == "Mabel is not the only person I know who has Coke for breakfast!"
               for mm in data["memos"])
