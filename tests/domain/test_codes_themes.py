"""Codes (merge, split, retire, trash) and themes (place, move, merge, split, discard)
never lose extracts; snapshots are frozen and compared."""

from __future__ import annotations

import pytest

from tema.domain import codes, coding, documents, illustrative, snapshots, themes, trash
from tema.errors import Conflict, InvalidInput
from tests.domain.conftest import TRANSCRIPT


def span(text):
    i = TRANSCRIPT.index(text)
    return i, i + len(text)


@pytest.fixture
def coded(store, doc_id, coder):
    with store.transaction() as s:
        doc = documents.find_document(s, "Randi")
        for quote, names in [
            ("Vi samarbeider tett.", ["Tett samarbeid", "Samarbeid med familien"]),
            ("de er ofte slitne", ["Slitne foreldre"]),
            ("Søsken blir lett glemt.", ["Søsken glemmes", "Slitne foreldre"]),
            ("Det er et dilemma for oss.", ["Dilemma"]),
        ]:
            coding.code_span(s, doc, *span(quote), names, coder_id=coder, perspectives=["familieperspektiv"])
    return store


def counts(store):
    with store.session() as s:
        return {st.code.name: st.extracts for st in codes.code_stats(s)}


def test_merge_codes_keeps_every_extract_and_placement(coded, coder):
    with coded.transaction() as s:
        themes.upsert_theme(s, "Samarbeid", codes=["Tett samarbeid"], coder_id=coder)
        n = codes.merge_codes(s, [codes.find_code(s, "Tett samarbeid")], codes.find_code(s, "Samarbeid med familien"), coder)
    assert n == 1
    c = counts(coded)
    assert "Tett samarbeid" not in c and c["Samarbeid med familien"] == 1  # same span, same coder → one extract
    with coded.session() as s:
        tree = themes.theme_tree(s)
        assert [name for _, name in tree[0].codes] == ["Samarbeid med familien"]
        with pytest.raises(Conflict, match="merged into"):
            codes.find_code(s, "Tett samarbeid")


def test_split_code_moves_chosen_extracts(coded, coder):
    with coded.transaction() as s:
        code = codes.find_code(s, "Slitne foreldre")
        sibling = [c.coding_id for c in coding.extracts(s, [code.id]) if "Søsken" in c.text]
        codes.split_code(s, code, "Søsken belastes", sibling, coder)
    c = counts(coded)
    assert c["Slitne foreldre"] == 1 and c["Søsken belastes"] == 1


def test_delete_code_to_trash_and_restore(coded, coder):
    with coded.transaction() as s:
        trash.delete(s, "code", "Dilemma", coder)
    assert "Dilemma" not in counts(coded)
    with coded.session() as s:
        assert [i.name for i in trash.list_trash(s)] == ["Dilemma"]
    with coded.transaction() as s:
        trash.restore(s, "code", "Dilemma", coder)
    assert counts(coded)["Dilemma"] == 1


