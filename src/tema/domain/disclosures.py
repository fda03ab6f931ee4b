"""The journal's record of material written out *without* the pseudonym rules.

Every export is pseudonymised by default; a researcher may opt out (``--no-pseudonymise``).
Each opt-out becomes a journal entry naming what was written, where, and by whom, so the
project itself keeps the trace of every copy of real names that left it. The entry is
committed together with the file (``recorded_write``): both exist, or neither."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from tema.domain.coders import get_or_create_coder, resolve_coder_name
from tema.domain.journal import add_journal
from tema.store import models as m
from tema.store.db import Store

SCREEN = "unpseudonymised export"
T = TypeVar("T")


def record_unpseudonymised(session: Session, what: str, paths: Sequence[str | os.PathLike[str]],
                           coder: str | None = None) -> m.Memo:
    """A journal entry: ``what`` was written to ``paths`` without pseudonyms, by ``coder``."""
    name = resolve_coder_name(coder)
    cid = get_or_create_coder(session, name).id
    where = [str(Path(p).expanduser().resolve()) for p in paths]
    body = f"Written without pseudonymisation: {what} → {', '.join(where)} (by {name})."
    return add_journal(session, body, coder_id=cid,
                       context={"screen": SCREEN, "what": what, "paths": where, "coder": name})


def recorded_write(stores: Sequence[Store], write: Callable[[], T], *, pseudonymise: bool, what: str,
                   paths: Sequence[str | os.PathLike[str]], coder: str | None = None) -> T:
    """Run ``write``. When it writes real strings (not ``pseudonymise``), do so inside one
    transaction per project in ``stores`` that records the opt-out in its journal; if a
    record cannot be committed, the file is taken away again."""
    if pseudonymise:
        return write()
    done = False
    try:
        with contextlib.ExitStack() as stack:
            for store in stores:
                s = stack.enter_context(store.transaction())
                record_unpseudonymised(s, what, paths, coder)
                s.flush()
            result = write()
            done = True
    except BaseException:
        if done:  # written, but a journal entry did not commit: no unrecorded copy stays behind
            for p in paths:
                with contextlib.suppress(OSError):
                    Path(p).unlink()
        raise
    return result
