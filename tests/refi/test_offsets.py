"""Offsets from other programs: NVivo's UTF-16 code units, CRLF, a BOM, emoji,
decomposed letters; names checked against the text; selections outside the text."""

from __future__ import annotations

import random
import unicodedata
import uuid
from bisect import bisect_left

from lxml import etree

from tema.refi.edits import EditMap, apply_edits, nfc_with_map
from tema.refi.offsets import UTF16, UnitMap, Units
from tests.helpers.cli import tema
from tests.refi.helpers import content, make_qdpx, qde_of

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


def _reference_to_cp(text: str, units: Units, pos: int, end: bool) -> int:
    """The old per-character prefix table, kept here as the reference."""
    def width(i: int) -> int:
        c = text[i]
        if c == "\r" and units.newline == "crlf-as-1" and text[i + 1 : i + 2] == "\n":
            return 0
        if c == "\n" and units.newline == "lf-as-2" and text[i - 1 : i] != "\r":
            return 2
        return 2 if units.utf16 and ord(c) > 0xFFFF else 1

    prefix = [0]
    for i in range(len(text)):
        prefix.append(prefix[-1] + width(i))
    i = bisect_left(prefix, pos)
    if i < len(prefix) and prefix[i] == pos:
        return i
    return i if end else i - 1


def test_unit_maps_agree_with_a_character_by_character_count():
    rng = random.Random(7)
    alphabet = ["a", "ø", "å", " ", "\n", "\r\n", "😀", "👩🏽‍⚕️", "\r", "e\u0301"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        for units in (Units(u, nl) for u in (True, False) for nl in ("as-is", "crlf-as-1", "lf-as-2")):
            umap = UnitMap(text, units)
            for pos in range(umap.length + 1):
                for end in (False, True):
                    assert umap.to_cp(pos, end=end) == _reference_to_cp(text, units, pos, end), (text, units, pos)
            if units == UTF16:
                assert [umap.to_units(i) for i in range(len(text) + 1)] == [utf16(text, i) for i in range(len(text) + 1)]


def test_nfc_map_agrees_with_normalising_the_whole_text():
    rng = random.Random(11)
    alphabet = ["a", "A", "o", " ", "\n", "\u0301", "\u030a", "\u0308", "\u0323", "\u2000", "\u212b", "ø"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 25)))
        out, emap = nfc_with_map(text)
        assert out == unicodedata.normalize("NFC", text)
        assert emap(0, end=False) == 0 and emap(len(text), end=True) == len(out)


def test_export_offsets_in_code_points_or_utf16_round_trip(tmp_path):
    """NVivo's file (UTF-16, CRLF, emoji, a decomposed å) in; out again counted both ways;
    each export's offsets are what its mode says, and each comes back to the same codings."""
    data, _ = run(tmp_path, qde("NVivo 14"))
    project = tmp_path / "nvivo.qdpx.tema"
    (_title, text, *_), = data["documents"]
    assert "\r\n" in text and "😀" in text and "å" in text
    seen = {}
    for mode, count in (("codepoints", lambda t, i: i), ("utf16", utf16)):
        out = tmp_path / f"{mode}.qdpx"
        result = tema("qdpx", "export", project, "-o", out, "--offsets", mode)
        assert ("UTF-16" in result.output) == (mode == "utf16")
        root = etree.fromstring(qde_of(out))
        sels = sorted((int(s.get("startPosition")), int(s.get("endPosition")), s.get("name"))
                      for s in root.iter("{*}PlainTextSelection"))
        assert sels == sorted((count(text, c[1]), count(text, c[2]), c[3]) for c in data["codings"])
        seen[mode] = sels
        copy = tmp_path / f"{mode}.tema"
        tema("qdpx", "import", out, copy)
        assert content(copy)["codings"] == data["codings"]
    assert seen["codepoints"] != seen["utf16"]  # the emoji make the two counts differ


def test_prepared_sources_wait_packed_and_are_segmented_one_at_a_time(tmp_path, monkeypatch):
    """Every source is prepared before the first is written: what waits holds its text
    packed, not as a string, and spaCy is handed the texts lazily, not as a list (issue 15)."""
    from collections.abc import Iterator

    from tema.refi import read
    from tema.refi.sources import Package

    archive = make_qdpx(tmp_path / "nvivo.qdpx", qde("NVivo 14"),
                        {f"sources/{SOURCE}.txt": ("\ufeff" + RAW).encode("utf-8")}, qde_name="Prosjekt.qde")
    pkg = Package(archive)
    try:
        prep = pkg.prepared(pkg.project.sources[0])
    finally:
        pkg.close()
    assert not isinstance(prep, str) and prep.text == unicodedata.normalize("NFC", RAW)
    assert not [k for k, v in vars(prep).items() if isinstance(v, str) and len(v) >= len(RAW) // 2]
    handed: list = []
    real = read._segmenter

    def segmenter(texts, nlp):
        handed.append(texts)
        return real(texts, nlp)

    monkeypatch.setattr(read, "_segmenter", segmenter)
    report = read.import_qdpx(archive, str(tmp_path / "out.tema"))
    assert report.counts["documents"] == 1 and len(handed) == 1
    assert isinstance(handed[0], Iterator) and not isinstance(handed[0], list)
