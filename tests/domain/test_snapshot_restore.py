"""Bringing a snapshot back as the working map: the map then equals the snapshot, the map
before is saved, nothing is deleted (discarded themes keep their codes), rename history
is kept, undo returns exactly to where the researcher was."""

from __future__ import annotations

import pytest

from tema.domain import codes, events, snapshots, themes
from tema.domain.snapshot_restore import restore_snapshot
from tema.errors import InvalidInput
from tema.store import models as m

CODES = ["Tett samarbeid", "Slitne foreldre", "Søsken glemmes", "Dilemma", "Ærlige samtaler"]


@pytest.fixture
def mapped(store, coder):
    """Two themes, a subtheme, five codes (one in two themes); snapshot «Fase 3»."""
    with store.transaction() as s:
        for name in CODES:
            codes.create_code(s, name, coder_id=coder)
        themes.upsert_theme(s, "Familien", codes=["Slitne foreldre", "Søsken glemmes"], coder_id=coder)
        themes.upsert_theme(s, "Søsken", parent="Familien", label="1a", codes=["Søsken glemmes"], coder_id=coder)
        themes.upsert_theme(s, "Samarbeid", codes=["Tett samarbeid", "Dilemma"], coder_id=coder)
        snapshots.take_snapshot(s, "Fase 3", coder_id=coder)
    return store


def shape(structure: dict) -> list:
    return [(t["name"], t.get("label"), t["codes"], [(x["name"], x.get("label"), x["codes"]) for x in t["subthemes"]])
            for t in structure["themes"]]


def current(store) -> list:
    with store.session() as s:
        return shape(snapshots.current_structure(s))


def rework(store, coder) -> None:
    """What a researcher does after «Fase 3»: rename, move, merge, a new theme, a discard."""
    with store.transaction() as s:
        fam, sam = themes.find_theme(s, "Familien"), themes.find_theme(s, "Samarbeid")
        themes.rename_theme(s, fam, "Familien som helhet", coder)
        themes.move_code(s, codes.find_code(s, "Dilemma"), sam, fam, coder)
        themes.create_theme(s, "Ærlighet", coder_id=coder)
        themes.place_code(s, codes.find_code(s, "Ærlige samtaler"), themes.find_theme(s, "Ærlighet"), coder)
        themes.discard_theme(s, sam, coder)
        themes.set_theme_fields(s, fam, definition="Familien sett under ett.", coder_id=coder)


def test_restore_makes_the_map_equal_the_snapshot_and_saves_the_map_before(mapped, coder):
    with mapped.session() as s:
        fase3 = shape(snapshots.find_snapshot(s, "Fase 3").structure)
    rework(mapped, coder)
    before = current(mapped)
    with mapped.transaction() as s:
        report = restore_snapshot(s, snapshots.find_snapshot(s, "Fase 3"), coder)
    assert current(mapped) == fase3
    assert report.renamed == [("Familien som helhet", "Familien")]
    assert report.brought_back == ["Samarbeid"] and report.discarded == ["Ærlighet"] and report.created == []
    assert (report.themes, report.subthemes) == (2, 1)
    with mapped.session() as s:
        assert shape(snapshots.find_snapshot(s, report.saved_as).structure) == before
        fam = themes.find_theme(s, "Familien")
        assert fam.definition == "Familien sett under ett."  # written since: kept
        assert [(r.old_name, r.new_name) for r in themes.rename_history(s, fam)] == [
            ("Familien", "Familien som helhet"), ("Familien som helhet", "Familien")]
        aerlighet = themes.find_theme(s, "Ærlighet")
        assert aerlighet.status == "discarded"
        assert [c.name for c in s.query(m.Code).join(m.ThemeCode).filter(m.ThemeCode.theme_id == aerlighet.id)] == [
            "Ærlige samtaler"]  # recoverable with its code
        assert [c.name for c in themes.unplaced_codes(s)] == ["Ærlige samtaler"]


