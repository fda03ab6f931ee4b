"""Foundation acceptance: the thesis project built through the CLI only."""

from __future__ import annotations

import sqlite3

from tests.helpers.cli import info, tema
from tests.helpers.paths import load_fixture
from tests.helpers.thesis import quote_codes


def test_info_counts(thesis_project):
    data = info(thesis_project)
    assert data["participants"] == 5
    assert data["codings"] == 78
    assert data["themes"] == 3
    assert data["subthemes"] == 7
    assert data["documents"] == 5


def test_every_coding_stores_its_quote(thesis_project):
    quotes = load_fixture("thesis_quotes.json")
    expected = sorted((code, text) for _, text, code, _, _ in quote_codes(quotes))
    con = sqlite3.connect(thesis_project)
    rows = con.execute(
        "SELECT code.name, coding.text, substr(document.text, coding.start + 1, coding.\"end\" - coding.start) "
        "FROM coding JOIN code ON code.id = coding.code_id JOIN document ON document.id = coding.document_id"
    ).fetchall()
    assert sorted((r[0], r[1]) for r in rows) == expected
    assert all(r[1] == r[2] for r in rows)


def test_tabell2_extract_with_seven_perspective_codes(project, tmp_path):
    t2 = load_fixture("thesis_tables.json")["multi_perspective_coding"]
    extract = t2["extract"]["text"]
    doc = tmp_path / "elise.txt"
    doc.write_text(f"I: Hvordan opplever du foreldrene?\nElise: {extract}\n", encoding="utf-8")
    tema("participant", project, "Elise", "--label", "E")
    tema("import", project, doc, "--participant", "Elise")
    for c in t2["codings"]:
        args = ["code", project, "--doc", "elise", "--quote", extract, "--code", c["code"]]
        for p in c["perspectives"]:
            args += ["--perspective", p]
        tema(*args)
    import json

    rows = json.loads(tema("extracts", project, "--json").output)
    got = {(r["code"], tuple(r["perspectives"])) for r in rows}
    assert got == {(c["code"], tuple(sorted(c["perspectives"]))) for c in t2["codings"]}
    assert {r["text"] for r in rows} == {extract}