def test_theme_board_moves(coded, coder):
    with coded.transaction() as s:
        a = themes.create_theme(s, "Å møte familien", coder_id=coder)
        b = themes.create_theme(s, "Belastning", coder_id=coder)
        sub = themes.create_theme(s, "Søsken", parent=a, label="1a", coder_id=coder)
        for name, t in [("Tett samarbeid", a), ("Slitne foreldre", a), ("Slitne foreldre", b), ("Søsken glemmes", sub)]:
            themes.place_code(s, codes.find_code(s, name), t, coder)
        with pytest.raises(Conflict):
            themes.place_code(s, codes.find_code(s, "Tett samarbeid"), a, coder)
        with pytest.raises(InvalidInput):
            themes.create_theme(s, "For dypt", parent=sub, coder_id=coder)
    with coded.session() as s:
        assert [c.name for c in themes.unplaced_codes(s)] == ["Dilemma", "Samarbeid med familien"]
        assert [t.name for t in themes.themes_of_code(s, codes.find_code(s, "Slitne foreldre"))] == ["Å møte familien", "Belastning"]
    with coded.transaction() as s:
        snapshots.take_snapshot(s, "Fase 3", coder_id=coder)
        a, b = themes.find_theme(s, "Å møte familien"), themes.find_theme(s, "Belastning")
        themes.move_code(s, codes.find_code(s, "Tett samarbeid"), a, b, coder)
        themes.rename_theme(s, b, "Belastning og samarbeid", coder)
        themes.reorder(s, b, -1, coder)
        snapshots.take_snapshot(s, "Fase 4", coder_id=coder)
    with coded.session() as s:
        assert [t.name for t in themes.theme_tree(s)] == ["Belastning og samarbeid", "Å møte familien"]
        diff = snapshots.compare(snapshots.find_snapshot(s, "Fase 3").structure, snapshots.find_snapshot(s, "Fase 4").structure)
        assert diff.renamed == [("Belastning", "Belastning og samarbeid")]
        assert diff.moved == [("Tett samarbeid", ["Å møte familien"], ["Belastning og samarbeid"])]
        assert diff.appeared == [] and diff.disappeared == []
        frozen = snapshots.find_snapshot(s, "Fase 3").structure
        assert [t["name"] for t in frozen["themes"]] == ["Å møte familien", "Belastning"]
        assert [h.new_name for h in themes.rename_history(s, themes.find_theme(s, "Belastning og samarbeid"))] == ["Belastning og samarbeid"]


def test_merge_discard_restore_themes(coded, coder):
    with coded.transaction() as s:
        a = themes.upsert_theme(s, "A", codes=["Dilemma"], coder_id=coder)
        b = themes.upsert_theme(s, "B", codes=["Slitne foreldre"], coder_id=coder)
        themes.create_theme(s, "B1", parent=b, coder_id=coder)
        themes.merge_themes(s, b, a, coder)
    with coded.session() as s:
        tree = themes.theme_tree(s)
        assert [t.name for t in tree] == ["A"]
        assert sorted(n for _, n in tree[0].codes) == ["Dilemma", "Slitne foreldre"]
        assert [x.name for x in tree[0].subthemes] == ["B1"]
    with coded.transaction() as s:
        themes.discard_theme(s, themes.find_theme(s, "A"), coder)
    with coded.session() as s:
        assert "Dilemma" in [c.name for c in themes.unplaced_codes(s)]
    with coded.transaction() as s:
        themes.restore_theme(s, themes.find_theme(s, "A"), coder)
    with coded.session() as s:
        assert "Dilemma" not in [c.name for c in themes.unplaced_codes(s)]


def test_split_theme(coded, coder):
    with coded.transaction() as s:
        themes.upsert_theme(s, "Stor", codes=["Dilemma", "Slitne foreldre", "Søsken glemmes"], coder_id=coder)
        themes.split_theme(s, themes.find_theme(s, "Stor"), "Søsken", ["Søsken glemmes"], coder)
    with coded.session() as s:
        tree = {t.name: sorted(n for _, n in t.codes) for t in themes.theme_tree(s)}
    assert tree == {"Stor": ["Dilemma", "Slitne foreldre"], "Søsken": ["Søsken glemmes"]}


def test_extract_selection(coded, coder):
    with coded.transaction() as s:
        t = themes.upsert_theme(s, "Slitne", codes=["Slitne foreldre"], coder_id=coder)
        ids = [e.coding_id for e in coding.extracts(s, themes.theme_code_ids(s, t))]
        for i in ids:
            illustrative.set_extract_selection(s, t, i, True, coder)
        illustrative.set_extract_selection(s, t, ids[0], False, coder)
    with coded.session() as s:
        assert illustrative.selected_extracts(s, themes.find_theme(s, "Slitne")) == ids[1:]
