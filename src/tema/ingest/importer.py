"""Import transcript files into a project: read and check every file first
(nothing is written if any is refused), segment in batches with spaCy, then
commit each document with its segments in its own transaction, so a killed
process leaves every file either wholly imported or absent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tema.domain import documents, participants
from tema.domain.coders import get_or_create_coder
from tema.domain.segments import write_segments
from tema.errors import Conflict, InvalidInput
from tema.ingest.readers import ReadResult, read_transcript
from tema.store.db import Store
from tema.text import name_key

BATCH = 32


@dataclass
class ImportReport:
    imported: list[tuple[str, str, int]] = field(default_factory=list)  # (file, title, segments)
    warnings: list[str] = field(default_factory=list)
    pipeline: str | None = None


def title_for(path: Path) -> str:
    return path.stem.replace("_", " ").strip() or path.name


def import_files(
    store: Store,
    paths: Iterable[Path],
    *,
    participant: str | None = None,
    interviewer: str | None = None,
    case: str | None = None,
    wave: str | None = None,
    interview_date: str | None = None,
    title: str | None = None,
    coder: str | None = None,
    nlp=None,
    progress: Callable[[int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    from tema.nlp import load_pipeline, pipeline_name, segment_many

    paths = [Path(p) for p in paths]
    if not paths:
        raise InvalidInput("import: no files given")
    if title and len(paths) > 1:
        raise InvalidInput("--title: only with a single file")
    report = ImportReport()
    read: list[tuple[Path, ReadResult, str]] = []
    seen: dict[str, Path] = {}
    with store.session() as s:
        for path in paths:
            result = read_transcript(path)
            report.warnings.extend(result.warnings)
            text = result.text
            sha = documents.content_hash(text)
            if sha in seen:
                raise Conflict(f"{path}: same content as {seen[sha]} in this import")
            seen[sha] = path
            existing = documents.by_hash(s, sha)
            if existing is not None:
                raise Conflict(f"{path}: same content as document «{existing.title}» already in the project; not imported")
            read.append((path, result, title or title_for(path)))
        titles = [t for _, _, t in read]
        dup_titles = {t for t in titles if titles.count(t) > 1}
        if dup_titles:
            raise Conflict(f"import: several files would get the title {sorted(dup_titles)[0]!r}; import them separately with --title")
        taken = documents.reference_keys(s)  # one query, not one per file
        for path, _, t in read:
            if name_key(t) in taken:
                raise Conflict(f"{path}: a document titled «{t}» already exists (use --title)")
    nlp = nlp or load_pipeline()
    report.pipeline = pipeline_name(nlp)
    done = 0
    for i in range(0, len(read), BATCH):
        chunk = read[i : i + BATCH]
        spans_list = list(segment_many([r.text for _, r, _ in chunk], nlp))
        for (path, result, doc_title), spans in zip(chunk, spans_list):
            if cancelled is not None and cancelled():
                return report
            with store.transaction() as s:
                coder_obj = get_or_create_coder(s, coder) if coder else None
                p = participants.upsert_participant(s, participant, coder_id=coder_obj.id if coder_obj else None) if participant else None
                iv = get_or_create_coder(s, interviewer) if interviewer else None
                c = participants.upsert_case(s, case) if case else None
                if p is not None and c is not None:
                    participants.add_to_case(s, p, case)
                doc = documents.add_document(
                    s,
                    title=doc_title,
                    text=result.text,
                    source_name=path.name,
                    encoding=result.encoding,
                    source_format=result.fmt,
                    participant=p,
                    interviewer=iv,
                    case=c,
                    wave=wave,
                    interview_date=interview_date,
                    coder_id=coder_obj.id if coder_obj else None,
                )
                doc.pipeline = report.pipeline
                n = write_segments(s, doc.id, result.text, spans)
            report.imported.append((str(path), doc_title, n))
            done += 1
            if progress is not None:
                progress(done, str(path))
    refresh_statistics(store)
    return report


def refresh_statistics(store: Store) -> None:
    """Table statistics for SQLite's planner (a bounded, approximate ANALYZE)."""
    if store.is_sqlite:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit = 400")
            conn.exec_driver_sql("ANALYZE")
