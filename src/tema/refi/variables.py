"""Participant and case attributes as REFI-QDA typed Variables and VariableValues.

One Variable per attribute key across participants and cases. Its type follows
tema's value types (number → Integer or Float, boolean → Boolean, date → Date,
text → Text); a key whose values disagree, or do not parse as their type,
becomes Text so every value is written as the user typed it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.refi.conventions import xml_safe
from tema.store import models as m
from tema.text import name_key

NS = "urn:QDA-XML:project:1.0"
TRUE = {"ja", "true", "yes", "1", "sann"}
FALSE = {"nei", "false", "no", "0", "usann"}
ELEMENT = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue",
           "Date": "DateValue"}


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

    def write(self, root, cases: Callable) -> None:
        """<Variables> (when any) and then the <Cases> written by ``cases(root, self)``."""
        if self.types:
            var_el = etree.SubElement(root, f"{{{NS}}}Variables")
            for k in sorted(self.types):
                etree.SubElement(var_el, f"{{{NS}}}Variable", guid=self.g("variable", k),
                                 name=xml_safe(self.pz(self.names[k])), typeOfVariable=self.types[k])
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
