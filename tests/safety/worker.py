"""A worker that performs numbered domain actions on a project, one transaction each,
and prints `ok N` to stdout right after each commit. The kill harness SIGKILLs it.

``undo``/``redo``/``purge`` prepare in transactions of their own (a journal entry to undo,
or to undo and redo; a coded document in the trash) and then commit the counted action;
a purge also rewrites the file afterwards (``compact``), as the CLI does."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from tema.domain import codes, coding, documents, events, journal, snapshots, themes, trash
from tema.domain.coders import get_or_create_coder
from tema.domain.segments import write_segments
from tema.ingest.importer import import_files
from tema.store.db import open_store
from tema.store.erase import compact

KINDS = ("code", "journal", "theme", "rename", "snapshot", "import", "uncode", "undo", "redo", "purge")


def secret(i: int) -> str:
    """The text a purge action removes (the harness greps the log for it)."""
    return f"Hemmelig sitat nummer {i} om familien"


def _prepare(store, i: int, kind: str) -> None:
    """What an undo, redo or purge acts on, committed before the counted action."""
    with store.transaction() as s:
        cid = get_or_create_coder(s, "Dreper").id
        if kind == "undo":
            journal.add_journal(s, f"u{i}", coder_id=cid)
        elif kind == "redo":
            journal.add_journal(s, f"r{i}", coder_id=cid)
        else:
            text = f"{secret(i)}. Og en setning til."
            doc = documents.add_document(s, title=f"purge a{i}", text=text)
            end = len(secret(i)) + 1
            write_segments(s, doc.id, text, [
                SimpleNamespace(start=0, end=end, kind="sentence", speaker=None, turn=0, lemmas="hemmelig", meta=None),
                SimpleNamespace(start=end + 1, end=len(text), kind="sentence", speaker=None, turn=0, lemmas=None,
                                meta=None)])
            coding.code_span(s, doc, 0, len(secret(i)), ["Hemmelig"], coder_id=cid, text=text)
            documents.delete_document(s, doc, cid)
    if kind == "redo":
        with store.transaction() as s:
            events.undo(s, get_or_create_coder(s, "Dreper").id)


def kind_of(i: int) -> str:
    return KINDS[i % len(KINDS)]


def act(store, i: int, folder: Path) -> None:
    kind = kind_of(i)
    if kind == "import":
        f = folder / f"dok_{i}.txt"
        f.write_text(f"I: Spørsmål nummer {i}?\nMari: Svar nummer {i}, med æøå. Og en setning til.\n", encoding="utf-8")
        import_files(store, [f], title=f"dok a{i}")
        return
    if kind in ("undo", "redo", "purge"):
        _prepare(store, i, kind)
        with store.transaction() as s:
            cid = get_or_create_coder(s, "Dreper").id
            if kind == "undo":
                events.undo(s, cid)
            elif kind == "redo":
                events.redo(s, cid)
            else:
                trash.purge(s, "document", f"purge a{i}", cid)
        if kind == "purge":
            compact(store)
        return
    with store.transaction() as s:
        cid = get_or_create_coder(s, "Dreper").id
        doc = documents.find_document(s, "grunnlag")
        if kind == "code":
            at = (i // len(KINDS)) % 300  # a span of its own for each coding action
            coding.code_span(s, doc, at, at + 5, [f"Kode {i % 5}"], coder_id=cid, memo=f"a{i}")
            coding.code_span(s, doc, 50 + at, 60 + at, ["Offer"], coder_id=cid, memo="offer")
        elif kind == "uncode":
            victims = [v for v in coding.document_codings(s, doc.id) if v.memo == "offer"]
            if victims:
                coding.remove_coding(s, coding.get_coding(s, victims[0].id), cid)
            journal.add_journal(s, f"a{i}", coder_id=cid)
        elif kind == "journal":
            journal.add_journal(s, f"a{i}", coder_id=cid)
        elif kind == "theme":
            themes.upsert_theme(s, f"Tema a{i}", codes=[f"Kode {i % 5}"], coder_id=cid)
        elif kind == "rename":
            code = codes.get_or_create_code(s, f"Navn {i}", coder_id=cid)
            codes.rename_code(s, code, f"Omdøpt a{i}", cid)
        elif kind == "snapshot":
            snapshots.take_snapshot(s, f"snap a{i}", coder_id=cid)


def main() -> None:
    project, start, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    folder = project.parent / "worker_files"
    folder.mkdir(exist_ok=True)
    store = open_store(project)
    for i in range(start, start + count):
        act(store, i, folder)
        print(f"ok {i}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
