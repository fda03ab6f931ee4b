"""The leak test over every command that writes material to a file.

A project whose pseudonym rules cover a person (Solveig Kråkenes) and two places with
æøå (Tromsø, Bjørkåsen) that occur in the transcript, speaker labels, codes, code
definitions, coding memos, perspectives, themes, definitions, the research question, the
guide, a snapshot name, the journal, participants, cases and attributes. Every writer runs
(each table × format, the heatmap, the codebook, every map format, compare, the merge plan
and report, REFI-QDA) and for each: no real string in any file or file name (zip members
scanned one by one, text decoded as UTF-8 and UTF-16, XML/HTML entities resolved, NFC and
NFD), every file 0600, every folder tema created 0700, no temporary file left, and running
it again without --force refuses with one line and leaves every file byte-identical.
Backups are the project itself and exempt."""

from __future__ import annotations

import html
import io
import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tema.store.db import open_store
from tests.helpers.cli import tema

RULES = {"Solveig": "Eva", "Kråkenes": "Berg", "Tromsø": "Nordby", "Bjørkåsen": "Skogli"}
OLA_RULES = ("Solveig", "Tromsø")  # the second coder's file holds only some of them
SNAPSHOT = "Etter samtale med Solveig"
TEXT = (
    "Intervjuer: Hvordan var det å vokse opp i Tromsø?\n\n"
    "Solveig: Vi bodde på Bjørkåsen, og familien Kråkenes hjalp oss mye. "
    "Tromsøs skoler var gode, men koordinatoren byttet hele tiden.\n\n"
    "Intervjuer: Hva betydde det for deg?\n\n"
    "Solveig: Det var slitsomt. Solveigs mor sa at Bjørkåsen skole ga oss ro.\n"
)
NETWORK = "Vi bodde på Bjørkåsen, og familien Kråkenes hjalp oss mye."
SCHOOL_A = "Tromsøs skoler var gode"
SCHOOL_B = "Tromsøs skoler var gode, men koordinatoren byttet hele tiden."
MOTHER = "Solveigs mor sa at Bjørkåsen skole ga oss ro."
TEMP_MARKS = (".tmp", ".part", ".building")


# ---- finding real strings ------------------------------------------------------------------


def _texts(data: bytes) -> list[str]:
    """Every reading of ``data`` a person or program could see: each zip member on its own
    (recursively), then the bytes as UTF-8 and as UTF-16 (both byte orders)."""
    out: list[str] = []
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                out.append(name)
                out += _texts(z.read(name))
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        out.append(data.decode(codec, "ignore"))
    return out


def _forms(text: str) -> set[str]:
    text = html.unescape(text)
    return {unicodedata.normalize(f, text).casefold() for f in ("NFC", "NFD")}


def leaks(data: bytes | str) -> list[str]:
    texts = [data] if isinstance(data, str) else _texts(data)
    seen = set().union(*(_forms(t) for t in texts))
    return [real for real in RULES
            if any(unicodedata.normalize(f, real).casefold() in t for f in ("NFC", "NFD") for t in seen)]


