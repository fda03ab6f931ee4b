"""Build the thesis project from ../shared/fixtures: through the CLI (``via="cli"``, 130
`tema` commands) or through the domain calls those commands make (``via="domain"``, the
default: one process, one open store, one transaction per command, several times
quicker). Both run the same steps (``CliSteps``, ``DomainSteps``);
tests/test_thesis_project.py builds it both ways and checks that they hold the same rows.

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
from typing import Literal

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


class CliSteps:
    """Each step a `tema` command (in-process, tests/helpers/cli.py)."""

    def __init__(self, project: Path) -> None:
        self.project = project

    def init(self, title: str, question: str, coder: str) -> None:
        tema("init", self.project, "--title", title, "--question", question, "--coder", coder)

    def participant(self, name: str, label: str, attrs: dict[str, str]) -> None:
        tema("participant", self.project, name, "--label", label,
             *[a for key, value in attrs.items() for a in ("--attr", f"{key}={value}")])

    def guide(self, heading: str, colour: str, areas: list[str]) -> None:
        tema("guide", self.project, heading, "--colour", colour, *[a for area in areas for a in ("--area", area)])

    def import_(self, path: Path, participant: str, coder: str) -> None:
        tema("import", self.project, path, "--participant", participant, "--coder", coder)

    def code(self, doc: str, quote: str, codes: list[str], coder: str, perspectives: list[str] = ()) -> None:
        tema("code", self.project, "--doc", doc, "--quote", quote, *[a for c in codes for a in ("--code", c)],
             "--coder", coder, *[a for p in perspectives for a in ("--perspective", p)])

    def snapshot(self, name: str, phase: int, coder: str, from_file: Path | None = None) -> None:
        tema("snapshot", self.project, name, *(["--from", from_file] if from_file else []), "--phase", str(phase),
             "--coder", coder)

    def theme(self, name: str, coder: str, *, label: str | None = None, parent: str | None = None,
              codes: list[str] = ()) -> None:
        tema("theme", self.project, name, *(["--label", label] if label else []),
             *(["--parent", parent] if parent else []), *[a for c in codes for a in ("--code", c)], "--coder", coder)

    def close(self) -> None:
        pass


class DomainSteps:
    """Each step the domain calls of its `tema` command (tema/cli/*_commands.py), in one
    transaction on one store kept open for the whole build."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.store = None

    @classmethod
    def opened(cls, project: Path) -> DomainSteps:
        """The steps on an existing project (``close()`` when done)."""
        from tema.store.db import open_store

        steps = cls(project)
        steps.store = open_store(project)
        return steps

    def _tx(self):
        return self.store.transaction()

    def _coder(self, s, name: str) -> int:
        from tema.domain.coders import get_or_create_coder, resolve_coder_name

        return get_or_create_coder(s, resolve_coder_name(name)).id

    def init(self, title: str, question: str, coder: str) -> None:
        from tema.domain.project import init_project
        from tema.store.db import create_store

        self.store = create_store(self.project)
        with self._tx() as s:
            init_project(s, title, question, "nb")
            self._coder(s, coder)

    def participant(self, name: str, label: str, attrs: dict[str, str]) -> None:
        from tema.domain import participants

        parsed = [participants.parse_attr(f"{key}={value}") for key, value in attrs.items()]
        with self._tx() as s:
            cid = self._coder(s, None)
            p = participants.upsert_participant(s, name, label=label, attributes=parsed, case=None, coder_id=cid)
            participants.assign_documents(s, p, [], cid)

    def guide(self, heading: str, colour: str, areas: list[str]) -> None:
        from tema.domain.guide import upsert_section

        with self._tx() as s:
            upsert_section(s, heading, colour=colour, areas=list(areas), coder_id=self._coder(s, None))

    def import_(self, path: Path, participant: str, coder: str) -> None:
        from tema.ingest.importer import import_files

        import_files(self.store, [path], participant=participant, coder=coder)

    def code(self, doc: str, quote: str, codes: list[str], coder: str, perspectives: list[str] = ()) -> None:
        from tema.domain import coding, documents

        with self._tx() as s:
            cid = self._coder(s, coder)
            d = documents.find_document(s, doc)
            text = documents.document_text(s, d.id)
            start, end = coding.locate_quote(text, quote, where=f"«{d.title}»")
            coding.code_span(s, d, start, end, list(codes), coder_id=cid, level=None, perspectives=list(perspectives),
                             memo=None, text=text)

    def snapshot(self, name: str, phase: int, coder: str, from_file: Path | None = None) -> None:
        from tema.domain import snapshots
        from tema.ingest.outline import read_map_file

        structure = read_map_file(from_file) if from_file else None
        with self._tx() as s:
            if structure is not None:
                snapshots.store_structure(s, name, structure, phase, self._coder(s, coder))
            else:
                snapshots.take_snapshot(s, name, phase, self._coder(s, coder))

    def theme(self, name: str, coder: str, *, label: str | None = None, parent: str | None = None,
              codes: list[str] = ()) -> None:
        from tema.domain.themes import upsert_theme

        with self._tx() as s:
            upsert_theme(s, name, parent=parent, label=label, definition=None, codes=list(codes),
                         coder_id=self._coder(s, coder))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def build_thesis_project(folder: Path, *, code: bool = True, full: bool = False,
                         via: Literal["domain", "cli"] = "domain") -> Path:
    project = folder / "thesis.tema"
    steps = CliSteps(project) if via == "cli" else DomainSteps(project)
    try:
        _build(steps, folder, code=code, full=full)
    finally:
        steps.close()
    return project


def _build(steps: CliSteps | DomainSteps, folder: Path, *, code: bool, full: bool) -> None:
    quotes = load_fixture("thesis_quotes.json")
    tables = load_fixture("thesis_tables.json")
    steps.init("Barnekoordinatorrollen", tables["research_question"], "Forsker")
    pseudonyms = tables["participants"]["pseudonyms"]
    attrs = attribute_values(tables) if full else {}
    for label, name in pseudonyms.items():
        steps.participant(name, label, attrs.get(name, {}))
    if full:
        for sec, colour in zip(tables["interview_guide_sections"]["sections"], GUIDE_COLOURS):
            steps.guide(sec["heading"], colour, sec["areas"])
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
        steps.import_(path, participant, "Forsker")
    if not code:
        return
    for participant, text, code_name, _label, _num in rows:
        steps.code(participant, text, [code_name], "Forsker")
    for participant, text, codings in extras:
        for code_name, perspectives in codings:
            steps.code(participant, text, [code_name], "Forsker", perspectives)
    if full:
        steps.snapshot(VEDLEGG4, 3, "Forsker", from_file=vedlegg4_outline(tables, folder))
    # Tabell 5: themes and labelled subthemes, each linked to the code of its quotes.
    code_of_label = {label: c for _, _, c, label, _ in rows if label}
    code_of_theme = {num: c for _, _, c, label, num in rows if not label}
    for theme in tables["final_themes"]["themes"]:
        own = [code_of_theme[theme["number"]]] if theme["number"] in code_of_theme else []
        steps.theme(theme["theme"], "Forsker", label=str(theme["number"]), codes=own)
        for sub in theme["subthemes"]:
            steps.theme(sub["name"], "Forsker", parent=theme["theme"], label=sub["label"],
                        codes=[code_of_label[sub["label"]]])
    if full:
        [t3] = tables["phase_lineage"]["rows"]
        # Tabell 3's note: in Tabell 5 the extract sits under 3b, "Et dynamisk system".
        dynamic = next(s["name"] for t in tables["final_themes"]["themes"] for s in t["subthemes"] if s["label"] == "3b")
        steps.theme(dynamic, "Forsker", codes=t3["phase2_codes"])
        steps.snapshot(PHASE4, 4, "Forsker")


def project_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), without the columns that hold times and with the times
    in the event log's recorded rows blanked — what two builds of the same project share."""
    import re
    import sqlite3

    from sqlalchemy import DateTime

    from tema.store import models as m

    con = sqlite3.connect(path)
    try:
        out = {}
        for name, table in m.Base.metadata.tables.items():
            cols = [c.name for c in table.columns if not isinstance(c.type, DateTime)]
            rows = con.execute(f"SELECT {', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)} FROM {name}").fetchall()
            rows = [tuple(re.sub(r'\{"\$dt": "[^"]*"\}', "TIME", v) if isinstance(v, str) else v for v in r)
                    for r in rows]
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        con.close()
