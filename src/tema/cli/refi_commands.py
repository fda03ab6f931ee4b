"""`tema qdpx` and `tema qdc`: REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import opened, project_argument
from tema.errors import InvalidInput

MAX_WARNINGS = 25

_pseudonymise = click.option(
    "--no-pseudonymise", "raw", is_flag=True,
    help="Write real names and text (default: the project's pseudonym rules are applied to everything).",
)


def _warnings(lines: list[str]) -> None:
    for line in lines[:MAX_WARNINGS]:
        click.echo(f"  ! {line}", err=True)
    if len(lines) > MAX_WARNINGS:
        click.echo(f"  ! … and {len(lines) - MAX_WARNINGS} more", err=True)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in counts.items() if n) or "nothing"


def _export_summary(report, kind: str) -> None:
    parts = [f"{report.codes} code-book entries"]
    if kind == "qdpx":
        parts += [f"{report.sources} sources", f"{report.codings} codings", f"{report.notes} notes",
                  f"{report.cases} cases"]
    parts.append(f"{report.sets} sets")
    note = "pseudonymised" if report.pseudonymised else "NOT pseudonymised (real names)"
    click.echo(f"exported {', '.join(parts)} → {report.path} ({note})")
    _warnings(report.warnings)


@click.group()
def qdpx() -> None:
    """Exchange whole projects as REFI-QDA .qdpx files."""


@qdpx.command(name="export")
@project_argument
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path), help="The .qdpx file to write.")
@_pseudonymise
def qdpx_export(project, out: Path, raw: bool) -> None:
    """Write PROJECT as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder open."""
    from tema.export.refi import export_qdpx

    with opened(project, backup=False) as store:
        report = export_qdpx(store, out, pseudonymise=not raw)
    _export_summary(report, "qdpx")


@qdpx.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("project")
@click.option("--into", is_flag=True, help="Merge into the existing PROJECT (not implemented: import, then `tema merge`).")
@click.option("--coder", help="Who is importing (recorded in the project's history).")
def qdpx_import(file: Path, project: str, into: bool, coder: str | None) -> None:
    """Create PROJECT from a REFI-QDA project FILE (.qdpx, or a bare .qde)."""
    from tema.ingest.refi import import_qdpx

    if into:
        raise InvalidInput(
            f"--into: importing straight into an existing project is not implemented; import into a new file "
            f"(`tema qdpx import {file} NEW.tema`), then merge it: `tema merge {project} NEW.tema` "
            "(writes a plan to review) and `tema merge " f"{project} NEW.tema --apply`"
        )
    report = import_qdpx(file, project, coder=coder)
    click.echo(f"created {project} from {file} ({report.origin or 'unknown program'}): {_counts(report.counts)}")
    for title, units in report.units.items():
        click.echo(f"  offsets in «{title}» read as {units}")
    _warnings(report.warnings)


@click.group()
def qdc() -> None:
    """Exchange code books as REFI-QDA .qdc files."""


@qdc.command(name="export")
@project_argument
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path), help="The .qdc file to write.")
@_pseudonymise
def qdc_export(project, out: Path, raw: bool) -> None:
    """Write PROJECT's codes and themes as a REFI-QDA code book (.qdc)."""
    from tema.export.refi import export_qdc

    with opened(project, backup=False) as store:
        report = export_qdc(store, out, pseudonymise=not raw)
    _export_summary(report, "qdc")


@qdc.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@project_argument
@click.option("--coder", help="Who is importing (recorded in the project's history).")
def qdc_import(file: Path, project: str, coder: str | None) -> None:
    """Add the codes of a REFI-QDA code book FILE (.qdc) to PROJECT (non-codable groups become themes)."""
    from tema.ingest.refi import import_qdc

    with opened(project) as store:
        report = import_qdc(file, store, coder=coder)
    click.echo(f"{file} → {project}: {_counts(report.counts)}")
    _warnings(report.warnings)


COMMANDS = [qdpx, qdc]
