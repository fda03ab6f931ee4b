"""The Bokmål catalogue is complete and shipped (issue 16, Norwegian interface).

- A template extracted afresh from the source (the README's `pybabel extract` command, with
  tema's extraction method for command docstrings) has every message in
  ``tema/locale/nb/LC_MESSAGES/tema.po`` with a non-empty, non-fuzzy translation, every plural
  form filled, and the same named placeholders in the translation as in the English source.
- The committed ``tema.mo`` is the compiled ``tema.po`` (`pybabel compile`), and the installed
  package finds it (``tema.i18n.set_language("nb")`` in a fresh interpreter started outside
  the checkout).
- click's own texts that a user can meet are in the catalogue (``tema.cli.click_messages``).
"""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import tema
from tema import i18n

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(tema.__file__).resolve().parent
PO = PACKAGE / "locale" / "nb" / "LC_MESSAGES" / "tema.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sdrf]")
# click's texts only a programmer sees (bad declarations of options), never a user of tema.
CLICK_PROGRAMMER_ONLY = (
    "DeprecationWarning:", "Value must be an iterable.", "Name '{name}' defined twice", "Boolean option",
    "Could not determine name", "No options defined but a name was passed", "Arguments take exactly one",
    "Invalid start character for option", "Unknown color", "Choice(",
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("pot") / "tema.pot"
    cmd = [str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F", "pyproject.toml",
           "--no-default-keywords", "-k", "_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2", "-k", "N_",
           "-o", str(out), "src/tema"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with out.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def nb():
    with PO.open("rb") as f:
        return read_po(f, locale="nb")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_template_holds_the_interface(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    # a CLI message, a command's docstring, a TUI footer key, a phase name, a click text
    for expected in ("Familiarisation", "Generating initial themes", "Counts per table.", "Journal", "Usage:",
                     "Open PROJECT in the terminal UI (read, code, journal, search)."):
        assert expected in ids
    assert len(ids) > 1000


def test_every_message_has_a_bokmal_translation(template, nb):
    missing, fuzzy, empty = [], [], []
    for m in template:
        if not m.id:
            continue
        got = nb.get(m.id, context=m.context)
        if got is None:
            missing.append(m.id)
        elif got.fuzzy:
            fuzzy.append(m.id)
        elif isinstance(m.id, tuple):
            forms = got.string if isinstance(got.string, tuple) else (got.string,)
            if len(forms) != nb.num_plurals or not all(forms):
                empty.append(m.id)
        elif not got.string:
            empty.append(m.id)
    assert not missing, f"{len(missing)} messages not in tema.po (pybabel update): {missing[:5]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:5]}"
    assert not empty, f"{len(empty)} without a translation: {empty[:5]}"


def test_translations_keep_the_placeholders(nb):
    wrong = []
    for m in nb:
        if not m.id or not m.string:
            continue
        if isinstance(m.id, tuple):
            pairs = [(m.id[0], m.string[0]), *((m.id[1], s) for s in m.string[1:])]
        else:
            pairs = [(m.id, m.string)]
        wrong += [(src, dst) for src, dst in pairs if _placeholders(src) != _placeholders(dst)]
    assert not wrong, wrong[:5]


def test_the_braun_and_clarke_phases_in_their_norwegian_forms():
    i18n.set_language("nb")
    assert [i18n._(p) for p in ("Familiarisation", "Coding", "Generating initial themes", "Developing and reviewing themes",
                                "Refining, defining and naming themes", "Writing up")] == [
        "Familiarisering", "Koding", "Generere initielle tema", "Gjennomgå tema", "Definere og navngi tema",
        "Skrive rapporten"]


def test_the_shipped_mo_is_the_compiled_po(nb):
    buf = io.BytesIO()
    write_mo(buf, nb)
    buf.seek(0)
    fresh = gettext.GNUTranslations(buf)
    with MO.open("rb") as f:
        shipped = gettext.GNUTranslations(f)
    assert shipped._catalog == fresh._catalog, "tema.mo is stale: run pybabel compile (README, «The interface's language»)"


def test_the_installed_package_finds_the_catalogue(tmp_path):
    code = ("import tema.i18n as i; i.set_language('nb'); print(i._('Familiarisation')); "
            "print(i.ngettext('{n} code', '{n} codes', 2).format(n=2)); print(i.LOCALE_DIR)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "TEMA_CONFIG_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    word, plural, where = done.stdout.splitlines()
    assert (word, plural) == ("Familiarisering", "2 koder")
    assert Path(where, "nb", "LC_MESSAGES", "tema.mo").is_file()


def test_click_s_own_texts_are_in_the_catalogue(nb):
    import click

    folder = Path(click.__file__).parent
    missing = []
    # the modules whose look-ups route_click_messages sends to tema's catalogue
    for module in ("core", "exceptions", "formatting", "parser", "termui", "types"):
        with (folder / f"{module}.py").open("rb") as f:
            for _line, _func, msg, _c in extract_python(f, {"_": None, "ngettext": (1, 2)}, [], {}):
                key = msg if isinstance(msg, str) else msg[0] if msg else None
                if key and not key.startswith(CLICK_PROGRAMMER_ONLY) and nb.get(msg) is None:
                    missing.append(f"{module}: {key}")
    assert not missing, "add them to tema.cli.click_messages: " + "; ".join(missing)
