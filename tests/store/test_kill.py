"""A killed process (SIGKILL in the middle of a 200-file import) leaves a store that
opens, passes integrity and foreign-key checks, and holds each file whole or not at all."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tema.store.db import integrity_check, open_store
from tests.helpers.cli import tema


def test_sigkill_during_import(project, tmp_path):
    folder = tmp_path / "utskrifter"
    folder.mkdir()
    files = []
    for i in range(200):
        body = "".join(
            f"I: Spørsmål {i}.{j}, hvordan var det?\nDeltaker{i}: Det var krevende, f.eks. på kveldene. "
            f"Vi fikk hjelp ca. {j} ganger. Søsken og foreldre ble slitne.\n"
            for j in range(20)
        )
        p = folder / f"intervju_{i:03}.txt"
        p.write_text(body, encoding="utf-8")
        files.append(p)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tema.cli import main; main()", "import", str(project), *map(str, files)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    count = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            con = sqlite3.connect(f"file:{project}?mode=ro", uri=True, timeout=1)
            count = con.execute("SELECT count(*) FROM document").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            pass
        if count >= 20:
            break
        time.sleep(0.02)
    assert proc.poll() is None, f"import finished before it could be killed: {proc.stderr.read()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = open_store(project)
    assert integrity_check(store) == []
    store.close()
    con = sqlite3.connect(project)
    docs = con.execute("SELECT id, source_name, text FROM document").fetchall()
    assert 20 <= len(docs) < 200
    for doc_id, name, text in docs:
        assert text == (folder / name).read_text(encoding="utf-8")
        n_seg = con.execute("SELECT count(*) FROM segment WHERE document_id = ?", (doc_id,)).fetchone()[0]
        n_fts = con.execute(
            "SELECT count(*) FROM segment_fts WHERE rowid IN (SELECT id FROM segment WHERE document_id = ?)", (doc_id,)
        ).fetchone()[0]
        assert n_seg == 40 + 80 and n_fts == 80, (name, n_seg, n_fts)
    # The rest can be imported afterwards: the store is fully usable.
    done = {name for _, name, _ in docs}
    tema("import", project, *[f for f in files if f.name not in done])
    assert con.execute("SELECT count(*) FROM document").fetchone()[0] == 200
