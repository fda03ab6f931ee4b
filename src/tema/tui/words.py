"""Stored values the terminal UI shows as words — a code's level, a theme's or a code's
status — marked for the catalogue and shown with ``word(value)`` in the interface's
language. The stored values themselves stay English (they are data, not interface)."""

from __future__ import annotations

from tema.i18n import N_, _

WORDS = {
    "semantic": N_("semantic"), "latent": N_("latent"),
    "candidate": N_("candidate"), "final": N_("final"), "discarded": N_("discarded"),
    "active": N_("active"), "merged": N_("merged"), "retired": N_("retired"),
}


def word(value: str | None) -> str:
    """``value`` (a level or status) in the interface's language; anything else as it is."""
    return _(WORDS[value]) if value in WORDS else (value or "")


# Textual's own texts that tema shows: the keys every screen and the app inherit (listed by
# the help modal, which shows descriptions through _()) and the system commands of the
# command palette (TemaApp.get_system_commands passes them through _()).
TEXTUAL = (
    N_("Focus Next"), N_("Focus Previous"), N_("Copy selected text"), N_("Quit"),
    N_("Theme"), N_("Change the current theme"), N_("Quit the application as soon as possible"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"), N_("Keys"),
    N_("Hide the keys and widget help panel"), N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"),
)
