"""What a transcript file says about itself (17.12, 16.10): a .docx metadata table's date,
interviewer and participant; heading lines kept as headings, not codable turns; subtitle
cues' start and end times on their turns; the participant named by the one speaker
besides the interviewer — and `tema check` naming documents with no participant."""

from __future__ import annotations

import json
import sqlite3

import docx
import pytest

from tema.ingest.readers import read_transcript
from tests.helpers.cli import tema


def _docx_with_table(path, rows, *, heading: str | None = None):
    d = docx.Document()
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    if heading:
        d.add_heading(heading, level=1)
    d.add_paragraph("Intervjuer: Hvordan ble du barnekoordinator?")
    d.add_paragraph("Kari: Det var tilfeldig. Jeg søkte på en stilling i bydelen.")
    d.save(path)
    return path


def _rows(project, sql):
    con = sqlite3.connect(project)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_docx_metadata_table_fills_date_interviewer_and_participant(project, tmp_path):
    path = _docx_with_table(tmp_path / "kari.docx", [["Dato:", "12.03.2025"], ["Intervjuer", "Randi Forsker"],
                                                      ["Deltaker", "Kari"], ["Sted", "Kontoret på Røros"]])
    result = read_transcript(path)
    assert result.metadata == {"date": "12.03.2025", "interviewer": "Randi Forsker", "participant": "Kari"}
    assert not any("skipped" in w for w in result.warnings)
    assert any("not imported: Sted" in w for w in result.warnings)
    assert "Røros" not in result.text
    out = tema("import", project, path).output
    assert "participant «Kari» from the file's metadata table" in out
    [(date, interviewer, participant)] = _rows(
        project, "SELECT d.interview_date, c.name, p.pseudonym FROM document d JOIN coder c ON c.id = d.interviewer_id "
                 "JOIN participant p ON p.id = d.participant_id")
    assert (date, interviewer, participant) == ("2025-03-12", "Randi Forsker", "Kari")


def test_explicit_options_win_over_the_metadata_table(project, tmp_path):
    path = _docx_with_table(tmp_path / "kari.docx", [["Dato", "Intervjuer", "Deltaker"],
                                                      ["12. mars 2025", "Randi", "Kari"]])
    tema("import", project, path, "--date", "2025-04-01", "--interviewer", "Per", "--participant", "Kari Lise")
    assert _rows(project, "SELECT d.interview_date, c.name, p.pseudonym FROM document d JOIN coder c ON "
                          "c.id = d.interviewer_id JOIN participant p ON p.id = d.participant_id") == [
        ("2025-04-01", "Per", "Kari Lise")]


def test_a_table_that_is_not_metadata_is_still_skipped(tmp_path):
    path = _docx_with_table(tmp_path / "x.docx", [["Spørsmål", "Svar"], ["Hvor lenge?", "Åtte år"]])
    result = read_transcript(path)
    assert result.metadata == {}
    assert any("1 table skipped" in w for w in result.warnings)


@pytest.mark.parametrize("raw,iso", [("12.03.2025", "2025-03-12"), ("2025-3-2", "2025-03-02"),
                                     ("1. februar 2024", "2024-02-01"), ("3/4/24", "2024-04-03"),
                                     ("31.02.2025", None), ("våren 2024", None)])
def test_dates_tema_reads(raw, iso):
    from tema.ingest.docmeta import iso_date

    assert iso_date(raw) == iso


def test_heading_line_is_a_heading_not_a_codable_turn(project, tmp_path):
    path = tmp_path / "intervju3.txt"
    path.write_text("Intervju 3 – barnekoordinator (Kari)\n\nI: Hvordan går det?\nKari: Det går fint. Vi har mye.\n",
                    encoding="utf-8")
    tema("import", project, path)
    rows = _rows(project, 'SELECT kind, start, "end", speaker FROM segment ORDER BY start, kind')
    assert rows[0] == ("heading", 0, len("Intervju 3 – barnekoordinator (Kari)"), None)
    assert all(start >= rows[0][2] for kind, start, _e, _s in rows if kind != "heading")
    assert [r[3] for r in rows if r[0] == "turn"] == ["I", "Kari"]


