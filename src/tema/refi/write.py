"""Export a tema project as REFI-QDA 1.5: a ``.qdpx`` project or a ``.qdc`` code book.

How tema maps onto REFI-QDA (and back, see ``tema.refi.read``):

- **Coders → Users** (``id`` = initials).
- **Codes → codable ``<Code>``s**: definition → Description; a latent level or a
  retired status as ``Level:``/``Status:`` lines after it; colour kept.
- **Themes and subthemes → non-codable ``<Code>``s** (``isCodable="false"``)
  holding their subthemes and their codes, so NVivo, ATLAS.ti, MAXQDA and
  QualCoder users see the theme map as a code tree. Definition → Description,
  with ``Label:``, ``Status:``, ``Central organising concept:`` and ``Scope:``
  lines (a line only where it says something: a candidate theme — the default —
  has no ``Status:`` line). The holding pile and discarded themes are not
  exported; their codes count as unplaced and sit at the top level.
- **A code in several themes**: REFI nests each code once (a GUID is unique), so
  the code sits under its *first* theme in the map's order (or under its parent
  code when it has one), and every theme that also holds codes nested elsewhere
  gets a **Set named exactly as the theme** listing all its codes. Other
  programs show those Sets as code sets; the importer puts the codes back into
  the theme of that name, so the many-to-many placement round-trips. A non-codable
  copy of the code was rejected: it would show up as a second, uncodable code.
- **Documents → TextSources** with ``Sources/<GUID>.txt`` (UTF-8, no BOM); each
  coded span → one ``PlainTextSelection`` (``name`` = its text) holding one
  ``Coding``/``CodeRef`` per code; offsets are code points, end exclusive, as the
  standard's examples and most programs count — or UTF-16 code units
  (``offsets="utf16"``, CLI ``--offsets utf16``), which NVivo reads. A document's
  wave, interview date and interviewer → Variables with VariableValues on its
  TextSource (``tema.refi.variables``).
- **Memos → Notes**: journal entries and other project memos referenced from the
  project's ``NoteRef``s; notes anchored in a transcript through a
  ``PlainTextSelection`` holding a ``NoteRef``; memos on a code, theme or coding
  through a ``NoteRef`` inside that element. Note names carry the kind and
  phase (``Journal (fase 2)``). A coding's own memo and perspectives → a
  ``Coding memo`` note (``Perspectives: a; b``) referenced from the Coding.
- **Participants → Cases** (``Label:`` line, attributes as ``VariableValue``s,
  ``SourceRef`` to their documents); **cases → Cases** marked ``Kind: case group``
  with a ``Participants:`` line; attributes → typed ``Variables`` (number →
  Integer/Float, boolean → true/false, date → Date; mixed types → Text).
- **Snapshots → Sets** of the codes they name; the frozen structure rides in the
  Description (a readable outline plus a ``tema-snapshot:`` JSON line).
- **Stable GUIDs**: uuid5 over a per-project namespace kept in
  ``Project.settings["refi_namespace"]`` (created on the first export) and the
  object's kind and id, so re-exports keep every GUID.
- **Pseudonyms**: the project's rules are applied to everything written (texts,
  titles, names, notes, snapshots); selection offsets are recomputed on the
  pseudonymised text (an offset inside a replaced name moves to its edge), so
  every selection covers the same words, pseudonymised. ``pseudonymise=False``
  (CLI ``--no-pseudonymise``) writes the real text and is recorded in the journal.
- **Files**: written through ``tema.files`` (owner-only, temporary file + rename);
  an existing file is refused unless ``force`` (CLI ``--force``).
- Not carried: perspectives as objects of their own (only as coding-memo lines),
  guide sections, rename history, extract selections, the project's phase,
  events. Boolean attributes are written true/false and numbers with a decimal
  point (``ja`` → ``true``).
- Names the pseudonym rules merge (two codes that both become «Per») are
  reported; an import renames one of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tema.domain.project import ensure_setting
from tema.errors import InvalidInput
from tema.export.privacy import pseudonymizer, recorded_write
from tema.files import check_target, write_bytes, write_file
from tema.i18n import _
from tema.refi.elements import NS, NS_CODEBOOK, ORIGIN, Lazy, el, to_bytes
from tema.refi.packer import Packer
from tema.refi.write_codebook import Guids, code_elements, load_codebook, theme_sets
from tema.refi.write_project import ProjectWriter
from tema.store.db import Store

__all__ = ["NS", "NS_CODEBOOK", "ORIGIN", "OFFSETS", "ExportReport", "export_qdc", "export_qdpx", "project_guids"]

NAMESPACE_KEY = "refi_namespace"
OFFSETS = ("codepoints", "utf16")
COMPRESS = 1  # zlib level: a third of the time of the default for a few per cent more bytes


@dataclass
class ExportReport:
    path: Path
    sources: int = 0
    codings: int = 0
    codes: int = 0
    notes: int = 0
    cases: int = 0
    sets: int = 0
    pseudonymised: bool = True
    offsets: str = "codepoints"
    warnings: list[str] = field(default_factory=list)


def project_guids(store: Store) -> Guids:
    """The project's GUID namespace, created (once, for good) on the first export."""
    with store.transaction() as s:
        return Guids(str(ensure_setting(s, NAMESPACE_KEY, lambda: str(uuid.uuid4()))))