def test_the_leak_finder_finds_real_strings_everywhere():
    """The scanner the leak test relies on finds a real string in each hiding place."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as zz:
            zz.writestr("word/document.xml", "<w:t>Troms&#248;</w:t>")
        z.writestr("sources/a.docx", inner.getvalue())
        z.writestr("b.txt", "Kråkenes".encode("utf-16"))
    assert leaks(buf.getvalue()) == ["Kråkenes", "Tromsø"]
    assert leaks(unicodedata.normalize("NFD", "BJØRKÅSEN skole").encode()) == ["Bjørkåsen"]
    assert leaks(b"Solveigs") == ["Solveig"]
    assert leaks(b"Eva, Berg, Nordby og Skogli") == []


# ---- the project -----------------------------------------------------------------------------


def _build(folder: Path) -> tuple[Path, Path]:
    """The project (all four rules) and a second coder's copy (two rules, a near code name)."""
    p = folder / "oppvekst.tema"
    source = folder / "intervju-solveig.txt"
    source.write_text(TEXT, encoding="utf-8")
    tema("init", p, "--title", "Oppvekst i Tromsø", "--question", "Hva betyr Bjørkåsen for Solveig?",
         "--coder", "Anne")
    tema("participant", p, "Deltaker Solveig", "--label", "A", "--attr", "Bosted=Tromsø",
         "--case", "Familien Kråkenes", "--coder", "Anne")
    tema("import", p, source, "--participant", "Deltaker Solveig", "--wave", "1", "--coder", "Anne")
    doc = "intervju-solveig"
    tema("codes", "define", p, "Solveigs nettverk", "--definition", "Alt om familien Kråkenes.", "--coder", "Anne")
    tema("code", p, "--doc", doc, "--quote", NETWORK, "--code", "Solveigs nettverk", "--perspective",
         "Tromsø-perspektiv", "--memo", "Kråkenes igjen", "--coder", "Anne")
    tema("code", p, "--doc", doc, "--quote", SCHOOL_A, "--code", "Skolen i Tromsø", "--coder", "Anne")
    tema("code", p, "--doc", doc, "--quote", SCHOOL_B, "--code", "Skolen i Tromsø", "--coder", "Bjørn")
    tema("code", p, "--doc", doc, "--quote", MOTHER, "--code", "Solveigs nettverk", "--coder", "Bjørn")
    tema("theme", p, "Livet på Bjørkåsen", "--label", "1", "--definition", "Hvordan Solveig bruker nettverket.",
         "--concept", "Tromsø som ramme", "--code", "Solveigs nettverk", "--coder", "Anne")
    tema("theme", p, "Skolen for Solveig", "--parent", "Livet på Bjørkåsen", "--label", "1a",
         "--code", "Skolen i Tromsø", "--coder", "Anne")
    tema("guide", p, "Oppvekst i Tromsø", "--area", "Bjørkåsen skole", "--coder", "Anne")
    tema("journal", p, "Solveig snakket om Kråkenes og Tromsø.", "--coder", "Anne")
    tema("snapshot", p, SNAPSHOT)
    ola = folder / "ola.tema"
    shutil.copy(p, ola)
    tema("codes", "rename", ola, "Solveigs nettverk", "Solveigs nettverket", "--coder", "Ola")
    tema("code", ola, "--doc", doc, "--quote", "Det var slitsomt.", "--code", "Slitsomt i Tromsø", "--coder", "Ola")
    for real in OLA_RULES:
        tema("pseudonym", "add", ola, real, RULES[real])
    for real, repl in RULES.items():
        tema("pseudonym", "add", p, real, repl)
    return p, ola


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return _build(tmp_path_factory.mktemp("leaks"))


@dataclass
class Run:
    project: Path
    ola: Path
    work: Path  # the current folder (exports/ goes here)
    out: Path  # a folder the test made, for writers that need a path


@pytest.fixture
def run(built, tmp_path, monkeypatch) -> Run:
    project, ola = tmp_path / built[0].name, tmp_path / built[1].name
    shutil.copy(built[0], project)
    shutil.copy(built[1], ola)
    work = tmp_path / "work"
    work.mkdir()
    (work / "out").mkdir()
    monkeypatch.chdir(work)
    return Run(project, ola, work, work / "out")


# ---- every writer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple
    before: tuple = ()  # a command that must run first (the plan before --apply)
    xfail: str | None = None

    def argv(self, r: Run, args: tuple) -> list:
        names = {"P": r.project, "OLA": r.ola, "OUT": r.out, "TEAM": r.out / "team.tema", "PLAN": r.out / "plan.toml"}
        return [names.get(a, a) if isinstance(a, str) else a for a in args]


