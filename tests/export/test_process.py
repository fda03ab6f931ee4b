"""`tema export PROJECT process`: the thesis' analysis replayed over eight weeks
(tests/helpers/thesis_story.py) told back from the event log, the snapshots, the journal
and the feedback — frames in order with their maps, what happened to each theme, the
counts over time, and the thesis' Tabell 3 as the lineage of the extracts that moved."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.export.readers import md_tables
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture
from tests.helpers.shared import built_once
from tests.helpers.thesis import quote_codes
from tests.helpers.thesis_story import F3, F4, VEDLEGG4, build_thesis_story, supervisor_round, tabell3


def _build_story(folder):
    with pytest.MonkeyPatch.context() as mp:
        project = build_thesis_story(folder, mp)
        supervisor_round(project, folder, mp)
    return project


@pytest.fixture(scope="module")
def _story(tmp_path_factory):
    return built_once(tmp_path_factory, "story", _build_story)


@pytest.fixture
def story(_story, tmp_path):
    dest = tmp_path / "thesis.tema"
    shutil.copy(_story, dest)
    return dest


def _expected_counts() -> tuple[int, int]:
    """Codes and codings of the story, from the fixtures: every quote coded with its
    subtheme's code, except the Tabell 3 extract, coded with its five phase-2 codes."""
    rows = quote_codes(load_fixture("thesis_quotes.json"))
    five = tabell3()["phase2_codes"]
    lineage = [r for r in rows if r[1].endswith("Så blir man en offentlig familie")]
    assert len(lineage) == 1
    codes = {r[2] for r in rows if r is not lineage[0]} | set(five)
    return len(codes), len(rows) - 1 + len(five)


def _lines(path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_process_markdown_tells_the_story_in_order(story, tmp_path):
    out = tmp_path / "prosess.md"
    tema("export", story, "process", "-o", out)
    lines = _lines(out)
    heads = [line.lstrip("#").strip() for line in lines if line.startswith("### ")]
    assert heads == [f"Fram til «{VEDLEGG4}» (28.01.2024)", f"Fram til «{F3}» (30.01.2024)",
                     f"Fram til «{F4}» (09.02.2024)", f"Etter «{F4}»"]

    codes, codings = _expected_counts()
    counts = md_tables(out)[0]
    assert counts[0] == ["Dato", "Milepæl", "Dokumenter", "Koder", "Kodinger", "Tema"]
    by_mark = {r[1]: r for r in counts[1:]}
    assert by_mark["Fase 1 → 2: Koding"][2:] == ["5", "0", "0", "0"]
    assert by_mark[f"Øyeblikksbilde «{F3}»"] == ["30.01.2024", f"Øyeblikksbilde «{F3}»", "5", str(codes),
                                                   str(codings), "6"]
    assert by_mark[f"Øyeblikksbilde «{F4}»"][5] == "3"  # Tabell 5's three themes

    def section(title: str) -> list[str]:
        i = lines.index(f"### {title}")
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("### ")), len(lines))
        return lines[i:end]

    five = ", ".join(tabell3()["phase2_codes"])
    phase3 = section(f"Fram til «{F3}» (30.01.2024)")
    assert f"- «Dynamikk»: opprettet; koder inn: {five}" in phase3
    assert "- «Belastning i jobben»: opprettet" in phase3
    phase4 = section(f"Fram til «{F4}» (09.02.2024)")
    final = load_fixture("thesis_tables.json")["final_themes"]["themes"]
    theme3 = final[2]["theme"]
    assert f"- «Dynamikk»: slått sammen med «{theme3}»; koder ut: {five}" in phase4
    assert "- «Belastning i jobben»: forkastet" in phase4
    assert any(line.startswith(f"- «{final[1]['theme']}»: omdøpt fra «Samarbeid»;") for line in phase4)
    assert any(line.startswith(f"- Subtema «{final[2]['subthemes'][0]['name']}»: skilt ut fra «{theme3}»")
               for line in phase4)
    assert any(f"«Dynamikk» slått inn; koder inn: {five}" in line for line in phase4)
    # journal and feedback interleaved by date, each in its period
    assert any("Jeg leser intervjuene på nytt" in line for line in section(f"Fram til «{VEDLEGG4}» (28.01.2024)"))
    after = section(f"Etter «{F4}»")
    order = [next(i for i, line in enumerate(after) if key in line) for key in
             ("Tilbakemelding, runde 1 (kodebok-eva.docx)", "Svar fra Forsker", "Tilbakemelding løst",
              "Fase 4 → 5", "Fase 5 → 6")]
    assert order == sorted(order)
    assert "Gikk over til fase" not in out.read_text(encoding="utf-8")  # the phase change says it once
    # each snapshot's theme map as a figure, in order
    captions = re.findall(r"^\*Figur (\d+): Temakart «(.+)» \((.+)\)\*$", out.read_text(encoding="utf-8"), re.M)
    assert [(n, name) for n, name, _ in captions] == [("1", VEDLEGG4), ("2", F3), ("3", F4)]
    assert out.read_text(encoding="utf-8").count("```mermaid") == 3


