"""Vedlegg 4 (a snapshot's themes and subthemes), Tabell 1 (participants by
attribute), Tabell 4 (interview-guide sections) and the theme × participant matrix."""

from __future__ import annotations

from collections import Counter, defaultdict

from tests.export.readers import docx_tables, fill_down, md_tables, xlsx_rows
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture
from tests.helpers.thesis import quote_codes

VEDLEGG4 = "Midlertidige tema og subtema"


def store_vedlegg4(project) -> list[list[str]]:
    from tema.domain.snapshots import store_structure
    from tema.store.db import open_store

    temporary = load_fixture("thesis_tables.json")["temporary_themes"]["themes"]
    structure = {"themes": [{"name": t["theme"], "codes": [], "subthemes": [
        {"name": s, "codes": [], "subthemes": []} for s in t["subthemes"]]} for t in temporary], "unplaced": []}
    store = open_store(project)
    try:
        with store.transaction() as s:
            store_structure(s, VEDLEGG4, structure, phase=3)
    finally:
        store.close()
    return [[t["theme"], s] for t in temporary for s in t["subthemes"]]


def test_snapshot_equals_vedlegg4(thesis_project, tmp_path):
    expected = store_vedlegg4(thesis_project)
    tema("export", thesis_project, "snapshot", "--snapshot", VEDLEGG4, "-o", tmp_path / "v4.md")
    md = md_tables(tmp_path / "v4.md")[0]
    assert md[0] == ["Tema", "Subtema"]
    assert fill_down(md[1:]) == expected
    assert f"*Tabell 1: {VEDLEGG4}*" in (tmp_path / "v4.md").read_text(encoding="utf-8")
    tema("export", thesis_project, "snapshot", "--snapshot", VEDLEGG4, "-o", tmp_path / "v4.docx")
    assert docx_tables(tmp_path / "v4.docx")[0][1:] == expected
    tema("export", thesis_project, "snapshot", "--snapshot", VEDLEGG4, "-o", tmp_path / "v4.xlsx")
    assert xlsx_rows(tmp_path / "v4.xlsx")[1:1 + len(expected)] == expected
    tema("export", thesis_project, "snapshot", "--snapshot", VEDLEGG4, "--theme", "Samarbeid", "-o", tmp_path / "one.md")
    one = md_tables(tmp_path / "one.md")[0]
    assert fill_down(one[1:]) == [r for r in expected if r[0] == "Samarbeid"]


def test_snapshot_with_codes_gets_a_codes_column(thesis_project, tmp_path):
    tema("snapshot", thesis_project, "Fase 5")
    tema("export", thesis_project, "snapshot", "--snapshot", "fase 5", "-o", tmp_path / "f5.md")
    table = fill_down(md_tables(tmp_path / "f5.md")[0])
    assert table[0] == ["Tema", "Subtema", "Koder"]
    assert ["1 Organisering av barnekoordinatorrollen", "1b 100% barnekoordinator", "100% barnekoordinator"] in table


def test_unknown_or_missing_snapshot(thesis_project, tmp_path):
    r = tema("export", thesis_project, "snapshot", "-o", tmp_path / "s.md", ok=False)
    assert r.exit_code == 1 and "name exactly one snapshot with --snapshot" in r.output
    r = tema("export", thesis_project, "snapshot", "--snapshot", "Finnes ikke", "-o", tmp_path / "s.md", ok=False)
    assert r.exit_code == 1 and "'Finnes ikke': no such snapshot" in r.output
    r = tema("map", thesis_project, "--snapshot", "Finnes ikke", "-o", tmp_path / "s.svg", ok=False)
    assert r.exit_code == 1 and "no such snapshot" in r.output


