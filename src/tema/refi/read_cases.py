"""REFI-QDA Cases into participants and case groups.

A Case is a participant (label from a ``Label:`` line, typed attributes from its
VariableValues, the documents it ``SourceRef``s); a Case marked ``Kind: case
group`` is a tema case grouping the participants on its ``Participants:`` line.
Unnamed cases (MAXQDA's file variables) are reported, not imported.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import participants
from tema.refi.conventions import KIND, LABEL, MEMBERS, split_footer
from tema.refi.model import RefiCase, RefiProject
from tema.refi.report import ImportReport
from tema.refi.variables import case_attributes
from tema.store import models as m
from tema.text import clean_name, name_key


class CaseImporter:
    def __init__(self, s: Session, proj: RefiProject, report: ImportReport) -> None:
        self.s, self.proj, self.report = s, proj, report
        self.participants: dict[str, m.Participant] = {}  # source guid → participant
        self.cases: dict[str, m.Case] = {}  # source guid → case
        self._people = {name_key(p.pseudonym) for p in s.scalars(select(m.Participant))}
        self._labels = {p.label for p in s.scalars(select(m.Participant)) if p.label}
        self._case_names = set(s.scalars(select(m.Case.name)))

    def run(self) -> None:
        groups: list[tuple[m.Case, str]] = []
        unnamed = 0
        for case in self.proj.cases:
            desc, footer = split_footer(case.description)
            if not clean_name(case.name or ""):
                unnamed += 1
                continue
            attrs = case_attributes(self.proj, case)
            if footer.get(KIND) == "case group":
                c = participants.upsert_case(self.s, self._unique_case(case.name or ""), attrs)
                c.description = desc
                groups.append((c, footer.get(MEMBERS, "")))
                for g in case.sources:
                    self.cases.setdefault(g, c)
                self.report.add("cases")
                continue
            self._participant(case, footer.get(LABEL), attrs)
        for c, members in groups:
            for name in filter(None, (clean_name(n) for n in members.split(";"))):
                p = participants.lookup_participant(self.s, name)
                if p is None:
                    self.report.warn("not carried", f"case «{c.name}»: member «{name}» is not among the participants")
                else:
                    participants.add_to_case(self.s, p, c.name)
        if unnamed:
            self.report.warn("not carried", f"{unnamed} unnamed cases (variables of single documents) not imported")

    def _participant(self, case: RefiCase, label: str | None, attrs: list[tuple[str, str, str]]) -> None:
        name = self._unique_participant(case.name or "")
        if label and clean_name(label) in self._labels:
            self.report.warn("renamed", f"case «{case.name}»: label {label} is taken; left without a label")
            label = None
        p = participants.upsert_participant(self.s, name, label=label, attributes=attrs)
        if label:
            self._labels.add(clean_name(label))
        for g in case.sources:
            if g in self.participants and self.participants[g] is not p:
                self.report.warn("not carried", f"case «{case.name}»: its source also belongs to "
                                                f"«{self.participants[g].pseudonym}»; kept there")
                continue
            self.participants[g] = p
        self.report.add("participants")

    def _unique_participant(self, name: str) -> str:
        name = clean_name(name)
        candidate, i = name, 2
        while name_key(candidate) in self._people or candidate in self._labels:  # as lookup_participant matches
            candidate, i = f"{name} ({i})", i + 1
        self._people.add(name_key(candidate))
        if candidate != name:
            self.report.warn("renamed", f"case «{name}»: name taken; imported as participant «{candidate}»")
        return candidate

    def _unique_case(self, name: str) -> str:
        name = clean_name(name)
        candidate, i = name, 2
        while candidate in self._case_names:
            candidate, i = f"{name} ({i})", i + 1
        self._case_names.add(candidate)
        return candidate
