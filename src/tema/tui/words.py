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
