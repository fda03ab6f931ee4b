"""`tema check PROJECT [--json]`: the quality prompts of phases 4–5 (tema.domain.quality).

They are prompts for the researcher, never errors: the exit code is 0 whatever is found."""

from __future__ import annotations

import click

from tema.cli._common import echo_json, opened, project_argument
from tema.i18n import N_, _


@click.command()
@project_argument
@click.option("--json", "as_json", is_flag=True,
              help=N_("Print JSON: a list of {kind, theme_id, code_id, document_id, message, themes, "
                      "start, end, sentences}."))
def check(project, as_json) -> None:
    """Quality prompts: themes without a definition, named like a topic, carried by one
    participant or answering one guide section; codes in many themes; sparsely coded
    parts of transcripts. Prompts to consider, not errors (exit code 0)."""
    from tema.domain import quality

    with opened(project, backup=False) as store, store.session() as s:
        prompts = quality.quality_prompts(s)
    if as_json:
        echo_json([p.as_dict() for p in prompts])
        return
    if not prompts:
        click.echo(_("No prompts: nothing stands out for a second look."))
        return
    for title, group in quality.grouped(prompts):
        click.echo(f"{title} ({len(group)})")
        for p in group:
            click.echo(f"  · {p.message}")


COMMANDS = [check]
