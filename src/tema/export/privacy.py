"""Pseudonymised by default: every export applies the project's pseudonym rules unless the
researcher opts out, and each opt-out is written to the project's journal (what, where, by
whom) together with the file (``tema.domain.disclosures``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.orm import Session

from tema.domain.disclosures import recorded_write as _recorded_write
from tema.domain.pseudonyms import Pseudonymizer
from tema.store.db import Store

T = TypeVar("T")


def pseudonymizer(session: Session, pseudonymise: bool = True) -> Pseudonymizer:
    """The project's rules, or (opted out) a pseudonymizer that changes nothing."""
    return Pseudonymizer.for_session(session) if pseudonymise else Pseudonymizer([])


def recorded_write(store: Store, write: Callable[[], T], *, pseudonymise: bool, what: str,
                   paths: Sequence[str | os.PathLike[str]], coder: str | None = None) -> T:
    """Run ``write``; when not pseudonymised, record that in ``store``'s journal with it."""
    return _recorded_write([store], write, pseudonymise=pseudonymise, what=what, paths=paths, coder=coder)
