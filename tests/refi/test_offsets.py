"""Offsets from other programs: NVivo's UTF-16 code units, CRLF, a BOM, emoji,
decomposed letters; names checked against the text; selections outside the text."""

from __future__ import annotations

import unicodedata
import uuid

from lxml import etree

from tema.refi.edits import EditMap, apply_edits, nfc_with_map
from tests.helpers.cli import tema
from tests.refi.helpers import content, make_qdpx

# A transcript as NVivo holds it: CRLF line ends, emoji outside the BMP (two UTF-16
# units each, some made of several code points) and a decomposed "å" (a + ring).
RAW = (
    "I: Hei og velkommen 😀\r\n"
    "Kari: Takk! Jeg heter Kari 👩🏽‍⚕️ og bor pa\u030a Tromsø.\r\n"
    "I: Fortell om familien.\r\n"
    "Kari: Vi er fem 👨‍👩‍👧‍👦 – det er travelt, men godt.\r\n"
)
QUOTES = ["Takk!", "Kari 👩🏽‍⚕️ og bor pa\u030a", "pa\u030a Tromsø.", "Fortell om familien.\r\nKari: Vi",
          "👨‍👩‍👧‍👦 – det er travelt", "godt."]
SOURCE = "0B4B7F5E-93D6-4E8A-9A51-2C1D3E4F5A6B"
CODE = "7c0a1f2e-3b4c-4d5e-8f90-a1b2c3d4e5f6"


def utf16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def crlf_as_one(text: str, i: int) -> int:
    return len(text[:i].replace("\r\n", "\n"))


def qde(origin: str, count=utf16, names: bool = True, extra: list[tuple[int, int]] = (), ns: str = "1.0") -> bytes:
    P = f"urn:QDA-XML:project:{ns}"
    root = etree.Element(f"{{{P}}}Project", name="Familieintervju", origin=origin, nsmap={None: P})
    codes = etree.SubElement(etree.SubElement(root, f"{{{P}}}CodeBook"), f"{{{P}}}Codes")
    etree.SubElement(codes, f"{{{P}}}Code", guid=CODE, name="Hverdagen", isCodable="true")
    sources = etree.SubElement(root, f"{{{P}}}Sources")
    src = etree.SubElement(sources, f"{{{P}}}TextSource", guid="{" + SOURCE + "}", name="Kari.docx",
                           plainTextPath=f"internal://{SOURCE.lower()}.txt")
    spans = []
    for q in QUOTES:
        i = RAW.index(q)
        spans.append((count(RAW, i), count(RAW, i + len(q)), q))
    spans += [(s, e, None) for s, e in extra]
    for s, e, q in spans:
        attrs = {"guid": str(uuid.uuid4()), "startPosition": str(s), "endPosition": str(e)}
        if names and q:
            attrs["name"] = q
        sel = etree.SubElement(src, f"{{{P}}}PlainTextSelection", attrs)
        coding = etree.SubElement(sel, f"{{{P}}}Coding", guid=str(uuid.uuid4()))
        etree.SubElement(coding, f"{{{P}}}CodeRef", targetGUID="{" + CODE.upper() + "}")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def run(tmp_path, data: bytes, name: str = "nvivo.qdpx"):
    archive = make_qdpx(tmp_path / name, data, {f"sources/{SOURCE}.txt": ("\ufeff" + RAW).encode("utf-8")},
                        qde_name="Prosjekt.qde")
    project = tmp_path / (name + ".tema")
    result = tema("qdpx", "import", archive, project)
    return content(project), result.output


def expected():
    return sorted(unicodedata.normalize("NFC", q) for q in QUOTES)


def test_nvivo_utf16_offsets_with_crlf_bom_and_emoji(tmp_path):
    xml = b"\xef\xbb\xbf" + qde("NVivo 14").replace(b"\n", b"\r\n").replace(b"><", b">\r\n<")  # BOM, CRLF
    data, output = run(tmp_path, xml)
    (title, text, *_), = data["documents"]
    assert title == "Kari" and text == unicodedata.normalize("NFC", RAW)  # BOM gone, CRLF kept, NFC
    assert sorted(c[3] for c in data["codings"]) == expected()
    assert all(text[c[1]:c[2]] == c[3] for c in data["codings"])
    assert "UTF-16 code units" in output


def test_nvivo_without_names_trusts_utf16(tmp_path):
    data, _ = run(tmp_path, qde("NVivo 12 Plus", names=False))
    assert sorted(c[3] for c in data["codings"]) == expected()


def test_names_correct_a_wrong_guess(tmp_path):
    # Not NVivo, yet counted in UTF-16: the selection names show it.
    data, output = run(tmp_path, qde("MAXQDA 2022", names=True))
    assert sorted(c[3] for c in data["codings"]) == expected()
    # Code points from a program that is not NVivo, pre-1.0 namespace.
    data, _ = run(tmp_path, qde("QualCoder 3.5", count=lambda t, i: i, ns="0.4"), "qc.qdpx")
    assert sorted(c[3] for c in data["codings"]) == expected()


def test_crlf_counted_as_one_character(tmp_path):
    data, output = run(tmp_path, qde("Some QDA 1.0", count=crlf_as_one), "crlf.qdpx")
    assert sorted(c[3] for c in data["codings"]) == expected()
    assert "crlf as 1" in output


def test_selection_outside_the_text_is_reported(tmp_path):
    n = utf16(RAW, len(RAW))
    data, output = run(tmp_path, qde("NVivo 14", extra=[(n - 3, n + 40), (5, 5)]))
    assert len(data["codings"]) == len(QUOTES)
    assert f"selection {n - 3}–{n + 40} is empty or falls outside the text" in output
    assert "selection 5–5 is empty or falls outside" in output


def test_offset_maps_snap_outward():
    text, emap = nfc_with_map("Pa\u030al og A\u030ase")
    assert text == "Pål og Åse"
    assert (emap(0, end=False), emap(3, end=True), emap(2, end=True), emap(9, end=True)) == (0, 2, 2, 8)
    out, m2 = apply_edits("Kari og Ola", [(0, 4, "Siri"), (8, 11, "Per Hansen")])
    assert out == "Siri og Per Hansen"
    assert isinstance(m2, EditMap)
    assert (m2(8, end=False), m2(11, end=True), m2(9, end=False), m2(10, end=True), m2(5, end=False)) == (8, 18, 8, 18, 5)
