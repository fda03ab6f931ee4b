"""Bad input through `tema import` / `tema code`: a clear one-line error naming the
file or argument, a non-zero exit, and `tema info` unchanged — or a correct import."""

from __future__ import annotations

import zipfile

import pytest

from tests.helpers.cli import info, tema

NB_TEXT = "I: Hvordan går det med søsken?\nGrete: Æsj, det er tøft. Åse og Øyvind får lite oppmerksomhet.\n"


def refused(project, *args, expect: str):
    before = info(project)
    result = tema(*args, ok=False)
    assert result.exit_code != 0
    lines = [l for l in result.output.strip().splitlines() if l.strip()]
    assert len(lines) == 1, result.output
    assert expect.lower() in lines[0].lower(), lines[0]
    assert info(project) == before
    return lines[0]


def test_cp1252_file_imports_with_aeoeaa_intact(project, tmp_path):
    f = tmp_path / "grete.txt"
    f.write_bytes(NB_TEXT.encode("cp1252"))
    tema("import", project, f)
    out = tema("search", project, "Øyvind", "--exact").output
    assert "Øyvind" in out and "Åse" in out
    assert "cp1252" in tema("info", project).output


def test_utf16_file_imports(project, tmp_path):
    f = tmp_path / "grete16.txt"
    f.write_bytes(NB_TEXT.encode("utf-16"))
    tema("import", project, f)
    assert "Øyvind" in tema("search", project, "Øyvind", "--exact").output


def test_utf8_bom_is_stripped(project, tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + NB_TEXT.encode("utf-8"))
    tema("import", project, f)
    tema("code", project, "--doc", "bom", "--quote", "I: Hvordan", "--code", "Start")
    import sqlite3

    text = sqlite3.connect(project).execute("SELECT text FROM document").fetchone()[0]
    assert text.startswith("I: Hvordan")


def test_empty_file(project, tmp_path):
    f = tmp_path / "tom.txt"
    f.write_text("  \n\n", encoding="utf-8")
    refused(project, "import", project, f, expect=f"{f}: empty")


def test_binary_file(project, tmp_path):
    f = tmp_path / "bilde.txt"
    f.write_bytes(bytes(range(256)) * 10)
    refused(project, "import", project, f, expect="binary")


def test_corrupt_docx(project, tmp_path):
    f = tmp_path / "ødelagt.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("word/document.xml", b"\x00garbage<w:document")
        zf.writestr("[Content_Types].xml", b"not xml at all")
    refused(project, "import", project, f, expect="corrupt .docx")


def test_docx_that_is_really_text(project, tmp_path):
    f = tmp_path / "egentlig_tekst.docx"
    f.write_text(NB_TEXT, encoding="utf-8")
    refused(project, "import", project, f, expect="not a Word .docx")


def test_missing_path(project, tmp_path):
    refused(project, "import", project, tmp_path / "finnes_ikke.txt", expect="no such file")


def test_duplicate_import_names_existing_document(project, tmp_path):
    f = tmp_path / "grete.txt"
    f.write_text(NB_TEXT, encoding="utf-8")
    tema("import", project, f)
    g = tmp_path / "kopi.txt"
    g.write_text(NB_TEXT, encoding="utf-8")
    refused(project, "import", project, g, expect="«grete»")


def test_one_bad_file_means_nothing_imported(project, tmp_path):
    good = tmp_path / "god.txt"
    good.write_text(NB_TEXT, encoding="utf-8")
    bad = tmp_path / "tom.txt"
    bad.write_text("", encoding="utf-8")
    refused(project, "import", project, good, bad, expect="tom.txt")


def test_unsupported_extension(project, tmp_path):
    f = tmp_path / "notat.pdf"
    f.write_bytes(b"%PDF-1.4")
    refused(project, "import", project, f, expect="unsupported file type")


@pytest.fixture
def coded_project(project, tmp_path):
    f = tmp_path / "grete.txt"
    f.write_text(NB_TEXT + "Grete: Ja, det er tøft, altså.\n", encoding="utf-8")
    tema("import", project, f)
    tema("code", project, "--doc", "grete", "--quote", "Åse og Øyvind får lite oppmerksomhet", "--code", "Søsken i skyggen")
    return project


def test_quote_without_match_suggests_near_text(coded_project):
    line = refused(coded_project, "code", coded_project, "--doc", "grete", "--quote", "Åse og Øyvin får lite oppmerksomhet",
                   "--code", "X", expect="not found")
    assert "Near matches" in line and "Øyvind" in line


def test_quote_with_two_matches(coded_project):
    refused(coded_project, "code", coded_project, "--doc", "grete", "--quote", "det er tøft", "--code", "X", expect="occurs 2 times")


def test_code_name_differing_by_case(coded_project):
    refused(coded_project, "code", coded_project, "--doc", "grete", "--quote", "Hvordan går det", "--code", "søsken i SKYGGEN",
            expect="differs only by case")


def test_code_name_differing_by_normalisation(coded_project):
    import json
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Små søsken på sidelinja")
    assert nfd != unicodedata.normalize("NFC", nfd)
    tema("code", coded_project, "--doc", "grete", "--quote", "Hvordan går det", "--code", nfd)
    # The same name in NFC is the same code, not a new one.
    tema("code", coded_project, "--doc", "grete", "--quote", "Æsj", "--code", "Små søsken på sidelinja")
    names = [c["name"] for c in json.loads(tema("codes", "list", coded_project, "--json").output)]
    assert names.count("Små søsken på sidelinja") == 1
    refused(coded_project, "code", coded_project, "--doc", "grete", "--quote", "Æsj", "--code",
            "små søsken PÅ sidelinja", expect="differs only by case")


def test_span_out_of_range(coded_project):
    refused(coded_project, "code", coded_project, "--doc", "grete", "--span", "5:99999", "--code", "X", expect="outside the document")


def test_span_reversed(coded_project):
    refused(coded_project, "code", coded_project, "--doc", "grete", "--span", "50:10", "--code", "X", expect="outside the document")


def test_unknown_document(coded_project):
    refused(coded_project, "code", coded_project, "--doc", "finnes-ikke", "--quote", "x", "--code", "X", expect="no such document")


def test_not_a_project(tmp_path):
    f = tmp_path / "x.tema"
    f.write_text("hello", encoding="utf-8")
    result = tema("info", f, ok=False)
    assert result.exit_code == 1 and "not a tema project" in result.output


def test_init_refuses_existing(project):
    result = tema("init", project, "--title", "Igjen", ok=False)
    assert result.exit_code == 1 and "already exists" in result.output


def test_title_taken_by_another_document(project, tmp_path):
    a = tmp_path / "hege.txt"
    a.write_text(NB_TEXT, encoding="utf-8")
    tema("import", project, a)
    b = tmp_path / "annen.txt"
    b.write_text("I: Noe annet?\nHege: Ja, helt annet.\n", encoding="utf-8")
    refused(project, "import", project, b, "--title", "Hege", expect="already exists")
