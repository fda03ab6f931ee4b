"""Export: the .qde and .qdc validate against the REFI-QDA schemas, the mapping
of themes to non-codable codes, no empty wrapper elements, pseudonyms applied."""

from __future__ import annotations

import zipfile

from lxml import etree

from tema.refi.variables import _convert
from tests.helpers.cli import tema
from tests.refi.helpers import assert_valid, qde_of, schema

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}
WRAPPERS = ("Users", "CodeBook", "Codes", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs")


def test_project_export_validates_against_the_schema(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", rich_project, "-o", out)
    data = qde_of(out)
    assert_valid(schema("Project-mrt2019.xsd"), data)
    root = etree.fromstring(data)
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    for src in root.iterfind(".//q:TextSource", NS):
        assert src.get("plainTextPath") == f"internal://{src.get('guid')}.txt"
        assert f"Sources/{src.get('guid')}.txt" in names
    # themes are non-codable parents holding codes; every coding points at a codable code
    codable = {c.get("guid"): c.get("isCodable") for c in root.iterfind(".//q:Code", NS)}
    theme = root.find(".//q:Code[@name='Organisering av barnekoordinatorrollen']", NS)
    assert theme.get("isCodable") == "false"
    assert "Central organising concept: Rollen formes av rammene" in theme.findtext("q:Description", namespaces=NS)
    refs = [r.get("targetGUID") for r in root.iterfind(".//q:Coding/q:CodeRef", NS)]
    assert refs and all(codable[g] == "true" for g in refs)


def test_codebook_export_validates_and_keeps_the_theme_tree(rich_project, tmp_path):
    out = tmp_path / "c.qdc"
    tema("qdc", "export", rich_project, "-o", out)
    data = out.read_bytes()
    assert_valid(schema("Codebook.xsd"), data)
    root = etree.fromstring(data)
    sub = root.find(".//c:Code[@name='Ansvarsgruppemøter som arena'][@isCodable='false']", NS)
    assert [c.get("name") for c in sub.iterfind("c:Code", NS)] == ["Ansvarsgruppemøter som arena"]
    members = root.find(".//c:Set[@name='Samarbeid på tvers']", NS)
    assert len(members.findall("c:MemberCode", NS)) == 1


def test_an_empty_project_writes_no_empty_wrappers(project, tmp_path):
    out = tmp_path / "empty.qdpx"
    tema("qdpx", "export", project, "-o", out)
    data = qde_of(out)
    assert_valid(schema("Project-mrt2019.xsd"), data)
    root = etree.fromstring(data)
    for el in root.iter():
        if etree.QName(el).localname in WRAPPERS:
            assert len(el), f"empty <{etree.QName(el).localname}>"
    result = tema("qdc", "export", project, "-o", tmp_path / "empty.qdc", ok=False)
    assert result.exit_code == 1 and "no codes or themes" in result.output


def test_attribute_values_follow_the_xsd_types():
    assert _convert("number", "34") == ("Integer", "34")
    assert _convert("number", "51,5") == ("Float", "51.5")
    assert _convert("boolean", "ja") == ("Boolean", "true")
    assert _convert("boolean", "Nei") == ("Boolean", "false")
    assert _convert("date", "2023-05-02") == ("Date", "2023-05-02")
    assert _convert("date", "2. mai") is None
    assert _convert("number", "mange") is None


def test_guids_are_uuid5_of_the_project_namespace():
    import uuid

    from tema.refi.write_codebook import Guids

    ns = "6f1c8a52-3b1e-4f53-9d0e-2a7c1c0b9e41"
    g = Guids(ns)
    for key in [("code", 1), ("selection", 3, 0, 17), ("memo", "æøå"), ("theme-set",), ("code", 2), ("user", 12)]:
        assert g(*key) == str(uuid.uuid5(uuid.UUID(ns), ":".join([key[0], *map(str, key[1:])])))


def test_users_carry_the_coders_display_names(rich_project, tmp_path):
    """A coder renamed with `tema coder rename` is written as the name shown everywhere else."""
    tema("coder", "rename", rich_project, "Medforsker", "Mia Medforsker")
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", rich_project, "-o", out, "--no-pseudonymise")
    root = etree.fromstring(qde_of(out))
    names = {u.get("name") for u in root.iterfind(".//q:Users/q:User", NS)}
    assert "Mia Medforsker" in names and "Medforsker" not in names
