"""The Markdown report of a merge (``tema.domain.merge_report.MergeReport``) and writing it.

The report is pseudonymised by default with OUT's pseudonym rules (after the merge OUT
holds every input's rules) and goes through ``tema.files``."""

from __future__ import annotations

import os
from pathlib import Path

from tema.domain.merge_report import ROWS, MergeReport
from tema.export.privacy import pseudonymizer, recorded_write
from tema.export.render_md import table_lines
from tema.export.table import Table
from tema.files import write_text
from tema.store.db import open_store


def added_table(report: MergeReport) -> Table:
    rows: list[list] = [[f"{entity}: {outcome}", *(r.get(entity, outcome) for r in report.inputs)]
                        for entity, outcome in ROWS if any(r.get(entity, outcome) for r in report.inputs)]
    return Table("added", "What was added", ["", *(r.source for r in report.inputs)], rows)


def merge_markdown(report: MergeReport) -> str:
    r = report
    md = [f"# Merge report: {r.out}", ""]
    md.append(f"- When: {r.at.strftime('%Y-%m-%d %H:%M UTC')}")
    md.append(f"- Plan: {r.plan or '—'}")
    md.append(f"- Target: {'created by this merge' if r.created_out else 'existing project'}")
    md.append(f"- Backup of the target before merging: {r.backup or '—'}")
    md.append(f"- Inputs: {', '.join(f'{i.source} ({i.coder})' for i in r.inputs)}")
    md += ["", "## What was added", "", *table_lines(added_table(r))]
    if r.added == 0:
        md += ["", "Nothing new: the target already held everything in these inputs."]
    md += ["", "## Codes", ""]
    md.append(f"Matched by name in more than one project ({len(r.exact)}): " + (", ".join(f"«{n}»" for n in r.exact) or "none"))
    md += ["", f"Near names merged as the plan accepted ({len(r.accepted)}):", ""]
    md += [f"- «{a}» → «{b}» (score {s:g})" for a, b, s in r.accepted] or ["- none"]
    md += ["", f"Near names kept apart as the plan rejected ({len(r.rejected)}):", ""]
    md += [f"- «{a}» ≠ «{b}» (score {s:g})" for a, b, s in r.rejected] or ["- none"]
    md += ["", f"New codes ({len(r.new_codes)}): " + (", ".join(f"«{n}»" for n in r.new_codes) or "none")]
    md += ["", "## Conflicts (reported, not overwritten)", ""]
    md += [f"- {c}" for c in r.conflicts] or ["None."]
    notes = [(i.source, n) for i in r.inputs for n in i.notes]
    if notes:
        md += ["", "## Notes", ""]
        md += [f"- {src}: {n}" for src, n in notes]
    return "\n".join(md) + "\n"


def write_merge_report(out: str, report: MergeReport, path: str | os.PathLike[str], *, force: bool = False,
                       pseudonymise: bool = True, coder: str | None = None) -> Path:
    """Write ``report`` (of a merge into ``out``) as Markdown, every text through OUT's rules."""
    store = open_store(out)
    try:
        with store.session() as s:
            pz = pseudonymizer(s, pseudonymise)
        text = pz(merge_markdown(report)) or ""
        return recorded_write(store, lambda: write_text(path, text, force=force), pseudonymise=pseudonymise,
                              what="merge report", paths=[path], coder=coder)
    finally:
        store.close()
