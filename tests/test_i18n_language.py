"""Choosing the interface language (issue 16): --lang, else TEMA_LANG, else ``lang`` in the
config file, else the locale, else English; a language tema has no catalogue for is a
one-line error. And defect 11: `tema info`, the default snapshot name and the command
line's help speak one language at a time."""

from __future__ import annotations

import pytest

from tema import i18n
from tests.helpers.cli import tema


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    """An empty config folder of the test's own, and no TEMA_LANG nor locale variables."""
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("TEMA_CONFIG_DIR", str(folder))
    for var in ("TEMA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    return folder


def test_lang_option_nb_and_en(project):
    nb = tema("--lang", "nb", "info", project).output
    assert "fase 1: Familiarisering" in nb and "deltakere" in nb
    assert "Familiarisation" not in nb and "participants" not in nb
    en = tema("--lang", "en", "info", project).output
    assert "phase 1: Familiarisation" in en and "participants" in en and "Familiarisering" not in en


def test_help_in_the_chosen_language():
    out = tema("--lang", "nb", "--help").output
    assert "Bruk: " in out and "Kommandoer:" in out and "Antall per tabell." in out
    assert "Usage:" not in out and "Commands:" not in out
    sub = tema("open", "--lang", "nb", "--help").output
    assert "Åpne PROJECT i terminalgrensesnittet" in sub and "Grensesnittets språk" in sub


def test_tema_lang_then_the_config_file_then_the_locale(project, config_dir, monkeypatch):
    assert "Familiarisation" in tema("info", project).output  # nothing set: English
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert "Familiarisering" in tema("info", project).output  # the locale
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert "Familiarisation" in tema("info", project).output  # a locale without a catalogue: English
    (config_dir / "config.toml").write_text('lang = "nb"\n', encoding="utf-8")
    assert "Familiarisering" in tema("info", project).output  # the config file over the locale
    monkeypatch.setenv("TEMA_LANG", "en")
    assert "Familiarisation" in tema("info", project).output  # TEMA_LANG over the config file
    monkeypatch.setenv("TEMA_LANG", "nb")
    assert "Familiarisering" in tema("info", project).output
    assert "Familiarisation" in tema("--lang", "en", "info", project).output  # --lang over everything


@pytest.mark.parametrize("where", ["--lang", "TEMA_LANG", "config", "open --lang"])
def test_an_unknown_language_is_a_one_line_error(project, config_dir, monkeypatch, where):
    args = ["info", str(project)]
    if where == "--lang":
        args = ["--lang", "xx", *args]
    elif where == "TEMA_LANG":
        monkeypatch.setenv("TEMA_LANG", "xx")
    elif where == "config":
        (config_dir / "config.toml").write_text('lang = "xx"\n', encoding="utf-8")
    else:
        args = ["open", "--lang", "xx", str(project)]
    result = tema(*args, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "unknown language «xx» (use nb or en)" in lines[0]
    named = {"--lang": "--lang", "TEMA_LANG": "TEMA_LANG", "config": "config.toml", "open --lang": "--lang"}[where]
    assert named in lines[0]


def test_defect_11_info_and_the_default_snapshot_name_agree(project):
    """Before: `tema info` said «Familiarisering» while the UI said «Familiarisation» and the
    default snapshot was «Fase 2 – …» whatever the language."""
    for lang, phase, snapshot in (("nb", "Familiarisering", "Fase 1 – "), ("en", "Familiarisation", "Phase 1 – ")):
        assert phase in tema("--lang", lang, "info", project).output
        tema("--lang", lang, "snapshot", project)
        listed = tema("--lang", lang, "snapshots", project).output
        assert snapshot in listed
    nb = tema("--lang", "nb", "snapshots", project).output
    assert "Fase 1 – " in nb and "Phase 1 – " in nb  # each name as it was taken: names are data


def test_set_language_resolves_aliases_and_refuses_unknown():
    assert i18n.set_language("nb_NO.UTF-8") == "nb"
    assert i18n._("Coding") == "Koding"
    assert i18n.set_language("en") == "en"
    assert i18n._("Coding") == "Coding"
    with pytest.raises(i18n.UnknownLanguage, match="«sv»"):
        i18n.set_language("sv")


def test_demo_takes_lang_too(tmp_path):
    out = tema("demo", "--lang", "nb", "--no-open", "--out", tmp_path / "demo.tema").output
    assert out.startswith("bygde ") and "demo.tema" in out
    again = tema("demo", "--lang", "en", "--no-open", "--out", tmp_path / "demo.tema").output
    assert again.startswith("opening ") and "as you left it" in again
