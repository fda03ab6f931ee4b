"""The implementation study's view (17.6): families as cases (parents, child and
professionals), interviewed in two waves. The matrix by case, wave and role; the
case × theme table whose cells hold each case's extracts (the framework matrix), and
the theme × wave table showing which themes appear, grow or fade — in every format."""

from __future__ import annotations

import pytest

from tests.export.readers import csv_rows, docx_tables, fill_down, html_tables, md_tables, xlsx_rows
from tests.helpers.cli import tema

# (file, participant, wave, text)
INTERVIEWS = [
    ("mor1", "Mor Hansen", "1", "I: Hvordan var det å få koordinator?\nMor: Vi fikk endelig én person å ringe. "
                                "Før måtte vi ringe tolv steder selv.\nI: Og skolen?\nMor: Skolen kom sjelden på møtene.\n"),
    ("laerer1", "Lærer Dahl", "1", "I: Hvordan samarbeider dere?\nLærer: Vi møtes på ansvarsgruppemøtet hver måned.\n"),
    ("far1", "Far Berg", "1", "I: Hvem hjelper dere?\nFar: Ingen. Vi ringer tolv steder selv, hver uke.\n"),
    ("mor2", "Mor Hansen", "2", "I: Hva har endret seg?\nMor: Koordinatoren sluttet, og nå ringer vi tolv steder igjen. "
                                "Men hun ringte Hansen-familien først.\n"),
    ("far2", "Far Berg", "2", "I: Hva har endret seg?\nFar: Nå har vi én person å ringe, og hun følger opp skolen.\n"),
]
# (file, quote, code)
CODINGS = [
    ("mor1", "Vi fikk endelig én person å ringe.", "Én dør inn"),
    ("mor1", "Vi fikk endelig én person å ringe. Før måtte vi ringe tolv steder selv.", "Mange instanser"),
    ("mor1", "Skolen kom sjelden på møtene.", "Ansvarsgruppe"),
    ("laerer1", "Vi møtes på ansvarsgruppemøtet hver måned.", "Ansvarsgruppe"),
    ("far1", "Vi ringer tolv steder selv, hver uke.", "Mange instanser"),
    ("mor2", "nå ringer vi tolv steder igjen. Men hun ringte Hansen-familien først.", "Mange instanser"),
    ("far2", "Nå har vi én person å ringe", "Én dør inn"),
]


@pytest.fixture
def cases(project, tmp_path):
    people = {"Mor Hansen": ("A", "forelder", "Familie 1"), "Lærer Dahl": ("B", "fagperson", "Familie 1"),
              "Far Berg": ("C", "forelder", "Familie 2")}
    for name, (label, role, case) in people.items():
        tema("participant", project, name, "--label", label, "--attr", f"Rolle={role}", "--case", case)
    for stem, who, wave, text in INTERVIEWS:
        path = tmp_path / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        tema("import", project, path, "--participant", who, "--wave", wave)
    for stem, quote, code in CODINGS:
        tema("code", project, "--doc", stem, "--quote", quote, "--code", code)
    tema("theme", project, "Koordinering", "--label", "1", "--code", "Én dør inn")
    tema("theme", project, "Mange instanser", "--parent", "Koordinering", "--label", "1a", "--code", "Mange instanser")
    tema("theme", project, "Møtene", "--label", "2", "--code", "Ansvarsgruppe")
    tema("pseudonym", "add", project, "Hansen", "Nilsen")
    return project


def _export(project, path, table, *args):
    tema("export", project, table, "-o", path, *args)
    return path


