"""The supervisor's loop on the thesis project: export the codebook, comment on it as in
Word (python-docx) or through LibreOffice, import the comments, find them on exactly the
items they were written on; a second import adds nothing; a later round adds only what
is new; a file that is not this project's codebook is refused with nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.cli import tema
from tests.helpers.word_comments import Threads, comment, paragraph

EVA = "Eva Veileder"
THEME = "Tema 2: Muliggjøring av samarbeid og samhandling"
CODE = "Ansvarsgruppemøter som arena"


def _state(project):
    """(feedback memos, events) — to check that nothing is written."""
    from tema.store import models as m
    from tema.store.db import open_store

    store = open_store(project)
    try:
        with store.session() as s:
            return s.query(m.Memo).filter_by(kind="feedback").count(), s.query(m.Event).count()
    finally:
        store.close()


def _threads(project):
    from tema.domain.feedback import list_feedback
    from tema.store.db import open_store

    store = open_store(project)
    try:
        with store.session() as s:
            return list_feedback(s)
    finally:
        store.close()


def _commented_codebook(project, folder: Path) -> tuple[Path, str]:
    """The codebook with comments on a theme heading, a code heading and a quoted extract
    (its text run only, as a supervisor selects the words), and a reply to the first."""
    from docx import Document

    kb = folder / "kodebok.docx"
    tema("export", project, "codebook", "-o", kb)
    doc = Document(str(kb))
    theme = paragraph(doc, THEME, "Heading 1")
    code = paragraph(doc, CODE, "Heading 3")
    paras = doc.paragraphs
    quote = next(p for p in paras[[q._p for q in paras].index(code._p):] if p.style.name == "Quote")
    threads = Threads()
    first = comment(doc, theme, "Hva er det sentrale organiserende konseptet her?", EVA, datetime(2024, 3, 12, 10, 15))
    comment(doc, code, "Definer koden tydeligere.", EVA, datetime(2024, 3, 12, 10, 20))
    comment(doc, quote, "Fint sitat – bruk det i kapittel 5.", EVA, datetime(2024, 3, 12, 10, 25), runs=[quote.runs[0]])
    threads.reply(doc, first, theme, "Se også tema 3.", EVA, datetime(2024, 3, 12, 10, 30))
    out = folder / "kodebok-eva.docx"
    threads.save(doc, out)
    return out, quote.runs[0].text


def _expected_targets(project, quote_text: str) -> dict[str, tuple[str, int]]:
    from tema.domain import codes, themes
    from tema.store import models as m
    from tema.store.db import open_store

    store = open_store(project)
    try:
        with store.session() as s:
            code = codes.find_code(s, CODE)
            coding = s.query(m.Coding).filter_by(code_id=code.id, text=quote_text).one()
            return {"theme": ("theme", themes.find_theme(s, THEME.split(": ", 1)[1]).id), "code": ("code", code.id),
                    "coding": ("coding", coding.id)}
    finally:
        store.close()


def _check_memos(project, quote_text: str) -> None:
    expected = _expected_targets(project, quote_text)
    threads = _threads(project)
    assert len(threads) == 3
    by_target = {(t.target_kind, t.target_id): t for t in threads}
    assert set(by_target) == set(expected.values())
    theme = by_target[expected["theme"]]
    assert (theme.author, theme.text, theme.quoted, theme.status) == (
        EVA, "Hva er det sentrale organiserende konseptet her?", THEME, "open")
    assert theme.date == datetime(2024, 3, 12, 10, 15)
    assert [(r.author, r.text) for r in theme.replies] == [(EVA, "Se også tema 3.")]
    assert by_target[expected["code"]].text == "Definer koden tydeligere."
    extract = by_target[expected["coding"]]
    assert extract.text == "Fint sitat – bruk det i kapittel 5." and extract.quoted == quote_text
    assert all(not t.replies for t in threads if t is not theme)


def test_comments_come_back_to_the_items_they_were_written_on(thesis_project, tmp_path):
    commented, quote_text = _commented_codebook(thesis_project, tmp_path)
    out = tema("feedback", "import", thesis_project, commented).output.strip()
    assert out == "4 comments: 1 on a theme, 1 on a code, 1 on an extract, 1 reply; 0 duplicates"
    _check_memos(thesis_project, quote_text)
    before = _state(thesis_project)
    again = tema("feedback", "import", thesis_project, commented).output.strip()
    assert again == "4 comments: nothing new; 4 duplicates"
    assert _state(thesis_project) == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_same_round_trip_through_libreoffice(thesis_project, tmp_path):
    commented, quote_text = _commented_codebook(thesis_project, tmp_path)
    saved = tmp_path / "libreoffice"
    saved.mkdir()
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "docx", "--outdir", str(saved), str(commented)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    resaved = saved / commented.name
    assert zipfile.ZipFile(resaved).read("docProps/custom.xml")  # LibreOffice wrote the file anew
    out = tema("feedback", "import", thesis_project, resaved).output.strip()
    assert out == "4 comments: 1 on a theme, 1 on a code, 1 on an extract, 1 reply; 0 duplicates"
    _check_memos(thesis_project, quote_text)
    # the file as Word saved it holds the same comments
    assert tema("feedback", "import", thesis_project, commented).output.strip() == "4 comments: nothing new; 4 duplicates"


def test_a_later_round_adds_only_what_is_new(thesis_project, tmp_path):
    from docx import Document

    commented, _ = _commented_codebook(thesis_project, tmp_path)
    tema("feedback", "import", thesis_project, commented)
    code_thread = next(t for t in _threads(thesis_project) if t.target_kind == "code")
    tema("feedback", "reply", thesis_project, str(code_thread.id), "Definisjonen er skrevet.", "--coder", "Forsker")
    round2 = tmp_path / "runde2.docx"
    tema("export", thesis_project, "codebook", "--comments", "-o", round2)
    doc = Document(str(round2))
    assert len(list(doc.comments)) == 5  # the open threads and the reply, on their items
    texts = [p.text for p in doc.paragraphs]
    appendix = texts.index("Vedlegg: Tilbakemeldinger")
    assert any(t.startswith("Svar fra Forsker, ") and t.endswith(": Definisjonen er skrevet.") for t in texts[appendix:])
    # the supervisor answers in the margin and writes on the appendix's line of the theme thread
    later = datetime.now().replace(microsecond=0) + timedelta(days=2)
    threads = Threads()
    parent = next(c for c in doc.comments if c.text == "Definer koden tydeligere.")
    code = paragraph(doc, CODE, "Heading 3")
    threads.reply(doc, parent, code, "Bra, nå er den tydelig.", EVA, later)
    line = next(p for p in doc.paragraphs[appendix:] if p.text.startswith(f"Om {THEME}"))
    comment(doc, line, "Fortsatt uklart.", EVA, later + timedelta(minutes=5))
    comment(doc, paragraph(doc, "Tema 1: Organisering av barnekoordinatorrollen", "Heading 1"),
            "Godt avgrenset.", EVA, later + timedelta(minutes=10))
    threads.save(doc, tmp_path / "runde2-eva.docx")
    out = tema("feedback", "import", thesis_project, tmp_path / "runde2-eva.docx").output.strip()
    assert out == "8 comments: 1 on a theme, 2 replies; 5 duplicates"
    after = {t.text: t for t in _threads(thesis_project)}
    assert [r.text for r in after["Definer koden tydeligere."].replies] == [
        "Definisjonen er skrevet.", "Bra, nå er den tydelig."]
    assert [r.text for r in after["Hva er det sentrale organiserende konseptet her?"].replies] == [
        "Se også tema 3.", "Fortsatt uklart."]
    assert {t.round for t in after.values()} == {1, 2}


def test_a_comment_with_no_anchor_is_kept_on_the_project_and_said_so(thesis_project, tmp_path):
    from docx import Document

    kb = tmp_path / "kb.docx"
    tema("export", thesis_project, "codebook", "-o", kb)
    doc = Document(str(kb))
    first = doc.paragraphs[0]  # an empty line above the title: no bookmark before it
    first.add_run("Merknad")
    comment(doc, first, "Generelt: bra struktur.", EVA, datetime(2024, 3, 1, 8, 0))
    comment(doc, paragraph(doc, "Barnekoordinatorrollen", "Title"), "Tittelen er god.", EVA, datetime(2024, 3, 1, 8, 1))
    doc.save(str(tmp_path / "kb-eva.docx"))
    out = tema("feedback", "import", thesis_project, tmp_path / "kb-eva.docx").output.strip()
    assert out == "2 comments: 2 on the project (1 without an anchor); 0 duplicates"
    threads = {t.text: t for t in _threads(thesis_project)}
    assert not threads["Generelt: bra struktur."].anchored and threads["Tittelen er god."].anchored


def test_a_file_that_is_not_this_projects_codebook_is_refused(thesis_project, project, tmp_path):
    commented, _ = _commented_codebook(thesis_project, tmp_path)
    before = _state(project)
    r = tema("feedback", "import", project, commented, ok=False)
    assert r.exit_code == 1 and "a codebook of another project" in r.output and "nothing imported" in r.output
    assert len(r.output.strip().splitlines()) == 1
    table = tmp_path / "themes.docx"
    tema("export", project, "themes", "-o", table)
    r = tema("feedback", "import", project, table, ok=False)
    assert r.exit_code == 1 and "not a tema codebook" in r.output
    (tmp_path / "notes.docx").write_text("plain text, not a Word file", encoding="utf-8")
    r = tema("feedback", "import", project, tmp_path / "notes.docx", ok=False)
    assert r.exit_code == 1 and "not a Word document (.docx)" in r.output
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
    r = tema("feedback", "import", project, broken, ok=False)
    assert r.exit_code == 1 and "not a readable Word document" in r.output and "Traceback" not in r.output
    r = tema("feedback", "import", project, tmp_path / "missing.docx", ok=False)
    assert r.exit_code == 1 and "no such file" in r.output
    assert _state(project) == before
