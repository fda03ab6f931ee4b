"""Tables over extracts: Tabell 2 (one extract, its codes with perspectives) and
Tabell 3 (an extract's codes and the theme they sat in, snapshot by snapshot)."""

from __future__ import annotations

import re

from tests.export.readers import docx_tables, md_tables, xlsx_rows
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture


def _coded_tabell2(project, tmp_path):
    t2 = load_fixture("thesis_tables.json")["multi_perspective_coding"]
    extract = t2["extract"]["text"]
    doc = tmp_path / "elise.txt"
    doc.write_text(f"I: Hvordan opplever du foreldrene?\nElise: {extract}\nElise: Vi har møter hver måned.\n",
                   encoding="utf-8")
    tema("participant", project, "Elise", "--label", "E")
    tema("import", project, doc, "--participant", "Elise")
    for c in t2["codings"]:
        args = ["code", project, "--doc", "elise", "--quote", extract, "--code", c["code"]]
        for p in c["perspectives"]:
            args += ["--perspective", p]
        tema(*args)
    tema("code", project, "--doc", "elise", "--quote", "Vi har møter hver måned.", "--code", "Faste møter")
    return t2


def _expected_tabell2(t2):
    extract = f"{t2['extract']['text']} ({t2['extract']['participant']})"
    lines = "\n".join(f"{c['code']} ({' og '.join(c['perspectives'])})" for c in t2["codings"])
    return [extract, lines]


def test_perspectives_equal_tabell2(project, tmp_path):
    t2 = _coded_tabell2(project, tmp_path)
    expected = _expected_tabell2(t2)
    md = md_tables(tema_export(project, tmp_path / "t2.md", "perspectives", "--code", "Syndebukk"))[0]
    assert md == [["Sitat", "Koding (perspektiv)"], expected]
    docx = docx_tables(tema_export(project, tmp_path / "t2.docx", "perspectives", "--code", "Syndebukk"))[0]
    assert docx[1] == expected  # one paragraph per code in the Word cell
    # Unfiltered: only extracts coded from some perspective (the meeting extract has none).
    assert md_tables(tema_export(project, tmp_path / "all.md", "perspectives"))[0][1:] == [expected]
    en = md_tables(tema_export(project, tmp_path / "en.md", "perspectives", "--code", "Syndebukk", "--lang", "en"))[0]
    assert en[1][1].splitlines()[2] == "Følelsesladd (familieperspektiv and barnekoordinator-perspektiv)"


def tema_export(project, path, table, *args):
    tema("export", project, table, "-o", path, *args)
    return path


def test_lineage_across_two_snapshots_equals_tabell3(project, tmp_path):
    t3 = load_fixture("thesis_tables.json")["phase_lineage"]
    row = t3["rows"][0]
    doc = tmp_path / "elise.txt"
    doc.write_text(f"I: Hva gjør dette med familien?\nElise: {row['extract']['text']}\nElise: Skolen ringer oss.\n",
                   encoding="utf-8")
    tema("participant", project, "Elise", "--label", "E")
    tema("import", project, doc, "--participant", "Elise")
    codes = [a for c in row["phase2_codes"] for a in ("--code", c)]
    tema("code", project, "--doc", "elise", "--quote", row["extract"]["text"], *codes)
    tema("code", project, "--doc", "elise", "--quote", "Skolen ringer oss.", "--code", "Skolen tar kontakt")
    [initial] = row["phase3_initial_themes"]
    [final] = row["phase4_themes"]
    tema("theme", project, initial, *codes)
    tema("theme", project, "Skole", "--code", "Skolen tar kontakt")
    tema("snapshot", project, "Fase 3: Initielle tema", "--phase", "3")
    tema("theme", project, final, *codes)
    tema("delete", project, "theme", initial)
    tema("snapshot", project, "Fase 4: Tema", "--phase", "4")

    args = ["--snapshot", "Fase 3: Initielle tema", "--snapshot", "Fase 4: Tema"]
    table = md_tables(tema_export(project, tmp_path / "t3.md", "lineage", *args, "--code", "Invadert"))[0]
    columns = re.search(r"columns: ([^)]*)\)", t3["_table"]).group(1).split(" | ")
    assert table[0] == columns
    expected = [f"{row['extract']['text']} ({row['extract']['participant']})", "\n".join(row["phase2_codes"]),
                initial, final]
    assert table[1:] == [expected]
    by_theme = xlsx_rows(tema_export(project, tmp_path / "t3.xlsx", "lineage", *args, "--theme", initial))
    assert by_theme[1] == expected and by_theme[2] == ["", "", "", ""]  # one row, then the caption
    everything = md_tables(tema_export(project, tmp_path / "all.md", "lineage", *args))[0]
    assert everything[1:] == [expected, ["Skolen ringer oss. (Elise)", "Skolen tar kontakt", "Skole", "Skole"]]
    reversed_order = md_tables(tema_export(project, tmp_path / "rev.md", "lineage",
                                           "--snapshot", "Fase 4: Tema", "--snapshot", "Fase 3: Initielle tema"))[0]
    assert reversed_order[0][2:] == ["Fase 4: Tema", "Fase 3: Initielle tema"]
    assert reversed_order[1][2:] == [final, initial]


