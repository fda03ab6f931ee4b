"""`tema bench`: how fast tema is at a master's project or at team scale."""

from __future__ import annotations

from pathlib import Path

import click

from tema.bench.spec import SIZES
from tema.i18n import N_, _


@click.command()
@click.option("--size", type=click.Choice(SIZES), default="small", show_default=True,
              help=N_("small: 5 interviews, 800 codings; team: 500 interviews (~5 M words), 100,000 codings."))
@click.option("--quick", is_flag=True, help=N_("The small size (under a minute); overrides --size."))
@click.option("--interviews", type=click.IntRange(min=1), help=N_("Number of interviews (overrides the size)."))
@click.option("--codings", type=click.IntRange(min=1), help=N_("Number of codings (codes and themes scale with it)."))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Write every figure, baseline and ratio as JSON here."))
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help=N_("Keep the generated corpus and projects here (default: a temporary folder, "
                      "removed after)."))
def bench(size, quick, interviews, codings, output, workdir) -> None:
    """Benchmark import, extracts, search, TUI, exports and merge on a synthetic corpus.

    Every figure is compared with a baseline measured in the same process and run
    (spaCy's own nlp.pipe, raw sqlite3, bare python-docx …): ratios are tema ÷ baseline.
    """
    from rich.console import Console

    from tema.bench.report import print_report, write_json
    from tema.bench.runner import run_bench
    from tema.bench.spec import spec_for

    spec = spec_for("small" if quick else size, interviews=interviews, codings=codings)
    console = Console(stderr=True)

    def progress(step: str, result: dict | None) -> None:
        if result is None:
            console.print(f"[dim]{step} …[/dim]")
        elif "error" in result:
            console.print(f"[red]{step}: {result['error']}[/red]")

    console.print("tema bench: " + _("{interviews} interviews × {words:,} words, {codings:,} codings, {codes:,} codes, "
                                     "{themes} themes").format(interviews=spec.interviews,
                                                               words=spec.words_per_interview, codings=spec.codings,
                                                               codes=spec.codes, themes=spec.themes))
    results = run_bench(spec, quick=quick, workdir=workdir, progress=progress)
    print_report(results, Console())
    if output is not None:
        click.echo(_("wrote {path}").format(path=write_json(results, output)))


COMMANDS = [bench]
