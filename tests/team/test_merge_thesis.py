"""Acceptance: three coders' projects from the thesis quotes merge into one; the plan
proposes the near names with scores; no coding is lost; a second --apply adds nothing."""

from __future__ import annotations

import tomllib

import pytest
from sqlalchemy import func, select

from tema.store import models as m
from tema.store.db import open_store
from tema.text import name_key
from tests.helpers.cli import tema
from tests.team.builders import KARI_IN_PER, TYPOS, WORD_ORDER

pytestmark = pytest.mark.shared


def row_counts(path) -> dict[str, int]:
    store = open_store(path)
    try:
        with store.session() as s:
            return {t.name: s.scalar(select(func.count()).select_from(t)) for t in m.Base.metadata.sorted_tables}
    finally:
        store.close()


def out_codings(path) -> set[tuple[str, str, str, int, int]]:
    store = open_store(path)
    try:
        with store.session() as s:
            rows = s.execute(
                select(m.Coder.name, m.Code.name, m.Document.title, m.Coding.start, m.Coding.end)
                .join(m.Coder, m.Coder.id == m.Coding.coder_id)
                .join(m.Code, m.Code.id == m.Coding.code_id)
                .join(m.Document, m.Document.id == m.Coding.document_id)
            ).all()
            return {tuple(r) for r in rows}
    finally:
        store.close()


def test_plan_proposes_near_names_with_scores(coder_projects, tmp_path):
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    ins = [p.path for p in coder_projects.values()]
    result = tema("merge", out, *ins, "--plan", plan)
    assert not out.exists(), "writing the plan must not create or change OUT"
    doc = tomllib.loads(plan.read_text(encoding="utf-8"))
    proposed = {(p["code"], p["into"]): p for p in doc["proposed"]}
    expected = {(variant, original) for original, variant in {**WORD_ORDER, **TYPOS}.items()}
    expected.add(("slitne foreldere", "Slitne foreldre"))
    assert expected <= set(proposed), proposed.keys()
    for pair in expected:
        assert 90 <= proposed[pair]["score"] < 100 or pair[0] in WORD_ORDER.values()
        assert proposed[pair]["accept"] is True
        assert f"score {proposed[pair]['score']:g}" in result.output
    # Case-only variants are the same code, not proposals.
    exact = {name_key(e["code"]) for e in doc["exact"]}
    assert name_key("Betydning av medbestemmelse") in exact
    assert not any(name_key(a) == name_key(b) for a, b in proposed)


def test_merge_loses_no_coding_and_is_idempotent(coder_projects, tmp_path):
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    ins = [p.path for p in coder_projects.values()]
    tema("merge", out, *ins, "--plan", plan)
    result = tema("merge", out, *ins, "--plan", plan, "--apply")
    assert "report:" in result.output

    total = sum(len(p.codings) for p in coder_projects.values())
    counts = row_counts(out)
    assert counts["coding"] == total - KARI_IN_PER

    # Every coding of every input is in OUT, with its coder, on the code the plan chose.
    doc = tomllib.loads(plan.read_text(encoding="utf-8"))
    into = {name_key(p["code"]): p["into"] for p in doc["proposed"] if p["accept"]}
    merged = out_codings(out)
    out_names = {name_key(c): c for _w, c, *_ in merged}
    for proj in coder_projects.values():
        for coder, code, title, start, end in proj.codings:
            target = out_names[name_key(into.get(name_key(code), code))]
            assert (coder, target, title, start, end) in merged
    assert "slitne foreldere" not in {c for _w, c, *_ in merged}

    # Themes and snapshots of each coder are kept, clashing names prefixed; journals keep their author.
    store = open_store(out)
    with store.session() as s:
        themes = set(s.scalars(select(m.Theme.name)))
        snaps = set(s.scalars(select(m.ThemeMapSnapshot.name)))
        journal = {(c, b.split()[0]) for c, b in s.execute(
            select(m.Coder.name, m.Memo.body).join(m.Coder, m.Coder.id == m.Memo.coder_id).where(m.Memo.kind == "journal"))}
    store.close()
    assert {"Samarbeid", "Ola: Samarbeid", "Per: Samarbeid"} <= themes
    assert {"Fase 3: initielle tema", "Ola: Fase 3: initielle tema", "Per: Fase 3: initielle tema"} <= snaps
    assert journal == {("Kari", "Kari"), ("Ola", "Ola"), ("Per", "Per")}

    report = (tmp_path / "plan.md") if (tmp_path / "plan.md").exists() else next(tmp_path.glob("*.md"))
    text = report.read_text(encoding="utf-8")
    assert "«slitne foreldere» → «Slitne foreldre»" in text
    assert f"| codings: duplicate | 0 | 0 | {KARI_IN_PER} |" in text

    again = tema("merge", out, *ins, "--plan", plan, "--apply", "--force")  # --force: the report is there
    assert "nothing new" in again.output
    assert row_counts(out) == counts
