"""Attributes and document fields as REFI-QDA typed Variables and VariableValues.

- Participant and case attributes: one Variable per attribute key across
  participants and cases, on the Cases. Its type follows tema's value types
  (number → Integer or Float, boolean → Boolean, date → Date, text → Text); a key
  whose values disagree, or do not parse as their type, becomes Text so every
  value is written as the user typed it.
- A document's wave, interview date and interviewer: Variables ``Wave``
  (Text), ``Interview date`` (Date, or Text when not an ISO date) and
  ``Interviewer`` (Text) with VariableValues on the TextSource, as the standard
  allows. On import, source Variables with these names (or Norwegian ones: bølge,
  intervjudato/dato, intervjuer) fill the document's fields; others are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.refi.conventions import xml_safe
from tema.store import models as m
from tema.text import clean_name, name_key

if TYPE_CHECKING:
    from tema.refi.model import RefiCase, RefiProject
    from tema.refi.report import ImportReport

NS = "urn:QDA-XML:project:1.0"
TRUE = {"ja", "true", "yes", "1", "sann"}
FALSE = {"nei", "false", "no", "0", "usann"}
ELEMENT = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue",
           "Date": "DateValue"}
VALUE_TYPES = {"IntegerValue": "number", "FloatValue": "number", "BooleanValue": "boolean", "DateValue": "date"}
# Document fields: (field, Variable name written) and the names read back.
DOC_FIELDS = [("wave", "Wave"), ("interview_date", "Interview date"), ("interviewer", "Interviewer")]
DOC_NAMES = {
    "wave": "wave", "bølge": "wave", "runde": "wave",
    "interview date": "interview_date", "intervjudato": "interview_date", "date": "interview_date", "dato": "interview_date",
    "interviewer": "interviewer", "intervjuer": "interviewer",
}


def _convert(vtype: str, value: str) -> tuple[str, str] | None:
    """(REFI type, xsd text) for a tema value, or None when it does not fit its type."""
    v = value.strip()
    if vtype == "number":
        try:
            d = Decimal(v.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            return None
        if not d.is_finite():
            return None
        if d == d.to_integral_value() and "." not in v and "," not in v and "e" not in v.lower():
            return "Integer", str(int(d))
        return "Float", format(d, "f")
    if vtype == "boolean":
        low = v.lower()
        return ("Boolean", "true") if low in TRUE else ("Boolean", "false") if low in FALSE else None
    if vtype == "date":
        try:
            return "Date", date.fromisoformat(v).isoformat()
        except ValueError:
            return None
    return "Text", value


class Variables:
    def __init__(self, session: Session, guids: Callable[..., str], pz: Callable[[str | None], str | None]) -> None:
        self.g = guids
        self.pz = pz
        rows = [(a.key, a.value or "", a.value_type) for a in session.scalars(select(m.ParticipantAttribute))]
        rows += [(a.key, a.value or "", a.value_type) for a in session.scalars(select(m.CaseAttribute))]
        self.types: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for key, value, vtype in rows:
            k = name_key(key)
            self.names.setdefault(k, key)
            conv = _convert(vtype, value)
            kind = conv[0] if conv else "Text"
            if kind in ("Integer", "Float") and self.types.get(k) in ("Integer", "Float"):
                kind = "Float" if "Float" in (kind, self.types[k]) else "Integer"
            elif k in self.types and self.types[k] != kind:
                kind = "Text"
            self.types[k] = kind

    def write(self, root, cases: Callable, doc_fields: Sequence[tuple[str, str, str]] = ()) -> None:
        """<Variables> (when any: attributes, then the document fields of ``document_variables``)
        and then the <Cases> written by ``cases(root, self)``."""
        if self.types or doc_fields:
            var_el = etree.SubElement(root, f"{{{NS}}}Variables")
            for k in sorted(self.types):
                etree.SubElement(var_el, f"{{{NS}}}Variable", guid=self.g("variable", k),
                                 name=xml_safe(self.pz(self.names[k])), typeOfVariable=self.types[k])
            for fld, name, vtype in doc_fields:
                etree.SubElement(var_el, f"{{{NS}}}Variable", guid=self.g("document-variable", fld), name=name,
                                 typeOfVariable=vtype)
        cases(root, self)

    def values(self, case_el, attrs: list[tuple[str, str | None, str]]) -> None:
        for key, value, vtype in sorted(attrs, key=lambda a: name_key(a[0])):
            k = name_key(key)
            kind = self.types.get(k, "Text")
            conv = _convert(vtype, value or "")
            text = conv[1] if conv and kind != "Text" else self.pz(value or "")
            if kind == "Float" and conv and conv[0] == "Integer":
                text = conv[1]
            vv = etree.SubElement(case_el, f"{{{NS}}}VariableValue")
            etree.SubElement(vv, f"{{{NS}}}VariableRef", targetGUID=self.g("variable", k))
            etree.SubElement(vv, f"{{{NS}}}{ELEMENT[kind]}").text = xml_safe(text)


def document_variables(docs, coders: dict[int, str]) -> list[tuple[str, str, str]]:
    """(field, Variable name, REFI type) for the document fields any document fills."""
    out = []
    for fld, name in DOC_FIELDS:
        values = [v for v in (_doc_value(d, fld, coders) for d in docs) if v]
        if not values:
            continue
        vtype = "Date" if fld == "interview_date" and all(_convert("date", v) for v in values) else "Text"
        out.append((fld, name, vtype))
    return out


def _doc_value(doc, fld: str, coders: dict[int, str]) -> str | None:
    if fld == "interviewer":
        return coders.get(doc.interviewer_id) if doc.interviewer_id else None
    value = getattr(doc, fld)
    return value.strip() if isinstance(value, str) and value.strip() else None


def write_document_values(source_el, doc, fields: list[tuple[str, str, str]], guids: Callable[..., str],
                          pz: Callable[[str | None], str | None], coders: dict[int, str]) -> None:
    """A TextSource's <VariableValue>s: wave, interview date, interviewer (pseudonymised)."""
    for fld, _name, vtype in fields:
        value = _doc_value(doc, fld, coders)
        if not value:
            continue
        vv = etree.SubElement(source_el, f"{{{NS}}}VariableValue")
        etree.SubElement(vv, f"{{{NS}}}VariableRef", targetGUID=guids("document-variable", fld))
        text = value if vtype == "Date" else pz(value)
        etree.SubElement(vv, f"{{{NS}}}{ELEMENT[vtype]}").text = xml_safe(text)


def case_attributes(proj: RefiProject, case: RefiCase) -> list[tuple[str, str, str]]:
    """A Case's VariableValues as tema attributes (key, value, type)."""
    out = []
    for var_guid, element, value in case.values:
        var = proj.variables.get(var_guid or "")
        if var is None or value is None or not value.strip() or not clean_name(var.name):
            continue
        out.append((clean_name(var.name), value.strip(), VALUE_TYPES.get(element, "text")))
    return out


def document_fields(proj: RefiProject, values: list[tuple[str | None, str, str | None]], report: ImportReport,
                    where: str) -> dict[str, str]:
    """A source's VariableValues as document fields (wave, interview_date, interviewer)."""
    out: dict[str, str] = {}
    for var_guid, _element, value in values:
        var = proj.variables.get(var_guid or "")
        if var is None or value is None or not value.strip():
            continue
        fld = DOC_NAMES.get(name_key(var.name))
        if fld is None:
            report.warn("not carried", f"{where}: variable «{var.name}» not imported (documents hold wave, "
                                       "interview date and interviewer only)")
            continue
        out.setdefault(fld, clean_name(value)[:40] if fld != "interviewer" else clean_name(value))
    return out
