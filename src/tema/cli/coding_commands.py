"""Coding commands: code, uncode, codes (list/rename/merge/retire/define/level), theme, themes, search, resegment."""

from __future__ import annotations

import click

from tema.cli._common import coder_id, coder_option, echo_json, opened, print_table, project_argument
from tema.domain import codes as codes_d
from tema.domain import coding as coding_d
from tema.domain import documents
from tema.domain import themes as themes_d
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import N_, _, ngettext


@click.command()
@project_argument
@click.option("--doc", "doc_ref", required=True, help=N_("Document: title, file name or file stem."))
@click.option("--quote", help=N_("Exact text of the extract (whitespace-tolerant)."))
@click.option("--span", help=N_("START:END offsets (code points, end exclusive) instead of --quote."))
@click.option("--code", "code_names", multiple=True, required=True, help=N_("Code name; a new name creates the code. Repeatable."))
@click.option("--perspective", "perspectives", multiple=True, help=N_("Perspective the extract is coded from. Repeatable."))
@click.option("--level", type=click.Choice(["semantic", "latent"]), help=N_("Level of a new code (or change an existing one)."))
@click.option("--memo", help=N_("A memo on the coding."))
@click.option("--new", "allow_near", is_flag=True,
              help=N_("Create a new code even when its name is close to an existing one (a typo is refused otherwise)."))
@coder_option
def code(project, doc_ref, quote, span, code_names, perspectives, level, memo, allow_near, coder) -> None:
    """Apply one or more codes to an extract of a document."""
    if bool(quote) == bool(span):
        raise InvalidInput(_("give exactly one of --quote or --span"))
    with opened(project) as store, store.transaction() as s:
        if not allow_near:
            _refuse_near_duplicates(s, code_names)
        cid = coder_id(s, coder)
        doc = documents.find_document(s, doc_ref)
        text = documents.document_text(s, doc.id)
        if quote:
            start, end = coding_d.locate_quote(text, quote, where=f"«{doc.title}»")
        else:
            start, end = _parse_span(span)
        coding_d.code_span(s, doc, start, end, list(code_names), coder_id=cid, level=level,
                           perspectives=list(perspectives), memo=memo, text=text)
    click.echo(_("coded {start}–{end} in «{title}» with {codes}").format(start=start, end=end, title=doc.title,
                                                                  codes=", ".join(code_names)))


def _refuse_near_duplicates(s, code_names) -> None:
    """A new code name close to an existing code is most likely a typo of it: refused
    (nothing written) unless --new."""
    from tema.domain.code_match import near_codes

    for name in code_names:
        if codes_d.lookup_code(s, name, include_inactive=True) is None:
            near = near_codes(s, name, limit=1)
            if near:
                raise Conflict(_("--code {name!r}: close to the existing code {near!r}; use that name, "
                                 "or add --new to create {name!r}").format(name=name, near=near[0]))


def _parse_span(span: str) -> tuple[int, int]:
    try:
        a, b = span.split(":")
        return int(a), int(b)
    except ValueError:
        raise InvalidInput(_("--span {span!r}: expected START:END, e.g. 120:245").format(span=span)) from None


@click.command()
@project_argument
@click.option("--doc", "doc_ref", required=True, help=N_("Document: title, file name or file stem."))
@click.option("--quote", help=N_("Text of the coded extract."))
@click.option("--span", help=N_("START:END of the coded extract."))
@click.option("--code", "code_name", required=True, help=N_("The code to remove from the extract."))
@coder_option
def uncode(project, doc_ref, quote, span, code_name, coder) -> None:
    """Remove a code from an extract (undoable)."""
    if bool(quote) == bool(span):
        raise InvalidInput(_("give exactly one of --quote or --span"))
    with opened(project) as store, store.transaction() as s:
        cid = coder_id(s, coder)
        doc = documents.find_document(s, doc_ref)
        text = documents.document_text(s, doc.id)
        start, end = coding_d.locate_quote(text, quote, where=f"«{doc.title}»") if quote else _parse_span(span)
        c = codes_d.find_code(s, code_name)
        hits = [v for v in coding_d.codings_at(s, doc.id, start, end) if v.code_id == c.id and v.start == start and v.end == end]
        if not hits:
            raise NotFound(_("--code {code_name!r}: not applied to {start}–{end} in «{title}»").format(code_name=code_name, start=start, end=end, title=doc.title))
        coding_d.remove_codings(s, [v.id for v in hits], cid)
    click.echo(ngettext("removed «{name}» from {start}–{end} in «{title}» ({n} coding)",
                        "removed «{name}» from {start}–{end} in «{title}» ({n} codings)", len(hits)).format(
        name=c.name, start=start, end=end, title=doc.title, n=len(hits)))


