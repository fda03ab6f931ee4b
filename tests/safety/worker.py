"""A worker that performs numbered domain actions on a project, one transaction each,
and prints `ok N` to stdout right after each commit. The kill harness SIGKILLs it."""

from __future__ import annotations

import sys
from pathlib import Path

from tema.domain import codes, coding, documents, journal, snapshots, themes
from tema.domain.coders import get_or_create_coder
from tema.ingest.importer import import_files
from tema.store.db import open_store

KINDS = ("code", "journal", "theme", "rename", "snapshot", "import", "uncode")


def kind_of(i: int) -> str:
    return KINDS[i % len(KINDS)]


def act(store, i: int, folder: Path) -> None:
    kind = kind_of(i)
    if kind == "import":
        f = folder / f"dok_{i}.txt"
        f.write_text(f"I: Spørsmål nummer {i}?\nMari: Svar nummer {i}, med æøå. Og en setning til.\n", encoding="utf-8")
        import_files(store, [f], title=f"dok a{i}")
        return
    with store.transaction() as s:
        cid = get_or_create_coder(s, "Dreper").id
        doc = documents.find_document(s, "grunnlag")
        if kind == "code":
            coding.code_span(s, doc, i % 50, i % 50 + 5, [f"Kode {i % 5}"], coder_id=cid, memo=f"a{i}")
            coding.code_span(s, doc, 100 + i % 50, 110 + i % 50, ["Offer"], coder_id=cid, memo="offer")
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
