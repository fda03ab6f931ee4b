"""The TUI step calls the Pilot benchmark that lives beside the TUI's author's
work, ``benchmarks/tui_bench.py`` in a source checkout (tema.bench itself never
imports Textual). Missing → the step is reported as not available."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tema.bench.measure import NotAvailable


def tui_bench_path() -> Path:
    import tema

    return Path(tema.__file__).resolve().parents[2] / "benchmarks" / "tui_bench.py"


def load_tui_bench():
    path = tui_bench_path()
    if not path.exists():
        raise NotAvailable(f"{path.relative_to(path.parents[1])} not found (Pilot benchmark of the TUI)")
    spec = importlib.util.spec_from_file_location("tema_tui_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_tui_bench(p, spec) -> dict:
    """``run(words, codings, rounds, workdir)`` of the Pilot benchmark: a 20,000-word
    transcript with 1,000 codings (the small size uses a shorter one, to stay quick).
    Its baseline is an almost empty Textual app timed with the same Pilot round trip."""
    from tema.bench.measure import peak_rss_mb

    module = load_tui_bench()
    run = getattr(module, "run", None)
    if not callable(run):
        raise NotAvailable(f"{tui_bench_path()}: has no run(...) function")
    team = spec.codings >= 50_000
    sizes = {"words": 20_000, "codings": 1_000, "rounds": 50} if team else {"words": 4_000, "codings": 150, "rounds": 8}
    p.root.mkdir(parents=True, exist_ok=True)
    r = run(workdir=p.root, **sizes)
    actions = r.get("actions", {})
    over = [a["over_baseline_p95_ms"] for a in actions.values() if "over_baseline_p95_ms" in a]
    return {
        **{k: v for k, v in r.items() if k != "actions"},
        "actions": actions,
        "p50_ms": max((a["p50_ms"] for a in actions.values()), default=None),
        "over_baseline_p95_ms": max(over) if over else None,
        "slowest_action": max(actions, key=lambda k: actions[k]["p95_ms"]) if actions else None,
        "peak_rss_mb": peak_rss_mb(),
    }
