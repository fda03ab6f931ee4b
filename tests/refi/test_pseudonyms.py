"""The default export leaks no real string a pseudonym rule replaces, and the
selections still cover the same (now pseudonymised) words."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from tema.domain.pseudonyms import Pseudonymizer
from tema.refi.offsets import UTF16, UnitMap
from tests.helpers.cli import tema
from tests.refi.helpers import content

TRANSCRIPT = (
    "I: Fortell om samarbeidet 🙂.\n"
    "Kari: Jeg jobbet med Ola Nordmann i Ås kommune. Karis mor ringte meg fra Ås hver uke.\n"
    "I: Hvordan var det?\n"
    "Kari: Ola var alltid der. Det var godt, sa Kari.\n"
)
RULES = {"Kari": "Siri", "Ola Nordmann": "Per Hansen", "Ola": "Per", "Ås": "Dal"}


def _project(tmp_path):
    project = tmp_path / "p.tema"
    tema("init", project, "--title", "Studie om Kari", "--question", "Hva forteller Kari?", "--coder", "Forsker")
    doc = tmp_path / "kari_intervju.txt"
    doc.write_text(TRANSCRIPT, encoding="utf-8")
    tema("participant", project, "Kari", "--label", "K", "--attr", "bosted=Ås")
    tema("import", project, doc, "--participant", "Kari", "--title", "Intervju med Kari")
    tema("code", project, "--doc", "Intervju med Kari", "--quote", "Jeg jobbet med Ola Nordmann i Ås kommune.",
         "--code", "Samarbeid med Ola", "--coder", "Forsker")
    tema("code", project, "--doc", "Intervju med Kari", "--quote", "Karis mor ringte meg fra Ås hver uke.",
         "--code", "Familien", "--coder", "Forsker")
    tema("code", project, "--doc", "Intervju med Kari", "--quote", "Ola var alltid der.", "--code", "Familien",
         "--coder", "Forsker")
    tema("journal", project, "Kari minner meg om en tidligere sak i Ås.")
    tema("theme", project, "Karis nettverk", "--code", "Familien")
    tema("snapshot", project, "Kari-kartet")
    for real, repl in RULES.items():
        tema("pseudonym", "add", project, real, repl)
    return project


def test_default_export_contains_no_real_string(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", project, "-o", out)
    with zipfile.ZipFile(out) as zf:
        blobs = {name: zf.read(name).decode("utf-8") for name in zf.namelist()}
    assert len(blobs) == 2
    for name, text in blobs.items():
        for real in RULES:
            assert real.casefold() not in text.casefold(), f"{real!r} leaks in {name}"
    assert "Per Hansen" in "".join(blobs.values()) and "Siri" in "".join(blobs.values())


def test_offsets_follow_the_pseudonymised_text(tmp_path):
    project = _project(tmp_path)
    out, copy = tmp_path / "p.qdpx", tmp_path / "copy.tema"
    tema("qdpx", "export", project, "-o", out)
    tema("qdpx", "import", out, copy)
    pz = Pseudonymizer(list(RULES.items()))
    original, imported = content(project), content(copy)
    assert imported["documents"][0][1] == pz(TRANSCRIPT)
    assert sorted(c[3] for c in imported["codings"]) == sorted(pz(c[3]) for c in original["codings"])
    text = imported["documents"][0][1]
    assert all(text[c[1]:c[2]] == c[3] for c in imported["codings"])


def test_no_pseudonymise_writes_the_real_text(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "raw.qdpx"
    result = tema("qdpx", "export", project, "-o", out, "--no-pseudonymise")
    assert "NOT pseudonymised" in result.output
    with zipfile.ZipFile(out) as zf:
        texts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("Sources/")]
    assert texts == [TRANSCRIPT]


def test_names_merged_by_the_rules_are_reported(tmp_path):
    project = _project(tmp_path)
    tema("participant", project, "Siri", "--label", "S")
    result = tema("qdpx", "export", project, "-o", tmp_path / "p.qdpx")
    assert "participants «Kari» and «Siri» are both «Siri» after pseudonymisation" in result.output


@pytest.mark.parametrize("mode", ["codepoints", "utf16"])
def test_selections_cover_the_same_words_pseudonymised(tmp_path, mode):
    """Pseudonyms change lengths («Ola Nordmann» → «Per Hansen»); every selection still
    covers its quote, pseudonymised, counted either way (an emoji comes first)."""
    project = _project(tmp_path)
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", project, "-o", out, "--offsets", mode)
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        (text,) = [zf.read(n).decode() for n in zf.namelist() if n.startswith("Sources/")]
    to_cp = UnitMap(text, UTF16).to_cp if mode == "utf16" else (lambda pos, end: pos)
    covered = []
    for sel in root.iter("{*}PlainTextSelection"):
        s = to_cp(int(sel.get("startPosition")), end=False)
        e = to_cp(int(sel.get("endPosition")), end=True)
        assert text[s:e] == sel.get("name")
        assert int(sel.get("startPosition")) == s + (1 if mode == "utf16" else 0)  # the emoji counts 2 in UTF-16
        covered.append(text[s:e])
    pz = Pseudonymizer(list(RULES.items()))
    quotes = ["Jeg jobbet med Ola Nordmann i Ås kommune.", "Karis mor ringte meg fra Ås hver uke.", "Ola var alltid der."]
    assert sorted(covered) == sorted(pz(q) for q in quotes)
    assert any("Per Hansen i Dal kommune" in c for c in covered)
