"""`tema bench` reports every row of issue 15's table against a same-run baseline: the
rows are in the report's table (table-driven, checked targets), and the in-process steps
give their figures and ratios on a small seeded project (no timing is asserted)."""

from __future__ import annotations

import shutil

from tema.bench import feel
from tema.bench.report import ROWS, check_targets, table_rows
from tema.bench.runner import NEEDS, ORDER
from tema.bench.steps import STEPS, Paths

# Issue 15's table, row by row: (step, a word of the figure the report shows for it)
ISSUE_ROWS = [
    ("startup", "first screen"), ("startup", "first / search"), ("phases", "phase 4"),
    ("tui", "apply a code"), ("tui", "open the picker"), ("tui", "open a transcript"),
    ("one_import", "146-word"), ("cli", "--help"), ("cli", "info"), ("coding", "one coding"),
    ("coding", "more events"), ("merge", "merge"), ("import", "import"), ("file_size", "project file"),
    ("export", "codebook DOCX"),
]


def test_every_row_of_the_issue_is_a_row_of_the_report_with_a_baseline():
    for step, word in ISSUE_ROWS:
        rows = [r for r in ROWS if r[0] == step and word in r[1]]
        assert rows, f"{step}: no report row for «{word}»"
        assert any(r[3] for r in rows), f"{step} «{word}»: no same-run baseline"
        assert step in ORDER and step in STEPS
    for step, need in feel.NEEDS.items():
        assert NEEDS[step] == need and ORDER.index(need) < ORDER.index(step)


def test_no_step_overwrites_what_the_run_reports_about_itself():
    """Each step's result lands in the results under its name, beside the run's own keys
    (the size's name «small»/«team», the machine …): a step called ``size`` replaced it."""
    own = {"tema_version", "pipeline", "size", "quick", "spec", "machine", "workdir", "total_s", "targets"}
    assert not own & set(ORDER) and not own & set(STEPS)


def test_the_in_process_steps_give_figures_and_ratios(bench_projects, tmp_path):
    root = tmp_path / "bench"
    root.mkdir()
    shutil.copy(bench_projects["test-smaller"], root / "team.tema")
    p = Paths(root)
    from tema.bench.spec import BenchSpec

    spec = BenchSpec("test", 2, 1_500, 120, 20, 6, 50)
    size = feel.size(p, spec)
    assert size["file_mb"] > size["text_mb"] > 0 and size["ratio_file_vs_text"] > 1
    assert "segment_fts_content" not in size["largest_mb"]  # the index keeps no copy of the text
    from tema.bench.coding_step import run

    coding = run(p.store, p.scratch("coding"), n=12)
    assert coding["statements_per_coding"] <= 6
    assert coding["p50_ms"] > 0 and coding["floor_p50_ms"] > 0 and coding["ratio_p50_vs_commit_floor"] > 0
    assert coding["ratio_long_vs_short_history_p50"] > 0
    results = {"file_size": size, "coding": coding, "machine": {"cores": 2, "python": "3"}}
    shown = {(r[0], r[1]) for r in table_rows(results)}
    assert ("coding", "one coding in-process, p50") in shown
    checked = [t for t in check_targets(results) if t["step"] in ("file_size", "coding") and t["figure"] != "peak RSS"]
    assert checked and all(t["met"] in (True, False) for t in checked)
