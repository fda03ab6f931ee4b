"""Merging invented Norwegian projects: what matches, what is reported instead of
overwritten, and that a new wave merged into an existing project adds only what is new."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tema.domain import guide, illustrative, journal, pseudonyms, themes
from tema.domain.coders import get_or_create_coder
from tema.domain.codes import find_code
from tema.domain.coding import code_span, locate_quote
from tema.domain.documents import document_text, find_document
from tema.domain.participants import upsert_case
from tema.store import models as m
from tema.store.db import open_store
from tests.helpers.cli import info, tema

FAMILIE = (
    "Intervjuer: Fortell om samarbeidet med kommunen.\n\n"
    "Mor: Vi har hatt tre koordinatorer på to år. Hver gang må vi begynne på nytt, "
    "og det er slitsomt å forklare alt om igjen. Men ansvarsgruppemøtene hjelper når alle er der.\n"
)
NOTAT_KARI = "Notat etter intervjuet: mor virket sliten, men engasjert.\n"
NOTAT_OLA = "Notat: møtet ble flyttet to ganger før vi fikk snakket sammen.\n"
QUOTE = "det er slitsomt å forklare alt om igjen"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _with(path: Path):
    class _Ctx:
        def __enter__(self):
            self.store = open_store(path)
            self.tx = self.store.transaction()
            return self.tx.__enter__()

        def __exit__(self, *exc):
            try:
                return self.tx.__exit__(*exc)
            finally:
                self.store.close()

    return _Ctx()


@pytest.fixture
def two_projects(tmp_path):
    src = tmp_path / "kilder"
    src.mkdir()
    kari, ola = tmp_path / "kari.tema", tmp_path / "ola.tema"
    # Kari
    tema("init", kari, "--title", "Familier og kommuner", "--coder", "Kari")
    tema("participant", kari, "Mor Hansen", "--label", "A", "--attr", "rolle=mor", "--attr", "barn:number=2",
         "--case", "Familie 1", "--coder", "Kari")
    tema("import", kari, _write(src, "familie1.txt", FAMILIE), "--participant", "Mor Hansen", "--case", "Familie 1", "--wave", "1")
    tema("import", kari, _write(src, "notat.txt", NOTAT_KARI))
    with _with(kari) as s:
        k = get_or_create_coder(s, "Kari").id
        upsert_case(s, "Familie 1", [("kommune", "Bergen", "text")])
        doc = find_document(s, "familie1")
        text = document_text(s, doc.id)
        start, end = locate_quote(text, QUOTE)
        (coding,) = code_span(s, doc, start, end, ["Brudd i kontinuitet"], coder_id=k, perspectives=["familieperspektiv"],
                              memo="Gjentas i flere intervjuer", text=text)
        journal.add_note(s, "Her endrer tonen seg.", target_kind="document", target_id=doc.id, start=start, end=end, coder_id=k)
        pseudonyms.add_rule(s, "Bergen", "Byen", k)
        sec = guide.upsert_section(s, "Samarbeid", colour="#e15759", areas=["møter"], coder_id=k)
        guide.tag_span(s, sec, doc.id, 0, 48, k)
        t = themes.create_theme(s, "Belastning", coder_id=k)
        themes.place_code(s, find_code(s, "Brudd i kontinuitet"), t, coder_id=k)
        illustrative.set_extract_selection(s, t, coding.id, True, k)
    # Ola: same interview under another title, another note with Kari's title, conflicting details
    tema("init", ola, "--title", "Familier (Ola)", "--coder", "Ola")
    tema("participant", ola, "Mor Hansen", "--label", "B", "--attr", "rolle=forelder", "--attr", "utdanning=høy",
         "--case", "Familie 2", "--coder", "Ola")
    tema("import", ola, _write(src, "familie1-ola.txt", FAMILIE), "--participant", "Mor Hansen")
    tema("import", ola, _write(src / ".." / "kilder", "notat-ola.txt", NOTAT_OLA), "--title", "notat")
    with _with(ola) as s:
        o = get_or_create_coder(s, "Ola").id
        k = get_or_create_coder(s, "Kari").id  # Ola's file also holds Kari's coding of the quote
        doc = find_document(s, "familie1-ola")
        text = document_text(s, doc.id)
        start, end = locate_quote(text, QUOTE)
        code_span(s, doc, start, end, ["Brudd i kontinuitet"], coder_id=k, perspectives=["tjenesteperspektiv"], text=text)
        code_span(s, doc, start, end, ["Brudd i kontinuitet"], coder_id=o, text=text)
        pseudonyms.add_rule(s, "Bergen", "Fjordby", o)
        guide.upsert_section(s, "Samarbeid", colour="#4e79a7", areas=["møter", "ansvar"], coder_id=o)
        journal.add_journal(s, "Ola: jeg kjenner igjen mye fra egen jobb i kommunen.", coder_id=o)
    return kari, ola


def _merge(out: Path, *inputs: Path, plan: Path) -> str:
    tema("merge", out, *inputs, "--plan", plan)
    return tema("merge", out, *inputs, "--plan", plan, "--apply").output


def test_matches_and_conflicts(two_projects, tmp_path):
    kari, ola = two_projects
    out, plan = tmp_path / "team.tema", tmp_path / "plan.toml"
    _merge(out, kari, ola, plan=plan)
    report = (tmp_path / "plan.merge-report.md").read_text(encoding="utf-8")
    store = open_store(out)
    with store.session() as s:
        (p,) = s.scalars(select(m.Participant)).all()
        assert p.label == "A"
        assert {a.key: a.value for a in p.attributes} == {"rolle": "mor", "barn": "2", "utdanning": "høy"}
        cases = {c.name: c for c in s.scalars(select(m.Case))}
        assert set(cases) == {"Familie 1", "Familie 2"}
        assert {a.key: a.value for a in cases["Familie 1"].attributes} == {"kommune": "Bergen"}
        members = set(s.execute(select(m.CaseMember.case_id, m.CaseMember.participant_id)).all())
        assert members == {(cases["Familie 1"].id, p.id), (cases["Familie 2"].id, p.id)}
        titles = sorted(s.scalars(select(m.Document.title)))
        assert titles == ["familie1", "notat", "notat (Ola)"]
        doc = find_document(s, "familie1")
        codings = s.scalars(select(m.Coding).where(m.Coding.document_id == doc.id)).all()
        by_coder = {c.coder.name: c for c in codings}
        assert set(by_coder) == {"Kari", "Ola"}
        assert sorted(link.perspective.name for link in by_coder["Kari"].perspective_links) == [
            "familieperspektiv", "tjenesteperspektiv"]
        assert by_coder["Kari"].memo == "Gjentas i flere intervjuer"
        note = s.scalars(select(m.Memo).where(m.Memo.kind == "note")).one()
        assert (note.target_id, note.coder.name) == (doc.id, "Kari")
        assert document_text(s, doc.id)[note.start:note.end] == QUOTE
        assert s.scalars(select(m.Memo.body).where(m.Memo.kind == "journal")).all() == [
            "Ola: jeg kjenner igjen mye fra egen jobb i kommunen."]
        (rule,) = s.scalars(select(m.PseudonymRule)).all()
        assert (rule.real, rule.replacement) == ("Bergen", "Byen")
        (sec,) = s.scalars(select(m.GuideSection)).all()
        assert (sec.colour, sec.areas) == ("#e15759", ["møter", "ansvar"])
        assert s.scalars(select(m.GuideTag.document_id)).all() == [doc.id]
        theme = s.scalars(select(m.Theme).where(m.Theme.name == "Belastning")).one()
        assert illustrative.selected_extracts(s, theme) == [by_coder["Kari"].id]
    store.close()
    for needle in ("label 'A' in OUT, 'B' in", "attribute rolle is 'mor' in OUT and 'forelder'",
                   "kept as a separate document «notat (Ola)»", "pseudonym rule 'Byen'",
                   "guide section «Samarbeid»: colour #e15759 in OUT, #4e79a7"):
        assert needle in report, needle
    assert "| codings: duplicate | 0 | 1 |" in report
    assert "Bergen" not in report  # the report is pseudonymised with OUT's rules (Bergen → Byen)


def test_a_new_wave_adds_only_what_is_new(two_projects, tmp_path):
    kari, ola = two_projects
    out = tmp_path / "team.tema"
    _merge(out, kari, ola, plan=tmp_path / "wave1.toml")
    first = info(out)
    # Wave 2: Ola codes one more extract (with a new code) in the same file.
    tema("code", ola, "--doc", "familie1-ola", "--quote", "ansvarsgruppemøtene hjelper", "--code", "Ansvarsgruppe",
         "--coder", "Ola")
    output = _merge(out, kari, ola, plan=tmp_path / "wave2.toml")
    assert "backup:" in output
    second = info(out)
    assert second["codings"] == first["codings"] + 1
    assert second["codes"] == first["codes"] + 1
    assert {k: v for k, v in second.items() if k not in ("codings", "codes", "events")} == {
        k: v for k, v in first.items() if k not in ("codings", "codes", "events")}
    backups = list((tmp_path / "backups").glob("team-*-pre-merge.tema"))
    assert backups, "an existing OUT is backed up before merging into it"
    again = tema("merge", out, kari, ola, "--plan", tmp_path / "wave2.toml", "--apply", "--force").output
    assert "nothing new" in again
    assert info(out) == second
