"""What a merge did, per input: matched, proposed, added, skipped, and the
conflicts it reported instead of overwriting — as data (``tema.export.merge_report``
writes it as Markdown)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tema.i18n import _, ngettext

# (entity, outcome) pairs in the order the report lists them.
ROWS = [
    ("coders", "added"), ("coders", "matched"),
    ("participants", "added"), ("participants", "matched"),
    ("cases", "added"), ("cases", "matched"),
    ("attributes", "added"),
    ("documents", "added"), ("documents", "matched"), ("documents", "renamed"),
    ("codes", "added"), ("codes", "matched"), ("codes", "merged by plan"),
    ("perspectives", "added"),
    ("codings", "added"), ("codings", "duplicate"),
    ("coding perspectives", "added"),
    ("themes", "added"), ("themes", "matched"), ("themes", "prefixed"), ("themes", "in trash, left out"),
    ("theme extracts", "added"),
    ("snapshots", "added"), ("snapshots", "matched"), ("snapshots", "prefixed"),
    ("memos", "added"), ("memos", "matched"),
    ("guide sections", "added"), ("guide tags", "added"),
    ("pseudonym rules", "added"),
]


@dataclass
class InputReport:
    source: str
    coder: str
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, entity: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[(entity, outcome)] += n

    def get(self, entity: str, outcome: str = "added") -> int:
        return self.counts[(entity, outcome)]

    @property
    def added(self) -> int:
        return sum(n for (_e, outcome), n in self.counts.items() if outcome in ("added", "renamed", "prefixed"))


@dataclass
class MergeReport:
    out: str
    plan: str | None
    inputs: list[InputReport] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    accepted: list[tuple[str, str, float]] = field(default_factory=list)
    rejected: list[tuple[str, str, float]] = field(default_factory=list)
    new_codes: list[str] = field(default_factory=list)
    backup: str | None = None
    created_out: bool = False
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def total(self, entity: str, outcome: str = "added") -> int:
        return sum(r.get(entity, outcome) for r in self.inputs)

    @property
    def added(self) -> int:
        return sum(r.added for r in self.inputs)

    def conflict(self, text: str) -> None:
        if text not in self.conflicts:
            self.conflicts.append(text)

    def summary_lines(self) -> list[str]:
        def counted(singular: str, plural: str, n: int) -> str:
            return ngettext(singular, plural, n).format(n=n)

        lines = [
            _("{source} ({coder}): {codings} added, {duplicates} already there; {documents}, {codes}, {themes} added")
            .format(source=r.source, coder=r.coder,
                    codings=counted("{n} coding", "{n} codings", r.get("codings")),
                    duplicates=r.get("codings", "duplicate"),
                    documents=counted("{n} document", "{n} documents", r.get("documents")),
                    codes=counted("{n} code", "{n} codes", r.get("codes")),
                    themes=counted("{n} theme", "{n} themes", r.get("themes") + r.get("themes", "prefixed")))
            for r in self.inputs
        ]
        if self.added == 0:
            lines.append(_("nothing new: OUT already holds everything in these inputs"))
        if self.conflicts:
            lines.append(ngettext("{n} conflict reported, nothing overwritten (see the report)",
                                  "{n} conflicts reported, nothing overwritten (see the report)",
                                  len(self.conflicts)).format(n=len(self.conflicts)))
        return lines
