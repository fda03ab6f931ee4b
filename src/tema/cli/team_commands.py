"""Team work: merge coders' projects (plan, review, apply) and compare two coders."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_option, opened, project_argument
from tema.cli._export_options import force_option, pseudonymise_option
from tema.errors import InvalidInput
from tema.i18n import N_, _, ngettext


def _report_path(plan_path: Path) -> Path:
    stem = plan_path.name.removesuffix(".toml")
    stem = stem.replace("merge-plan", "merge-report") if "merge-plan" in stem else stem + ".merge-report"
    return plan_path.with_name(stem + ".md")


@click.command()
@click.argument("out", metavar="OUT")
@click.argument("inputs", nargs=-1, required=True, metavar="IN...")
@click.option("--threshold", type=click.FloatRange(1, 100), default=90, show_default=True,
              help=N_("Lowest rapidfuzz score (0–100) at which two code names are proposed as the same code."))
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("The merge plan file (default: OUT's name + .merge-plan.toml beside OUT)."))
@click.option("--apply", "do_apply", is_flag=True, help=N_("Follow the (reviewed) plan and merge; without it only the plan is written."))
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Where to write the Markdown report (default: beside the plan)."))
@click.option("--force", is_flag=True,
              help=N_("Overwrite an existing plan (its accept/reject decisions are kept) or report."))
@pseudonymise_option
@coder_option
def merge(out, inputs, threshold, plan_path, do_apply, report_path, force, pseudonymise, coder) -> None:
    """Merge coders' projects IN... into OUT (a project file or database URL; created if new).

    First run writes a merge plan: codes whose names match exactly, near names
    proposed as the same code (with their score; edit accept = true/false), and
    new codes. Nothing is changed. Run again with --apply to follow the plan in
    one transaction, after a backup of OUT. Codings keep their coder; running the
    same merge again adds nothing. The plan and the report are pseudonymised
    with the projects' rules unless --no-pseudonymise is given.
    """
    from tema.domain.merge import apply_merge, default_plan_path, write_merge_plan
    from tema.store.db import display_target

    plan_path = plan_path or default_plan_path(out)
    if not do_apply:
        path, plan = write_merge_plan(out, list(inputs), plan_path, threshold, force=force,
                                      pseudonymise=pseudonymise, coder=coder)
        click.echo(_("wrote merge plan {path}").format(path=path))
        exact, new = len(plan.exact()), len(plan.new())
        click.echo("  " + _("{exact}; {new}").format(
            exact=ngettext("{n} code name matches exactly", "{n} code names match exactly", exact).format(n=exact),
            new=ngettext("{n} code is new to OUT", "{n} codes are new to OUT", new).format(n=new)))
        if plan.proposals:
            click.echo("  " + ngettext("{n} near name proposed as the same code (score ≥ {threshold:g}):",
                                       "{n} near names proposed as the same code (score ≥ {threshold:g}):",
                                       len(plan.proposals)).format(n=len(plan.proposals), threshold=threshold))
            for p in plan.proposals:
                click.echo("    " + _("«{code}» → «{into}»  score {score:g}  accept = {accept}").format(
                    code=p.code, into=p.into, score=p.score, accept=str(p.accept).lower()))
        else:
            click.echo("  " + _("no near names to review"))
        shown = [display_target(x) for x in (out, *inputs)]  # never print a database password
        click.echo(_("review it, then run: tema merge {projects} --plan {path} --apply").format(projects=" ".join(shown), path=path))
        return
    from tema.export.merge_report import write_merge_report
    from tema.files import check_target

    report_path = check_target(report_path or _report_path(plan_path), force=force)  # before anything changes
    report = apply_merge(out, list(inputs), plan_path, coder=coder)
    merged = _("merged into {out} (backup: {backup})") if report.backup else _("merged into {out}")
    click.echo(merged.format(out=report.out, backup=report.backup))
    for line in report.summary_lines():
        click.echo(f"  {line}")
    write_merge_report(out, report, report_path, force=force, pseudonymise=pseudonymise, coder=coder)
    click.echo(_("report: {path}").format(path=report_path))


@click.command()
@project_argument
@click.option("--coder", "coders", multiple=True, required=True, help=N_("A coder to compare (give exactly two)."))
@click.option("--doc", "doc_ref", help=N_("Only this document."))
@click.option("--format", "fmt", type=click.Choice(["md", "xlsx"]), help=N_("Export format (default: from -o's suffix, else md)."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write the comparison to this file."))
@force_option
@pseudonymise_option
def compare(project, coders, doc_ref, fmt, output, force, pseudonymise) -> None:
    """Compare two coders: per code and document, spans coded by both, partial
    overlaps, and spans only one of them coded — prompts for discussion, not a
    reliability score. Pseudonymised with the project's rules unless
    --no-pseudonymise is given."""
    from tema.export.compare_report import compare_lines, compare_markdown, read_comparison, write_comparison

    if len(coders) != 2:
        raise InvalidInput(_("--coder: give exactly two coders to compare (got {n})").format(n=len(coders)))
    if fmt == "xlsx" and output is None:
        raise InvalidInput(_("--format xlsx: needs -o FILE.xlsx"))
    with opened(project, backup=False) as store:
        if output is not None:
            path = write_comparison(store, coders[0], coders[1], output, fmt, doc=doc_ref, force=force,
                                    pseudonymise=pseudonymise)
            click.echo(_("wrote {path}").format(path=path))
            return
        cmp, title = read_comparison(store, coders[0], coders[1], doc=doc_ref, pseudonymise=pseudonymise)
    if fmt == "md":
        click.echo(compare_markdown(cmp, title))
        return
    for line in compare_lines(cmp):
        click.echo(line)


COMMANDS = [merge, compare]