def test_docx_heading_style_and_markdown_heading_are_headings(project, tmp_path):
    path = _docx_with_table(tmp_path / "kari.docx", [["Dato", "12.03.2025"]], heading="Del 1: Bakgrunn")
    assert read_transcript(path).headings == [(0, len("Del 1: Bakgrunn"))]
    md = tmp_path / "bjørn.md"
    md.write_text("**Intervjuer:** Fortell!\n\n**Bjørn:** Vi startet i mai.\n\n## Del 2\n\nVi fortsatte i juni.\n",
                  encoding="utf-8")
    result = read_transcript(md)
    [(a, b)] = result.headings
    assert result.text[a:b] == "Del 2"
    tema("import", project, md)
    kinds = {r[0]: r for r in _rows(project, 'SELECT kind, start, "end" FROM segment WHERE kind = \'heading\'')}
    assert kinds["heading"][1:] == (a, b)
    covered = _rows(project, f'SELECT count(*) FROM segment WHERE kind != \'heading\' AND start < {b} AND "end" > {a}')
    assert covered == [(0,)]  # no turn or sentence lies over the heading


def test_vtt_turns_keep_start_and_end_times(project, tmp_path):
    path = tmp_path / "møte.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Intervjuer>Hva tenker du om rollen?</v>\n\n"
        "00:01:23.000 --> 00:01:27.250\n<v Tove>Den er viktig.</v>\n\n"
        "00:01:27.250 --> 00:01:30.000\n<v Tove>Særlig for søsken.</v>\n",
        encoding="utf-8",
    )
    tema("import", project, path)
    turns = [(speaker, json.loads(meta)) for speaker, meta in
             _rows(project, "SELECT speaker, meta FROM segment WHERE kind = 'turn' ORDER BY start")]
    assert [(s, m["start"], m["end"]) for s, m in turns] == [("Intervjuer", 1.0, 3.5), ("Tove", 83.0, 90.0)]


def test_srt_cues_keep_their_end_time(tmp_path):
    path = tmp_path / "opptak.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,400\nHei, velkommen.\n", encoding="utf-8")
    assert read_transcript(path).cues == [(0, len("[00:00:01] Hei, velkommen."), 1.0, 2.4)]


def test_the_one_speaker_besides_the_interviewer_becomes_the_participant(project, tmp_path):
    from tema.ingest.speakers import suggest_participant

    path = tmp_path / "k.txt"
    path.write_text("I: Hvordan går det?\nKari: Det går fint. Vi har mye å gjøre.\n", encoding="utf-8")
    assert suggest_participant(path) == "Kari"
    out = tema("import", project, path).output
    assert "participant «Kari» from the speaker label «Kari:» — a new participant" in out
    tema("code", project, "--doc", "k", "--quote", "Vi har mye å gjøre.", "--code", "Travelt")
    tema("theme", project, "Travle dager", "--code", "Travelt")
    matrix = tema("export", project, "matrix", "--format", "csv", "-o", tmp_path / "m.csv").output
    assert "wrote" in matrix
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()[1].startswith("Travle dager,,1,")


def test_participant_option_overrides_the_speaker(project, tmp_path):
    path = tmp_path / "k.txt"
    path.write_text("I: Hvordan går det?\nKari: Det går fint.\n", encoding="utf-8")
    out = tema("import", project, path, "--participant", "Deltaker 4").output
    assert "speaker label" not in out
    assert _rows(project, "SELECT pseudonym FROM participant") == [("Deltaker 4",)]


@pytest.mark.parametrize("speakers,interviewer,expected", [
    (["I", "Kari", "I", "Kari"], None, "Kari"),
    (["Intervjuer", "Informant"], None, None),  # a role names nobody
    (["I", "Kari", "Ola"], None, None),  # a group interview
    (["Randi", "Kari"], "Randi", "Kari"),  # the interviewer by name
    ([None, "Kari"], None, "Kari"),
])
def test_guess_participant(speakers, interviewer, expected):
    from tema.ingest.speakers import guess_participant

    assert guess_participant(speakers, interviewer).participant == expected


def test_check_names_documents_without_a_participant(project, tmp_path):
    path = tmp_path / "gruppe.txt"
    path.write_text("I: Hei.\nKari: Vi har mye å gjøre.\nOla: Ja, veldig mye.\n", encoding="utf-8")
    result = tema("import", project, path)
    assert "several speakers (Kari, Ola)" in result.output
    tema("code", project, "--doc", "gruppe", "--quote", "Vi har mye å gjøre.", "--code", "Travelt")
    tema("theme", project, "Travle dager", "--code", "Travelt")
    out = tema("check", project).output
    assert "1 document has no participant («gruppe»)" in out
    assert "has no coded extracts from any participant yet" not in out
    assert "its extracts are all in documents with no participant" in out
    tema("participant", project, "Kari", "--doc", "gruppe")
    out = tema("check", project).output
    assert "no participant" not in out and "carried by one participant (Kari)" in out
