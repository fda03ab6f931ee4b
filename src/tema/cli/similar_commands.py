"""`tema similar`: a second look — passages of the whole dataset like a code's, a theme's or
one quote's extracts, by shared lemmas. Reads only; nothing is coded or written."""

from __future__ import annotations

import click

from tema.cli._common import echo_json, opened, project_argument
from tema.domain.similar import DEFAULT_LIMIT, SecondLook
from tema.errors import InvalidInput
from tema.i18n import N_, _, ngettext


@click.command()
@project_argument
@click.option("--code", "code_name", help=N_("Passages like this code's extracts, not coded with it."))
@click.option("--theme", "theme_name", help=N_("Passages like the extracts of this theme's codes (subthemes included)."))
@click.option("--doc", "doc_ref", help=N_("With --quote: the document holding the extract."))
@click.option("--quote", help=N_("With --doc: the extract's exact text (whitespace-tolerant)."))
@click.option("--limit", default=DEFAULT_LIMIT, show_default=True, type=int, help=N_("How many passages."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.option("--pseudonymise", is_flag=True, help=N_("Apply the project's pseudonym rules to what is shown."))
def similar(project, code_name, theme_name, doc_ref, quote, limit, as_json, pseudonymise) -> None:
    """Passages like a code's, a theme's or a quote's extracts, ranked by shared lemmas.

    Offline and transparent: each passage lists the lemmas it shares with the extracts;
    interviewer turns, trashed documents and passages already coded with the code (or
    in the theme) are left out. Nothing is coded or written.
    """
    from tema.domain import codes as codes_d
    from tema.domain import documents
    from tema.domain import similar as similar_d
    from tema.domain import themes as themes_d
    from tema.domain.coding import locate_quote

    given = [x for x in (code_name, theme_name, doc_ref or quote) if x]
    if len(given) != 1 or bool(doc_ref) != bool(quote):
        raise InvalidInput(_("give exactly one of --code, --theme or --doc with --quote"))
    with opened(project, backup=False) as store, store.session() as s:
        if code_name:
            look = similar_d.similar_to_code(s, codes_d.find_code(s, code_name).id, limit=limit,
                                             pseudonymised=pseudonymise)
        elif theme_name:
            look = similar_d.similar_to_theme(s, themes_d.find_theme(s, theme_name).id, limit=limit,
                                              pseudonymised=pseudonymise)
        else:
            doc = documents.find_document(s, doc_ref)
            start, end = locate_quote(documents.document_text(s, doc.id), quote, where=f"«{doc.title}»")
            look = similar_d.similar_to_span(s, doc.id, start, end, limit=limit, pseudonymised=pseudonymise)
    if as_json:
        echo_json(as_dict(look))
    else:
        _print(look)


def as_dict(look: SecondLook) -> dict:
    return {
        "kind": look.kind, "name": look.name, "extracts": look.extracts,
        "terms": [{"lemma": t.lemma, "weight": round(t.weight, 3), "segments": t.df} for t in look.terms],
        "passages": [{"rank": i + 1, "participant": p.participant, "participant_label": p.participant_label,
                      "document": p.document, "document_id": p.document_id, "segment_id": p.segment_id,
                      "speaker": p.speaker, "start": p.start, "end": p.end, "text": p.text, "score": p.score,
                      "shared": list(p.shared)} for i, p in enumerate(look.passages)],
        "participants_without": look.participants_without,
    }


def _marked(text: str, marks) -> str:
    out, pos = [], 0
    for a, b in marks:
        out.append(text[pos:a] + click.style(text[a:b], bold=True, underline=True))
        pos = b
    out.append(text[pos:])
    return "".join(out).replace("\n", " ")


def _print(look: SecondLook) -> None:
    click.echo(ngettext("Passages like {what} ({n} extract)", "Passages like {what} ({n} extracts)",
                        look.extracts).format(what=look.what, n=look.extracts))
    if not look.terms:
        click.echo(_("no content lemmas to look for (the extracts hold only function words, or nothing)"))
        return
    click.echo(_("lemmas looked for: {terms}").format(terms=", ".join(t.lemma for t in look.terms)))
    if not look.passages:
        click.echo(_("no passages found"))
        return
    for i, p in enumerate(look.passages):
        click.echo(f"{i + 1:>3}. {p.who} · {p.document} {p.start}–{p.end} · "
                   + _("shared: {lemmas}").format(lemmas=", ".join(p.shared)))
        click.echo(f"     {_marked(p.text, p.marks)}")
    if look.participants_without:
        click.echo(_("participants with none of these passages: {who}").format(who=", ".join(look.participants_without)))


COMMANDS = [similar]
