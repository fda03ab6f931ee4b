"""Build the thesis project from ../shared/fixtures through the CLI only.

One document per participant made of that participant's quotes joined by blank
lines; each quote coded with a code named after its subtheme (quotes under a
theme's introduction: the theme's name); themes and labelled subthemes of
Tabell 5, each subtheme (or theme) linked to its code.

``full=True`` rebuilds the whole analysis as the thesis reports it (issue 17's "Must
show"): the participants' Tabell 1 attributes, the interview guide (Tabell 4), Tabell 2's
extract with its seven perspective codes and Tabell 3's extract with its five phase-2
codes in Elise's transcript, the typed-in Vedlegg 4 map stored as the phase-3 snapshot
(`tema snapshot --from`), Tabell 3's codes placed in "Et dynamisk system", and the
phase-4 snapshot of the final map."""

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


VEDLEGG4 = "Midlertidige tema og subtema"
PHASE4 = "Fase 4: Tema"
GUIDE_COLOURS = ["#f4cccc", "#d9ead3", "#cfe2f3", "#fff2cc"]


def attribute_values(tables: dict) -> dict[str, dict[str, str]]:
    """Tabell 1 gives counts per attribute value only: hand the values out to A–E in
    order, so the counts come out as the thesis gives them. {pseudonym: {key: value}}."""
    counts = tables["participants"]["attribute_counts"]
    people = list(tables["participants"]["pseudonyms"].values())
    values = {key: [v for v, n in vals.items() for _ in range(n)] for key, vals in counts.items()}
    return {name: {key: vals[i] for key, vals in values.items()} for i, name in enumerate(people)}


def extra_extracts(tables: dict) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """(participant, text, [(code, perspectives)]) of Tabell 2's and Tabell 3's extracts."""
    t2 = tables["multi_perspective_coding"]
    [t3] = tables["phase_lineage"]["rows"]
    return [(t2["extract"]["participant"], t2["extract"]["text"], [(c["code"], c["perspectives"]) for c in t2["codings"]]),
            (t3["extract"]["participant"], t3["extract"]["text"], [(c, []) for c in t3["phase2_codes"]])]


def vedlegg4_outline(tables: dict, folder: Path) -> Path:
    """Vedlegg 4 typed in as a Markdown outline; Tabell 3's phase-2 codes listed under the
    initial theme it names (Dynamikk)."""
    [t3] = tables["phase_lineage"]["rows"]
    [initial] = t3["phase3_initial_themes"]
    lines = []
    for t in tables["temporary_themes"]["themes"]:
        lines.append(f"# {t['theme']}")
        for sub in t["subthemes"]:
            lines.append(f"## {sub}")
            if sub.split(";")[0].strip() == initial:
                lines += [f"- {c}" for c in t3["phase2_codes"]]
    path = folder / "vedlegg4.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_thesis_project(folder: Path, *, code: bool = True, full: bool = False) -> Path:
    quotes = load_fixture("thesis_quotes.json")
    tables = load_fixture("thesis_tables.json")
    project = folder / "thesis.tema"
    tema("init", project, "--title", "Barnekoordinatorrollen", "--question", tables["research_question"], "--coder", "Forsker")
    pseudonyms = tables["participants"]["pseudonyms"]
    attrs = attribute_values(tables) if full else {}
    for label, name in pseudonyms.items():
        tema("participant", project, name, "--label", label,
             *[a for key, value in attrs.get(name, {}).items() for a in ("--attr", f"{key}={value}")])
    if full:
        for sec, colour in zip(tables["interview_guide_sections"]["sections"], GUIDE_COLOURS):
            tema("guide", project, sec["heading"], "--colour", colour, *[a for area in sec["areas"] for a in ("--area", area)])
    rows = quote_codes(quotes)
    by_participant: dict[str, list[str]] = {}
    for participant, text, *_ in rows:
        by_participant.setdefault(participant, []).append(text)
    extras = extra_extracts(tables) if full else []
    for participant, text, _codes in extras:
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
    for participant, text, codings in extras:
        for code_name, perspectives in codings:
            tema("code", project, "--doc", participant, "--quote", text, "--code", code_name, "--coder", "Forsker",
                 *[a for p in perspectives for a in ("--perspective", p)])
    if full:
        tema("snapshot", project, VEDLEGG4, "--from", vedlegg4_outline(tables, folder), "--phase", "3",
             "--coder", "Forsker")
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
    if full:
        [t3] = tables["phase_lineage"]["rows"]
        # Tabell 3's note: in Tabell 5 the extract sits under 3b, "Et dynamisk system".
        dynamic = next(s["name"] for t in tables["final_themes"]["themes"] for s in t["subthemes"] if s["label"] == "3b")
        tema("theme", project, dynamic, *[a for c in t3["phase2_codes"] for a in ("--code", c)], "--coder", "Forsker")
        tema("snapshot", project, PHASE4, "--phase", "4", "--coder", "Forsker")
    return project
