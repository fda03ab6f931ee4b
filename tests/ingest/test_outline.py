"""A theme map typed in by hand (Markdown outline or JSON) read into a snapshot, through
the CLI: `tema snapshot P NAME --from FILE`, then `--restore`; bad files are one-line
errors naming the file, and nothing is written."""

from __future__ import annotations

import json
import re

import pytest

from tema.errors import InvalidInput
from tema.ingest.outline import parse_outline, read_map_file
from tests.helpers.cli import info, tema

OUTLINE = """\
# [1] Å holde trådene
Koordinatoren som bindeledd
mellom familie og tjenester.
## [1a] Ansvarsgruppen
- Tett samarbeid
* Møteleder
## Søsken i skyggen
1. Søsken glemmes
# Økonomi og hverdag
"""


def test_outline_headings_labels_codes_and_definitions():
    structure = parse_outline(OUTLINE)
    [one, two] = structure["themes"]
    assert (one["name"], one["label"]) == ("Å holde trådene", "1")
    assert one["definition"] == "Koordinatoren som bindeledd mellom familie og tjenester."
    assert [(s["name"], s["label"], s["codes"]) for s in one["subthemes"]] == [
        ("Ansvarsgruppen", "1a", ["Tett samarbeid", "Møteleder"]), ("Søsken i skyggen", None, ["Søsken glemmes"])]
    assert (two["name"], two["codes"], two["subthemes"]) == ("Økonomi og hverdag", [], [])


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    (b"## Tema uten tema\n", "line 1: subtheme 'Tema uten tema' before any '# theme'"),
    (b"# A\n### For dypt\n", "line 2: '###' — only themes (#) and subthemes (##)"),
    ("Løs tekst\n# A\n".encode(), "line 1: text before the first '# theme' heading"),
    (b"# A\n## B\n# a\n", "theme 'a' appears twice"),
    (b'{"themes": [', "not valid JSON"),
    (b'{"themes": "x"}', "needs a 'themes' list"),
    (b"Bare tekst uten overskrift, ingen tema her.\n", "text before the first"),
])
def test_bad_map_files_name_the_file(tmp_path, content, message):
    path = tmp_path / "kart.md"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(message)) as err:
        read_map_file(path)
    assert str(err.value).startswith(str(path))


def test_cp1252_outline_keeps_aeoa(tmp_path):
    path = tmp_path / "kart.md"
    path.write_bytes("# Økonomi\n## Små kår\n- Være på vakt\n".encode("cp1252"))
    [theme] = read_map_file(path)["themes"]
    assert (theme["name"], theme["subthemes"][0]["name"]) == ("Økonomi", "Små kår")


def test_cli_stores_restores_and_refuses(project, tmp_path):
    tema("theme", project, "Samarbeid", "--code", "Tett samarbeid", "--coder", "Tester")
    tema("theme", project, "Søsken", "--code", "Søsken glemmes", "--coder", "Tester")
    (tmp_path / "kart.md").write_text(OUTLINE, encoding="utf-8")
    out = tema("snapshot", project, "Tegnet kart", "--from", tmp_path / "kart.md").output
    assert "«Tegnet kart» saved (2 themes, 2 subthemes)" in out
    (tmp_path / "kart.json").write_text(json.dumps({"themes": [{"name": "Én", "codes": []}]}), encoding="utf-8")
    tema("snapshot", project, "Fra JSON", "--from", tmp_path / "kart.json")
    before = info(project)
    for args, message in [
        (["Nytt", "--from", tmp_path / "mangler.md"], "mangler.md: no such file"),
        (["--restore"], "--from and --restore need the snapshot's NAME"),
        (["Finnes ikke", "--restore"], "no such snapshot"),
        (["Tegnet kart", "--from", tmp_path / "kart.md"], "already exists"),
    ]:
        r = tema("snapshot", project, *args, ok=False)
        assert r.exit_code == 1 and message in r.output and len(r.output.strip().splitlines()) == 1
    assert info(project) == before
    out = tema("snapshot", project, "Tegnet kart", "--restore", "--coder", "Tester").output
    assert "«Tegnet kart» is the working map: 2 themes, 2 subthemes" in out
    assert "codes no longer in the project: Møteleder" in out
    themes_out = tema("themes", project).output
    assert "Å holde trådene" in themes_out and "Ansvarsgruppen" in themes_out
    tema("undo", project, "--coder", "Tester")  # undo is per coder: the restore was Tester's
    assert "Å holde trådene" not in tema("themes", project).output
