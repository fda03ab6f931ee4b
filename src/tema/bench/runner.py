"""Runs the benchmark: every step in its own process, in order, into one result dict."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tema.bench.feel import NEEDS as FEEL_NEEDS
from tema.bench.spec import BenchSpec
from tema.bench.worker import MARK

ORDER = ["corpus", "import", "seed", "file_size", "extracts", "search", "similar", "coding", "export", "qdpx_export",
         "qdpx_import", "tui", "board", "phases", "startup", "cli", "one_import", "merge_inputs", "merge"]
NEEDS = {"import": "corpus", "seed": "import", "extracts": "seed", "search": "seed", "similar": "seed", "export": "seed",
         "qdpx_export": "seed", "qdpx_import": "qdpx_export",
         "merge_inputs": "seed", "merge": "merge_inputs", **FEEL_NEEDS}


def machine() -> dict:
    import spacy
    import sqlalchemy

    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "sqlite": sqlite3.sqlite_version, "spacy": spacy.__version__, "sqlalchemy": sqlalchemy.__version__,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def run_step(step: str, workdir: Path, spec: BenchSpec) -> tuple[dict, str]:
    """One step in a fresh interpreter; (its result, its stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tema.bench.worker", step, str(workdir), json.dumps(spec.as_dict())],
        capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK):]), proc.stderr
    tail = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
    return {"error": f"step process failed: {tail}"}, proc.stderr


def run_bench(spec: BenchSpec, *, quick: bool = False, workdir: Path | None = None,
              progress: Callable[[str, dict | None], None] | None = None) -> dict:
    """All steps; a step whose input step failed is reported as skipped."""
    from tema import __version__

    keep = workdir is not None
    root = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="tema-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    results: dict = {"tema_version": __version__, "pipeline": None, "size": spec.size, "quick": quick,
                     "spec": spec.as_dict(), "machine": machine(), "workdir": str(root) if keep else None}
    t0 = time.perf_counter()
    try:
        for step in ORDER:
            if progress:
                progress(step, None)
            need = NEEDS.get(step)
            if need and not _ok(results.get(need)):
                out = {"skipped": f"needs the {need} step, which did not complete"}
            else:
                t = time.perf_counter()
                out, err = run_step(step, root, spec)
                out["step_wall_s"] = round(time.perf_counter() - t, 2)
                if "error" in out and err.strip():
                    out["stderr_tail"] = err.strip().splitlines()[-12:]
            results[step] = out
            if progress:
                progress(step, out)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    results["pipeline"] = results.get("import", {}).get("pipeline")
    results["total_s"] = round(time.perf_counter() - t0, 1)
    from tema.bench.report import check_targets

    results["targets"] = check_targets(results)
    return results


def _ok(result: dict | None) -> bool:
    return bool(result) and not any(k in result for k in ("error", "skipped")) and result.get("available", True)
