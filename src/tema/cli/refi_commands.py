"""`tema qdpx` and `tema qdc`: REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import opened, project_argument
from tema.cli._export_options import force_option, pseudonymise_option
from tema.errors import InvalidInput
from tema.i18n import N_, _, ngettext

MAX_WARNINGS = 25  # export warnings shown
PER_KIND = 5  # import warnings shown per kind (the report file holds them all)



def _warnings(lines: list[str]) -> None:
    for line in lines[:MAX_WARNINGS]:
        click.echo(f"  ! {line}", err=True)
    if len(lines) > MAX_WARNINGS:
        click.echo("  ! " + _("… and {n} more").format(n=len(lines) - MAX_WARNINGS), err=True)


def _import_warnings(report) -> None:
    """Warnings by kind, most important first, a few of each; then where the full list is."""
    from tema.refi.report import heading

    for kind, items in report.grouped():
        click.echo(f"  {heading(kind)}: {len(items)}", err=True)
        for line in items[:PER_KIND]:
            click.echo(f"    ! {line}", err=True)
        if len(items) > PER_KIND:
            click.echo("    ! " + _("… and {n} more").format(n=len(items) - PER_KIND), err=True)
    if report.report_file is not None:
        n = len(report.notices)
        click.echo(ngettext("the warning is in {path} and in the journal",
                            "all {n} warnings are in {path} and in the journal", n).format(n=n, path=report.report_file),
                   err=True)


def _export_summary(report, kind: str) -> None:
    parts = [ngettext("{n} code-book entry", "{n} code-book entries", report.codes).format(n=report.codes)]
    if kind == "qdpx":
        parts += [ngettext("{n} source", "{n} sources", report.sources).format(n=report.sources),
                  ngettext("{n} coding", "{n} codings", report.codings).format(n=report.codings),
                  ngettext("{n} note", "{n} notes", report.notes).format(n=report.notes),
                  ngettext("{n} case", "{n} cases", report.cases).format(n=report.cases)]
    parts.append(ngettext("{n} set", "{n} sets", report.sets).format(n=report.sets))
    note = _("pseudonymised") if report.pseudonymised else _("NOT pseudonymised (real names; recorded in the journal)")
    if kind == "qdpx":
        note += "; " + (_("offsets in UTF-16 code units") if report.offsets == "utf16" else _("offsets in code points"))
    click.echo(_("exported {parts} → {path} ({note})").format(parts=", ".join(parts), path=report.path, note=note))
    _warnings(report.warnings)


@click.group()
def qdpx() -> None:
    """Exchange whole projects as REFI-QDA .qdpx files."""


@qdpx.command(name="export")
@project_argument
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path), help=N_("The .qdpx file to write."))
@click.option("--offsets", type=click.Choice(["codepoints", "utf16"]), default="codepoints", show_default=True,
              help=N_("How selection offsets count characters: code points (the standard's examples, "
                      "ATLAS.ti, MAXQDA, QualCoder) or UTF-16 code units (NVivo; an emoji counts 2)."))
@pseudonymise_option
@force_option
def qdpx_export(project, out: Path, offsets: str, pseudonymise: bool, force: bool) -> None:
    """Write PROJECT as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder open."""
    from tema.refi.write import export_qdpx

    with opened(project, backup=False) as store:
        report = export_qdpx(store, out, pseudonymise=pseudonymise, offsets=offsets, force=force)
    _export_summary(report, "qdpx")


@qdpx.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("project")
@click.option("--into", is_flag=True,
              help=N_("Merge into the existing PROJECT through the team merge: the file is imported "
                      "into a staged project beside it and a merge plan is written for review."))
@click.option("--apply", "apply_", is_flag=True, help=N_("With --into: apply the merge plan right away."))
@click.option("--coder", help=N_("Who is importing (named in the journal entry recording the import; not made a "
                                 "coder of the imported codings)."))
@click.option("--force", is_flag=True, help=N_("With --into: replace an existing merge plan (its decisions are kept)."))
@pseudonymise_option
def qdpx_import(file: Path, project: str, into: bool, apply_: bool, coder: str | None, force: bool,
                pseudonymise: bool) -> None:
    """Create PROJECT from a REFI-QDA project FILE (.qdpx, or a bare .qde)."""
    from tema.refi.read import import_qdpx

    if apply_ and not into:
        raise InvalidInput(_("--apply: only with --into"))
    if (force or not pseudonymise) and not into:
        raise InvalidInput(_("--force / --no-pseudonymise: only with --into (they apply to the merge plan)"))
    if into:
        _import_into(file, project, apply_, coder, force=force, pseudonymise=pseudonymise)
        return
    report = import_qdpx(file, project, coder=coder)
    click.echo(_("created {project} from {file} ({origin}): {counts}").format(
        project=project, file=file, origin=report.origin or _("unknown program"), counts=report.summary()))
    for title, units in report.units.items():
        click.echo("  " + _("offsets in «{title}» read as {units}").format(title=title, units=units))
    _import_warnings(report)


def _import_into(file: Path, project: str, apply_: bool, coder: str | None, *, force: bool,
                 pseudonymise: bool) -> None:
    from tema.domain.merge import apply_merge, default_plan_path, write_merge_plan
    from tema.files import check_target
    from tema.refi.read import import_qdpx
    from tema.store.db import is_url, open_store

    open_store(project).close()  # exists, and is a tema project of this version
    check_target(default_plan_path(project), force=force)  # before anything is written
    folder = Path.cwd() if is_url(project) else Path(project).resolve().parent
    staged = folder / f"{Path(file).stem}-staged.tema"
    if staged.exists():
        raise InvalidInput(_("{path}: a staged import is already there (merge or remove it first)").format(path=staged))
    import_qdpx(file, str(staged), coder=coder)
    plan_path, _plan = write_merge_plan(project, [str(staged)], force=force, pseudonymise=pseudonymise, coder=coder)
    if not apply_:
        click.echo(_("imported {file} into {staged}; merge plan written to {plan}").format(
            file=file, staged=staged, plan=plan_path))
        click.echo(_("review the plan, then: tema merge {project} {staged} --plan {plan} --apply").format(
            project=project, staged=staged, plan=plan_path))
        return
    report = apply_merge(project, [str(staged)], plan_path, coder=coder)
    merged = _("merged {file} into {out} (via {staged}); backup: {backup}") if report.backup else \
        _("merged {file} into {out} (via {staged})")
    click.echo(merged.format(file=file, out=report.out, staged=staged, backup=report.backup))
    for line in report.summary_lines():
        click.echo(f"  {line}")


@click.group()
def qdc() -> None:
    """Exchange code books as REFI-QDA .qdc files."""


@qdc.command(name="export")
@project_argument
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path), help=N_("The .qdc file to write."))
@pseudonymise_option
@force_option
def qdc_export(project, out: Path, pseudonymise: bool, force: bool) -> None:
    """Write PROJECT's codes and themes as a REFI-QDA code book (.qdc)."""
    from tema.refi.write import export_qdc

    with opened(project, backup=False) as store:
        report = export_qdc(store, out, pseudonymise=pseudonymise, force=force)
    _export_summary(report, "qdc")


@qdc.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@project_argument
@click.option("--coder", help=N_("Who is importing (recorded in the project's history)."))
def qdc_import(file: Path, project: str, coder: str | None) -> None:
    """Add the codes of a REFI-QDA code book FILE (.qdc) to PROJECT (non-codable groups become themes)."""
    from tema.refi.read import import_qdc

    with opened(project) as store:
        report = import_qdc(file, store, coder=coder)
    click.echo(f"{file} → {project}: {report.summary()}")
    _import_warnings(report)


COMMANDS = [qdpx, qdc]
