"""A project file shaped like qualitative-coding's REFI export, built in the test:
sources without a ``name`` (their text in ``internal://<guid>.txt``), one selection
per coded line named ``line:N``, two coders, and the same code name at several
places in the code tree (qc allows it; tema renames all but one)."""

from __future__ import annotations

import uuid
from pathlib import Path

from lxml import etree

from tests.refi.helpers import make_qdpx

P = "urn:QDA-XML:project:1.0"
USERS = {"alice": "5f0c0d59-0a3e-4b8e-9a53-000000000001", "bob": "5f0c0d59-0a3e-4b8e-9a53-000000000002"}
WORDS = "Vi snakket om skolen og om hvordan hverdagen ble etter flyttingen til Ås".split()


def _g() -> str:
    return str(uuid.uuid4())


def qc_project(path: Path, *, sources: int = 2, lines: int = 40, duplicate_codes: int = 5,
               named: bool = False) -> tuple[Path, dict]:
    """Write the file; returns it and what the test should find (texts by source GUID,
    code names, coded spans)."""
    root = etree.Element(f"{{{P}}}Project", name="qc project", origin="qc 1.7.8", nsmap={None: P})
    users = etree.SubElement(root, f"{{{P}}}Users")
    for name, g in USERS.items():
        etree.SubElement(users, f"{{{P}}}User", guid=g, name=name)
    codes = etree.SubElement(etree.SubElement(root, f"{{{P}}}CodeBook"), f"{{{P}}}Codes")
    code_guids = []
    for k in range(duplicate_codes):  # each name under two parents
        for parent_name in ("barriers", "resources"):
            parent = codes.find(f"{{{P}}}Code[@name='{parent_name}']")
            if parent is None:
                parent = etree.SubElement(codes, f"{{{P}}}Code", guid=_g(), name=parent_name, isCodable="true")
            g = _g()
            etree.SubElement(parent, f"{{{P}}}Code", guid=g, name=f"theme-{k}", isCodable="true")
            code_guids.append(g)
    srcs = etree.SubElement(root, f"{{{P}}}Sources")
    files: dict[str, bytes] = {}
    expect: dict = {"texts": {}, "spans": []}
    for s in range(sources):
        sg = _g()
        text_lines = [" ".join(WORDS[(i + s) % 5:]) + f" ({s}.{i})\n" for i in range(lines)]
        text = "".join(text_lines)
        attrs = {"guid": sg, "plainTextPath": f"internal://{sg}.txt"}
        if named:
            attrs["name"] = f"interview_{s}.txt"
        src = etree.SubElement(srcs, f"{{{P}}}TextSource", attrs)
        pos = 0
        for i, line in enumerate(text_lines):
            sel = etree.SubElement(src, f"{{{P}}}PlainTextSelection", guid=_g(), name=f"line:{i}",
                                   startPosition=str(pos), endPosition=str(pos + len(line)))
            coding = etree.SubElement(sel, f"{{{P}}}Coding", guid=_g(),
                                      creatingUser=USERS["alice" if i % 2 else "bob"])
            etree.SubElement(coding, f"{{{P}}}CodeRef", targetGUID=code_guids[i % len(code_guids)])
            expect["spans"].append((sg, pos, pos + len(line), line))
            pos += len(line)
        files[f"sources/{sg}.txt"] = text.encode("utf-8")
        expect["texts"][sg] = text
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return make_qdpx(path, data, files), expect
