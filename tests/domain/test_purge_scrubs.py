"""Purging a document removes its text for good: from the tables, the event log (row images
and summaries, undo/redo records included), the full-text index, and from the bytes of the
SQLite file and its WAL — free pages and old WAL frames included."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from tema.domain import coders, coding, documents, events, journal, themes, trash
from tema.domain import project as project_d
from tema.domain.events import UndoRefused
from tema.domain.search import search
from tema.domain.segments import write_segments
from tema.store import models as m
from tema.store.db import create_store
from tema.store.erase import compact
from tests.helpers.cli import tema

QUOTE = "Tyttebærsyltetøyet til Gudrunsen smakte av fjellsommer"
WORD = "tyttebærsyltetøyet"
TITLE = "Samtale med Gudrunsen"
# Long enough for overflow pages: moving it to the trash rewrites the row and frees its old
# pages with the text still in them, which only rewriting the file removes.
SENTENCES = [f"{QUOTE}.", "Vi gikk tur hver dag.", *(f"Det regnet lite den høsten, dag {i}." for i in range(300))]
OTHER = ["Her handler det om noe annet.", "Vi snakker om skolen."]


def _add(s, title: str, sentences: list[str]) -> int:
    text = " ".join(sentences)
    doc = documents.add_document(s, title=title, text=text)
    spans, at = [], 0
    for sentence in sentences:
        spans.append(SimpleNamespace(start=at, end=at + len(sentence), kind="sentence", speaker=None, turn=0,
                                     lemmas=sentence.lower().rstrip("."), meta=None))
        at += len(sentence) + 1
    write_segments(s, doc.id, text, spans)
    return doc.id


def _leaks(path) -> list[str]:
    """Which of the purged strings the project file or its WAL still hold, as bytes."""
    found = []
    for f in (path, path.with_name(path.name + "-wal")):
        if f.exists():
            data = f.read_bytes()
            found += [f"{f.name}: {s}" for s in (QUOTE, WORD, TITLE) if s.encode("utf-8") in data]
    return found


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "utrensk.tema"
    store = create_store(path)
    # As most SQLite builds do (Debian's defaults to ON): freed pages keep their bytes.
    event.listen(store.engine, "connect", lambda conn, _record: conn.execute("PRAGMA secure_delete = OFF"))
    store.engine.dispose()
    with store.transaction() as s:
        project_d.init_project(s, "Utrensking")
        kari = coders.get_or_create_coder(s, "Kari").id
        doc = _add(s, TITLE, SENTENCES)
        _add(s, "Annen samtale", OTHER)
    act = lambda fn: _act(store, fn)  # noqa: E731
    act(lambda s: coding.code_span(s, s.get(m.Document, doc), 0, len(QUOTE), ["Sommerminner"], coder_id=kari,
                                   perspectives=["familieperspektiv"]))
    act(lambda s: themes.upsert_theme(s, "Minner", codes=["Sommerminner"], coder_id=kari))
    act(lambda s: journal.add_journal(s, "Tenker på sommerminnene.", coder_id=kari))
    act(lambda s: events.undo(s, kari))
    act(lambda s: events.undo(s, kari))
    act(lambda s: events.undo(s, kari))  # the coding too: undo records hold its text
    act(lambda s: events.redo(s, kari))
    act(lambda s: documents.delete_document(s, s.get(m.Document, doc), kari))
    yield SimpleNamespace(store=store, path=path, kari=kari, doc=doc)
    store.close()


def _act(store, fn):
    with store.transaction() as s:
        return fn(s)


def test_purge_leaves_no_trace_in_the_file_or_the_wal(project):
    assert _leaks(project.path), "the test must be able to find the quote before the purge"
    with project.store.transaction() as s:
        trash.purge(s, "document", TITLE, project.kari)
    compact(project.store)
    assert _leaks(project.path) == []  # still open: what the purge itself leaves (WAL included)
    with project.store.session() as s:
        log = [(e.summary, json.dumps(e.changes, ensure_ascii=False)) for e in s.scalars(select(m.Event))]
        assert not [entry for entry in log if any(x in " ".join(entry) for x in (QUOTE, TITLE, "Tyttebær"))]
        assert search(s, WORD, exact=True) == [] and search(s, "skolen", exact=True) != []
        assert s.scalars(select(m.Coding)).all() == []
        fts = s.connection().exec_driver_sql("SELECT count(*) FROM segment_fts").scalar()
        assert fts == len(OTHER)
    project.store.close()  # the last connection checkpoints
    assert _leaks(project.path) == []


def test_purged_events_cannot_be_replayed(project):
    _act(project.store, lambda s: journal.add_journal(s, "Etter slettingen.", coder_id=project.kari))
    with project.store.transaction() as s:
        trash.purge(s, "document", TITLE, project.kari)
    with pytest.raises(UndoRefused, match=r'cannot undo "journal: Etter slettingen.": "document \d+ purged" '
                                          r"\(event \d+ by Kari\) came after it and cannot be undone"):
        _act(project.store, lambda s: events.undo(s, project.kari))
    with project.store.session() as s:
        states = {e.action: e.state for e in s.scalars(select(m.Event)) if e.action in ("coding.apply", "document.delete")}
        assert states == {"coding.apply": "purged", "document.delete": "purged"}


def test_the_cli_purge_scrubs_and_says_backups_still_hold_it(tmp_path):
    path = tmp_path / "cli.tema"
    tema("init", path, "--title", "Cli", "--coder", "Kari")
    source = tmp_path / "gudrunsen.txt"
    source.write_text(f"I: Fortell.\nGudrunsen: {QUOTE}. Vi gikk tur hver dag.\n", encoding="utf-8")
    tema("import", path, source, "--title", TITLE)
    tema("code", path, "--doc", TITLE, "--quote", QUOTE, "--code", "Sommerminner", "--coder", "Kari")
    tema("delete", path, "document", TITLE, "--coder", "Kari")
    assert _leaks(path)
    out = tema("purge", path, "document", TITLE, "--yes", "--coder", "Kari").output
    assert "backups taken before now still hold it" in out
    assert _leaks(path) == []
    assert "no hits" in tema("search", path, WORD, "--exact").output
    undo = tema("undo", path, "--coder", "Kari", ok=False)
    assert undo.exit_code == 1 and "undone" not in undo.output and len(undo.output.strip().splitlines()) == 1
    redo = tema("redo", path, "--coder", "Kari", ok=False)
    assert redo.exit_code == 1 and "FOREIGN KEY" not in redo.output


def test_purging_a_theme_scrubs_its_names_from_the_log(tmp_path):
    store = create_store(tmp_path / "tema.tema")
    try:
        with store.transaction() as s:
            project_d.init_project(s, "Tema")
            kari = coders.get_or_create_coder(s, "Kari").id
        _act(store, lambda s: themes.create_theme(s, "Gudrunsens hemmelighet", coder_id=kari))
        _act(store, lambda s: themes.rename_theme(s, themes.find_theme(s, "Gudrunsens hemmelighet"),
                                                  "Gudrunsens sorg", kari))
        _act(store, lambda s: themes.create_theme(s, "Delt tema", coder_id=kari))
        _act(store, lambda s: themes.delete_theme(s, themes.find_theme(s, "Gudrunsens sorg"), kari))
        _act(store, lambda s: trash.purge(s, "theme", "Gudrunsens sorg", kari))
        with store.session() as s:
            log = " ".join(f"{e.summary} {json.dumps(e.changes, ensure_ascii=False)}" for e in s.scalars(select(m.Event)))
            assert "Gudrunsen" not in log and "Delt tema" in log
            assert s.scalars(select(m.ThemeRename)).all() == []
    finally:
        store.close()
