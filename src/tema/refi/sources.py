"""Reading a REFI package (.qdpx archive or bare .qde) and preparing its text
sources: the text each one names, the units its offsets count in, and every
selection's span in code points of the NFC text tema will store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from tema.errors import InvalidInput
from tema.i18n import _
from tema.refi.archive import LIMITS, Archive, CheckedStream, Limits, decode_text, entry_for_path
from tema.refi.edits import EditMap, nfc_with_map
from tema.refi.model import RefiProject, RefiSelection, RefiSource
from tema.refi.offsets import UnitMap, choose_units, is_label, name_matches
from tema.refi.parse import parse_project_stream
from tema.text import pack_text, unpack_text

TEXT_SUFFIXES = {".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md", ".html", ".htm"}


class Package:
    """A parsed project and access to the files its archive holds. Each text source is
    prepared (``prepare``) as soon as it is read, so the names of its selections — NVivo
    names each by its text — are checked and dropped before the next is read."""

    def __init__(self, path: Path, limits: Limits = LIMITS) -> None:
        self.path = Path(path)
        self.archive: Archive | None = None
        self._prepared: dict[int, PreparedSource | str] = {}  # id(source) → prepared, or why not
        if not self.path.is_file():
            raise InvalidInput(_("{path}: no such file").format(path=self.path))
        import zipfile

        if zipfile.is_zipfile(self.path):
            self.archive = Archive(self.path, limits)
            try:
                entry = self.archive.project_entry()
                with self.archive.open(entry, xml=True) as fh:
                    self.project: RefiProject = parse_project_stream(fh, f"{self.path}!{entry}", self._on_source)
            except BaseException:
                self.archive.close()
                raise
        else:
            if self.path.stat().st_size > limits.entry:
                raise InvalidInput(_("{path}: larger than {limit:,} bytes; refused, nothing was imported").format(path=self.path, limit=limits.entry))
            with CheckedStream(open(self.path, "rb"), limits.entry, "the file", str(self.path),
                               xml_where=str(self.path)) as fh:
                self.project = parse_project_stream(fh, str(self.path), self._on_source)

    def _on_source(self, project: RefiProject, source: RefiSource) -> None:
        self.project = project  # complete but for the parts after this source
        self._prepared[id(source)] = prepare(self, source)

    def prepared(self, source: RefiSource) -> PreparedSource | str:
        """The source prepared for import, or a one-line reason it cannot be imported."""
        done = self._prepared.pop(id(source), None)
        return done if done is not None else prepare(self, source)

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def text(self, ref: str | None) -> tuple[str | None, str]:
        """The text a ``plainTextPath`` names: (text or None, why it is missing)."""
        if not ref:
            return None, "no text file given"
        if self.archive is None:
            return None, "a bare .qde carries no source files"
        name = entry_for_path(ref)
        entry = next(
            (e for e in (self.archive.find(n) for n in (name, unquote(name), PurePosixPath(name).name)) if e), None
        )
        if entry is None:
            return None, f"{name} is not in the archive"
        return decode_text(self.archive.read(entry), f"{self.path}!{entry}"), ""


@dataclass
class PreparedSource:
    source: RefiSource
    title: str
    packed: bytes  # the text (NFC, no BOM), packed by tema.text.pack_text until it is written
    units: str  # how the file's offsets were read
    spans: list[tuple[int, int] | None]  # per selection, in code points of ``text``
    umap: UnitMap
    nfc: EditMap
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (kind, text), see tema.refi.report

    @property
    def text(self) -> str:
        """The text, unpacked anew on each call (keep it only while it is used)."""
        return unpack_text(self.packed)

    def span(self, start: int | None, end: int | None, *, point: bool = False) -> tuple[int, int] | None:
        """A (start, end) in the file's units → code points of ``text``; None when it
        falls outside or is empty (``point`` allows start == end, for a note's anchor)."""
        if start is None or end is None:
            return None
        cp = self.umap.span(start, end, allow_empty=point)
        if cp is None:
            return None
        s = self.nfc(cp[0], end=False)
        if cp[0] == cp[1]:
            return s, s
        e = self.nfc(cp[1], end=True)
        return (s, e) if s < e else None


def title_of(name: str) -> str:
    p = PurePosixPath(name.replace("\\", "/"))
    base = p.name
    if p.suffix.lower() in TEXT_SUFFIXES and p.stem.strip():
        base = p.stem
    return base.strip()


def source_title(source: RefiSource) -> str:
    """The document title: the source's name, else its text file's stem (programs such
    as qualitative-coding write no name), else its GUID."""
    if source.name and title_of(source.name):
        return title_of(source.name)
    if source.text_path:
        stem = PurePosixPath(entry_for_path(source.text_path)).stem.strip()
        if stem:
            return stem
    return source.guid or "Untitled"


def prepare(pkg: Package, source: RefiSource) -> PreparedSource | str:
    """The prepared source, or a one-line reason it cannot be imported."""
    title = source_title(source)
    label = f"source «{title}»"
    n_sel = len(source.selections)
    lost = f"; its {n_sel} selections were not imported" if n_sel else ""
    raw: str | None
    if source.inline_text is not None:
        raw = source.inline_text
    else:
        raw, why = pkg.text(source.text_path)
        if raw is None:
            return f"{label}: text missing ({why}){lost}"
    raw = raw.lstrip("\ufeff")
    if not raw.strip():
        return f"{label}: empty text{lost}"
    spans_in = [(sel.start, sel.end, sel.name) for sel in source.selections if sel.start is not None and sel.end is not None]
    umap = choose_units(raw, spans_in, pkg.project.is_nvivo)
    text, emap = nfc_with_map(raw)
    prep = PreparedSource(source, title, pack_text(text), umap.units.label, [], umap, emap)
    named = matched = 0
    for sel in source.selections:
        span = prep.span(sel.start, sel.end, point=not sel.codings)
        prep.spans.append(span)
        if span is None:
            prep.warnings.append(("skipped",
                f"{label}: selection {sel.start}–{sel.end}{_quoted(sel)} is empty or falls outside the text "
                f"(length {umap.length} {umap.units.label}); skipped"
            ))
            continue
        if not sel.name or not sel.name.strip() or is_label(sel.name) or span[0] == span[1]:
            continue
        named += 1
        if name_matches(sel.name, text[span[0]:span[1]]):
            matched += 1
        else:
            prep.warnings.append(("name differs",
                f"{label}: selection {sel.start}–{sel.end}{_quoted(sel)} covers «{_short(text[span[0]:span[1]])}», "
                "which differs from its name; imported as placed"
            ))
    if named and matched < named:
        prep.warnings.append(("offsets", f"{label}: {matched} of {named} named selections match the text "
                                         f"(offsets read as {umap.units.label})"))
    # Checked: drop what was only needed for the checks (NVivo names every selection by
    # its text, so a large project carries its coded text twice).
    for sel in source.selections:
        sel.name = None
    source.inline_text = None
    return prep


def _short(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _quoted(sel: RefiSelection) -> str:
    return f" «{_short(sel.name)}»" if sel.name else ""
