"""The TUI steps call the Pilot benchmarks that live beside the TUI's author's
work, ``benchmarks/tui_bench.py`` and ``benchmarks/board_bench.py`` in a source
checkout (tema.bench itself never imports Textual). Missing → the step is reported
as not available."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tema.bench.measure import NotAvailable


def tui_bench_path(name: str = "tui_bench") -> Path:
    import tema

    return Path(tema.__file__).resolve().parents[2] / "benchmarks" / f"{name}.py"


def load_tui_bench(name: str = "tui_bench"):
    path = tui_bench_path(name)
    if not path.exists():
        raise NotAvailable(f"{path.relative_to(path.parents[1])} not found (Pilot benchmark of the TUI)")
    spec = importlib.util.spec_from_file_location(f"tema_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pilot_figures(r: dict) -> dict:
    from tema.bench.measure import peak_rss_mb

    actions = r.get("actions", {})
    over = [a["over_baseline_p95_ms"] for a in actions.values() if "over_baseline_p95_ms" in a]
    per_action = {f"{name.replace(' ', '_')}_{key}": v for name, a in actions.items() for key, v in a.items()
                  if key in ("over_baseline_p95_ms", "done_over_baseline_p95_ms")}
    return {
        **{k: v for k, v in r.items() if k != "actions"},
        **per_action,
        "actions": actions,
        "p50_ms": max((a["p50_ms"] for a in actions.values()), default=None),
        "over_baseline_p95_ms": max(over) if over else None,
        "slowest_action": max(actions, key=lambda k: actions[k]["p95_ms"]) if actions else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_tui_bench(p, spec) -> dict:
    """``run(words, codings, rounds, workdir)`` of the Pilot benchmark: a 20,000-word
    transcript with 1,000 codings (the small size uses a shorter one, to stay quick).
    Its baseline is an almost empty Textual app timed with the same Pilot round trip."""
    module = load_tui_bench()
    run = getattr(module, "run", None)
    if not callable(run):
        raise NotAvailable(f"{tui_bench_path()}: has no run(...) function")
    team = spec.codings >= 50_000
    sizes = {"words": 20_000, "codings": 1_000, "rounds": 50} if team else {"words": 4_000, "codings": 150, "rounds": 8}
    p.root.mkdir(parents=True, exist_ok=True)
    return _pilot_figures(run(workdir=p.root, **sizes))


def run_board_bench(p, spec) -> dict:
    """``run(codes, themes, subthemes, placed, rounds, first_opens, workdir)`` of the
    Pilot benchmark of the phase 3 theme board (``benchmarks/board_bench.py``): 1,000
    codes, 60 themes, 700 codes placed, at every size; the small size times fewer
    rounds. Same baseline as the tui step (an almost empty Textual app)."""
    module = load_tui_bench("board_bench")
    run = getattr(module, "run", None)
    if not callable(run):
        raise NotAvailable(f"{tui_bench_path('board_bench')}: has no run(...) function")
    team = spec.codings >= 50_000
    rounds = {"rounds": 40, "first_opens": 3} if team else {"rounds": 8, "first_opens": 1}
    p.root.mkdir(parents=True, exist_ok=True)
    return _pilot_figures(run(workdir=p.root, codes=1_000, themes=20, subthemes=2, placed=700, **rounds))
