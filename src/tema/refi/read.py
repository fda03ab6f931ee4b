"""Import REFI-QDA: a .qdpx (or bare .qde) into a NEW project, a .qdc code book
into an existing one. The mapping is the reverse of ``tema.refi.write``:

- Users → coders; codes and themes as in ``tema.refi.read_codebook``; Cases →
  participants and case groups (``tema.refi.read_cases``).
- TextSources (and a PDF's text Representation, an audio/video Transcript) →
  documents, text NFC, BOM dropped, line ends kept; pictures, PDFs without text
  and media are reported. A source without a name (qualitative-coding) is titled
  by its text file's stem, else its GUID. Wave, interview date and interviewer
  come from the source's Variables (``tema.refi.variables``). Offsets: see
  ``tema.refi.offsets`` (UTF-16 for NVivo, checked against each selection's
  ``name``); a selection outside its text is reported and skipped, never fatal.
- Codings keep their coder (``creatingUser``); a coding's ``Coding memo`` note
  → its memo and perspectives; notes as in ``tema.refi.read_notes``.
- Sets: a ``tema-snapshot`` Set → a snapshot; a Set of codes → theme placements
  or a candidate theme; Sets of documents are reported.
- The person importing is not made a coder: the import is recorded in the
  project's journal (who, from what, every warning), and when there are
  warnings the full list is also written to a report file beside the project
  (``tema.refi.report``).

Everything happens in one transaction after the whole file has been read and
checked; on any error the half-created project file is removed. Documents are
segmented as they are written (spaCy streams through the texts), so the spans
of all documents are never held at once.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from tema.domain.coders import get_or_create_coder, resolve_coder_name
from tema.domain.events import recorded
from tema.errors import Conflict, InvalidInput
from tema.i18n import _
from tema.refi.archive import LIMITS, Limits, parse_xml
from tema.refi.parse import parse_codebook
from tema.refi.read_codebook import CodebookImporter
from tema.refi.read_project import ProjectImporter, record_import
from tema.refi.report import ImportReport, report_path, write_report
from tema.refi.sources import Package, PreparedSource
from tema.store.db import Store, create_store, is_url

RefiImportReport = ImportReport  # the name callers used before


def _cleanup(target: str) -> None:
    if is_url(target):
        return
    path = Path(target)
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def _prepare(pkg: Package, report: ImportReport) -> list[PreparedSource]:
    proj = pkg.project
    prepared: list[PreparedSource] = []
    for source in proj.sources:
        result = pkg.prepared(source)
        if isinstance(result, str):
            report.warn("skipped", result)
        else:
            prepared.append(result)
            for kind, text in result.warnings:
                report.warn(kind, text)
    if not proj.sources:
        report.warn("not carried", f"{pkg.path.name}: the file holds no sources (code book, cases and notes only)")
    for what in proj.skipped_media:
        report.warn("not carried", f"{what}: pictures, PDF regions and media are not imported")
    return prepared


def import_qdpx(path: Path, target: str, *, coder: str | None = None, segment: bool = True, nlp=None,
                limits: Limits = LIMITS) -> ImportReport:
    """Create the project ``target`` from a .qdpx (or .qde). Nothing is written on error."""
    path = Path(path)
    target = str(target)
    if not is_url(target) and Path(target).exists():
        raise Conflict(_("{target}: already exists (import creates a new project; choose another path)").format(target=target))
    pkg = Package(path, limits)
    try:
        proj = pkg.project
        if not proj.sources and not proj.codes and not proj.notes and not proj.cases:
            raise InvalidInput(
                _("{path}: no sources, codes, cases or notes to import (it lists {n} users only); "
                  "nothing was written").format(path=path, n=len(proj.users))
            )
        report = ImportReport(str(path), proj.origin)
        prepared = _prepare(pkg, report)
        spans = _segmenter((p.text for p in prepared), nlp) if segment and prepared else None
        who = resolve_coder_name(coder)
        store = create_store(target)
        try:
            with store.transaction() as s:
                with recorded(s, "refi.import", f"imported {path.name}", None, undoable=False):
                    ProjectImporter(s, pkg, prepared, spans, report).run()
                    where = report_path(target) if report.notices else None
                    record_import(s, report, who, str(where) if where else None)
        except BaseException:
            store.close()
            _cleanup(target)
            raise
        store.close()
    finally:
        pkg.close()
    if where is not None:
        write_report(report, where)
    return report


def _segmenter(texts: Iterator[str], nlp):
    """(pipeline name, an iterator of each text's spans), computed as they are taken;
    ``texts`` is read as lazily (each is unpacked when spaCy reaches it and dropped once
    it is segmented, so the texts of all sources are never held as strings at once)."""
    from tema.nlp import load_pipeline, pipeline_name, segment_many

    nlp = nlp or load_pipeline()
    return pipeline_name(nlp), iter(segment_many(texts, nlp))


def import_qdc(path: Path, store: Store, *, coder: str | None = None, limits: Limits = LIMITS) -> ImportReport:
    """Add a .qdc code book's codes (and non-codable groups as themes) to a project."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(_("{path}: no such file").format(path=path))
    if path.stat().st_size > limits.entry:
        raise InvalidInput(_("{path}: larger than {limit:,} bytes; refused, nothing was imported").format(path=path, limit=limits.entry))
    if zipfile.is_zipfile(path):
        raise InvalidInput(_("{path}: is a zip archive (a .qdpx project?); import it with `tema qdpx import`").format(path=path))
    codes, sets = parse_codebook(parse_xml(path.read_bytes(), str(path)), str(path))
    if not codes:
        raise InvalidInput(_("{path}: the code book holds no codes").format(path=path))
    report = ImportReport(str(path))
    with store.transaction() as s:
        coder_id = get_or_create_coder(s, resolve_coder_name(coder)).id
        with recorded(s, "refi.codebook", f"code book {path.name} imported", coder_id):
            book = CodebookImporter(s, coder_id, reuse_existing=True)
            for action in book.run(codes, sets).set_actions:
                report.add(action)
            book.finish()
    r = book.result
    report.counts.update({"codes": r.created_codes, "existing codes": r.reused_codes, "themes": r.created_themes})
    for kind, text in r.warnings:
        report.warn(kind, text)
    return report
