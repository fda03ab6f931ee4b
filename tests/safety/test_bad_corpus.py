"""The bad-input corpus: every entry is refused with one clear line (exit ≠ 0) and the
store is unchanged. Files are generated here, so nothing personal or copied is committed."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from tests.helpers.cli import info, tema

NB = "I: Hvordan har dere det?\nTorill: Vi har det travelt, særlig på høsten.\n"


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("Intervjuer: Hei.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return p

    return make


def sparse(name: str, size: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        with open(p, "wb") as fh:
            fh.truncate(size)
        return p

    return make


def zipped(name: str, entries: dict[str, bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        p = folder / name
        with zipfile.ZipFile(p, "w") as zf:
            for entry, data in entries.items():
                zf.writestr(entry, data)
        return p

    return make


XXE = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project name="&x;"/>'
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' +
          b"".join(b'<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">' % (bytes([98 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i]), bytes([97 + i])) for i in range(8))
          + b']><Project name="&i;"/>')

# (id, file maker or None, argv template, expected fragment of the error line)
IMPORTS = [
    ("empty", write("tom.txt", ""), "empty file"),
    ("whitespace-only", write("blank.txt", " \n\t\n"), "empty file"),
    ("binary", write("data.txt", bytes(range(256)) * 40), "binary"),
    ("nul-bytes-utf8", write("nul.txt", b"Hei\x00\x00\x00 der\x00" * 50), "binary"),
    ("bad-utf16-bom", write("halv16.txt", b"\xff\xfeH\x00e\x00\x00\xd8"), "utf-16"),
    ("oversized", sparse("enorm.txt", 51 * 1024 * 1024), "limit"),
    ("corrupt-docx", zipped("ødelagt.docx", {"word/document.xml": b"<w:document", "[Content_Types].xml": b"x"}), "corrupt .docx"),
    ("truncated-docx", lambda d: write("avkuttet.docx", _docx_bytes()[:700])(d), "corrupt .docx"),
    ("docx-without-document", zipped("tomzip.docx", {"hei.txt": b"hei"}), "no word/document.xml"),
    ("text-named-docx", write("tekst.docx", NB), "not a Word .docx"),
    ("vtt-no-header", write("u.vtt", "00:00:01.000 --> 00:00:02.000\nhei\n"), "not a WebVTT file"),
    ("vtt-bad-timing", write("t.vtt", "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhei\n"), "malformed cue timing"),
    ("vtt-no-cues", write("n.vtt", "WEBVTT\n\nNOTE bare en kommentar\n"), "no cues found"),
    ("srt-no-cues", write("n.srt", "1\nhei og hå\n"), "no cues found"),
    ("srt-bad-timing", write("b.srt", "1\n00:00:01,000 -> 00:00:02,000\nhei\n"), "malformed cue timing"),
    ("unsupported-type", write("skjema.pdf", b"%PDF-1.7"), "unsupported file type"),
    ("folder", lambda d: (d / "mappe.txt").mkdir() or (d / "mappe.txt"), "is a folder"),
    ("missing", lambda d: d / "borte.txt", "no such file"),
]

ARGS = [
    ("undo-zero", ["undo", "{p}", "0"], "0"),
    ("phase-out-of-range", ["phase", "{p}", "9"], "1–6"),
    ("journal-phase-out-of-range", ["journal", "{p}", "Tanke", "--phase", "7"], "1–6"),
    ("journal-empty", ["journal", "{p}", "   "], "must not be empty"),
    ("history-limit-zero", ["history", "{p}", "--limit", "0"], "0"),
    ("span-not-numbers", ["code", "{p}", "--doc", "torill", "--span", "a:b", "--code", "X"], "START:END"),
    ("span-negative", ["code", "{p}", "--doc", "torill", "--span", "-5:3", "--code", "X"], "outside"),
    ("span-past-end", ["code", "{p}", "--doc", "torill", "--span", "10:100000", "--code", "X"], "outside"),
    ("quote-and-span", ["code", "{p}", "--doc", "torill", "--span", "1:2", "--quote", "Vi", "--code", "X"], "exactly one"),
    ("bad-level", ["code", "{p}", "--doc", "torill", "--quote", "Vi har", "--code", "X", "--level", "dyp"], "dyp"),
    ("empty-code-name", ["code", "{p}", "--doc", "torill", "--quote", "Vi har", "--code", "  "], "must not be empty"),
    ("attr-without-value", ["participant", "{p}", "Torill", "--attr", "alder"], "key=value"),
    ("attr-bad-number", ["participant", "{p}", "Torill", "--attr", "alder:number=gammel"], "not a number"),
    ("attr-bad-type", ["participant", "{p}", "Torill", "--attr", "alder:farge=rød"], "type must be"),
    ("theme-parent-missing", ["theme", "{p}", "Undertema", "--parent", "Finnes ikke"], "not found"),
    ("unknown-snapshot-name-clash", ["snapshot", "{p}", "Fase 1"], "already exists"),
    ("restore-unknown-item", ["restore-item", "{p}", "code", "Finnes ikke"], "not in the trash"),
    ("uncode-not-applied", ["uncode", "{p}", "--doc", "torill", "--quote", "Vi har", "--code", "Travelt"], "not applied"),
    ("pseudonym-same", ["pseudonym", "add", "{p}", "Torill", "torill"], "must differ"),
]


@pytest.fixture(scope="module")
def _base_master(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad-corpus")
    project = folder / "study.tema"
    tema("init", project, "--title", "Studie", "--question", "Hva betyr rollen?", "--coder", "Tester")
    f = folder / "torill.txt"
    f.write_text(NB, encoding="utf-8")
    tema("import", project, f)
    tema("code", project, "--doc", "torill", "--quote", "særlig på høsten", "--code", "Travelt")
    tema("snapshot", project, "Fase 1")
    return project


@pytest.fixture
def base(_base_master, tmp_path):
    """A project with one coded transcript and a snapshot (built once per module, copied)."""
    dest = tmp_path / "study.tema"
    shutil.copy(_base_master, dest)
    return dest


def assert_refused(project, argv, expect):
    before = info(project)
    result = tema(*argv, ok=False)
    assert result.exit_code != 0, result.output
    lines = [l for l in result.output.strip().splitlines() if l.strip() and not l.startswith("Usage") and not l.startswith("Try ")]
    assert len(lines) == 1, result.output
    assert expect.lower() in lines[0].lower(), lines[0]
    assert info(project) == before


@pytest.mark.parametrize("name,maker,expect", IMPORTS, ids=[i[0] for i in IMPORTS])
def test_bad_import(base, tmp_path, name, maker, expect):
    folder = tmp_path / "dårlig"
    folder.mkdir()
    path = maker(folder)
    assert_refused(base, ["import", base, path], expect)
    if path.exists() and path.is_file():
        assert str(path.name) in tema("import", base, path, ok=False).output


@pytest.mark.parametrize("name,argv,expect", ARGS, ids=[a[0] for a in ARGS])
def test_bad_arguments(base, name, argv, expect):
    assert_refused(base, [a.replace("{p}", str(base)) for a in argv], expect)


def corpus_size() -> int:
    return len(IMPORTS) + len(ARGS)
