"""Import reads and checks every file before writing the first, then segments and writes
them batch by batch; meanwhile each file waits with its text packed (issue 15: a team
import's peak memory held every transcript as a string). What is stored must be exactly
what was read, whichever batch a file fell in."""

from __future__ import annotations

import unicodedata

from tema.domain import documents
from tema.domain import project as project_d
from tema.domain.segments import segment_spans
from tema.ingest import importer
from tema.store.db import create_store
from tema.text import pack_text, unpack_text

TEXTS = [
    "I: Hvordan var det?\nÅse: Travelt – men godt. Søsken blir glemt 😀.\n",
    "I: Og skolen?\r\nØystein: Skolen er viktig. Vi møtes før hvert møte.\r\n",
    "I: Fortell.\nKari: Det e\u0301r slitsomt, men vi står på. Æ ø å.\n",  # decomposed é: stored as NFC
    "I: Noe mer?\nJonas: Nei, ikke nå. Takk for praten!\n",
    "I: Siste?\nTorunn: Hverdagen går – stort sett.\n",
]


def test_pack_text_round_trips():
    for text in [*TEXTS, "", "\u2028\x00\t"]:
        assert unpack_text(pack_text(text)) == text
    prose = TEXTS[0] * 400
    assert len(pack_text(prose)) < len(prose.encode("utf-8")) / 3


def test_every_batch_stores_what_was_read(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 2)  # five files: three batches
    paths = []
    for i, text in enumerate(TEXTS):
        path = tmp_path / f"intervju_{i}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    store = create_store(tmp_path / "p.tema")
    try:
        with store.transaction() as s:
            project_d.init_project(s, "Batcher")
        report = importer.import_files(store, paths)
        assert len(report.imported) == len(TEXTS)
        with store.session() as s:
            for path, text in zip(paths, TEXTS):
                doc = documents.find_document(s, importer.title_for(path))
                stored = documents.document_text(s, doc.id)
                assert stored == unicodedata.normalize("NFC", text)  # line ends kept as written
                spans = segment_spans(s, doc.id)
                assert spans and all(0 <= a < b <= len(stored) for a, b, _ in spans)
                assert any("Skolen er viktig." in stored[a:b] for a, b, _ in spans) == ("Skolen" in text)
    finally:
        store.close()
