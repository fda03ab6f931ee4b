"""Two coders compared (``tema.domain.compare``) as the terminal shows it, as Markdown and
as an Excel workbook — one set of renderers for the CLI and the TUI.

Written files are pseudonymised by default (the project's rules applied to every text:
code names, documents, extracts, coder names, the project title) and go through
``tema.files`` (owner-only, atomic, never over an existing file without ``force``)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from tema.domain.compare import OVERLAP_NOTE, Comparison, compare_coders, difference_table, summary_table
from tema.domain.documents import find_document
from tema.domain.project import get_project
from tema.domain.pseudonyms import Pseudonymizer
from tema.errors import InvalidInput
from tema.export.doc import Doc, Heading, Para, TableBlock
from tema.export.privacy import pseudonymizer, recorded_write
from tema.export.table import Table
from tema.files import check_target, write_file, write_text
from tema.i18n import _
from tema.store.db import Store

FORMATS = ("md", "xlsx")
LANG = "en"  # the comparison's wording is English for now


def pseudonymised(cmp: Comparison, pz: Pseudonymizer) -> Comparison:
    """A copy of ``cmp`` with the pseudonym rules applied to every text it holds."""
    if not pz.active:
        return cmp

    def t(text: str) -> str:
        return pz(text) or ""

    return replace(
        cmp, coder_a=t(cmp.coder_a), coder_b=t(cmp.coder_b), documents=[t(d) for d in cmp.documents],
        differences=[replace(d, document=t(d.document), code=t(d.code), text_a=t(d.text_a), text_b=t(d.text_b))
                     for d in cmp.differences],
        summaries=[replace(sm, code=t(sm.code)) for sm in cmp.summaries],
    )


def tables(cmp: Comparison) -> list[Table]:
    """The per-code figures (with the note on what the overlap share means) and the differences."""
    per_code, diffs = summary_table(cmp), difference_table(cmp)
    return [Table("per-code", "Per code", per_code[0], per_code[1], note=OVERLAP_NOTE),
            Table("differences", "Differences", diffs[0], diffs[1])]


def compare_doc(cmp: Comparison, project_title: str) -> Doc:
    per_code, diffs = tables(cmp)
    docs = ", ".join(f"«{d}»" for d in cmp.documents) or "none coded by both"
    return Doc(f"Coding compared: {cmp.coder_a} and {cmp.coder_b}", LANG, [
        Heading(1, f"Coding compared: {cmp.coder_a} and {cmp.coder_b}"),
        Para(f"Project: {project_title}. Documents: {docs}."),
        Heading(2, "Per code"), TableBlock(per_code, 1),
        Heading(2, "Where the coding differs"), TableBlock(diffs, 2),
    ])


def compare_markdown(cmp: Comparison, project_title: str) -> str:
    from tema.export.render_md import render

    return render(compare_doc(cmp, project_title))


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def compare_lines(cmp: Comparison) -> list[str]:
    """The comparison for a terminal: per code, its figures, then each difference on a line."""
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
                assert d.a is not None and d.b is not None
                a0, b0 = d.a[0], d.b[0]
                extra = "; ".join(
                    [f"only {a} {s}–{e} «{_clip(d.text_a[s - a0:e - a0], 40)}»" for s, e in d.only_a]
                    + [f"only {b} {s}–{e} «{_clip(d.text_b[s - b0:e - b0], 40)}»" for s, e in d.only_b])
                out.append(f"  {label} {d.document}  {a} {d.a[0]}–{d.a[1]}, {b} {d.b[0]}–{d.b[1]}; {extra}")
            else:
                span = d.a or d.b
                assert span is not None
                out.append(f"  {label} {d.document}  {span[0]}–{span[1]}  «{_clip(d.text_a or d.text_b)}»")
    out += ["", f"¹ {OVERLAP_NOTE}"]
    return out


def read_comparison(store: Store, coder_a: str, coder_b: str, *, doc: str | None = None,
                    pseudonymise: bool = True) -> tuple[Comparison, str]:
    """The comparison and the project's title, pseudonymised unless asked not to."""
    with store.session() as s:
        doc_id = find_document(s, doc).id if doc else None
        cmp = compare_coders(s, coder_a, coder_b, doc_id=doc_id)
        pz = pseudonymizer(s, pseudonymise)
        return pseudonymised(cmp, pz), pz(get_project(s).title) or ""


def pick_format(fmt: str | None, out: str | os.PathLike[str] | None) -> str:
    if fmt is None:
        fmt = "xlsx" if out is not None and Path(out).suffix.lower() == ".xlsx" else "md"
    if fmt not in FORMATS:
        raise InvalidInput(_("--format {fmt!r}: a comparison can be written as {formats}").format(fmt=fmt, formats=', '.join(FORMATS)))
    return fmt


def write_comparison(store: Store, coder_a: str, coder_b: str, out: str | os.PathLike[str], fmt: str | None = None,
                     *, doc: str | None = None, force: bool = False, pseudonymise: bool = True,
                     coder: str | None = None) -> Path:
    """Write the comparison of two coders to ``out`` as Markdown or Excel; returns the file."""
    fmt = pick_format(fmt, out)
    path = check_target(Path(out).expanduser(), force=force)
    cmp, title = read_comparison(store, coder_a, coder_b, doc=doc, pseudonymise=pseudonymise)

    def write() -> Path:
        if fmt == "md":
            return write_text(path, compare_markdown(cmp, title), force=force)
        from tema.export.render_sheets import write_xlsx

        return write_file(path, lambda tmp: write_xlsx([(t, i) for i, t in enumerate(tables(cmp), 1)], tmp, LANG),
                          force=force)

    return recorded_write(store, write, pseudonymise=pseudonymise, what=f"comparison of {coder_a} and {coder_b} ({fmt})",
                          paths=[path], coder=coder)