@click.group()
def codes() -> None:
    """List and manage codes: rename, merge, split, retire, define, level."""


@codes.command(name="list")
@project_argument
@click.option("--json", "as_json", is_flag=True)
@click.option("--retired", is_flag=True, help=N_("Include retired codes."))
def codes_list(project, as_json, retired) -> None:
    """Codes with level, extract and participant counts (Norwegian order)."""
    with opened(project, backup=False) as store, store.session() as s:
        stats = codes_d.code_stats(s, include_retired=retired)
        rows = [{"name": st.code.name, "level": st.code.level, "status": st.code.status, "extracts": st.extracts,
                 "participants": st.participants, "definition": st.code.definition} for st in stats]
    if as_json:
        echo_json(rows)
    else:
        print_table([_("Code"), _("Level"), _("Extracts"), _("Participants"), _("Definition")],
                    [[_("{name} (retired)").format(name=r["name"]) if r["status"] == "retired" else r["name"], r["level"], r["extracts"], r["participants"], r["definition"]] for r in rows])


@codes.command(name="rename")
@project_argument
@click.argument("old")
@click.argument("new")
@coder_option
def codes_rename(project, old, new, coder) -> None:
    """Rename a code (its extracts stay)."""
    with opened(project) as store, store.transaction() as s:
        codes_d.rename_code(s, codes_d.find_code(s, old), new, coder_id(s, coder))
    click.echo(_("renamed «{old}» → «{new}»").format(old=old, new=new))


@codes.command(name="merge")
@project_argument
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", "target", required=True, help=N_("The code to merge into (created if new)."))
@coder_option
def codes_merge(project, sources, target, coder) -> None:
    """Merge codes into one; extracts and theme placements move, nothing is lost."""
    with opened(project) as store, store.transaction() as s:
        cid = coder_id(s, coder)
        tgt = codes_d.get_or_create_code(s, target, coder_id=cid)
        n = codes_d.merge_codes(s, [codes_d.find_code(s, name) for name in sources], tgt, cid)
    click.echo(ngettext("merged {codes} into «{target}» ({n} extract moved)",
                        "merged {codes} into «{target}» ({n} extracts moved)", n).format(
        codes=", ".join(sources), target=target, n=n))


@codes.command(name="split")
@project_argument
@click.argument("source")
@click.option("--into", "new_name", required=True, help=N_("Name of the new code."))
@click.option("--coding", "coding_ids", multiple=True, type=int, required=True, help=N_("Id of an extract to move (see `tema extracts`). Repeatable."))
@coder_option
def codes_split(project, source, new_name, coding_ids, coder) -> None:
    """Move chosen extracts of a code to a new code."""
    with opened(project) as store, store.transaction() as s:
        codes_d.split_code(s, codes_d.find_code(s, source), new_name, list(coding_ids), coder_id(s, coder))
    click.echo(ngettext("split {n} extract from «{source}» into «{new}»",
                        "split {n} extracts from «{source}» into «{new}»", len(coding_ids)).format(
        n=len(coding_ids), source=source, new=new_name))


@codes.command(name="retire")
@project_argument
@click.argument("name")
@coder_option
def codes_retire(project, name, coder) -> None:
    """Retire a code: kept with its extracts, no longer offered for coding."""
    with opened(project) as store, store.transaction() as s:
        codes_d.retire_code(s, codes_d.find_code(s, name), coder_id(s, coder))
    click.echo(_("retired «{name}»").format(name=name))


@codes.command(name="define")
@project_argument
@click.argument("name")
@click.option("--definition", help=N_("What the code captures."))
@click.option("--level", type=click.Choice(["semantic", "latent"]))
@click.option("--colour", help=N_("Colour, e.g. #e15759."))
@coder_option
def codes_define(project, name, definition, level, colour, coder) -> None:
    """Set a code's definition, level or colour (creates the code if new)."""
    with opened(project) as store, store.transaction() as s:
        cid = coder_id(s, coder)
        c = codes_d.get_or_create_code(s, name, coder_id=cid)
        codes_d.set_code_fields(s, c, level=level, definition=definition, colour=colour, coder_id=cid)
    click.echo(_("code «{name}» updated").format(name=name))


