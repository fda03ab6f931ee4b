"""For every segment and coding, document.text[start:end] equals the stored text —
with æøå, emoji and CRLF line ends."""

from __future__ import annotations

import sqlite3

from tests.helpers.cli import tema

TEXT = (
    "I: Kan du fortelle om familien? 🙂\r\n"
    "Åsmund: Ja.. altså, det er mye å holde styr på 😅. Ærlig talt, f.eks. møter hver uke.\r\n"
    "\r\n"
    "I: Og søsknene?\r\n"
    "Åsmund: Søsknene blir glemt [...] de får lite. Det sier jeg 1. august også.\r\n"
)


def test_offsets_are_exact(project, tmp_path):
    f = tmp_path / "åsmund.txt"
    f.write_bytes(TEXT.encode("utf-8"))
    tema("import", project, f)
    tema("code", project, "--doc", "åsmund", "--quote", "det er mye å holde styr på 😅", "--code", "Mye å holde styr på")
    tema("code", project, "--doc", "åsmund", "--quote", "Søsknene blir glemt [...] de får lite.", "--code", "Søsken")
    tema("code", project, "--doc", "åsmund", "--quote", "🙂 Åsmund: Ja..", "--code", "Over linjeskift")
    con = sqlite3.connect(project)
    text = con.execute("SELECT text FROM document").fetchone()[0]
    assert text == TEXT  # newlines kept as imported
    segs = con.execute("SELECT start, \"end\", kind, speaker FROM segment").fetchall()
    assert segs and all(0 <= s < e <= len(text) for s, e, _, _ in segs)
    assert {sp for *_, sp in segs if sp} == {"I", "Åsmund"}
    for s, e, kind, _speaker in segs:
        piece = text[s:e]
        assert piece == piece.strip() and piece, (kind, piece)
        assert "\r" not in piece or kind == "turn"
    fts = dict(con.execute("SELECT rowid, text FROM segment_fts").fetchall())
    for sid, s, e in con.execute("SELECT id, start, \"end\" FROM segment WHERE kind = 'sentence'"):
        assert fts[sid] == text[s:e]
    codings = con.execute("SELECT start, \"end\", text FROM coding").fetchall()
    assert len(codings) == 3
    for s, e, stored in codings:
        assert text[s:e] == stored
    assert "🙂\r\nÅsmund: Ja.." in {c[2] for c in codings}
