"""Runs one benchmark step in a fresh process, so its peak memory is its own:
``python -m tema.bench.worker STEP WORKDIR SPEC_JSON``; prints one result line."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

MARK = "@@tema-bench@@"


def main(argv: list[str]) -> int:
    from tema.bench.measure import NotAvailable, current_rss_mb, peak_rss_mb
    from tema.bench.spec import BenchSpec
    from tema.bench.steps import STEPS, Paths

    step, root, spec_json = argv
    fields = {k: v for k, v in json.loads(spec_json).items() if k != "words"}
    spec = BenchSpec(**fields)
    start_rss = current_rss_mb()
    try:
        result = STEPS[step](Paths(Path(root)), spec)
        result.setdefault("peak_rss_mb", peak_rss_mb())
        result["start_rss_mb"] = start_rss
    except NotAvailable as exc:
        result = {"available": False, "reason": str(exc)}
    except Exception as exc:  # reported in the table and the JSON, never hidden
        traceback.print_exc()
        result = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
    print(MARK + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
