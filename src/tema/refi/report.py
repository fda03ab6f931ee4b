"""What an import did and what it could not do: counts, and warnings grouped by kind.

A file from another program can raise hundreds of warnings of one harmless kind
(qualitative-coding names every selection ``line:N``) next to a few that matter
(a code renamed, a source skipped). Warnings therefore carry a kind; the CLI
shows the kinds in order of importance with their counts and a few examples
each, and the full list goes to a report file beside the project (``write_report``:
owner-only, never over an earlier report) and into the project's journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tema.files import write_text
from tema.i18n import N_, _

# Kinds, most important first: (key, heading).
KINDS = [
    ("skipped", N_("not imported")),
    ("renamed", N_("renamed on import")),
    ("offsets", N_("offsets")),
    ("not carried", N_("not carried into tema")),
    ("name differs", N_("selections whose name differs from the text they cover")),
]
_ORDER = {k: i for i, (k, _h) in enumerate(KINDS)}
_HEADING = dict(KINDS)


@dataclass
class ImportReport:
    source: str
    origin: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # document title → how offsets were read
    notices: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    report_file: Path | None = None

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def warn(self, kind: str, text: str) -> None:
        assert kind in _ORDER, kind
        self.notices.append((kind, text))

    @property
    def warnings(self) -> list[str]:
        """Every warning's text, most important kinds first."""
        return [text for _kind, items in self.grouped() for text in items]

    def grouped(self) -> list[tuple[str, list[str]]]:
        """(kind, texts) in order of importance; kinds without warnings left out."""
        by: dict[str, list[str]] = {}
        for kind, text in self.notices:
            by.setdefault(kind, []).append(text)
        return [(k, by[k]) for k, _h in KINDS if k in by]

    def summary(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in self.counts.items() if n) or _("nothing")


def heading(kind: str) -> str:
    return _(_HEADING[kind])


def full_text(report: ImportReport) -> str:
    """The whole report: what was imported, how offsets were read, every warning by kind."""
    lines = [_("REFI-QDA import of {source} ({origin})").format(source=report.source,
                                                                 origin=report.origin or _("unknown program")),
             _("imported: {counts}").format(counts=report.summary())]
    for title, units in report.units.items():
        lines.append(_("offsets in «{title}» read as {units}").format(title=title, units=units))
    for kind, items in report.grouped():
        lines += ["", f"{heading(kind)} ({len(items)}):"]
        lines += [f"  {text}" for text in items]
    return "\n".join(lines) + "\n"


def report_path(project: str, *, now: datetime | None = None) -> Path:
    """A new file beside ``project`` (the current folder for a database URL) named
    after it and the time, with a counter when that name is taken."""
    from tema.store.db import is_url

    base = Path.cwd() / "tema-import" if is_url(project) else Path(project)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = f"{base.name}.import-{stamp}"
    candidate, i = base.with_name(f"{stem}.txt"), 2
    while candidate.exists():
        candidate, i = base.with_name(f"{stem}-{i}.txt"), i + 1
    return candidate


def write_report(report: ImportReport, path: Path) -> Path:
    """Write the full report to ``path`` (owner-only; never overwrites)."""
    report.report_file = write_text(path, full_text(report))
    return report.report_file
