"""No pseudonym rule's real string survives in any export: tables in every
format, the codebook, theme maps and even the file names."""

from __future__ import annotations

import re

from tests.export.readers import zip_text
from tests.helpers.cli import tema

RULES = {"Elise": "Eva", "lovverk": "regelverk", "Barnekoordinatorrollen": "Rollen", "Veilederen": "Håndboka"}
ENDINGS = r"(?:s|'s|’s|en|et|ene|er|a)?"


def _leaks(text: str) -> list[str]:
    return [real for real in RULES if re.search(rf"(?<!\w){re.escape(real)}{ENDINGS}(?!\w)", text, re.IGNORECASE)]


def _text(path) -> str:
    if path.suffix in (".docx", ".xlsx"):
        return zip_text(path)
    return path.read_text(encoding="utf-8")


def test_no_real_string_survives_any_export(thesis_project, tmp_path):
    p = thesis_project
    # Real strings everywhere: quotes (Elise's own words mention Veilederen/lovverket), names, titles,
    # a journal entry, a guide section, a snapshot name, a perspective, a participant attribute.
    tema("journal", p, "Elise snakket mye om lovverket og Veilederen.")
    tema("guide", p, "Rollen som barnekoordinator", "--colour", "#cfe2f3", "--area", "Hva sier Veilederen?")
    tema("participant", p, "Elise", "--attr", "Bosted=Nær Elises kontor")
    tema("code", p, "--doc", "Elise", "--quote", "Så vi må prøve å finne en slags retning da.", "--code",
         "Elise søker retning", "--perspective", "Elises perspektiv")
    tema("snapshot", p, "Fase 4 etter samtale med Elise")
    tema("export", p, "codebook", "--journal", "--format", "md", "-o", tmp_path / "before.md")
    assert set(_leaks((tmp_path / "before.md").read_text(encoding="utf-8"))) == set(RULES)  # the material holds them
    for real, repl in RULES.items():
        tema("pseudonym", "add", p, real, repl)

    out = tmp_path / "out"
    out.mkdir()
    written = []
    for table in ("themes", "code-themes", "perspectives", "participants", "guide", "matrix"):
        for fmt in ("md", "csv", "xlsx", "docx", "html"):
            written.append(tema("export", p, table, "--format", fmt, "-o", out).output.split("wrote ", 1)[1].strip())
    for table in ("lineage", "snapshot"):
        for fmt in ("md", "csv", "xlsx", "docx", "html"):
            r = tema("export", p, table, "--snapshot", "Fase 4 etter samtale med Elise", "--format", fmt, "-o", out)
            written.append(r.output.split("wrote ", 1)[1].strip())
    for fmt in ("docx", "md", "html"):
        written.append(tema("export", p, "codebook", "--journal", "--format", fmt, "-o", out).output.split("wrote ", 1)[1].strip())
    written.append(tema("export", p, "matrix", "--format", "svg", "-o", out).output.split("wrote ", 1)[1].strip())
    for fmt in ("svg", "dot", "graphml", "mermaid"):
        for snap in ([], ["--snapshot", "Fase 4 etter samtale med Elise"]):
            written.append(tema("map", p, "--codes", *snap, "--format", fmt, "-o", out).output.split("wrote ", 1)[1].strip())

    files = sorted(out.iterdir())
    assert len(files) >= len(written) > 50
    seen = set()
    for path in files:
        assert not _leaks(path.name), path.name
        text = _text(path)
        assert not _leaks(text), (path.name, _leaks(text))
        seen.update(repl for repl in RULES.values() if repl.casefold() in text.casefold())
    assert seen == set(RULES.values())  # the pseudonyms did arrive in the exports