def test_matrix_by_case_wave_and_role(cases, tmp_path):
    by_case = md_tables(_export(cases, tmp_path / "c.md", "matrix", "--columns", "case"))[0]
    assert by_case[0] == ["Tema", "Subtema", "Familie 1", "Familie 2", "Totalt", "Caser"]
    # Koordinering: mor1's overlapping codings are one extract, + mor2; Familie 2: far1, far2
    assert [r[2:] for r in by_case[1:]] == [["2", "2", "4", "2"], ["2", "1", "3", "2"], ["2", "0", "2", "1"]]
    by_wave = md_tables(_export(cases, tmp_path / "w.md", "matrix", "--columns", "wave"))[0]
    assert by_wave[0][2:4] == ["Bølge 1", "Bølge 2"]
    assert [r[2:4] for r in by_wave[1:]] == [["2", "2"], ["2", "1"], ["2", "0"]]
    by_role = md_tables(_export(cases, tmp_path / "r.md", "matrix", "--columns", "attr:rolle", "--measure", "codings"))[0]
    assert by_role[0][2:4] == ["fagperson", "forelder"]
    assert [r[2:4] for r in by_role[1:]] == [["0", "5"], ["0", "3"], ["1", "1"]]
    assert "Tema og «rolle»: antall kodinger" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_case_matrix_holds_each_cases_extracts(cases, tmp_path):
    rows = md_tables(_export(cases, tmp_path / "cm.md", "case-matrix"))[0]
    assert rows[0] == ["Tema", "Subtema", "Familie 1", "Familie 2"]
    body = {(r[1] or r[0]): r[2:] for r in fill_down(rows[1:])}
    assert body["1a Mange instanser"] == [
        "«Vi fikk endelig én person å ringe. Før måtte vi ringe tolv steder selv.» (A, forelder)\n"
        "«nå ringer vi tolv steder igjen. Men hun ringte Nilsen-familien først.» (A, forelder)",
        "«Vi ringer tolv steder selv, hver uke.» (C, forelder)"]
    assert body["2 Møtene"] == ["«Vi møtes på ansvarsgruppemøtet hver måned.» (B, fagperson)\n"  # by document
                                "«Skolen kom sjelden på møtene.» (A, forelder)", ""]
    assert "Hansen" not in (tmp_path / "cm.md").read_text(encoding="utf-8")  # pseudonymised like every export
    expected = [r[:] for r in fill_down(rows[1:])]
    assert fill_down(docx_tables(_export(cases, tmp_path / "cm.docx", "case-matrix"))[0][1:]) == expected
    assert html_tables(_export(cases, tmp_path / "cm.html", "case-matrix"))[0][1:] == expected
    assert csv_rows(_export(cases, tmp_path / "cm.csv", "case-matrix"))[1:] == expected
    assert xlsx_rows(_export(cases, tmp_path / "cm.xlsx", "case-matrix"))[1:1 + len(expected)] == expected


def test_wave_themes_shows_what_appears_grows_and_fades(cases, tmp_path):
    rows = md_tables(_export(cases, tmp_path / "wt.md", "wave-themes"))[0]
    assert rows[0] == ["Tema", "Subtema", "Bølge 1", "Bølge 2", "Utvikling"]
    # 3 interviews in wave 1, 2 in wave 2: per interview Koordinering goes 2/3 → 2/2 (+50 %: grows),
    # Mange instanser 2/3 → 1/2 (steady), Møtene 2/3 → none (gone)
    assert [r[2:] for r in fill_down(rows[1:])] == [["2", "2", "øker"], ["2", "1", "stabil"],
                                                    ["2", "0", "borte i bølge 2"]]
    text = (tmp_path / "wt.md").read_text(encoding="utf-8")
    assert "Intervjuer per bølge: Bølge 1: 3, Bølge 2: 2." in text
    tema("code", cases, "--doc", "far2", "--quote", "hun følger opp skolen", "--code", "Skolen")
    tema("theme", cases, "Skolen", "--label", "3", "--code", "Skolen")
    en = md_tables(_export(cases, tmp_path / "wt-en.md", "wave-themes", "--lang", "en"))[0]
    assert en[0][-1] == "Trend" and en[-1][2:] == ["0", "1", "new in wave 2"]
    for fmt in ("csv", "xlsx", "docx", "html"):
        assert (_export(cases, tmp_path / f"wt.{fmt}", "wave-themes")).stat().st_size > 0


def test_trend_rules():
    from tema.export.casetables import trend
    from tema.export.labels import Words

    w = Words("en")
    assert trend([1, 3], [1, 1], ["1", "2"], w) == "grows"
    assert trend([4, 1], [2, 1], ["1", "2"], w) == "fades"  # 2 per interview → 1
    assert trend([0, 2, 0], [1, 1, 1], ["1", "2", "3"], w) == "new in wave 2; gone in wave 3"
    assert trend([0, 0], [1, 1], ["1", "2"], w) == "" and trend([3], [1], ["1"], w) == ""


def test_without_cases_or_waves_the_tables_say_how_to_get_them(project, tmp_path):
    r = tema("export", project, "case-matrix", "-o", tmp_path / "x.md", ok=False)
    assert r.exit_code == 1 and "no cases yet" in r.output
    r = tema("export", project, "wave-themes", "-o", tmp_path / "x.md", ok=False)
    assert r.exit_code == 1 and "no document has a wave yet" in r.output
    assert not (tmp_path / "x.md").exists()
