"""Import transcript files into a project: read and check every file first
(nothing is written if any is refused), segment in batches with spaCy, then
commit each document with its segments in its own transaction, so a killed
process leaves every file either wholly imported or absent.

What the file itself says fills in what the options leave open: a .docx metadata
table's date, interviewer and participant (tema.ingest.docmeta), and — when neither
names a participant — the one named speaker besides the interviewer
(tema.ingest.speakers). Heading lines become heading segments and subtitle cues keep
their times (tema.ingest.turns)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from tema.domain import documents, participants
from tema.domain.coders import get_or_create_coder
from tema.domain.segments import write_segments
from tema.errors import Conflict, InvalidInput
from tema.i18n import _
from tema.ingest.readers import ReadResult, read_transcript
from tema.ingest.turns import with_cue_times, with_headings
from tema.store.db import Store
from tema.text import clean_name, name_key, pack_text, unpack_text

BATCH = 32


class _Waiting(NamedTuple):
    """A file read and checked, waiting for its batch: its text packed (``result.text`` is
    empty; 500 interviews: 32 MB of strings → ~11 MB)."""

    path: Path
    result: ReadResult
    packed: bytes
    title: str


@dataclass
class ImportReport:
    imported: list[tuple[str, str, int]] = field(default_factory=list)  # (file, title, segments)
    warnings: list[str] = field(default_factory=list)
    pipeline: str | None = None
    notes: list[str] = field(default_factory=list)  # what the import decided on its own (participant …)


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
    participant_from_file: bool = True,
) -> ImportReport:
    """Import ``paths``. Options given apply to every file and win over what a file says;
    with ``participant_from_file`` a file without ``participant`` gets the one its
    metadata table or speaker labels name (created when new; said in ``report.notes``)."""
    from tema.nlp import load_pipeline, pipeline_name, segment_many

    paths = [Path(p) for p in paths]
    if not paths:
        raise InvalidInput(_("import: no files given"))
    if title and len(paths) > 1:
        raise InvalidInput(_("--title: only with a single file"))
    report = ImportReport()
    read: list[_Waiting] = []  # every file is read and checked before the first is written
    seen: dict[str, Path] = {}
    with store.session() as s:
        for path in paths:
            result = read_transcript(path)
            report.warnings.extend(result.warnings)
            text = result.text
            sha = documents.content_hash(text)
            if sha in seen:
                raise Conflict(_("{path}: same content as {other} in this import").format(path=path, other=seen[sha]))
            seen[sha] = path
            existing = documents.by_hash(s, sha)
            if existing is not None:
                raise Conflict(_("{path}: same content as document «{title}» already in the project; not imported").format(path=path, title=existing.title))
            read.append(_Waiting(path, replace(result, text=""), pack_text(text), title or title_for(path)))
        titles = [w.title for w in read]
        dup_titles = {t for t in titles if titles.count(t) > 1}
        if dup_titles:
            raise Conflict(_("import: several files would get the title {title!r}; import them separately with --title").format(title=sorted(dup_titles)[0]))
        taken = documents.reference_keys(s)  # one query, not one per file
        for w in read:
            if name_key(w.title) in taken:
                raise Conflict(_("{path}: a document titled «{title}» already exists (use --title)").format(path=w.path, title=w.title))
    nlp = nlp or load_pipeline()
    report.pipeline = pipeline_name(nlp)
    done = 0
    for i in range(0, len(read), BATCH):
        chunk = read[i : i + BATCH]
        texts = [unpack_text(w.packed) for w in chunk]
        spans_list = list(segment_many(texts, nlp))
        for (path, result, _packed, doc_title), text, spans in zip(chunk, texts, spans_list):
            if cancelled is not None and cancelled():
                return report
            spans = with_cue_times(with_headings(text, spans, result.headings), result.cues)
            meta = result.metadata
            iv_name = interviewer or meta.get("interviewer")
            who, how = participant, None
            if who is None and participant_from_file:
                who, how = _file_participant(path, meta, spans, iv_name, report)
            when = interview_date or _file_date(path, meta, report)
            with store.transaction() as s:
                coder_obj = get_or_create_coder(s, coder) if coder else None
                if how is not None:
                    new = participants.lookup_participant(s, who) is None
                    noted = (_("{path}: participant «{name}» from {source} — a new participant (--participant "
                               "chooses another)") if new else _("{path}: participant «{name}» from {source}"))
                    report.notes.append(noted.format(path=path, name=who, source=how))
                p = participants.upsert_participant(s, who, coder_id=coder_obj.id if coder_obj else None) if who else None
                iv = get_or_create_coder(s, iv_name) if iv_name else None
                c = participants.upsert_case(s, case) if case else None
                if p is not None and c is not None:
                    participants.add_to_case(s, p, case)
                doc = documents.add_document(
                    s,
                    title=doc_title,
                    text=text,
                    source_name=path.name,
                    encoding=result.encoding,
                    source_format=result.fmt,
                    participant=p,
                    interviewer=iv,
                    case=c,
                    wave=wave,
                    interview_date=when,
                    coder_id=coder_obj.id if coder_obj else None,
                )
                doc.pipeline = report.pipeline
                n = write_segments(s, doc.id, text, spans)
            report.imported.append((str(path), doc_title, n))
            done += 1
            if progress is not None:
                progress(done, str(path))
    refresh_statistics(store)
    return report


def _file_participant(path: Path, meta: dict[str, str], spans, interviewer: str | None,
                      report: ImportReport) -> tuple[str | None, str | None]:
    """(participant, where it came from) a file names: its metadata table's, else its one
    other named speaker's; (None, None) when it names none."""
    from tema.ingest.speakers import guess_participant

    if meta.get("participant") and clean_name(meta["participant"]):
        return clean_name(meta["participant"]), _("the file's metadata table")
    guess = guess_participant((sp.speaker for sp in spans if sp.kind == "turn"), interviewer)
    if guess.participant:
        return guess.participant, _("the speaker label «{name}:»").format(name=guess.participant)
    if len(guess.others) > 1:
        report.warnings.append(_("{path}: no participant set — several speakers ({speakers}); use --participant")
                               .format(path=path, speakers=", ".join(guess.others)))
    return None, None


def _file_date(path: Path, meta: dict[str, str], report: ImportReport) -> str | None:
    from tema.ingest.docmeta import iso_date

    raw = meta.get("date")
    if not raw:
        return None
    iso = iso_date(raw)
    if iso is None:
        report.warnings.append(_("{path}: date {date!r} in the metadata table is not a date tema reads; kept as "
                                 "written").format(path=path, date=raw))
        return raw[:40]
    return iso


def refresh_statistics(store: Store) -> None:
    """Table statistics for SQLite's planner (a bounded, approximate ANALYZE)."""
    if store.is_sqlite:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit = 400")
            conn.exec_driver_sql("ANALYZE")
