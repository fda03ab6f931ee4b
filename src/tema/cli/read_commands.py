"""Short read-only commands: info, extracts.

They read a few rows and exit, so their start is most of what a user waits for (issue 15:
within 1.5× of ``python -c "import sqlalchemy.orm"``). They read through
``tema.domain.plain_reads`` (plain SQL) and import no ORM model, no command module and
nothing else heavy unless an option needs it (``--pseudonymise`` loads the pseudonym
rules' module); ``tests/test_startup.py`` checks what each imports.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import click

from tema.cli._common import echo_json, opened, print_table, project_argument
from tema.domain import plain_reads
from tema.domain.phases import PHASES_EN
from tema.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from tema.domain.pseudonyms import Pseudonymizer


@click.command()
@project_argument
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON (keys: participants, documents, codes, codings, themes, subthemes, …)."))
def info(project, as_json) -> None:
    """Counts per table."""
    with opened(project, backup=False) as store, store.session() as s:
        data = plain_reads.info(s)
        docs = [{"title": d.title, "words": d.n_words, "pipeline": d.pipeline, "encoding": d.encoding}
                for d in plain_reads.document_summaries(s)]
    if as_json:
        echo_json(data)
        return
    click.echo(f"{data['title']}")
    if data["question"]:
        click.echo(f"  {data['question']}")
    click.echo("  " + _("phase {n}: {name}").format(n=data["phase"], name=_(PHASES_EN[data["phase"]])))
    labels = {key: _(label) for key, label in INFO_LABELS.items()}
    width = max(16, *(len(label) + 1 for label in labels.values()))
    for key, value in data.items():
        if key not in ("title", "question", "phase"):
            click.echo(f"  {labels.get(key, key):{width}} {value}")
    for d in docs:
        click.echo("  · " + ngettext("{title} — {n} word, {encoding}, segmented by {pipeline}",
                                     "{title} — {n} words, {encoding}, segmented by {pipeline}", d["words"] or 0).format(
            title=d["title"], n=d["words"], encoding=d["encoding"], pipeline=d["pipeline"]))


# The counts `tema info` prints (the keys of tema.domain.plain_reads.info; --json keeps the keys).
INFO_LABELS = {
    "participants": N_("participants"), "cases": N_("cases"), "documents": N_("documents"),
    "segments": N_("sentences"), "turns": N_("turns"), "codes": N_("codes"), "codings": N_("codings"),
    "perspectives": N_("perspectives"), "themes": N_("themes"), "subthemes": N_("subthemes"),
    "snapshots": N_("snapshots"), "memos": N_("memos"), "coders": N_("coders"),
    "pseudonym_rules": N_("pseudonym rules"), "events": N_("events"),
}


@click.command()
@project_argument
@click.option("--code", "code_names", multiple=True, help=N_("Only extracts of this code. Repeatable."))
@click.option("--doc", "doc_ref", help=N_("Only extracts in this document."))
@click.option("--json", "as_json", is_flag=True)
@click.option("--pseudonymise", is_flag=True,
              help=N_("Apply the project's pseudonym rules to every text shown (extracts, codes, names)."))
def extracts(project, code_names, doc_ref, as_json, pseudonymise) -> None:
    """List coded extracts with participant, document, code and perspectives."""
    with opened(project, backup=False) as store, store.session() as s:
        ids = [plain_reads.code_id(s, n) for n in code_names] or None
        doc_id = plain_reads.document_id(s, doc_ref) if doc_ref else None
        rows = plain_reads.extracts(s, ids, doc_id=doc_id)
        if pseudonymise:
            from tema.domain.pseudonyms import Pseudonymizer

            rows = _pseudonymised(rows, Pseudonymizer.for_session(s))
    if as_json:
        echo_json([r.__dict__ for r in rows])
    else:
        print_table([_("id"), _("Code"), _("Participant"), _("Document"), _("Span"), _("Extract"), _("Perspectives")],
                    [[r.coding_id, r.code, r.participant_label or r.participant, r.document, f"{r.start}–{r.end}", r.text, ", ".join(r.perspectives)] for r in rows])


def _pseudonymised(rows: list[plain_reads.Extract], pz: Pseudonymizer) -> list[plain_reads.Extract]:
    return [replace(r, code=pz(r.code), document=pz(r.document), participant=pz(r.participant),
                    participant_label=pz(r.participant_label), text=pz(r.text), coder=pz(r.coder),
                    perspectives=tuple(pz(x) for x in r.perspectives)) for r in rows]


COMMANDS = [info, extracts]