def test_lineage_errors_are_one_clear_line(project, tmp_path):
    r = tema("export", project, "lineage", "-o", tmp_path / "x.md", ok=False)
    assert r.exit_code == 1 and "no snapshots yet" in r.output and "Traceback" not in r.output
    tema("snapshot", project, "Fase 3")
    r = tema("export", project, "lineage", "--snapshot", "Fase 9", "-o", tmp_path / "x.md", ok=False)
    assert r.exit_code == 1 and "'Fase 9': no such snapshot" in r.output and "'Fase 3'" in r.output
    r = tema("export", project, "lineage", "--theme", "Ukjent", "-o", tmp_path / "x.md", ok=False)
    assert r.exit_code == 1 and "Ukjent" in r.output
    assert not (tmp_path / "x.md").exists()


def test_lineage_follows_a_code_through_a_rename(project, tmp_path):
    """A code renamed between two snapshots is the same code in both (17.5): the earlier
    snapshot still places it, and the codes column says what it was called."""
    doc = tmp_path / "elise.txt"
    doc.write_text("I: Hvem ringer?\nElise: Skolen ringer oss.\nElise: Naboen hjelper til.\n", encoding="utf-8")
    tema("participant", project, "Elise", "--label", "E")
    tema("import", project, doc, "--participant", "Elise")
    tema("code", project, "--doc", "elise", "--quote", "Skolen ringer oss.", "--code", "Skolen tar kontakt")
    tema("code", project, "--doc", "elise", "--quote", "Naboen hjelper til.", "--code", "Naboer")
    tema("theme", project, "Skole", "--code", "Skolen tar kontakt")
    tema("theme", project, "Nettverk", "--code", "Naboer")
    tema("snapshot", project, "Fase 3", "--phase", "3")
    tema("codes", "rename", project, "Skolen tar kontakt", "Skolen tar initiativ")
    tema("codes", "rename", project, "Naboer", "Naboskap")
    tema("undo", project)  # an undone rename is not history
    tema("snapshot", project, "Fase 4", "--phase", "4")
    rows = md_tables(tema_export(project, tmp_path / "l.md", "lineage", "--snapshot", "Fase 3", "--snapshot", "Fase 4"))[0]
    assert rows[1:] == [
        ["Skolen ringer oss. (Elise)", "Skolen tar initiativ (omdøpt fra «Skolen tar kontakt»)", "Skole", "Skole"],
        ["Naboen hjelper til. (Elise)", "Naboer", "Nettverk", "Nettverk"],
    ]
    en = md_tables(tema_export(project, tmp_path / "en.md", "lineage", "--code", "Skolen tar initiativ", "--lang", "en"))[0]
    assert en[1][1] == "Skolen tar initiativ (renamed from “Skolen tar kontakt”)"


def test_perspectives_of_a_theme_are_its_chosen_extracts(project, tmp_path):
    """`perspectives --theme` lists the theme's chosen (illustrative) extracts when it has
    any, in their chosen order, and says so in the caption; else its codes' extracts (17.5)."""
    from tema.domain import illustrative
    from tema.domain.themes import find_theme
    from tema.store import models as m
    from tema.store.db import open_store

    t2 = _coded_tabell2(project, tmp_path)
    codes = [a for c in t2["codings"] for a in ("--code", c["code"])]
    tema("theme", project, "Møte med foreldre", *codes, "--code", "Faste møter")
    before = tema_export(project, tmp_path / "codes.md", "perspectives", "--theme", "Møte med foreldre")
    assert [r[0] for r in md_tables(before)[0][1:]] == [_expected_tabell2(t2)[0], "Vi har møter hver måned. (Elise)"]
    assert "utdrag med kodene i Møte med foreldre (ingen utdrag valgt ut ennå)" in before.read_text(encoding="utf-8")
    store = open_store(project)
    try:
        with store.transaction() as s:
            t = find_theme(s, "Møte med foreldre")
            meeting = s.query(m.Coding).filter(m.Coding.text == "Vi har møter hver måned.").one()
            illustrative.set_extract_selection(s, t, meeting.id, True)
    finally:
        store.close()
    after = tema_export(project, tmp_path / "chosen.md", "perspectives", "--theme", "Møte med foreldre")
    assert md_tables(after)[0][1:] == [["Vi har møter hver måned. (Elise)", "Faste møter"]]
    assert "Koding ut fra flere perspektiv: utvalgte utdrag for Møte med foreldre" in after.read_text(encoding="utf-8")


def test_code_themes_counts_extracts_and_codings_on_request(project, tmp_path):
    """Two coders coding the same passage with the same code: one extract, two codings (17.1)."""
    doc = tmp_path / "elise.txt"
    doc.write_text("I: Hvem ringer?\nElise: Skolen ringer oss hver uke.\n", encoding="utf-8")
    tema("import", project, doc, "--participant", "Elise")
    for who in ("Anne", "Bjørn"):
        tema("code", project, "--doc", "elise", "--quote", "Skolen ringer oss hver uke.", "--code", "Skolen", "--coder", who)
    tema("code", project, "--doc", "elise", "--quote", "ringer oss", "--code", "Skolen", "--coder", "Anne")
    tema("theme", project, "Skole", "--code", "Skolen")
    rows = md_tables(tema_export(project, tmp_path / "ct.md", "code-themes"))[0]
    assert rows[0][4] == "Utdrag" and rows[1][2:5] == ["Skolen", "semantisk", "1"]
    rows = md_tables(tema_export(project, tmp_path / "cc.md", "code-themes", "--measure", "codings"))[0]
    assert rows[0][4] == "Kodinger" and rows[1][4] == "3"
