"""The benchmark's output: targets checked, a rich table, a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from tema.bench.feel import ROWS as FEEL_ROWS

NA = "not available"

# (step, figure shown, tema key, baseline label, baseline key, ratio key, target op, target, unit)
ROWS = [
    ("import", "import + segmentation", "words_per_s", "spaCy nlp.pipe", "spacy_words_per_s", "ratio_vs_spacy",
     "≥", 0.5, "words/s"),
    ("import", "store writes", "store_write_s", "raw sqlite3 executemany", "raw_sqlite_s", "ratio_vs_raw_sqlite",
     None, None, "s"),
    ("extracts", "extracts of one code, p95", "p95_ms", "raw SQL", "raw_sql_p95_ms", "ratio_p95_vs_raw_sql",
     "≤", 20.0, "ms"),
    ("search", "FTS of one word, p95", "p95_ms", "raw FTS5 MATCH", "raw_fts_p95_ms", "ratio_p95_vs_raw_fts",
     "≤", 50.0, "ms"),
    ("similar", "second look at a code, p95", "p95_ms", "tema search of one word p95", "search_p95_ms",
     "ratio_p95_vs_search", "≤", 50.0, "ms"),
    ("tui", "TUI action p95 above empty app (worst)", "over_baseline_p95_ms", "empty Textual app p95",
     "baseline_p95_ms", "ratio_p95_vs_empty_app", "≤", 50.0, "ms"),
    ("board", "theme board p95 above empty app (worst)", "over_baseline_p95_ms", "empty Textual app p95",
     "baseline_p95_ms", "ratio_p95_vs_empty_app", "≤", 50.0, "ms"),
    ("export", "codebook DOCX", "codebook_s", "bare python-docx", "raw_docx_s", "ratio_codebook_vs_raw_docx",
     "≤", 5.0, "s"),
    ("export", "all tables (docx + xlsx)", "tables_s", None, None, None, None, None, "s"),
    ("qdpx_export", "qdpx export", "seconds", "zipfile of the same texts", "raw_zip_s", "ratio_vs_raw_zip",
     "≤", 1.5, "s"),
    # the goal is a ratio (≥ 0.5× plain import's words/s), so the ratio is the figure checked
    ("qdpx_import", "qdpx import words/s ÷ plain import's", "ratio_vs_plain_import", "plain import words/s",
     "plain_words_per_s", "ratio_vs_plain_import", "≥", 0.5, "×"),
    ("merge", "merge 3 projects (plan + apply)", "seconds", "raw INSERT … SELECT", "raw_copy_s", "ratio_vs_raw_copy",
     "≤", 5.0, "s"),
]
ROWS += FEEL_ROWS  # what a researcher feels (tema.bench.feel)
SETUP = [("corpus", "generate_s"), ("seed", "seconds"), ("merge_inputs", "seconds")]
RSS_LIMIT = 400.0
MEASURED = ["import", "extracts", "search", "similar", "coding", "tui", "board", "phases", "startup", "export",
            "qdpx_export", "qdpx_import", "merge"]


def _met(value, op: str, target: float) -> bool:
    return value <= target if op == "≤" else value >= target


def _status(r: dict | None) -> str | None:
    """Why a step has no figures (None when it has them)."""
    if not r:
        return NA
    if r.get("available") is False:
        return f"{NA}: {r.get('reason', '')}"
    if "skipped" in r:
        return f"skipped: {r['skipped']}"
    if "error" in r:
        return f"error: {r['error']}"
    return None


def check_targets(results: dict) -> list[dict]:
    out = []
    for step, figure, key, *_rest, op, target, unit in ROWS:
        if op is None:
            continue
        r = results.get(step)
        why = _status(r)
        value = None if why else r.get(key)
        out.append({"step": step, "figure": figure, "target": f"{op} {target:g} {'' if key.startswith('ratio') else unit}".strip(),
                    "value": value, "met": None if value is None else _met(value, op, target),
                    **({"note": why} if why else {})})
    for step in MEASURED:
        r = results.get(step)
        rss = None if _status(r) else r.get("peak_rss_mb")
        out.append({"step": step, "figure": "peak RSS", "target": f"≤ {RSS_LIMIT:g} MB", "value": rss,
                    "met": None if rss is None else rss <= RSS_LIMIT})
    return out


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.3g}" if abs(v) < 10 else f"{v:,.1f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def table_rows(results: dict) -> list[list[str]]:
    rows = []
    for step, figure, key, blabel, bkey, rkey, op, target, unit in ROWS:
        r = results.get(step)
        why = _status(r)
        if why:
            rows.append([step, figure, why, "", "", "", "", ""])
            continue
        extra = f" (p50 {_fmt(r.get('p50_ms'))})" if key == "p95_ms" else ""
        if key == "over_baseline_p95_ms":
            extra = f" ({r.get('slowest_action')}; raw p95 {_fmt(r.get('p95_ms'))})"
        value = r.get(key)
        if key == "tables_s" and r.get("table_problems"):
            done = sum(v for v in r["table_s"].values() if v is not None)
            slow = ", ".join(f"{k} {v}" for k, v in r["table_problems"].items())
            rows.append([step, figure, f"{_fmt(done)} s for the rest; {slow}", "", "", "", "", _fmt(r.get("peak_rss_mb"))])
            continue
        met = "" if op is None or value is None else ("yes" if _met(value, op, target) else "NO")
        base = f"{_fmt(r.get(bkey))} {unit} ({blabel})" if bkey and r.get(bkey) is not None else (blabel or "")
        rows.append([step, figure, f"{_fmt(value)} {unit}{extra}", base, _fmt(r.get(rkey)) if rkey else "",
                     f"{op} {target:g}" if op else "", met, _fmt(r.get("peak_rss_mb"))])
    for step, key in SETUP:
        r = results.get(step)
        why = _status(r)
        rows.append([step, "set-up (not a target)", why or f"{_fmt(r.get(key))} s", "", "", "", "",
                     "" if why else _fmt(r.get("peak_rss_mb"))])
    return rows


HEADERS = ["step", "figure", "tema", "baseline", "ratio", "target", "met", "peak RSS MB"]


def print_report(results: dict, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if console.width < 120:  # a pipe or a narrow terminal: keep rows on one line each
        console = Console(width=120, file=console.file)
    m = results["machine"]
    title = (f"tema {results['tema_version']} bench — size {results['size']}, {results.get('pipeline') or '?'}, "
             f"{m['cores']} cores, Python {m['python']}")
    table = Table(title=title, header_style="bold")
    for h in HEADERS:
        table.add_column(h, overflow="fold")
    for row in table_rows(results):
        table.add_row(*row, style="red" if row[6] == "NO" else None)
    console.print(table)
    rss_bad = [t for t in results["targets"] if t["figure"] == "peak RSS" and t["met"] is False]
    for t in rss_bad:
        console.print(f"[red]peak RSS of {t['step']}: {t['value']} MB (target {t['target']})[/red]")
    console.print(f"ratios are tema ÷ baseline, both measured in the same process; total {results['total_s']} s")


def write_json(results: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
