"""Small helpers for writing REFI-QDA XML with lxml: elements without empty
attributes, text elements only when there is text, wrappers created on first use."""

from __future__ import annotations

from lxml import etree

from tema import __version__
from tema.refi.conventions import xml_safe

NS = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"tema {__version__}"


def el(parent, tag: str, ns: str = NS, **attrs) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None})


def text_el(parent, tag: str, text: str | None, ns: str = NS) -> None:
    if text:
        etree.SubElement(parent, f"{{{ns}}}{tag}").text = xml_safe(text)


class Lazy:
    """A wrapper element created on first use, so no empty wrappers are written."""

    def __init__(self, parent, tag: str, ns: str = NS) -> None:
        self.parent, self.tag, self.ns, self.el = parent, tag, ns, None

    def __call__(self) -> etree._Element:
        if self.el is None:
            self.el = el(self.parent, self.tag, self.ns)
        return self.el


def top(tag: str, ns: str = NS, **attrs) -> etree._Element:
    """A free-standing element in the default namespace (serialised on its own)."""
    return etree.Element(f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None}, nsmap={None: ns})


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
