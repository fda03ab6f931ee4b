"""One coding and one theme placement send a fixed number of SQL statements, whatever the
corpus size (two seeded projects) and the length of the project's history (10 vs 2,000
more events, some undone), and a coding reads only the span it codes, never the whole
transcript. Counted with the shared before_cursor_execute counter, on copies of the
session's two benchmark projects, through the gateway the TUI uses (Workspace.write)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tema.bench.coding_step import grow_history
from tema.domain import coding, themes
from tema.domain.workspace import Workspace
from tema.store import models as m
from tests.helpers.statements import counted

SIZES = ("test-smaller", "test-larger")
HISTORIES = (10, 2_000)


def _setting(path: Path, folder: Path, history: int) -> tuple[Workspace, dict]:
    """A copy of a seeded project with ``history`` more events, opened as the TUI opens it,
    and the ids one coding and one placement need."""
    copy = folder / f"{path.parent.name}-{history}.tema"
    shutil.copy(path, copy)
    ws = Workspace.open(copy, coder="Telleren")
    with ws.store.session() as s:
        doc_id = s.scalar(select(m.Coding.document_id).group_by(m.Coding.document_id)
                          .order_by(func.count().desc()).limit(1))
        spans = s.execute(select(m.Segment.start, m.Segment.end).where(
            m.Segment.document_id == doc_id, m.Segment.kind == "sentence").order_by(m.Segment.start).limit(3)).all()
        code_id, code_name = s.execute(select(m.Code.id, m.Code.name).where(m.Code.status == "active")
                                       .order_by(m.Code.id).limit(1)).one()
        placed = select(m.ThemeCode.code_id).where(m.ThemeCode.theme_id == select(func.min(m.Theme.id)).scalar_subquery())
        theme_id = s.scalar(select(func.min(m.Theme.id)))
        free_code = s.scalar(select(m.Code.id).where(m.Code.id.not_in(placed), m.Code.status == "active")
                             .order_by(m.Code.id).limit(1))
    ws.store.close()
    grow_history(copy, history, ws.coder_id, doc_id, code_id)
    ws = Workspace.open(copy, coder="Telleren")
    return ws, {"doc": doc_id, "spans": [tuple(x) for x in spans], "code": code_id, "code_name": code_name,
                "theme": theme_id, "free_code": free_code}


def _counts(path: Path, folder: Path, history: int) -> dict[str, list[str]]:
    ws, ids = _setting(path, folder, history)
    try:
        (s0, e0), (s1, e1), _ = ids["spans"]
        steps = {
            # the TUI applying a code from the picker (a code id)
            "apply a code": lambda: ws.write(coding.apply_coding, ids["doc"], s0, e0, ids["code"], coder_id=ws.coder_id),
            # `tema code` and a name typed in the picker (an existing code, by name)
            "code a span by name": lambda: ws.write(coding.code_span, ids["doc"], s1, e1, [ids["code_name"]],
                                                    coder_id=ws.coder_id),
            "place a code in a theme": lambda: ws.write(themes.place_code, ids["free_code"], ids["theme"], ws.coder_id),
        }
        out = {}
        for name, step in steps.items():
            with counted(ws.store) as statements:
                step()  # raises on any failure
            out[name] = statements
        return out
    finally:
        ws.close()
        ws.store.close()


@pytest.fixture(scope="module")
def counts(bench_projects, tmp_path_factory) -> dict[tuple[str, int], dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("coding-counts")
    return {(size, history): _counts(bench_projects[size], folder, history) for size in SIZES for history in HISTORIES}


@pytest.mark.parametrize("step", ["apply a code", "code a span by name", "place a code in a theme"])
def test_one_action_sends_the_same_statements_whatever_the_corpus_and_history(counts, step):
    got = {key: len(by_step[step]) for key, by_step in counts.items()}
    assert len(set(got.values())) == 1, f"{step}: statements grow with corpus or history: {got}"


@pytest.mark.parametrize("step", ["apply a code", "code a span by name"])
def test_a_coding_reads_the_coded_span_never_the_whole_transcript(counts, step):
    for key, by_step in counts.items():
        reads = [sql for sql in by_step[step] if "document.text" in sql]
        assert reads, f"{key}: the span's text was not read"
        whole = [sql for sql in reads if sql.count("document.text") != sql.count("substr(document.text")]
        assert not whole, f"{key} {step}: the whole transcript is read: {whole}"


def test_coding_by_name_looks_the_code_up_once(counts):
    for key, by_step in counts.items():
        lookups = [sql for sql in by_step["code a span by name"] if re.search(r'FROM code WHERE code\.("key"|key) =', " ".join(sql.split()))]
        assert len(lookups) == 1, f"{key}: the code is looked up {len(lookups)} times: {lookups}"


def test_a_coding_from_the_picker_is_at_most_five_statements(counts):
    """BEGIN, the span with the code and its twin check, the insert, and the undo log (two)."""
    for key, by_step in counts.items():
        assert len(by_step["apply a code"]) <= 5, (key, by_step["apply a code"])
