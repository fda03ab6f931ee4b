"""Team work: merge coders' projects (plan, review, apply) and compare two coders."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_option, opened, project_argument
from tema.errors import InvalidInput


def _report_path(plan_path: Path) -> Path:
    stem = plan_path.name.removesuffix(".toml")
    stem = stem.replace("merge-plan", "merge-report") if "merge-plan" in stem else stem + ".merge-report"
    return plan_path.with_name(stem + ".md")


@click.command()
@click.argument("out", metavar="OUT")
@click.argument("inputs", nargs=-1, required=True, metavar="IN...")
@click.option("--threshold", type=click.FloatRange(1, 100), default=90, show_default=True,
              help="Lowest rapidfuzz score (0–100) at which two code names are proposed as the same code.")
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The merge plan file (default: OUT's name + .merge-plan.toml beside OUT).")
@click.option("--apply", "do_apply", is_flag=True, help="Follow the (reviewed) plan and merge; without it only the plan is written.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the Markdown report (default: beside the plan).")
@coder_option
def merge(out, inputs, threshold, plan_path, do_apply, report_path, coder) -> None:
    """Merge coders' projects IN... into OUT (a project file or database URL; created if new).

    First run writes a merge plan: codes whose names match exactly, near names
    proposed as the same code (with their score; edit accept = true/false), and
    new codes. Nothing is changed. Run again with --apply to follow the plan in
    one transaction, after a backup of OUT. Codings keep their coder; running the
    same merge again adds nothing.
    """
    from tema.domain.merge import apply_merge, default_plan_path, write_merge_plan
    from tema.store.db import display_target

    plan_path = plan_path or default_plan_path(out)
    if not do_apply:
        path, plan = write_merge_plan(out, list(inputs), plan_path, threshold)
        click.echo(f"wrote merge plan {path}")
        click.echo(f"  {len(plan.exact())} code name(s) match exactly; {len(plan.new())} code(s) are new to OUT")
        if plan.proposals:
            click.echo(f"  {len(plan.proposals)} near name(s) proposed as the same code (score ≥ {threshold:g}):")
            for p in plan.proposals:
                click.echo(f"    «{p.code}» → «{p.into}»  score {p.score:g}  accept = {str(p.accept).lower()}")
        else:
            click.echo("  no near names to review")
        shown = [display_target(x) for x in (out, *inputs)]  # never print a database password
        click.echo(f"review it, then run: tema merge {' '.join(shown)} --plan {path} --apply")
        return
    report = apply_merge(out, list(inputs), plan_path, coder=coder)
    report_path = report_path or _report_path(plan_path)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(report.to_markdown(), encoding="utf-8")
    click.echo(f"merged into {report.out}" + (f" (backup: {report.backup})" if report.backup else ""))
    for line in report.summary_lines():
        click.echo(f"  {line}")
    click.echo(f"report: {report_path}")


def _md_table(headers: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def compare_markdown(cmp, project_title: str) -> str:
    from tema.domain.compare import OVERLAP_NOTE, difference_table, summary_table

    docs = ", ".join(f"«{d}»" for d in cmp.documents) or "none coded by both"
    parts = [f"# Coding compared: {cmp.coder_a} and {cmp.coder_b}", "", f"Project: {project_title}. Documents: {docs}.",
             "", "## Per code", "", _md_table(*summary_table(cmp)), "", f"*{OVERLAP_NOTE}*", "",
             "## Where the coding differs", "", _md_table(*difference_table(cmp)), ""]
    return "\n".join(parts)


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def compare_lines(cmp) -> list[str]:
    """The comparison for a terminal: per code, its figures, then each difference on a line."""
    from tema.domain.compare import OVERLAP_NOTE

    if not cmp.documents:
        return [f"{cmp.coder_a} and {cmp.coder_b} have coded no document in common"]
    a, b = cmp.coder_a, cmp.coder_b
    out = [f"{a} and {b}: {len(cmp.documents)} document(s) coded by both: {', '.join(cmp.documents)}", ""]
    by_code: dict[str, list] = {}
    for d in cmp.differences:
        by_code.setdefault(d.code, []).append(d)
    for sm in cmp.summaries:
        share = "—" if sm.overlap_share is None else f"{sm.overlap_share:.0%}"
        out.append(f"«{sm.code}»  same span {sm.both}, partial {sm.partial}, only {a} {sm.only_a}, "
                   f"only {b} {sm.only_b}; overlap share¹ {share}")
        for d in by_code.get(sm.code, []):
            label = cmp.kind_label(d.kind).ljust(16)
            if d.kind == "partial":
                extra = "; ".join(
                    [f"only {a} {s}–{e} «{_clip(d.text_a[s - d.a[0]:e - d.a[0]], 40)}»" for s, e in d.only_a]
                    + [f"only {b} {s}–{e} «{_clip(d.text_b[s - d.b[0]:e - d.b[0]], 40)}»" for s, e in d.only_b])
                out.append(f"  {label} {d.document}  {a} {d.a[0]}–{d.a[1]}, {b} {d.b[0]}–{d.b[1]}; {extra}")
            else:
                s, e = d.a or d.b
                out.append(f"  {label} {d.document}  {s}–{e}  «{_clip(d.text_a or d.text_b)}»")
    out += ["", f"¹ {OVERLAP_NOTE}"]
    return out


def write_compare_xlsx(cmp, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tema.domain.compare import OVERLAP_NOTE, difference_table, summary_table

    wb = Workbook()
    ws = wb.active
    ws.title = "Per code"
    for title, (headers, rows) in (("Per code", summary_table(cmp)), ("Differences", difference_table(cmp))):
        if title != ws.title:
            ws = wb.create_sheet(title)
        ws.append(headers)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append(r)
        ws.freeze_panes = "A2"
        if title == "Per code":
            ws.append([])
            ws.append([OVERLAP_NOTE])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


@click.command()
@project_argument
@click.option("--coder", "coders", multiple=True, required=True, help="A coder to compare (give exactly two).")
@click.option("--doc", "doc_ref", help="Only this document.")
@click.option("--format", "fmt", type=click.Choice(["md", "xlsx"]), help="Export format (default: from -o's suffix, else md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the comparison to this file.")
def compare(project, coders, doc_ref, fmt, output) -> None:
    """Compare two coders: per code and document, spans coded by both, partial
    overlaps, and spans only one of them coded — prompts for discussion, not a
    reliability score."""
    from tema.domain.compare import compare_coders
    from tema.domain.documents import find_document
    from tema.domain.project import get_project

    if len(coders) != 2:
        raise InvalidInput(f"--coder: give exactly two coders to compare (got {len(coders)})")
    if output is not None and fmt is None:
        fmt = "xlsx" if output.suffix.lower() == ".xlsx" else "md"
    if fmt == "xlsx" and output is None:
        raise InvalidInput("--format xlsx: needs -o FILE.xlsx")
    with opened(project, backup=False) as store, store.session() as s:
        doc_id = find_document(s, doc_ref).id if doc_ref else None
        cmp = compare_coders(s, coders[0], coders[1], doc_id=doc_id)
        title = get_project(s).title
    if output is not None and fmt == "xlsx":
        write_compare_xlsx(cmp, output)
        click.echo(f"wrote {output}")
        return
    if fmt == "md":
        text = compare_markdown(cmp, title)
        if output is None:
            click.echo(text)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            click.echo(f"wrote {output}")
        return
    for line in compare_lines(cmp):
        click.echo(line)


COMMANDS = [merge, compare]
