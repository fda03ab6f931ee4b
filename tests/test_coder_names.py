"""Coders' display names (17.3): `tema coder list|rename`, the config file's `coder`
finding the renamed coder, and merge, compare and the codebook's coder list showing
display names rather than logins."""

from __future__ import annotations

import json

from tema.store.db import open_store
from tests.helpers.cli import tema

TEXT = "I: Hvordan er hverdagen?\nMor: Vi er slitne foreldre. Koordinatoren hjelper oss med møtene.\n"


def _doc(project, tmp_path, name="mor"):
    path = tmp_path / f"{name}.txt"
    path.write_text(TEXT, encoding="utf-8")
    tema("import", project, path, "--participant", "Mor")


def _coders(project) -> list[dict]:
    return json.loads(tema("coder", "list", project, "--json").output)


def test_rename_shows_the_display_name_and_the_config_finds_the_coder(project, tmp_path, monkeypatch):
    _doc(project, tmp_path)
    tema("code", project, "--doc", "mor", "--quote", "Vi er slitne foreldre.", "--code", "Slitenhet", "--coder", "root")
    out = tema("coder", "rename", project, "root", "Kari Nordmann").output
    assert "now shown as «Kari Nordmann»" in out
    rows = {c["name"]: c for c in _coders(project)}
    assert rows["root"]["display_name"] == "Kari Nordmann" and rows["root"]["initials"] == "KN"
    # The config file's coder names the renamed coder: no new coder appears.
    monkeypatch.setenv("TEMA_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.delenv("TEMA_CODER", raising=False)
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.toml").write_text('coder = "Kari Nordmann"\n', encoding="utf-8")
    tema("code", project, "--doc", "mor", "--quote", "Koordinatoren hjelper oss med møtene.", "--code", "Hjelp")
    rows = {c["name"]: c for c in _coders(project)}
    assert rows["root"]["codings"] == 2 and "Kari Nordmann" not in rows
    from tema.domain.coders import coders_of_project

    store = open_store(project)
    try:
        with store.session() as s:
            assert coders_of_project(s) == ["Kari Nordmann"]  # Tester (who made the project) coded nothing
    finally:
        store.close()


def test_rename_refuses_a_name_in_use_and_an_unknown_coder(project):
    tema("coder", "rename", project, "Tester", "Tove")
    r = tema("coder", "rename", project, "Ukjent", "X", ok=False)
    assert r.exit_code == 1 and "coder 'Ukjent': no such coder" in r.output and "Tove" in r.output
    tema("journal", project, "Første notat.", "--coder", "Per")
    r = tema("coder", "rename", project, "Per", "Tove", ok=False)
    assert r.exit_code == 1 and "already the name of another coder" in r.output


def test_compare_and_merge_show_display_names(project, tmp_path):
    _doc(project, tmp_path)
    for who, quote, code in [("anne01", "Vi er slitne foreldre.", "Slitenhet"),
                             ("bjorn02", "Vi er slitne foreldre.", "Slitenhet"),
                             ("bjorn02", "Koordinatoren hjelper oss med møtene.", "Hjelp")]:
        tema("code", project, "--doc", "mor", "--quote", quote, "--code", code, "--coder", who)
    tema("coder", "rename", project, "anne01", "Anne Aas")
    tema("coder", "rename", project, "bjorn02", "Bjørn Berg")
    out = tema("compare", project, "--coder", "Anne Aas", "--coder", "bjorn02").output
    assert "Anne Aas and Bjørn Berg" in out and "anne01" not in out and "bjorn02" not in out

    other = tmp_path / "bjorn.tema"
    tema("init", other, "--title", "Studie", "--coder", "bjorn02")
    _doc(other, tmp_path, "mor2")
    tema("code", other, "--doc", "mor2", "--quote", "Koordinatoren hjelper oss med møtene.", "--code", "Hjelp",
         "--coder", "bjorn02")
    tema("coder", "rename", other, "bjorn02", "Bjørn Berg")
    merged = tmp_path / "felles.tema"
    tema("merge", merged, other)
    out = tema("merge", merged, other, "--apply").output
    assert "Bjørn Berg" in out and "bjorn02" not in out
    assert {c["name"]: c["display_name"] for c in _coders(merged)}.get("bjorn02") == "Bjørn Berg"