TABLES = ("themes", "code-themes", "perspectives", "participants", "guide", "matrix", "case-matrix", "wave-themes")
CASES = (
    [Case(f"export-{t}-{f}", ("export", "P", t, "--format", f)) for t in TABLES for f in ("md", "csv", "xlsx", "docx", "html")]
    + [Case(f"export-{t}-{f}", ("export", "P", t, "--snapshot", SNAPSHOT, "--format", f))
       for t in ("lineage", "snapshot") for f in ("md", "csv", "xlsx", "docx", "html")]
    + [Case(f"heatmap-{f}", ("export", "P", "matrix", "--format", f)) for f in ("png", "svg")]
    + [Case(f"codebook-{f}", ("export", "P", "codebook", "--journal", "--format", f)) for f in ("docx", "md", "html")]
    + [Case(f"map-{f}{'-snapshot' if snap else ''}", ("map", "P", "--codes", "--format", f, *snap))
       for f in ("svg", "png", "dot", "graphml", "mermaid") for snap in ((), ("--snapshot", SNAPSHOT))]
    + [Case(f"compare-{f}", ("compare", "P", "--coder", "Anne", "--coder", "Bjørn", "-o", f"out/forskjeller.{f}"))
       for f in ("md", "xlsx")]
    + [Case("merge-plan", ("merge", "TEAM", "P", "OLA", "--plan", "PLAN")),
       Case("merge-report", ("merge", "TEAM", "P", "OLA", "--plan", "PLAN", "--apply"),
            before=("merge", "TEAM", "P", "OLA", "--plan", "PLAN")),
       Case("qdpx", ("qdpx", "export", "P", "-o", "out/prosjekt.qdpx")),
       Case("qdpx-utf16", ("qdpx", "export", "P", "-o", "out/prosjekt-nvivo.qdpx", "--offsets", "utf16")),
       Case("qdc", ("qdc", "export", "P", "-o", "out/kodebok.qdc"))]
)


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _dirs(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_dir()}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)]
                                               if c.xfail else []) for c in CASES])
def test_writer_leaks_nothing_is_private_and_never_overwrites(run, case):
    if case.before:
        tema(*case.argv(run, case.before))
    files_before, dirs_before = _files(run.work), _dirs(run.work)
    tema(*case.argv(run, case.args))
    files = _files(run.work)
    new = [p for p in files if p not in files_before]
    assert new, "the command wrote no file"
    for path in new:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path.name, oct(path.stat().st_mode))
        assert not path.name.startswith(".") and not path.name.endswith(TEMP_MARKS), f"temporary file left: {path}"
        if path.suffix == ".tema":
            continue  # the merged project itself (like a backup: the project, exempt)
        assert not leaks(str(path.relative_to(run.work))), path.name
        assert not leaks(files[path]), (path.name, leaks(files[path]))
    for folder in _dirs(run.work) - dirs_before:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    # Once more without --force: one line, nothing touched.
    again = tema(*case.argv(run, case.args), ok=False)
    assert again.exit_code == 1, again.output
    lines = again.output.strip().splitlines()
    assert len(lines) == 1 and "exists already" in lines[0] and "--force" in lines[0], again.output
    assert _files(run.work) == files


def test_every_writer_is_covered():
    """A new writer (export table, format, map format) joins the leak test or this fails."""
    from tema.export.api import MAP_FORMATS, TABLES, formats_for

    ids = {c.id for c in CASES}
    for table in TABLES:
        for fmt in formats_for(table):
            assert f"export-{table}-{fmt}" in ids or (table == "matrix" and f"heatmap-{fmt}" in ids), (table, fmt)
    assert {f"codebook-{f}" for f in formats_for("codebook")} <= ids
    assert {f"map-{f}" for f in MAP_FORMATS} <= ids


# ---- the material really holds the real strings, and opting out is recorded ----------------


def _journal(project: Path) -> list[tuple[str, dict | None]]:
    from tema.domain.journal import journal_entries

    store = open_store(project)
    try:
        with store.session() as s:
            return [(m.body, m.context) for m in journal_entries(s)]
    finally:
        store.close()


