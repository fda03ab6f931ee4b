"""`tema compare`: where two coders' coding of the same transcript differs, span by span."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tema.domain.compare import OVERLAP_NOTE, compare_coders, intersect, subtract, union
from tema.store.db import open_store
from tests.helpers.cli import tema
from tests.team.builders import TYPOS

TEXT = (
    "Intervjuer: Hvordan opplever dere hverdagen nå?\n\n"
    "Mor: Vi er slitne foreldre, og det er mye å koordinere hele tiden. "
    "Koordinatoren hjelper oss med møtene, men vi savner kontinuitet i tjenestene.\n"
)
A_SLITEN = "Vi er slitne foreldre, og det er mye å koordinere"
B_SLITEN = "Vi er slitne foreldre"
HJELP = "Koordinatoren hjelper oss med møtene"
SAVN = "vi savner kontinuitet"
HVERDAG = "Hvordan opplever dere hverdagen"


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def coded(project, tmp_path):
    path = tmp_path / "mor.txt"
    path.write_text(TEXT, encoding="utf-8")
    tema("import", project, path)
    for coder, phrase, code in [("Anne", A_SLITEN, "Slitenhet"), ("Bjørn", B_SLITEN, "Slitenhet"),
                                ("Anne", HJELP, "Hjelp"), ("Bjørn", HJELP, "Hjelp"),
                                ("Anne", SAVN, "Savn"), ("Bjørn", HVERDAG, "Hverdag")]:
        s, e = span(phrase)
        tema("code", project, "--doc", "mor", "--span", f"{s}:{e}", "--code", code, "--coder", coder)
    return project


def test_interval_helpers():
    assert union([(5, 9), (0, 3), (2, 4)]) == [(0, 4), (5, 9)]
    assert intersect([(0, 10)], [(2, 4), (8, 12)]) == [(2, 4), (8, 10)]
    assert subtract([(0, 10)], [(2, 4), (8, 12)]) == [(0, 2), (4, 8)]


def test_differences_are_exact_spans(coded):
    store = open_store(coded)
    with store.session() as s:
        cmp = compare_coders(s, "Anne", "Bjørn")
    store.close()
    assert cmp.documents == ["mor"]
    rows = {(d.code, d.kind): d for d in cmp.differences}
    assert set(rows) == {("Slitenhet", "partial"), ("Hjelp", "both"), ("Savn", "only_a"), ("Hverdag", "only_b")}
    partial = rows[("Slitenhet", "partial")]
    assert (partial.a, partial.b) == (span(A_SLITEN), span(B_SLITEN))
    assert partial.only_a == ((span(B_SLITEN)[1], span(A_SLITEN)[1]),)
    assert TEXT[slice(*partial.only_a[0])] == ", og det er mye å koordinere"
    assert partial.only_b == ()
    assert rows[("Hjelp", "both")].a == rows[("Hjelp", "both")].b == span(HJELP)
    assert rows[("Savn", "only_a")].only_a == (span(SAVN),)
    assert rows[("Hverdag", "only_b")].text_b == HVERDAG
    summary = {x.code: x for x in cmp.summaries}
    assert summary["Slitenhet"].overlap_share == pytest.approx(len(B_SLITEN) / len(A_SLITEN))
    assert summary["Hjelp"].overlap_share == 1.0
    assert summary["Savn"].overlap_share == 0.0


def test_compare_cli_table_markdown_and_xlsx(coded, tmp_path):
    out = tema("compare", coded, "--coder", "Anne", "--coder", "Bjørn").output
    assert "partial overlap" in out and "only Bjørn" in out
    assert "not a reliability" in out
    md = tmp_path / "forskjeller.md"
    tema("compare", coded, "--coder", "Anne", "--coder", "Bjørn", "-o", md)
    text = md.read_text(encoding="utf-8")
    s, e = span(A_SLITEN)
    assert f"| Slitenhet | mor | partial overlap | {s}–{e} |" in text
    assert OVERLAP_NOTE in text
    xlsx = tmp_path / "forskjeller.xlsx"
    tema("compare", coded, "--coder", "Anne", "--coder", "Bjørn", "--doc", "mor", "-o", xlsx)
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Per code", "Differences"]
    diffs = [row for row in wb["Differences"].iter_rows(min_row=2, values_only=True)]
    assert ("Savn", "mor", "only Anne", f"{span(SAVN)[0]}–{span(SAVN)[1]}") == diffs[-1][:4] or any(
        r[:3] == ("Savn", "mor", "only Anne") for r in diffs)
    assert any(OVERLAP_NOTE == r[0] for r in wb["Per code"].iter_rows(values_only=True) if r and r[0])


def test_compare_errors(coded):
    r = tema("compare", coded, "--coder", "Anne", "--coder", "Cecilie", ok=False)
    assert r.exit_code == 1 and "'Cecilie': no such coder" in r.output and "Bjørn" in r.output
    r = tema("compare", coded, "--coder", "Anne", ok=False)
    assert r.exit_code == 1 and "exactly two" in r.output
    r = tema("compare", coded, "--coder", "Anne", "--coder", "Anne", ok=False)
    assert r.exit_code == 1 and "the same coder" in r.output
    r = tema("compare", coded, "--coder", "Anne", "--coder", "Bjørn", "--format", "xlsx", ok=False)
    assert r.exit_code == 1 and "-o" in r.output


@pytest.mark.shared
def test_compare_after_merging_thesis_coders(coder_projects, tmp_path):
    """Kari coded themes 1–2, Per themes 1 and 3 (with typos the plan merged): on one
    transcript the comparison lists exactly the quotes each coded alone."""
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    ins = [p.path for p in coder_projects.values()]
    tema("merge", out, *ins, "--plan", plan)
    tema("merge", out, *ins, "--plan", plan, "--apply")
    names = {v: k for k, v in TYPOS.items()} | {"slitne foreldere": "Slitne foreldre"}
    doc = "Elise"
    kari = {(c, s, e) for w, c, d, s, e in coder_projects["Kari"].codings if d == doc}
    per = {(names.get(c, c), s, e) for w, c, d, s, e in coder_projects["Per"].codings if d == doc and w == "Per"}
    store = open_store(out)
    with store.session() as s:
        from tema.domain.documents import find_document

        cmp = compare_coders(s, "Kari", "Per", doc_id=find_document(s, doc).id)
    store.close()
    got = {kind: {(d.code, *(d.a or d.b)) for d in cmp.differences if d.kind == kind}
           for kind in ("both", "partial", "only_a", "only_b")}
    assert got["both"] == kari & per
    assert got["only_a"] == kari - per
    assert got["only_b"] == per - kari
    assert got["partial"] == set()
    assert got["both"] and got["only_a"] and got["only_b"]