def test_restore_is_one_undoable_action(mapped, coder):
    rework(mapped, coder)
    before = current(mapped)
    with mapped.transaction() as s:
        restore_snapshot(s, snapshots.find_snapshot(s, "Fase 3"), coder)
    after = current(mapped)
    with mapped.transaction() as s:
        assert events.undo(s, coder).action == "snapshot.restore"
    assert current(mapped) == before
    with mapped.session() as s:
        assert [sn.name for sn in snapshots.list_snapshots(s)] == ["Fase 3"]
    with mapped.transaction() as s:
        events.redo(s, coder)
    assert current(mapped) == after


def test_unchanged_map_is_not_saved_again(mapped, coder):
    with mapped.transaction() as s:
        report = restore_snapshot(s, snapshots.find_snapshot(s, "Fase 3"), coder)
    assert report.saved_as is None and report.renamed == report.discarded == report.created == []
    with mapped.session() as s:
        assert len(snapshots.list_snapshots(s)) == 1


def test_a_theme_holding_a_name_the_snapshot_needs_steps_aside(mapped, coder):
    with mapped.transaction() as s:
        themes.rename_theme(s, themes.find_theme(s, "Familien"), "Hele familien", coder)
        themes.create_theme(s, "Familien", coder_id=coder)  # a new theme takes the old name
    with mapped.transaction() as s:
        report = restore_snapshot(s, snapshots.find_snapshot(s, "Fase 3"), coder)
    assert ("Familien", "Familien (2)") in report.renamed and ("Hele familien", "Familien") in report.renamed
    with mapped.session() as s:
        names = [t.name for t in s.query(m.Theme).filter(m.Theme.deleted_at.is_(None))]
        assert len(names) == len({n.casefold() for n in names})
        assert themes.find_theme(s, "Familien (2)").status == "discarded"
        assert [name for _, name in themes.theme_tree(s)[0].codes] in (["Slitne foreldre", "Søsken glemmes"],
                                                                        ["Søsken glemmes", "Slitne foreldre"])


def test_a_typed_in_map_creates_themes_and_reports_codes_it_does_not_know(mapped, coder):
    typed = {"themes": [
        {"name": "Å holde trådene", "label": "1", "definition": "Koordinatoren som bindeledd.",
         "codes": ["Tett samarbeid", "Ukjent kode"],
         "subthemes": [{"name": "Samarbeid", "label": "1a", "codes": ["dilemma"], "subthemes": []}]},
    ], "unplaced": []}
    with mapped.transaction() as s:
        snapshots.store_structure(s, "Tegnet kart", typed, phase=3)
    with mapped.transaction() as s:
        report = restore_snapshot(s, snapshots.find_snapshot(s, "Tegnet kart"), coder)
    assert report.created == ["Å holde trådene"] and report.missing_codes == ["Ukjent kode"]
    assert sorted(report.discarded) == ["Familien", "Søsken"]
    assert current(mapped) == [("Å holde trådene", "1", ["Tett samarbeid"], [("Samarbeid", "1a", ["Dilemma"])])]
    with mapped.session() as s:
        assert themes.find_theme(s, "Å holde trådene").definition == "Koordinatoren som bindeledd."
        assert themes.find_theme(s, "Samarbeid").parent_id == themes.find_theme(s, "Å holde trådene").id


@pytest.mark.parametrize("structure, message", [
    ({"themes": [{"name": "A", "codes": []}, {"name": "a", "codes": []}]}, "appears twice"),
    ({"themes": [{"name": "A", "subthemes": [{"name": "B", "subthemes": [{"name": "C"}]}]}]}, "two levels only"),
    ({"themes": [{"name": " ", "codes": []}]}, "non-empty 'name'"),
    ({"themes": [{"name": "A", "codes": "Dilemma"}]}, "list of code names"),
    ({"themer": []}, "needs a 'themes' list"),
])
def test_a_bad_structure_is_refused_and_changes_nothing(mapped, coder, structure, message):
    with mapped.transaction() as s:
        s.add(m.ThemeMapSnapshot(name="Ødelagt", phase=3, structure=structure))
    before = current(mapped)
    with pytest.raises(InvalidInput, match=message), mapped.transaction() as s:
        restore_snapshot(s, snapshots.find_snapshot(s, "Ødelagt"), coder)
    assert current(mapped) == before
