"""A document's wave, interview date and interviewer travel as Variables on its
TextSource (issue 17, item 11): written typed, valid against the schema, read back,
pseudonymised by default; source Variables from other programs are read by name."""

from __future__ import annotations

from lxml import etree

from tests.helpers.cli import tema
from tests.refi.helpers import assert_valid, content, make_qdpx, qde_of, schema

NS = {"q": "urn:QDA-XML:project:1.0"}


def _documents(project):
    return {d[0]: d[4:] for d in content(project)["documents"]}


def test_wave_date_and_interviewer_round_trip(rich_project, tmp_path):
    out, copy = tmp_path / "p.qdpx", tmp_path / "copy.tema"
    tema("qdpx", "export", rich_project, "-o", out)
    data = qde_of(out)
    assert_valid(schema("Project-mrt2019.xsd"), data)
    root = etree.fromstring(data)
    variables = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert variables["Wave"] == "Text" and variables["Interview date"] == "Date" and variables["Interviewer"] == "Text"
    dagny = root.find(".//q:TextSource[@name='Dagny']", NS)
    assert [v.findtext("q:DateValue", namespaces=NS) for v in dagny.iterfind("q:VariableValue", NS)
            if v.find("q:DateValue", NS) is not None] == ["2023-05-02"]
    tema("qdpx", "import", out, copy)
    before, after = _documents(rich_project), _documents(copy)
    assert before["Dagny"] == ("2", "2023-05-02", "Ingrid Intervjuer")
    assert before["Anne"] == ("1", None, None)
    assert after == before


def test_the_interviewer_is_pseudonymised(rich_project, tmp_path):
    tema("pseudonym", "add", rich_project, "Ingrid Intervjuer", "Hanne Hansen")
    out = tmp_path / "p.qdpx"
    tema("qdpx", "export", rich_project, "-o", out)
    assert b"Ingrid" not in qde_of(out)
    tema("qdpx", "import", out, tmp_path / "copy.tema")
    assert _documents(tmp_path / "copy.tema")["Dagny"][2] == "Hanne Hansen"


QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fra MAXQDA" origin="MAXQDA 2022">
 <Variables>
  <Variable guid="e0000000-0000-0000-0000-000000000001" name="Intervjudato" typeOfVariable="Date"/>
  <Variable guid="e0000000-0000-0000-0000-000000000002" name="Bølge" typeOfVariable="Integer"/>
  <Variable guid="e0000000-0000-0000-0000-000000000003" name="Rom" typeOfVariable="Text"/>
 </Variables>
 <Sources>
  <TextSource guid="f0000000-0000-0000-0000-000000000001" name="Intervju 1">
   <PlainTextContent>I: Hei. Svar: Hei på deg.</PlainTextContent>
   <VariableValue><VariableRef targetGUID="e0000000-0000-0000-0000-000000000001"/><DateValue>2024-02-29</DateValue></VariableValue>
   <VariableValue><VariableRef targetGUID="e0000000-0000-0000-0000-000000000002"/><IntegerValue>3</IntegerValue></VariableValue>
   <VariableValue><VariableRef targetGUID="e0000000-0000-0000-0000-000000000003"/><TextValue>Møterom</TextValue></VariableValue>
  </TextSource>
 </Sources>
</Project>
"""


def test_source_variables_from_other_programs_are_read_by_name(tmp_path):
    result = tema("qdpx", "import", make_qdpx(tmp_path / "m.qdpx", QDE), tmp_path / "p.tema")
    assert _documents(tmp_path / "p.tema")["Intervju 1"] == ("3", "2024-02-29", None)
    assert "variable «Rom» not imported" in result.output
