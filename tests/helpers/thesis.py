"""Build the thesis project from ../shared/fixtures through the CLI only.

One document per participant made of that participant's quotes joined by blank
lines; each quote coded with a code named after its subtheme (quotes under a
theme's introduction: the theme's name); themes and labelled subthemes of
Tabell 5, each subtheme (or theme) linked to its code."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture


def quote_codes(quotes: dict) -> list[tuple[str, str, str, str | None, int]]:
    """(participant, text, code name, subtheme label or None, theme number) per quote."""
    out = []
    for theme in quotes["themes"]:
        for sub in theme["subthemes"]:
            code = sub["name"] or theme["name"]
            for q in sub["quotes"]:
                out.append((q["participant"], q["text"], code, sub["label"], theme["number"]))
    return out


def build_thesis_project(folder: Path, *, code: bool = True) -> Path:
    quotes = load_fixture("thesis_quotes.json")
    tables = load_fixture("thesis_tables.json")
    project = folder / "thesis.tema"
    tema("init", project, "--title", "Barnekoordinatorrollen", "--question", tables["research_question"], "--coder", "Forsker")
    pseudonyms = tables["participants"]["pseudonyms"]
    for label, name in pseudonyms.items():
        tema("participant", project, name, "--label", label)
    rows = quote_codes(quotes)
    by_participant: dict[str, list[str]] = {}
    for participant, text, *_ in rows:
        by_participant.setdefault(participant, []).append(text)
    src = folder / "transcripts"
    src.mkdir(exist_ok=True)
    for participant, texts in by_participant.items():
        path = src / f"{participant}.txt"
        path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        tema("import", project, path, "--participant", participant, "--coder", "Forsker")
    if not code:
        return project
    for participant, text, code_name, _label, _num in rows:
        tema("code", project, "--doc", participant, "--quote", text, "--code", code_name, "--coder", "Forsker")
    # Tabell 5: themes and labelled subthemes, each linked to the code of its quotes.
    code_of_label = {label: c for _, _, c, label, _ in rows if label}
    code_of_theme = {num: c for _, _, c, label, num in rows if not label}
    for theme in tables["final_themes"]["themes"]:
        args = ["theme", project, theme["theme"], "--label", str(theme["number"]), "--coder", "Forsker"]
        if theme["number"] in code_of_theme:
            args += ["--code", code_of_theme[theme["number"]]]
        tema(*args)
        for sub in theme["subthemes"]:
            tema("theme", project, sub["name"], "--parent", theme["theme"], "--label", sub["label"],
                 "--code", code_of_label[sub["label"]], "--coder", "Forsker")
    return project
