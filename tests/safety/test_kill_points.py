"""Crash safety: a worker performing import, coding, uncoding, theme edits, renames,
journal entries, snapshots, undo, redo and purge is SIGKILLed at seeded random points.
After every kill the store opens, `PRAGMA integrity_check` is ok, foreign keys check clean,
and every action the worker reported committed is present (an undone entry gone, a redone
one back, a purged document gone with every trace of its text in the log and the index).

CI runs a reduced seeded set; `TEMA_KILL_POINTS=50 pytest tests/safety` runs the full one."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tema.store.db import integrity_check, open_store
from tests.helpers.cli import tema
from tests.safety.worker import kind_of, secret

REPO = Path(__file__).resolve().parents[2]
KILL_POINTS = int(os.environ.get("TEMA_KILL_POINTS", "12"))


def present(con: sqlite3.Connection, i: int) -> bool:
    kind = kind_of(i)
    if kind == "purge":
        return gone(con, i)
    q = {
        "code": ("SELECT count(*) FROM coding WHERE memo = ?", f"a{i}"),
        "journal": ("SELECT count(*) FROM memo WHERE body = ?", f"a{i}"),
        "uncode": ("SELECT count(*) FROM memo WHERE body = ?", f"a{i}"),
        "theme": ("SELECT count(*) FROM theme WHERE name = ?", f"Tema a{i}"),
        "rename": ("SELECT count(*) FROM code WHERE name = ?", f"Omdøpt a{i}"),
        "snapshot": ("SELECT count(*) FROM theme_map_snapshot WHERE name = ?", f"snap a{i}"),
        "import": ("SELECT count(*) FROM document WHERE title = ?", f"dok a{i}"),
        "undo": ("SELECT count(*) FROM event WHERE action = 'undo' AND summary LIKE ?", f"% journal: u{i}"),
        "redo": ("SELECT count(*) FROM memo WHERE body = ?", f"r{i}"),
    }[kind]
    if con.execute(q[0], (q[1],)).fetchone()[0] != 1:
        return False
    if kind == "undo":
        return con.execute("SELECT count(*) FROM memo WHERE body = ?", (f"u{i}",)).fetchone()[0] == 0
    return True


def gone(con: sqlite3.Connection, i: int) -> bool:
    """Nothing of purged document i left: not the row, its codings, its search rows, nor its text in the log."""
    text = f"%{secret(i)}%"
    return not any(con.execute(sql, args).fetchone()[0] for sql, args in (
        ("SELECT count(*) FROM document WHERE title = ?", (f"purge a{i}",)),
        ("SELECT count(*) FROM coding WHERE text LIKE ?", (text,)),
        ("SELECT count(*) FROM segment_fts WHERE text LIKE ?", (text,)),
        ("SELECT count(*) FROM event WHERE summary LIKE ? OR CAST(changes AS TEXT) LIKE ?", (text, text)),
    ))


def test_kill_points(tmp_path):
    project = tmp_path / "kill.tema"
    tema("init", project, "--title", "Kill")
    base = tmp_path / "grunnlag.txt"
    base.write_text("I: Fortell om hverdagen.\nSolveig: Den er travel, med mange møter og lite søvn.\n" * 5, encoding="utf-8")
    tema("import", project, base)
    rng = random.Random(20261122)
    next_action = 0
    confirmed: list[int] = []
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # Random starts, then one worker starting with each of undo, redo and purge, so each is
    # committed (and then killed at some later point) however the timing falls.
    starts: list[str | None] = [None] * KILL_POINTS + ["undo", "redo", "purge"]
    for point, start in enumerate(starts):
        if start is not None:
            while kind_of(next_action) != start:
                next_action += 1
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.safety.worker", str(project), str(next_action), "1000"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
        )
        # Wait for the first commit, then let it run a random while before the kill.
        first = proc.stdout.readline()
        assert first.startswith("ok"), f"worker failed: {first}{proc.stderr.read()}"
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        done = [int(line.split()[1]) for line in (first + out).splitlines() if line.startswith("ok ")]
        confirmed.extend(done)
        store = open_store(project)
        assert integrity_check(store) == [], f"kill point {point}"
        store.close()
        con = sqlite3.connect(project)
        missing = [i for i in confirmed if not present(con, i)]
        con.close()
        assert not missing, f"kill point {point}: committed actions lost: {missing}"
        next_action = max(done) + 2  # the killed action (max+1) may or may not have landed
    assert len(confirmed) >= len(starts)
    kinds = {kind_of(i) for i in confirmed}
    assert {"undo", "redo", "purge"} <= kinds, f"undo, redo and purge each committed at least once: {kinds}"
    print(f"{len(starts)} kill points, {len(confirmed)} committed actions verified, 0 lost")
