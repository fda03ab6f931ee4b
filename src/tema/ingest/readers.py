"""Readers for transcript files. Each returns NFC text (BOM stripped, newlines
as imported) plus what was learnt on the way: encoding, warnings, the file's own
metadata (a .docx metadata table: tema.ingest.docmeta), heading lines (a .docx
heading style, a Markdown ``#`` line) and the start and end time of each cue
(.vtt/.srt), as code-point offsets into the text."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tema.errors import InvalidInput
from tema.i18n import _, ngettext
from tema.ingest.encoding import decode
from tema.text import nfc

MAX_BYTES = 50 * 1024 * 1024
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".vtt": "vtt", ".srt": "srt"}


@dataclass
class ReadResult:
    text: str
    encoding: str | None
    fmt: str
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # date | interviewer | participant → value
    headings: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of heading lines
    cues: list[tuple[int, int, float, float]] = field(default_factory=list)  # (start, end, seconds from, to)


def read_transcript(path: Path) -> ReadResult:
    path = Path(path)
    if not path.exists():
        raise InvalidInput(_("{path}: no such file").format(path=path))
    if path.is_dir():
        raise InvalidInput(_("{path}: is a folder, not a transcript file").format(path=path))
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput(_("{path}: unsupported file type {suffix!r} (use .txt, .md, .docx, .vtt or .srt)").format(path=path, suffix=path.suffix or '(none)'))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidInput(_("{path}: {size} MB is larger than the {limit} MB limit for one transcript").format(path=path, size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(_("{path}: cannot be read ({problem})").format(path=path, problem=exc.strerror)) from None
    if fmt == "docx":
        result = _read_docx(path, data)
    else:
        text, enc = decode(data, str(path))
        if fmt in ("vtt", "srt"):
            cue_text, cues = _cues_to_text(text, str(path), vtt=fmt == "vtt")
            result = ReadResult(cue_text, enc, fmt, cues=cues)
        elif fmt == "md":
            md_text, headings = _strip_markdown(nfc(text).lstrip("\ufeff"))
            result = ReadResult(md_text, enc, fmt, headings=headings)
        else:
            result = ReadResult(text, enc, fmt)
    final = nfc(result.text).lstrip("\ufeff")
    if final != result.text:  # offsets were taken in the text as read: only valid if unchanged
        result.headings, result.cues = [], []
    result.text = final
    if not result.text.strip():
        raise InvalidInput(_("{path}: no text to import (empty document)").format(path=path))
    return result


def _read_docx(path: Path, data: bytes) -> ReadResult:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise InvalidInput(_("{path}: not a Word .docx file (not a zip package; is it plain text renamed?)").format(path=path))
    try:
        with zipfile.ZipFile(path) as zf:
            if "word/document.xml" not in zf.namelist():
                raise InvalidInput(_("{path}: not a Word .docx file (no word/document.xml inside)").format(path=path))
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_BYTES * 4:
                raise InvalidInput(_("{path}: document.xml is implausibly large ({size} bytes)").format(path=path, size=info.file_size))
        document = docx.Document(str(path))
    except InvalidInput:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InvalidInput(_("{path}: corrupt .docx ({error}: {detail})").format(path=path, error=type(exc).__name__, detail=str(exc)[:80])) from None
    except Exception as exc:  # lxml errors inside a damaged package
        raise InvalidInput(_("{path}: corrupt .docx ({error})").format(path=path, error=type(exc).__name__)) from None
    warnings: list[str] = []
    metadata = _docx_metadata(path, document, warnings)
    lines, heads, pos = [], [], 0
    for para in document.paragraphs:
        line = nfc(_docx_paragraph(para))
        style = (para.style.name if para.style is not None else "") or ""
        if line.strip() and style.casefold().startswith(HEADING_STYLES):
            a = pos + len(line) - len(line.lstrip())
            heads.append((a, pos + len(line.rstrip())))
        lines.append(line)
        pos += len(line) + 1
    joined = "\n".join(lines)
    lead = len(joined) - len(joined.lstrip("\n"))
    text = joined.strip("\n") + "\n"
    headings = [(a - lead, b - lead) for a, b in heads if 0 <= a - lead < b - lead <= len(text)]
    return ReadResult(text, "docx (UTF-8 XML)", "docx", warnings, metadata, headings)


HEADING_STYLES = ("heading", "title", "overskrift", "tittel")


def _docx_metadata(path: Path, document, warnings: list[str]) -> dict[str, str]:
    """The first metadata table's recognised fields (tema.ingest.docmeta); every other
    table is skipped with a warning."""
    from tema.ingest.docmeta import metadata_from_table

    metadata: dict[str, str] = {}
    skipped = 0
    for table in document.tables:
        found = None if metadata else metadata_from_table([[c.text for c in row.cells] for row in table.rows])
        if found is None:
            skipped += 1
            continue
        metadata, left_out = found
        fields = ", ".join(f"{k} {v!r}" for k, v in metadata.items())
        if left_out:
            note = _("{path}: metadata table read ({fields}); not imported: {left_out}").format(
                path=path, fields=fields, left_out=", ".join(left_out))
        else:
            note = _("{path}: metadata table read ({fields})").format(path=path, fields=fields)
        warnings.append(note)
    if skipped:
        warnings.append(ngettext("{path}: {n} table skipped (only paragraphs are imported)",
                                 "{path}: {n} tables skipped (only paragraphs are imported)", skipped).format(
            path=path, n=skipped))
    return metadata


def _docx_paragraph(para) -> str:
    """A paragraph as text; a bold leading run ending in ':' (or followed by ':') is a speaker label."""
    text = para.text
    runs = [r for r in para.runs if r.text]
    if runs and runs[0].bold:
        label = runs[0].text.strip()
        if label.endswith(":") and len(label) <= 40:
            return text
        rest = text[len(runs[0].text):]
        if 0 < len(label) <= 40 and rest.lstrip().startswith(":"):
            return label + ":" + rest.lstrip()[1:]
        if 0 < len(label) <= 40 and len(runs) > 1 and not label.endswith((".", "?", "!")):
            return f"{label}: {rest.lstrip()}"
    return text


_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CUE_TIME = re.compile(rf"^\s*({_TS})\s*-->\s*({_TS})")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>|$)", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _cues_to_text(raw: str, source: str, *, vtt: bool) -> tuple[str, list[tuple[int, int, float, float]]]:
    """Cues become lines `[hh:mm:ss] Speaker: text`; consecutive cues of one speaker join.
    Also returns each line's (start, end) offsets and its cues' start and end in seconds."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if vtt:
        if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            raise InvalidInput(_("{source}: not a WebVTT file (first line must be WEBVTT)").format(source=source))
    cues: list[tuple[str, str, str | None, str]] = []
    i = 0
    seen_timing = False
    while i < len(lines):
        m = _CUE_TIME.match(lines[i])
        if not m:
            if "->" in lines[i] and re.match(rf"^\s*{_TS}", lines[i]):
                raise InvalidInput(_("{source}: line {line}: malformed cue timing {timing!r}").format(source=source, line=i + 1, timing=lines[i].strip()))
            i += 1
            continue
        seen_timing = True
        start, end = m.group(1), m.group(2)
        i += 1
        body = []
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        text = " ".join(body)
        speaker = None
        vm = _VOICE.search(text)
        if vm:
            speaker, text = vm.group(1).strip(), vm.group(2)
        text = nfc(_TAG.sub("", text).strip())
        if text:
            cues.append((start, end, speaker and nfc(speaker), text))
    if not seen_timing:
        raise InvalidInput(_("{source}: no cues found (expected 00:00:01.000 --> 00:00:04.000 lines)").format(source=source))
    out: list[str] = []
    times: list[list[float]] = []
    last_speaker: object = object()
    for start, end, speaker, text in cues:
        if speaker is not None and speaker == last_speaker and out:
            out[-1] += " " + text
            times[-1][1] = _seconds(end)
            continue
        ts = _hhmmss(start)
        out.append(f"[{ts}] {speaker}: {text}" if speaker else f"[{ts}] {text}")
        times.append([_seconds(start), _seconds(end)])
        last_speaker = speaker
    spans, pos = [], 0
    for line, (t0, t1) in zip(out, times):
        spans.append((pos, pos + len(line), t0, t1))
        pos += len(line) + 1
    return "\n".join(out) + "\n", spans


def _seconds(ts: str) -> float:
    parts = ts.replace(",", ".").split(":")
    return round(sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts))), 3)


def _hhmmss(ts: str) -> str:
    ts = ts.replace(",", ".").split(".")[0]
    parts = ts.split(":")
    if len(parts) == 2:
        parts.insert(0, "00")
    return ":".join(p.zfill(2) for p in parts)


_MD_BOLD_LABEL = re.compile(r"^\*\*([^*\n]{1,40}?):?\*\*:?")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+")


def _strip_markdown(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Keep the words; turn **Elise:** labels into Elise: and drop heading marks. Also
    returns the (start, end) of each heading line in the result."""
    out, headings, pos = [], [], 0
    for line in text.split("\n"):
        heading = _MD_HEADING.match(line)
        if heading:
            line = line[heading.end():]
            if line.strip():
                headings.append((pos, pos + len(line.rstrip())))
        else:
            line = _MD_BOLD_LABEL.sub(lambda m: m.group(1) + ":", line)
        out.append(line)
        pos += len(line) + 1
    return "\n".join(out), headings
