"""The interface's language, through gettext catalogues.

Source strings are English. The Bokmål catalogue lives in
``tema/locale/nb/LC_MESSAGES/tema.po`` (compiled to ``tema.mo`` with Babel:
``pybabel compile -d src/tema/locale -D tema``; a test keeps the two in step and checks
that every marked string of the package has a Bokmål translation).

Which language: ``--lang``, else ``TEMA_LANG``, else ``lang = "nb"`` in the config file,
else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.

Use ``_("…")`` where a string is shown, ``ngettext(singular, plural, n)`` for counts, and
``N_("…")`` to mark a string defined at import time (class attributes, tables of labels)
that is translated with ``_()`` when it is displayed — so switching the language at run
time (tests, the TUI) takes effect everywhere.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "tema"
SUPPORTED = ("en", "nb")
_ALIASES = {"nb": "nb", "no": "nb", "nn": "nb", "nob": "nb", "nor": "nb", "en": "en", "c": "en", "posix": "en"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def normalise(lang: str | None) -> str | None:
    """'nb_NO.UTF-8' → 'nb'; None for a language tema has no catalogue for."""
    if not lang:
        return None
    head = lang.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return _ALIASES.get(head)


def _from_locale() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise(value) or "en"
    return None


class UnknownLanguage(ValueError):
    """A language was asked for (--lang, TEMA_LANG, ``lang`` in the config file) that tema has
    no catalogue for; the message is one line naming where it was asked for."""


def resolve_language(explicit: str | None = None) -> str:
    """The language to use: explicit, TEMA_LANG, config ``lang``, the locale, else English.

    The first of --lang, TEMA_LANG and the config file's ``lang`` that is set decides; a value
    there that tema has no catalogue for raises ``UnknownLanguage``. A locale tema has no
    catalogue for (de_DE.UTF-8) quietly means English."""
    from tema.config import config_path, read_config

    asked = (("--lang", explicit), ("TEMA_LANG", os.environ.get("TEMA_LANG")),
             (f"{config_path()}: lang", read_config().get("lang")))
    for where, value in asked:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        got = normalise(value) if isinstance(value, str) else None
        if got is None:
            raise UnknownLanguage(_("{where}: unknown language «{value}» (use nb or en)").format(
                where=where, value=value))
        return got
    return _from_locale() or "en"


def set_language(lang: str | None = None) -> str:
    """Switch the interface language (resolving as ``resolve_language``); returns it."""
    global _translations, _language
    chosen = resolve_language(lang)
    if chosen == "en":
        _translations = _gettext.NullTranslations()
    else:
        _translations = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen])
    _language = chosen
    return chosen


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it now."""
    return message


# The kinds of thing a message names ("code «Søsken»: not in the trash"): the store's table
# names and the KIND arguments of the command line, as a user calls them.
KINDS = {
    "project": N_("project"), "coder": N_("coder"), "case": N_("case"), "case attribute": N_("case attribute"),
    "participant": N_("participant"), "participant attribute": N_("participant attribute"),
    "case member": N_("case member"), "document": N_("document"), "segment": N_("segment"), "code": N_("code"),
    "perspective": N_("perspective"), "coding": N_("coding"), "coding perspective": N_("coding perspective"),
    "theme": N_("theme"), "subtheme": N_("subtheme"), "code placement": N_("code placement"),
    "theme rename": N_("theme rename"), "chosen extract": N_("chosen extract"), "snapshot": N_("snapshot"),
    "memo": N_("memo"), "note": N_("note"), "guide section": N_("guide section"), "guide tag": N_("guide tag"),
    "pseudonym rule": N_("pseudonym rule"), "event": N_("event"),
}


def kind_label(kind: str) -> str:
    """A kind of thing (a table name, a KIND argument) in the interface's language."""
    word = kind.rstrip("_").replace("_", " ")
    return _(KINDS.get(word, word))


__all__ = ["KINDS", "N_", "UnknownLanguage", "_", "kind_label", "language", "ngettext", "pgettext", "resolve_language", "set_language"]
