"""`tema export` (tables, codebook) and `tema map` (theme maps): thin calls into tema.export."""

from __future__ import annotations

from pathlib import Path

import click

from tema.cli._common import coder_option, opened, project_argument
from tema.cli._export_options import force_option, pseudonymise_option
from tema.i18n import N_, _

_TABLES_HELP = N_("TABLE: themes, code-themes, perspectives, lineage, snapshot, participants, guide, matrix, "
                "case-matrix, wave-themes, codebook, process")


@click.command(name="export", epilog=_TABLES_HELP)
@project_argument
@click.argument("table", metavar="TABLE")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "xlsx", "docx", "html", "png", "svg"]),
              help=N_("Output format (default: from -o's extension, else md; docx for the codebook). "
                      "The matrix can also be drawn as png or svg."))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help=N_("File or folder to write (default: exports/<project>/)."))
@click.option("--code", "codes", multiple=True, help=N_("Only rows of this code. Repeatable."))
@click.option("--theme", "themes", multiple=True, help=N_("Only rows of this theme or subtheme. Repeatable."))
@click.option("--snapshot", "snapshots", multiple=True,
              help=N_("Snapshot for `snapshot`; for `lineage` the snapshots in order. Repeatable."))
@click.option("--by", type=click.Choice(["theme", "code"]), default="theme", show_default=True,
              help=N_("Rows of the `matrix`."))
@click.option("--columns", default="participant", show_default=True, metavar="participant|case|wave|attr:KEY",
              help=N_("Columns of the `matrix`: participants, cases, waves, or the values of participant attribute KEY."))
@click.option("--measure", type=click.Choice(["extracts", "codings"]), default="extracts", show_default=True,
              help=N_("What the counts count: distinct extracts (overlapping coded passages once) or codings."))
@click.option("--lang", type=click.Choice(["nb", "en"]),
              help=N_("Language of headings and titles (default: the project's language; Norwegian unless "
                      "the project is English)."))
@click.option("--number", type=click.IntRange(1, 999), default=1, show_default=True,
              help=N_("Number of the (first) table in its caption: «Tabell N: …»."))
@click.option("--examples", type=click.IntRange(0, 100), default=3, show_default=True,
              help=N_("Codebook: example extracts per code."))
@click.option("--journal", is_flag=True, help=N_("Codebook: add the reflexive journal as an appendix."))
@click.option("--comments", is_flag=True, help=N_("Codebook (Word): open feedback also as Word comments on its items."))
@force_option
@pseudonymise_option
@coder_option
def export(project, table, fmt, out, codes, themes, snapshots, by, columns, measure, lang, number, examples, journal,
           comments, force, pseudonymise, coder) -> None:
    """Export TABLE (or the codebook) as Markdown, CSV, Excel, Word or HTML.

    Every text passes through the project's pseudonym rules (`tema pseudonym`) unless
    --no-pseudonymise is given (then the journal records what was written, where, by whom)."""
    from tema.export.api import run_export

    with opened(project, backup=False) as store:
        path = run_export(store, table, fmt, out, codes=codes, themes=themes, snapshots=snapshots, by=by,
                          lang=lang, force=force, number=number, examples=examples, journal=journal,
                          comments=comments, pseudonymise=pseudonymise, coder=coder, columns=columns, measure=measure)
    click.echo(_("wrote {path}").format(path=path))


@click.command(name="map")
@project_argument
@click.option("--snapshot", help=N_("Draw this snapshot instead of the current map."))
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "dot", "graphml", "mermaid"]),
              help=N_("Output format (default: from -o's extension, else svg)."))
@click.option("--codes/--no-codes", default=False, show_default=True, help=N_("Draw the codes too."))
@click.option("--unplaced", is_flag=True, help=N_("Also draw the codes not placed in any theme, as a branch of their own."))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help=N_("File or folder to write (default: exports/<project>/)."))
@click.option("--lang", type=click.Choice(["nb", "en"]),
              help=N_("Language of the map's labels (default: the project's language)."))
@force_option
@pseudonymise_option
@coder_option
def map_(project, snapshot, fmt, codes, unplaced, out, lang, force, pseudonymise, coder) -> None:
    """Draw the theme map: the research question at the centre, themes, subthemes (and codes)."""
    from tema.export.api import write_map

    with opened(project, backup=False) as store:
        path = write_map(store, fmt, out, snapshot=snapshot, codes=codes, lang=lang, force=force,
                         pseudonymise=pseudonymise, coder=coder, unplaced=unplaced)
    click.echo(_("wrote {path}").format(path=path))


COMMANDS = [export, map_]
