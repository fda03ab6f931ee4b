"""The export step: the codebook (DOCX) and every table (DOCX and XLSX) written with
``tema.export.run_export`` in child processes that report each file as it is
written, so one export that takes far too long is stopped at a time budget and
reported as such instead of stalling the whole benchmark (and, one export per
child, each peak RSS is that export's own).

Child: ``python -m tema.bench.export_run STORE OUTDIR ITEM...`` where ITEM is
``codebook`` or ``TABLE:FMT``; one JSON line per item."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from tema.bench.measure import NotAvailable

MARK = "@@tema-export@@"


def items() -> list[str]:
    try:
        from tema.export import EXPORTS
        from tema.export.api import formats_for
    except ImportError as exc:
        raise NotAvailable(f"tema.export.run_export not importable ({exc})") from exc
    return ["codebook"] + [f"{name}:{fmt}" for name in EXPORTS if name != "codebook" for fmt in ("docx", "xlsx")
                           if fmt in formats_for(name)]


def _pump(stream, into: queue.Queue) -> None:
    """Copy a child's output lines into its queue, then None when the stream ends."""
    for line in stream:
        into.put(line)
    into.put(None)


def run_items(store_path: Path, out: Path, todo: list[str], budget_s: float) -> list[dict]:
    """Run ``todo`` in child processes; an item over ``budget_s`` is stopped (its
    child killed) and the rest continue in a new child."""
    results: list[dict] = []
    while todo:
        proc = subprocess.Popen([sys.executable, "-m", "tema.bench.export_run", str(store_path), str(out), *todo],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONWARNINGS": "ignore"})
        lines: queue.Queue = queue.Queue()
        # Each child gets its own queue and reader, bound now: a killed child's end marker
        # can never land in the next child's queue.
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        while todo:
            item = todo[0]
            started = time.perf_counter()
            line = ""
            while line is not None and not line.startswith(MARK):
                try:
                    line = lines.get(timeout=max(0.1, budget_s - (time.perf_counter() - started)))
                except queue.Empty:
                    line = None
                    break
            if line is None:  # over budget, or the child died
                proc.kill()
                proc.wait()
                over = time.perf_counter() - started >= budget_s
                results.append({"item": item, "stopped_after_s": round(budget_s, 1)} if over
                               else {"item": item, "error": f"export process ended (exit {proc.returncode})"})
                todo = todo[1:]
                break
            results.append(json.loads(line[len(MARK):]))
            todo = todo[1:]
        else:
            proc.wait()
    return results


def _child(store_path: str, out: str, todo: list[str]) -> None:
    from tema.bench.measure import peak_rss_mb
    from tema.export import run_export
    from tema.store.db import open_store

    store = open_store(store_path)
    snaps = _snapshot_names(store)
    for item in todo:
        name, _, fmt = item.partition(":")
        kw = {"snapshots": snaps[:1] if name == "snapshot" else snaps if name == "lineage" else ()}
        target = Path(out) / f"{name}.{fmt or 'docx'}"
        result: dict = {"item": item}
        try:
            t0 = time.perf_counter()
            run_export(store, name, fmt or "docx", target, force=True, **kw)
            result["s"] = round(time.perf_counter() - t0, 3)
            result["kb"] = round(target.stat().st_size / 1024)
            if name == "codebook":
                from tema.bench.baselines import raw_docx

                result["raw_docx_s"] = round(raw_docx(target, target.with_name("codebook-raw.docx")), 3)
        except Exception as exc:  # reported per item
            result["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
        result["peak_rss_mb"] = peak_rss_mb()
        print(MARK + json.dumps(result, ensure_ascii=False), flush=True)
    store.close()


def _snapshot_names(store) -> list[str]:
    from tema.domain.snapshots import list_snapshots

    with store.session() as s:
        return [x.name for x in list_snapshots(s)]


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], sys.argv[3:])
