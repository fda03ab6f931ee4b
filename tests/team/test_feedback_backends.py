"""The supervisor's loop on a shared PostgreSQL store as on a project file: the codebook
carries the project's id, comments come back to their theme and code, a reply and a
resolution are undoable, and a second import adds nothing (skipped with a reason when no
server is configured)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.helpers.cli import tema
from tests.helpers.word_comments import Threads, comment, paragraph
from tests.team.conftest import BACKENDS, new_project
from tests.team.test_backends import _import


@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_feedback_round_trip_on_each_backend(target, tmp_path):
    from docx import Document

    new_project(target)
    _import(target, tmp_path)
    tema("code", target, "--doc", "far", "--quote", "Vi er slitne foreldre", "--code", "Slitne foreldre",
         "--coder", "Åse")
    tema("theme", target, "Belastning", "--code", "Slitne foreldre", "--coder", "Åse")
    kb = tmp_path / "kb.docx"
    tema("export", target, "codebook", "-o", kb)
    doc = Document(str(kb))
    threads = Threads()
    first = comment(doc, paragraph(doc, "Tema 1: Belastning", "Heading 1"), "Hva er mønsteret?", "Eva",
                    datetime(2024, 3, 12, 10, 0))
    comment(doc, paragraph(doc, "Slitne foreldre", "Heading 2"), "Æ, ø og å står seg.", "Eva",
            datetime(2024, 3, 12, 10, 5))
    threads.reply(doc, first, paragraph(doc, "Tema 1: Belastning", "Heading 1"), "Se intervjuet igjen.", "Eva",
                  datetime(2024, 3, 12, 10, 10))
    threads.save(doc, tmp_path / "kb-eva.docx")
    out = tema("feedback", "import", target, tmp_path / "kb-eva.docx").output.strip()
    assert out == "3 comments: 1 on a theme, 1 on a code, 1 reply; 0 duplicates"
    listed = json.loads(tema("feedback", "list", target, "--json").output)
    assert [(t["target_kind"], t["target"], t["text"], len(t["replies"])) for t in listed] == [
        ("theme", "Belastning", "Hva er mønsteret?", 1), ("code", "Slitne foreldre", "Æ, ø og å står seg.", 0)]
    tema("feedback", "reply", target, str(listed[0]["id"]), "Mønsteret er slitenhet.", "--coder", "Åse")
    tema("feedback", "resolve", target, str(listed[0]["id"]), "--coder", "Åse")
    assert json.loads(tema("feedback", "list", target, "--status", "open", "--json").output)[0]["target"] == (
        "Slitne foreldre")
    tema("undo", target, "2", "--coder", "Åse")  # undo is per coder: the reply and resolution are Åse's
    again = json.loads(tema("feedback", "list", target, "--json").output)
    assert again[0]["status"] == "open" and len(again[0]["replies"]) == 1
    assert tema("feedback", "import", target, tmp_path / "kb-eva.docx").output.strip() == (
        "3 comments: nothing new; 3 duplicates")