def test_participants_by_attribute_equals_tabell1(thesis_project, tmp_path):
    tables = load_fixture("thesis_tables.json")
    counts = tables["participants"]["attribute_counts"]
    people = list(tables["participants"]["pseudonyms"].values())
    values = {key: [v for v, n in vals.items() for _ in range(n)] for key, vals in counts.items()}
    for i, name in enumerate(people):
        attrs = [a for key, vals in values.items() for a in ("--attr", f"{key}={vals[i]}")]
        tema("participant", thesis_project, name, *attrs)
    tema("export", thesis_project, "participants", "-o", tmp_path / "t1.md")
    summary, listing = md_tables(tmp_path / "t1.md")
    assert summary[0] == ["Egenskap", "Verdi", "Antall"]
    assert fill_down(summary[1:]) == [[k, v, str(n)] for k, vals in counts.items() for v, n in vals.items()]
    per_person = Counter(p for p, *_ in quote_codes(load_fixture("thesis_quotes.json")))
    assert listing[0] == ["Bokstav", "Pseudonym", *counts, "Dokumenter", "Utdrag"]
    assert [(r[1], r[-2], r[-1]) for r in listing[1:]] == [(p, "1", str(per_person[p])) for p in people]
    tema("export", thesis_project, "participants", "-o", tmp_path / "t1.csv")
    assert (tmp_path / "t1-participant-list.csv").exists()  # a CSV holds one table: the second goes beside it


def test_guide_equals_tabell4_with_colours(project, tmp_path):
    sections = load_fixture("thesis_tables.json")["interview_guide_sections"]["sections"]
    colours = ["#f4cccc", "#d9ead3", "#cfe2f3", "#fff2cc"]
    for sec, colour in zip(sections, colours):
        tema("guide", project, sec["heading"], "--colour", colour, *[a for area in sec["areas"] for a in ("--area", area)])
    tema("export", project, "guide", "-o", tmp_path / "t4.md")
    table = md_tables(tmp_path / "t4.md")[0]
    expected = [[s["heading"], c, "\n".join(f"-{a}" for a in s["areas"])] for s, c in zip(sections, colours)]
    assert table[1:] == expected
    tema("export", project, "guide", "-o", tmp_path / "t4.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(str(tmp_path / "t4.xlsx")).active
    assert [ws.cell(row=i + 2, column=2).fill.fgColor.rgb[-6:].lower() for i in range(4)] == [c[1:] for c in colours]


def _expected_matrix():
    tables = load_fixture("thesis_tables.json")
    label = {v: k for k, v in tables["participants"]["pseudonyms"].items()}
    per: dict[str, Counter] = defaultdict(Counter)
    for participant, _t, _c, sub, number in quote_codes(load_fixture("thesis_quotes.json")):
        per[str(number)][label[participant]] += 1
        if sub:
            per[sub][label[participant]] += 1
    return per


def test_matrix_counts_each_voice(thesis_project, tmp_path):
    tema("export", thesis_project, "matrix", "-o", tmp_path / "m.md")
    table = md_tables(tmp_path / "m.md")[0]
    assert table[0] == ["Tema", "Subtema", "A", "B", "C", "D", "E", "Totalt", "Deltakere"]
    expected = _expected_matrix()
    for row in fill_down(table[1:]):
        key = row[1].split()[0] if row[1] else row[0].split()[0]
        counts = [int(x) for x in row[2:7]]
        assert counts == [expected[key][p] for p in "ABCDE"], row
        assert int(row[7]) == sum(counts) and int(row[8]) == sum(1 for n in counts if n)
    for fmt in ("png", "svg"):
        out = tmp_path / f"m.{fmt}"
        tema("export", thesis_project, "matrix", "-o", out)
        assert out.stat().st_size > 5000
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "Muliggjøring av samarbeid" in svg and ">E<" in svg
    tema("export", thesis_project, "matrix", "--by", "code", "-o", tmp_path / "c.md")
    by_code = md_tables(tmp_path / "c.md")[0]
    assert by_code[0][0] == "Kode" and sum(int(r[-2]) for r in by_code[1:]) == 78
