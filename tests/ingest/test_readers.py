"""Readers: docx speaker labels and tables, VTT voice tags, SRT, Markdown, encodings."""

from __future__ import annotations

import docx
import pytest

from tema.errors import InvalidInput
from tema.ingest.readers import read_transcript


def test_docx_bold_labels_and_skipped_table(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Intervjuer:").bold = True
    p.add_run(" Hvor lenge har du jobbet som koordinator?")
    p = d.add_paragraph()
    p.add_run("Siri").bold = True
    p.add_run(": I snart åtte år, f.eks. med familier på Røros.")
    d.add_table(rows=2, cols=2).cell(0, 0).text = "tabellinnhold"
    path = tmp_path / "siri.docx"
    d.save(path)
    result = read_transcript(path)
    assert result.text.splitlines() == [
        "Intervjuer: Hvor lenge har du jobbet som koordinator?",
        "Siri: I snart åtte år, f.eks. med familier på Røros.",
    ]
    assert any("table" in w for w in result.warnings)
    assert "tabellinnhold" not in result.text


def test_vtt_voice_tags_become_labelled_turns(tmp_path):
    path = tmp_path / "møte.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Intervjuer>Hva tenker du om rollen?</v>\n\n"
        "00:01:23.000 --> 00:01:27.000\n<v Tove>Den er viktig.</v>\n\n"
        "00:01:27.000 --> 00:01:30.000\n<v Tove>Særlig for søsken.</v>\n",
        encoding="utf-8",
    )
    text = read_transcript(path).text
    assert text.splitlines() == [
        "[00:00:01] Intervjuer: Hva tenker du om rollen?",
        "[00:01:23] Tove: Den er viktig. Særlig for søsken.",
    ]


def test_srt_cues(tmp_path):
    path = tmp_path / "opptak.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHei, velkommen.\n\n2\n00:00:02,500 --> 00:00:04,000\nTakk skal du ha.\n", encoding="utf-8")
    assert read_transcript(path).text.splitlines() == ["[00:00:01] Hei, velkommen.", "[00:00:02] Takk skal du ha."]


@pytest.mark.parametrize(
    "content,expect",
    [
        ("WEBVTT\n\n00:00:01.000 -> 00:00:03.500\nhei\n", "malformed cue timing"),
        ("00:00:01.000 --> 00:00:03.500\nhei\n", "not a WebVTT file"),
        ("WEBVTT\n\nbare tekst uten tider\n", "no cues found"),
    ],
)
def test_malformed_vtt(tmp_path, content, expect):
    path = tmp_path / "feil.vtt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=expect):
        read_transcript(path)


def test_markdown_bold_labels(tmp_path):
    path = tmp_path / "intervju.md"
    path.write_text("# Intervju 3\n\n**Intervjuer:** Fortell!\n\n**Bjørn:** Vi startet i mai.\n", encoding="utf-8")
    assert read_transcript(path).text.splitlines() == ["Intervju 3", "", "Intervjuer: Fortell!", "", "Bjørn: Vi startet i mai."]


def test_oversized_file_refused(tmp_path, monkeypatch):
    from tema.ingest import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    path = tmp_path / "stor.txt"
    path.write_text("ord " * 100, encoding="utf-8")
    with pytest.raises(InvalidInput, match="larger than"):
        read_transcript(path)


def test_latin1_without_bom(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes("Blåbærsyltetøy og smørbrød på Frøya, sa Åshild.".encode("latin-1"))
    result = read_transcript(path)
    assert result.text == "Blåbærsyltetøy og smørbrød på Frøya, sa Åshild."
    assert result.encoding in ("cp1252", "latin_1")