@click.command()
@project_argument
@click.argument("name")
@click.option("--parent", help=N_("Make it a subtheme of this theme."))
@click.option("--label", help=N_("Label such as 1a."))
@click.option("--definition", help=N_("Definition of the theme."))
@click.option("--concept", help=N_("Central organising concept."))
@click.option("--status", type=click.Choice(["candidate", "final", "discarded"]))
@click.option("--code", "code_names", multiple=True, help=N_("Code to place in the theme (created if new). Repeatable."))
@coder_option
def theme(project, name, parent, label, definition, concept, status, code_names, coder) -> None:
    """Create a theme or subtheme, or update it when it exists."""
    with opened(project) as store, store.transaction() as s:
        cid = coder_id(s, coder)
        t = themes_d.upsert_theme(s, name, parent=parent, label=label, definition=definition, codes=list(code_names), coder_id=cid)
        if concept is not None or status is not None:
            themes_d.set_theme_fields(s, t, central_concept=concept, status=status, coder_id=cid)
        is_subtheme = t.parent_id is not None
    if code_names:
        saved = (ngettext("subtheme «{name}» saved with {n} code", "subtheme «{name}» saved with {n} codes",
                          len(code_names)) if is_subtheme else
                 ngettext("theme «{name}» saved with {n} code", "theme «{name}» saved with {n} codes", len(code_names)))
    else:
        saved = _("subtheme «{name}» saved") if is_subtheme else _("theme «{name}» saved")
    click.echo(saved.format(name=name, n=len(code_names)))


@click.command(name="themes")
@project_argument
@click.option("--json", "as_json", is_flag=True)
def themes_(project, as_json) -> None:
    """The current theme map: themes, subthemes, codes, and unplaced codes."""
    from tema.domain.snapshots import current_structure

    with opened(project, backup=False) as store, store.session() as s:
        data = current_structure(s)
    if as_json:
        echo_json(data)
        return
    for t in data["themes"]:
        click.echo(f"{(t['label'] + ' ') if t['label'] else ''}{t['name']}")
        for c in t["codes"]:
            click.echo(f"    · {c}")
        for sub in t["subthemes"]:
            click.echo(f"  {(sub['label'] + ' ') if sub['label'] else ''}{sub['name']}")
            for c in sub["codes"]:
                click.echo(f"      · {c}")
    if data["unplaced"]:
        click.echo(_("Not placed yet: {codes}").format(codes=", ".join(data["unplaced"])))


@click.command()
@project_argument
@click.argument("query")
@click.option("--exact", is_flag=True, help=N_("Match word forms, not lemmas."))
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
def search(project, query, exact, limit) -> None:
    """Full-text search; by lemma, so `samarbeid` finds samarbeidet, samarbeider…"""
    from tema.domain.search import search as do_search

    with opened(project, backup=False) as store, store.session() as s:
        hits = do_search(s, query, exact=exact, limit=limit)
    if not hits:
        click.echo(_("no hits"))
        return
    for h in hits:
        marked, pos = [], 0
        for a, b in h.marks:
            marked.append(h.text[pos:a] + click.style(h.text[a:b], bold=True, underline=True))
            pos = b
        marked.append(h.text[pos:])
        who = h.participant or h.speaker or ""
        click.echo(f"{h.document} [{who}] {h.start}–{h.end}: {''.join(marked)}")


@click.command()
@project_argument
@click.option("--model", help=N_("spaCy pipeline to segment with."))
@click.option("--doc", "doc_ref", help=N_("Only this document."))
def resegment(project, model, doc_ref) -> None:
    """Rebuild segments (turns, sentences) with a pipeline; codings are untouched."""
    from tema.domain.segments import segment_documents
    from tema.nlp import load_pipeline, pipeline_name

    nlp = load_pipeline(model)
    with opened(project) as store, store.transaction() as s:
        docs = [documents.find_document(s, doc_ref)] if doc_ref else documents.live_documents(s)
        n = segment_documents(s, docs, nlp)
    click.echo(ngettext("resegmented {n} document with {pipeline}: {segments}",
                        "resegmented {n} documents with {pipeline}: {segments}", len(docs)).format(
        n=len(docs), pipeline=pipeline_name(nlp),
        segments=ngettext("{n} segment", "{n} segments", n).format(n=n)))


COMMANDS = [code, uncode, codes, theme, themes_, search, resegment]