def test_process_reproduces_tabell3(story, tmp_path):
    """The lineage of the extracts that moved holds the thesis' Tabell 3 row: the extract,
    its five phase-2 codes, «Dynamikk» in phase 3 and theme 3 in phase 4 (the quote as the
    thesis' chapter 5 transcribes it; Tabell 3 itself transcribes it slightly differently)."""
    out = tmp_path / "prosess.md"
    tema("export", story, "process", "-o", out)
    t3 = load_fixture("thesis_tables.json")["phase_lineage"]
    row = t3["rows"][0]
    table = md_tables(out)[-1]
    columns = re.search(r"columns: ([^)]*)\)", t3["_table"]).group(1).split(" | ")
    assert table[0] == columns
    quote = next(r[1] for r in quote_codes(load_fixture("thesis_quotes.json"))
                 if r[1].endswith("Så blir man en offentlig familie"))
    expected = [f"{quote} ({row['extract']['participant']})", "\n".join(row["phase2_codes"]),
                *row["phase3_initial_themes"], *row["phase4_themes"]]
    assert expected in table[1:]
    # only extracts that changed theme: renamed themes and new subthemes do not count as moves
    assert all(r[2] in ("Dynamikk", "Familien som system") for r in table[1:])
    tema("export", story, "process", "--code", "Invadert", "-o", tmp_path / "t3.md")
    assert md_tables(tmp_path / "t3.md")[-1][1:] == [expected]  # --code narrows it to Tabell 3's one row


def test_process_docx_has_the_maps_as_figures_and_is_pseudonymised(story, tmp_path):
    from docx import Document

    tema("pseudonym", "add", story, "Elise", "Informant E")
    tema("pseudonym", "add", story, "Eva Veileder", "Veilederen")
    out = tmp_path / "prosess.docx"
    tema("export", story, "process", "-o", out)
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 3
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert [c for c in captions if c.startswith("Figur")] == [
        f"Figur 1: Temakart «{VEDLEGG4}» (28.01.2024)", f"Figur 2: Temakart «{F3}» (30.01.2024)",
        f"Figur 3: Temakart «{F4}» (09.02.2024)"]
    assert [c for c in captions if c.startswith("Tabell")] == ["Tabell 1: Forløpet i tall",
                                                               "Tabell 2: De ulike fasene med koding"]
    assert doc.sections[0].page_width < doc.sections[0].page_height  # portrait
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Elise" not in text and "Eva Veileder" not in text
    assert "(Informant E)" in text and "Veilederen — om" in text
    md = tmp_path / "prosess.md"
    tema("export", story, "process", "-o", md)
    assert "Elise" not in md.read_text(encoding="utf-8")


def test_undone_actions_are_not_part_of_the_story(story, tmp_path):
    tema("theme", story, "Et blindspor", "--code", "Invadert", "--coder", "Forsker")
    tema("undo", story, "--coder", "Forsker")  # undo is per coder
    tema("theme", story, "Et nytt tema", "--coder", "Forsker")
    out = tmp_path / "prosess.md"
    tema("export", story, "process", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "Et blindspor" not in text
    assert "- «Et nytt tema»: opprettet" in text
    assert md_tables(out)[0][-1][1] == "Nå" and md_tables(out)[0][-1][5] == "4"


def test_process_of_a_project_without_snapshots(project, tmp_path):
    out = tmp_path / "p.md"
    tema("journal", project, "Første tanker.")
    tema("export", project, "process", "--lang", "en", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "## The course of the analysis" in text and "### So far" in text and "Første tanker." in text
    assert "Figure" not in text and "Extracts that moved" not in text
    [counts] = md_tables(out)
    assert counts[0] == ["Date", "Milestone", "Documents", "Codes", "Codings", "Themes"]
    assert [r[1:] for r in counts[1:]] == [["Now", "0", "0", "0", "0"]]