def export_qdpx(store: Store, out: Path, *, pseudonymise: bool = True, offsets: str = "codepoints",
                force: bool = False) -> ExportReport:
    """Write the project to ``out`` (.qdpx): project.qde plus Sources/<GUID>.txt.
    ``offsets``: "codepoints" (the default) or "utf16" (NVivo). Refuses an existing
    ``out`` unless ``force``."""
    if offsets not in OFFSETS:
        raise InvalidInput(_("--offsets {offsets}: must be one of {choices}").format(offsets=offsets, choices=', '.join(OFFSETS)))
    out = check_target(Path(out), force=force)
    guids = project_guids(store)
    report = ExportReport(out, pseudonymised=pseudonymise, offsets=offsets)

    def write(tmp: Path) -> None:
        # The sources go into the archive as they are read, project.qde is streamed
        # beside them; a worker thread compresses both meanwhile (tema.refi.packer).
        with store.session() as s, open(tmp, "wb") as fp:
            packer = Packer(fp, "project.qde", COMPRESS)
            try:
                writer = ProjectWriter(s, guids, pseudonymizer(s, pseudonymise), report, utf16=offsets == "utf16")
                writer.write(packer, packer.add_file)
                packer.close()
            except BaseException:
                packer.abort()
                raise

    recorded_write(store, lambda: write_file(out, write, force=force), pseudonymise=pseudonymise,
                   what="REFI-QDA project (.qdpx)", paths=[out])
    return report


def export_qdc(store: Store, out: Path, *, pseudonymise: bool = True, force: bool = False) -> ExportReport:
    """Write the code book to ``out`` (.qdc): codes, themes as non-codable parents, theme Sets."""
    out = check_target(Path(out), force=force)
    guids = project_guids(store)
    report = ExportReport(out, pseudonymised=pseudonymise)
    with store.session() as s:
        book = load_codebook(s)
        if book.empty:
            raise InvalidInput(_("{name}: no codes or themes to export").format(name=store.name))
        pz = pseudonymizer(s, pseudonymise)
        root = etree.Element(f"{{{NS_CODEBOOK}}}CodeBook", {"origin": ORIGIN}, nsmap={None: NS_CODEBOOK})
        report.codes = code_elements(el(root, "Codes", NS_CODEBOOK), NS_CODEBOOK, book, guids, pz)
        sets = Lazy(root, "Sets", NS_CODEBOOK)
        report.sets = theme_sets(sets, NS_CODEBOOK, book, guids, pz, member_attr="guid")
    data = to_bytes(root)
    recorded_write(store, lambda: write_bytes(out, data, force=force), pseudonymise=pseudonymise,
                   what="REFI-QDA code book (.qdc)", paths=[out])
    return report
