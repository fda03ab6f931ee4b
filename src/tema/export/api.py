"""The export API the CLI and the TUI call: build (pseudonymised) tables, write a
table or the codebook in a format, draw the theme map. Reads happen in one
short-lived session; files are written after it is closed, through ``tema.files``
(owner-only, atomic, never over an existing file without ``force``).

Everything is pseudonymised by default; ``pseudonymise=False`` writes the real
strings and records that in the project's journal (``tema.export.privacy``).

Headings and titles follow the project's language (``tema init --language``: Norwegian
unless the project is English) unless ``lang`` says otherwise; the interface's language
(``--lang``, TEMA_LANG) does not change them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from tema.domain.project import get_project
from tema.errors import InvalidInput, NotFound
from tema.export import output
from tema.export.casetables import case_matrix_table, wave_themes_table
from tema.export.doc import Doc, table_doc
from tema.export.labels import Words
from tema.export.lineage import lineage_table, perspectives_table
from tema.export.privacy import pseudonymizer, recorded_write
from tema.export.sample import matrix_table, participants_tables
from tema.export.table import Table, slug
from tema.export.tables import Filters, code_themes_table, guide_table, snapshot_table, themes_table
from tema.files import check_target, write_file
from tema.i18n import _
from tema.store.db import Store

TABLES: dict[str, Callable[[Session, Filters, Words], list[Table]]] = {
    "themes": themes_table,
    "code-themes": code_themes_table,
    "perspectives": perspectives_table,
    "lineage": lineage_table,
    "snapshot": snapshot_table,
    "participants": participants_tables,
    "guide": guide_table,
    "matrix": matrix_table,
    "case-matrix": case_matrix_table,
    "wave-themes": wave_themes_table,
}
TABLE_FORMATS = ("md", "csv", "xlsx", "docx", "html")
CODEBOOK_FORMATS = ("docx", "md", "html")
PROCESS_FORMATS = ("docx", "md")
HEATMAP_FORMATS = ("png", "svg")
MAP_FORMATS = ("svg", "png", "dot", "graphml", "mermaid")
EXPORTS = (*TABLES, "codebook", "process")
_SUFFIX = {"mermaid": "mmd"}


def export_language(session: Session, lang: str | None = None) -> str:
    """The language of an export's headings: ``lang`` when given, else the project's
    language — en for an English project, nb (the thesis' wording) for any other."""
    if lang:
        return lang
    code = (get_project(session).language or "nb").replace("-", "_").split("_")[0].lower()
    return "en" if code == "en" else "nb"


def formats_for(name: str) -> tuple[str, ...]:
    if name == "codebook":
        return CODEBOOK_FORMATS
    if name == "process":
        return PROCESS_FORMATS
    return TABLE_FORMATS + (HEATMAP_FORMATS if name == "matrix" else ())


def _check_name(name: str) -> None:
    if name not in EXPORTS:
        raise NotFound(_("table {name!r}: unknown (choose from {choices})").format(name=name, choices=', '.join(EXPORTS)))


def _pick_format(fmt: str | None, out: str | os.PathLike | None, allowed: tuple[str, ...], what: str) -> str:
    if fmt is None and out is not None:
        ext = Path(out).suffix.lstrip(".").lower()
        ext = {"markdown": "md", "htm": "html", "mmd": "mermaid", "gv": "dot"}.get(ext, ext)
        fmt = ext if ext in allowed else None
    fmt = fmt or allowed[0]
    if fmt not in allowed:
        raise InvalidInput(_("--format {fmt!r}: {what} can be written as {formats}").format(fmt=fmt, what=what, formats=', '.join(allowed)))
    return fmt


def build_tables(session: Session, name: str, filters: Filters | None = None, lang: str | None = None, *,
                 pseudonymise: bool = True) -> list[Table]:
    """The named table(s) as data, with the project's pseudonym rules applied (unless not)."""
    _check_name(name)
    if name in ("codebook", "process"):
        raise InvalidInput(_("{name}: is a document, not a table (use run_export)").format(name=name))
    f = filters or Filters()
    if f.by not in ("theme", "code"):
        raise InvalidInput(_("--by {by!r}: must be theme or code").format(by=f.by))
    ps = pseudonymizer(session, pseudonymise)
    return [t.text_map(ps) for t in TABLES[name](session, f, Words(export_language(session, lang)))]


def build_codebook_doc(session: Session, lang: str | None = None, *, examples: int = 3, journal: bool = False,
                       filters: Filters | None = None, pseudonymise: bool = True, comments: bool = False) -> Doc:
    from tema.export.codebook import build_codebook

    if examples < 0:
        raise InvalidInput(_("--examples {examples}: must be 0 or more").format(examples=examples))
    return build_codebook(session, Words(export_language(session, lang)), examples=examples, journal=journal, filters=filters,
                          comments=comments).text_map(pseudonymizer(session, pseudonymise))


def codebook_section_doc(session: Session, theme_id: int, lang: str | None = None, *, examples: int = 3) -> Doc:
    """The codebook's section of one theme or subtheme (what ``build_codebook_doc`` holds
    for it), with the project's pseudonym rules applied — the TUI's preview."""
    from tema.export.codebook import build_theme_section

    if examples < 0:
        raise InvalidInput(_("--examples {examples}: must be 0 or more").format(examples=examples))
    return build_theme_section(session, Words(export_language(session, lang)), theme_id, examples=examples).text_map(
        pseudonymizer(session))


def run_export(
    store: Store,
    table: str,
    fmt: str | None = None,
    out_path: str | os.PathLike | None = None,
    *,
    codes: Iterable[str] = (),
    themes: Iterable[str] = (),
    snapshots: Iterable[str] = (),
    by: str = "theme",
    lang: str | None = None,
    force: bool = False,
    number: int = 1,
    examples: int = 3,
    journal: bool = False,
    pseudonymise: bool = True,
    coder: str | None = None,
    comments: bool = False,
    columns: str = "participant",
    measure: str = "extracts",
) -> Path:
    """Write one export (a table, or ``"codebook"``) and return the file written.

    ``fmt`` defaults to the extension of ``out_path``, else md (tables) / docx
    (codebook); ``out_path`` may be a file or a folder, default exports/<project>/.
    ``pseudonymise=False`` writes real strings and records it in the journal (by ``coder``)."""
    _check_name(table)
    if lang is None:
        with store.session() as s:
            lang = export_language(s)
    w = Words(lang)
    fmt = _pick_format(fmt, out_path, formats_for(table), table)
    filters = Filters(list(codes), list(themes), list(snapshots), by, columns, measure)
    if table == "codebook" and fmt == "docx":  # the project's id, so comments find their way back
        from tema.domain.feedback_import import ensure_project_uid

        with store.transaction() as s:
            ensure_project_uid(s)
    with store.session() as s:
        ps = pseudonymizer(s, pseudonymise)
        if table == "codebook":
            doc = build_codebook_doc(s, lang, examples=examples, journal=journal, filters=filters,
                                     pseudonymise=pseudonymise, comments=comments)
            tables = []
        elif table == "process":
            from tema.export.process import build_process

            doc = build_process(s, Words(lang), filters).text_map(ps)
            tables = []
        else:
            tables = build_tables(s, table, filters, lang, pseudonymise=pseudonymise)
            doc = table_doc(ps(get_project(s).title), lang, tables, number)
        suffix = "-" + slug(ps(" ".join(filters.snapshots))) if filters.snapshots and table in ("snapshot", "lineage") else ""
    name = f"{table}{suffix}{'' if lang == 'nb' else '-' + lang}.{fmt}"
    path = output.target(out_path, name, store.name, force=force)
    paths = _csv_paths(tables, path, force) if fmt == "csv" else [path]

    def write() -> Path:
        if fmt == "csv":
            return _write_csv(tables, paths, force)
        if fmt in HEATMAP_FORMATS:
            from tema.export import heatmap
            from tema.export.render_md import caption

            return write_file(path, lambda tmp: heatmap.save(tables[0], tmp, fmt, caption(doc.tables[0], lang)),
                              force=force)
        return write_file(path, lambda tmp: _write_doc(doc, tmp, fmt, w), force=force)

    return recorded_write(store, write, pseudonymise=pseudonymise, what=f"{table} ({fmt})", paths=paths,
                          coder=coder)


def _write_doc(doc: Doc, tmp: Path, fmt: str, w: Words) -> None:
    if fmt == "md":
        from tema.export import render_md as r
    elif fmt == "html":
        from tema.export import render_html as r
    elif fmt == "docx":
        from tema.export import render_docx as r
    else:
        from tema.export.render_sheets import write_xlsx

        write_xlsx([(b.table, b.number) for b in doc.tables], tmp, w.lang)
        return
    r.write(doc, tmp)


def _csv_paths(tables: list[Table], path: Path, force: bool) -> list[Path]:
    """One CSV per table: the first at ``path``, others beside it (``<stem>-<table>.csv``)."""
    paths = [path] + [path.with_name(f"{path.stem}-{t.key}{path.suffix}") for t in tables[1:]]
    for p in paths[1:]:
        check_target(p, force=force)
    return paths


def _write_csv(tables: list[Table], paths: list[Path], force: bool) -> Path:
    from tema.export.render_sheets import write_csv

    for t, p in zip(tables, paths):
        write_file(p, lambda tmp, t=t: write_csv(t, tmp), force=force)
    return paths[0]


def map_graph_for(session: Session, snapshot: str | None = None, *, codes: bool = False, lang: str | None = None,
                  pseudonymise: bool = True, unplaced: bool = False):
    """The (pseudonymised) theme-map graph of the current map or a snapshot."""
    from tema.export.thememap import centre_label, map_graph, map_structure, relabel

    structure, _ = map_structure(session, snapshot)
    g = map_graph(structure, centre_label(session), Words(export_language(session, lang)), codes=codes,
                  unplaced=unplaced)
    return relabel(g, pseudonymizer(session, pseudonymise))


def write_map(
    store: Store,
    fmt: str | None = None,
    out_path: str | os.PathLike | None = None,
    *,
    snapshot: str | None = None,
    codes: bool = False,
    lang: str | None = None,
    force: bool = False,
    pseudonymise: bool = True,
    coder: str | None = None,
    unplaced: bool = False,
) -> Path:
    """Draw the theme map (current, or ``snapshot``) as svg, png, dot, graphml or mermaid."""
    if lang is None:
        with store.session() as s:
            lang = export_language(s)
    w = Words(lang)
    fmt = _pick_format(fmt, out_path, MAP_FORMATS, "the theme map")
    with store.session() as s:
        g = map_graph_for(s, snapshot, codes=codes, lang=lang, pseudonymise=pseudonymise, unplaced=unplaced)
        ps = pseudonymizer(s, pseudonymise)
        snap_name = ps(_snapshot_name(s, snapshot)) if snapshot else None
    caption = f"{w['title.map']}" + (f": {snap_name}" if snap_name else "")
    base = "temakart" if lang == "nb" else "theme-map"
    name = f"{base}{'-' + slug(snap_name) if snap_name else ''}{'-codes' if codes else ''}.{_SUFFIX.get(fmt, fmt)}"
    path = output.target(out_path, name, store.name, force=force)

    def write(tmp: Path) -> None:
        from tema.export import mapformats

        if fmt in ("svg", "png"):
            from tema.export import mapdraw

            mapdraw.save(g, tmp, fmt, caption)
        elif fmt == "dot":
            tmp.write_text(mapformats.to_dot(g), encoding="utf-8")
        elif fmt == "mermaid":
            tmp.write_text(mapformats.to_mermaid(g), encoding="utf-8")
        else:
            mapformats.write_graphml(g, tmp)

    return recorded_write(store, lambda: write_file(path, write, force=force), pseudonymise=pseudonymise,
                          what=f"theme map ({fmt})", paths=[path], coder=coder)


def _snapshot_name(session: Session, name: str) -> str:
    from tema.domain.snapshots import find_snapshot

    return find_snapshot(session, name).name
