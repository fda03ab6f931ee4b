"""A second look (tema.domain.similar, `tema similar`): passages like a code's, a theme's or
a quote's extracts, by shared lemmas — never the extracts already coded, never an interviewer
turn or a trashed document, pseudonyms applied when asked; and, on the thesis project,
leave-one-out ranking that beats a random ranking computed in the same run."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from sqlalchemy import select

from tema.domain import similar as similar_d
from tema.domain.pseudonyms import Pseudonymizer
from tema.domain.similar_eval import leave_one_out, random_expectation, shuffled_ranks
from tema.nlp.reference import FALLBACK, build_reference, function_words
from tema.store import models as m
from tema.store.db import open_store
from tests.helpers.cli import tema
from tests.helpers.paths import load_fixture, require_shared
from tests.team.conftest import BACKENDS, new_project

# Written for these tests: three parents on respite care (avlastning), a school and a kindergarten.
KARI = (
    "I: Hvordan fikk dere avlastning?\n\n"
    "Kari: Vi søkte om avlastning i fjor. Avlastningen kom først etter et halvt år. "
    "Koordinatoren hjalp oss med søknaden.\n\n"
    "I: Hva med skolen?\n\n"
    "Kari: Skolen var flink med tilrettelegging. Læreren ringte oss hver uke.\n"
)
OLA = (
    "I: Fortell om avlastningen.\n\n"
    "Ola: Avlastning to helger i måneden gjør hverdagen mulig. Søknaden om avlastning ble avslått første gang. "
    "Kari på kontoret ordnet avlastning for oss til slutt.\n\n"
    "I: Og barnehagen?\n\n"
    "Ola: Barnehagen samarbeidet godt med fysioterapeuten.\n"
)
PER = (
    "I: Har dere avlastning nå?\n\n"
    "Per: Avlastningen er helt avgjørende for oss. Vi venter fortsatt på svar på søknaden om avlastning.\n"
)


@pytest.fixture
def where(request, tmp_path):
    """A project file, or a fresh PostgreSQL database (URL), as the test is parametrised."""
    if request.param == "sqlite":
        return str(tmp_path / "similar.tema")
    return request.getfixturevalue("pg_database")


def build(proj: str, folder: Path) -> str:
    new_project(proj)
    for name, body in (("kari", KARI), ("ola", OLA), ("per", PER)):
        path = folder / f"{name}.txt"
        path.write_text(body, encoding="utf-8")
        tema("import", proj, path, "--participant", name.capitalize())
    for quote in ("Vi søkte om avlastning i fjor.", "Avlastningen kom først etter et halvt år."):
        tema("code", proj, "--doc", "kari", "--quote", quote, "--code", "Avlastning")
    tema("code", proj, "--doc", "kari", "--quote", "Skolen var flink med tilrettelegging.", "--code", "Skole")
    tema("theme", proj, "Hverdagen", "--code", "Avlastning")
    return proj


def _ids(proj: str) -> dict[str, int]:
    store = open_store(proj)
    try:
        with store.session() as s:
            out = {f"code:{c.name}": c.id for c in s.scalars(select(m.Code))}
            out |= {f"theme:{t.name}": t.id for t in s.scalars(select(m.Theme))}
            out |= {f"doc:{d.title}": d.id for d in s.scalars(select(m.Document))}
            return out
    finally:
        store.close()


def _look(proj: str, fn, item_id: int, **kw) -> similar_d.SecondLook:
    store = open_store(proj)
    try:
        with store.session() as s:
            return fn(s, item_id, **kw)
    finally:
        store.close()


def _codings(proj: str) -> list[tuple[int, int, int, int]]:
    store = open_store(proj)
    try:
        with store.session() as s:
            return [tuple(r) for r in s.execute(select(m.Coding.code_id, m.Coding.document_id, m.Coding.start,
                                                       m.Coding.end))]
    finally:
        store.close()


@pytest.mark.parametrize("where", BACKENDS, indirect=True)
def test_passages_like_a_code_leave_out_its_extracts_interviewers_and_trash(where, tmp_path):
    proj = build(where, tmp_path)
    ids = _ids(proj)
    look = _look(proj, similar_d.similar_to_code, ids["code:Avlastning"])
    assert look.kind == "code" and look.name == "Avlastning" and look.extracts == 2
    assert "avlastning" in [t.lemma for t in look.terms]
    texts = [p.text for p in look.passages]
    assert "Avlastning to helger i måneden gjør hverdagen mulig." in texts
    assert any(p.document == "per" for p in look.passages)
    coded = [(d, a, b) for code, d, a, b in _codings(proj) if code == ids["code:Avlastning"]]
    for p in look.passages:
        assert not any(p.document_id == d and p.start < b and p.end > a for d, a, b in coded), p
        assert p.speaker not in ("I", None), p  # interviewer questions mention avlastning too
        assert "avlastning" in p.shared
        assert any(p.text[a:b].lower().startswith("avlastning") for a, b in p.marks), p
    assert [p.score for p in look.passages] == sorted((p.score for p in look.passages), reverse=True)
    # A trashed document is never shown; restoring it brings its passages back.
    tema("delete", proj, "document", "per")
    after = _look(proj, similar_d.similar_to_code, ids["code:Avlastning"])
    assert after.passages and all(p.document != "per" for p in after.passages)
    assert "Per" not in after.participants and after.participants_without == ["Kari"]
    tema("restore-item", proj, "document", "per")
    assert any(p.document == "per" for p in _look(proj, similar_d.similar_to_code, ids["code:Avlastning"]).passages)


def test_a_theme_leaves_out_the_extracts_of_every_code_in_it_and_its_subthemes(tmp_path):
    proj = build(str(tmp_path / "t.tema"), tmp_path)
    tema("theme", proj, "Skolehverdag", "--parent", "Hverdagen", "--code", "Skole")
    tema("code", proj, "--doc", "ola", "--quote", "Avlastning to helger i måneden gjør hverdagen mulig.",
         "--code", "Skole")
    ids = _ids(proj)
    look = _look(proj, similar_d.similar_to_theme, ids["theme:Hverdagen"])
    assert look.kind == "theme" and look.extracts == 4
    texts = [p.text for p in look.passages]
    assert texts and "Avlastning to helger i måneden gjør hverdagen mulig." not in texts
    # The same passage is offered for the code Avlastning alone (it is not coded with it).
    code_look = _look(proj, similar_d.similar_to_code, ids["code:Avlastning"])
    assert "Avlastning to helger i måneden gjør hverdagen mulig." in [p.text for p in code_look.passages]
    groups = dict(look.by_participant())
    assert set(groups) <= {"Kari", "Ola", "Per"} and all(groups.values())
    assert [p for g in groups.values() for p in g] == sorted(look.passages, key=lambda p: list(groups).index(p.who))


def test_passages_like_one_coded_extract_and_like_a_quote(tmp_path):
    proj = build(str(tmp_path / "t.tema"), tmp_path)
    ids = _ids(proj)
    store = open_store(proj)
    try:
        with store.session() as s:
            coding = s.scalars(select(m.Coding).where(m.Coding.code_id == ids["code:Avlastning"])
                               .order_by(m.Coding.start)).first()
            one = similar_d.similar_to_coding(s, coding.id)
            quote = similar_d.similar_to_span(s, coding.document_id, coding.start, coding.end)
    finally:
        store.close()
    assert one.kind == "extract" and one.extracts == 1 and one.passages
    # Like the code: its other extract (coded with it) is not offered.
    assert "Avlastningen kom først etter et halvt år." not in [p.text for p in one.passages]
    # A quote inside a coded extract: the extracts of the codes holding it are left out, and the quote itself.
    assert [p.text for p in quote.passages] == [p.text for p in one.passages]
    assert all(not (p.document_id == coding.document_id and p.start < coding.end and p.end > coding.start)
               for p in quote.passages)


def test_pseudonymised_view_replaces_names_in_text_title_and_speaker_and_moves_marks(tmp_path):
    proj = build(str(tmp_path / "t.tema"), tmp_path)
    tema("pseudonym", "add", proj, "Kari", "Annemor")
    ids = _ids(proj)
    plain = _look(proj, similar_d.similar_to_code, ids["code:Avlastning"])
    masked = _look(proj, similar_d.similar_to_code, ids["code:Avlastning"], pseudonymised=True)
    assert any("Kari på kontoret" in p.text for p in plain.passages)
    assert [p.segment_id for p in masked.passages] == [p.segment_id for p in plain.passages]
    for p, q in zip(plain.passages, masked.passages):
        assert "Kari" not in q.text and "kari" not in q.document
        assert [p.text[a:b] for a, b in p.marks] == [q.text[a:b] for a, b in q.marks]
    assert any("Annemor på kontoret ordnet avlastning" in q.text for q in masked.passages)
    out = tema("similar", proj, "--code", "Avlastning", "--pseudonymise").output
    assert "Annemor på kontoret" in out and "Kari" not in out
    assert "Kari på kontoret" in tema("similar", proj, "--code", "Avlastning").output


def test_marks_follow_replacements_of_other_lengths():
    pz = Pseudonymizer([("Bo", "Alexander"), ("Ingeborg", "Eva")])
    text = "Bo og Ingeborg søkte avlastning; Ingeborgs avlastning kom."
    marks = ((0, 2), (21, 31), (43, 53))  # Bo, avlastning, avlastning
    out, moved = similar_d.pseudonymise(pz, text, marks)
    assert out == "Alexander og Eva søkte avlastning; Evas avlastning kom."
    assert [out[a:b] for a, b in moved] == ["Alexander", "avlastning", "avlastning"]


def test_cli_similar_json_quote_and_one_line_errors(tmp_path):
    proj = build(str(tmp_path / "t.tema"), tmp_path)
    data = json.loads(tema("similar", proj, "--code", "Avlastning", "--json", "--limit", "2").output)
    assert data["kind"] == "code" and data["extracts"] == 2 and len(data["passages"]) == 2
    first = data["passages"][0]
    assert first["rank"] == 1 and "avlastning" in first["shared"] and first["participant"] in ("Ola", "Per")
    assert {t["lemma"] for t in data["terms"]} >= {"avlastning"}
    text = tema("similar", proj, "--theme", "Hverdagen").output
    assert "Passages like theme Hverdagen" in text and "avlastning" in text
    quote = tema("similar", proj, "--doc", "ola", "--quote", "Barnehagen samarbeidet godt med fysioterapeuten.").output
    assert "Passages like extract «ola»" in quote
    before = tema("info", proj, "--json").output
    for args, words in [((), "exactly one of"), (("--code", "Avlastning", "--theme", "Hverdagen"), "exactly one of"),
                        (("--doc", "ola"), "exactly one of"), (("--code", "Finnes ikke"), "Finnes ikke"),
                        (("--code", "Avlastning", "--limit", "0"), "--limit 0")]:
        res = tema("similar", proj, *args, ok=False)
        assert res.exit_code == 1 and words in res.output and len(res.output.strip().splitlines()) == 1, res.output
    assert tema("info", proj, "--json").output == before  # a second look writes nothing


def test_journal_second_look_writes_one_journal_line(tmp_path):
    from tema.domain.journal import journal_entries

    proj = build(str(tmp_path / "t.tema"), tmp_path)
    store = open_store(proj)
    try:
        with store.transaction() as s:
            similar_d.journal_second_look(s, "code Avlastning", 12, None, context={"code_id": 1})
        with store.session() as s:
            entries = journal_entries(s)
    finally:
        store.close()
    assert [e.body for e in entries] == ["second look: code Avlastning, 12 passages shown"]
    assert entries[0].context["second_look"] == {"what": "code Avlastning", "shown": 12, "code_id": 1}


def test_random_expectation_matches_seeded_shuffles():
    for candidates, targets in [(50, 1), (212, 3), (40, 7)]:
        recall, rr = random_expectation(candidates, targets, 10)
        ranks = shuffled_ranks(candidates, targets, 20_000, seed=candidates)
        assert recall == pytest.approx(sum(r <= 10 for r in ranks) / len(ranks), abs=0.015)
        assert rr == pytest.approx(sum(1 / r for r in ranks) / len(ranks), abs=0.01)
    assert random_expectation(50, 1, 10)[0] == pytest.approx(10 / 50)
    assert random_expectation(50, 1, 10)[1] == pytest.approx(sum(1 / r for r in range(1, 51)) / 50)
    # After 8 ranked items, one target among 40 unranked: in the top 10 only at tail rank 1 or 2.
    assert random_expectation(40, 1, 10, after=8) == pytest.approx((2 / 40, sum(1 / (8 + r) for r in range(1, 41)) / 40))


def test_leave_one_out_on_the_thesis_beats_a_random_ranking(thesis_project, capsys):
    quotes = load_fixture("thesis_quotes.json")
    sizes = [len(sub["quotes"]) for t in quotes["themes"] for sub in t["subthemes"]]
    store = open_store(thesis_project)
    try:
        with store.session() as s:
            loo = leave_one_out(s, min_extracts=3, k=10)
    finally:
        store.close()
    assert len(loo.trials) == sum(n for n in sizes if n >= 3) and loo.codes == sum(1 for n in sizes if n >= 3)
    assert all(t.targets >= 1 and t.candidates > t.targets for t in loo.trials)
    # Hits in the top 10 against what a random ranking of the same candidates would give:
    # more than two standard deviations above its expectation, and a higher mean reciprocal rank.
    assert all(t.recall in (0.0, 1.0) and t.rr == 1 / t.rank for t in loo.trials if t.rank is not None)
    assert all(t.rr < 1 / t.ranked for t in loo.trials if t.rank is None and t.ranked)
    hits = sum(t.recall for t in loo.trials)
    expected = sum(t.random_recall for t in loo.trials)
    sd = math.sqrt(sum(t.random_recall * (1 - t.random_recall) for t in loo.trials))
    with capsys.disabled():
        print(f"\nthesis leave-one-out: {json.dumps(loo.as_dict())}")
    assert hits > expected + 2 * sd, loo.as_dict()
    assert loo.mrr > loo.random_mrr, loo.as_dict()


def test_shipped_function_words_are_rebuilt_from_the_treebank():
    data = require_shared("nlp")
    words, table = build_reference(data)
    assert set(words) | FALLBACK == function_words()
    assert {"og", "i", "på", "det", "være", "ha", "å", "som", "ikke"} <= function_words()
    assert not {"avlastning", "barn", "samarbeid", "familie", "skole"} & function_words()
    assert table["sentences"] > 10_000 and table["df"]["og"] > table["df"]["barn"] > table["df"].get("avlastning", 0)