@pytest.mark.parametrize("args, target, what", [
    (("export", "P", "codebook", "--journal", "--format", "md", "-o", "out/kb.md"), "out/kb.md", "codebook (md)"),
    (("map", "P", "--codes", "--format", "dot", "-o", "out/kart.dot"), "out/kart.dot", "theme map (dot)"),
    (("compare", "P", "--coder", "Anne", "--coder", "Bjørn", "-o", "out/c.xlsx"), "out/c.xlsx",
     "comparison of Anne and Bjørn (xlsx)"),
], ids=["codebook", "map", "compare"])
def test_no_pseudonymise_writes_real_strings_and_the_journal_says_so(run, args, target, what):
    before = _journal(run.project)
    r = Case("x", args)
    tema(*r.argv(run, args), "--no-pseudonymise")
    path = run.work / target
    assert set(leaks(path.read_bytes())) >= {"Solveig", "Tromsø"}  # the material holds them
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entries = _journal(run.project)
    assert len(entries) == len(before) + 1
    body, context = entries[-1]
    assert what in body and str(path.resolve()) in body and "without pseudonymisation" in body
    assert context["paths"] == [str(path.resolve())] and context["what"] == what and context["coder"]
    # Refused again (the file exists): no second entry.
    assert tema(*r.argv(run, args), "--no-pseudonymise", ok=False).exit_code == 1
    assert len(_journal(run.project)) == len(before) + 1


def test_merge_plan_and_report_without_pseudonymisation_are_recorded(run):
    args = Case("x", ()).argv(run, ("merge", "TEAM", "P", "OLA", "--plan", "PLAN"))
    tema(*args, "--no-pseudonymise", "--coder", "Anne")
    plan = run.out / "plan.toml"
    assert "Solveig" in leaks(plan.read_bytes())
    for project in (run.project, run.ola):  # both inputs' real names went into the plan
        body, context = _journal(project)[-1]
        assert context["what"] == "merge plan" and str(plan.resolve()) in body and "(by Anne)" in body
    tema(*args, "--apply", "--no-pseudonymise", "--coder", "Anne")
    report = run.out / "plan.merge-report.md"
    assert "Solveig" in leaks(report.read_bytes())
    assert any(c and c.get("what") == "merge report" for _b, c in _journal(run.out / "team.tema"))


def test_a_pseudonymised_plan_is_followed(run):
    """The plan names codes by their pseudonyms; --apply maps them back to the real codes:
    the near name «Solveigs nettverket» (proposed as «Evas nettverket» → «Evas nettverk») merges."""
    plan, team = run.out / "plan.toml", run.out / "team.tema"
    tema("merge", team, run.project, run.ola, "--plan", plan)
    text = plan.read_text(encoding="utf-8")
    assert 'code = "Evas nettverket"' in text and 'into = "Evas nettverk"' in text and not leaks(text)
    tema("merge", team, run.project, run.ola, "--plan", plan, "--apply")
    codes = tema("codes", "list", team, "--json").output
    assert "Solveigs nettverk" in codes and "Solveigs nettverket" not in codes
    # A second plan over the same inputs (--force) keeps the edited decision, by pseudonym.
    plan.write_text(text.replace("accept = true", "accept = false"), encoding="utf-8")
    tema("merge", team, run.project, run.ola, "--plan", plan, "--force")
    assert "accept = false" in plan.read_text(encoding="utf-8")


def test_extracts_pseudonymise(run):
    plain = tema("extracts", run.project, "--json").output
    assert set(leaks(plain)) == set(RULES)  # without the flag: the analyst's own view
    for extra in ((), ("--json",)):
        out = tema("extracts", run.project, "--pseudonymise", *extra).output
        assert not leaks(out), leaks(out)
        assert "Eva" in out and "Skogli" in out
