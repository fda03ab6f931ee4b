"""The one exception family tema raises for problems a user can fix."""

from tema.i18n import _, kind_label


class TemaError(Exception):
    """A clear, one-line problem report for the user (file or argument, then what is wrong)."""

    exit_code = 1


class NotFound(TemaError):
    """A named thing (document, code, theme, snapshot…) does not exist."""


class Conflict(TemaError):
    """The change clashes with the current state (duplicate, concurrent edit, …)."""


class InvalidInput(TemaError):
    """An argument or input file is not acceptable."""


class Vanished(NotFound):
    """A row named by id is gone (deleted, or moved to the trash) — typically by another
    change since the caller read it. ``kind``/``ref_id`` say what; ``name`` when known."""

    def __init__(self, kind: str, ref_id: int, name: str | None = None) -> None:
        self.kind, self.ref_id, self.name = kind, ref_id, name
        shown = _("{kind} «{name}»: is in the trash") if name else _("{kind} {id}: no longer exists")
        super().__init__(shown.format(kind=kind_label(kind), name=name, id=ref_id))


class Busy(TemaError):
    """The project store is locked by another writer; nothing was written (try again)."""


class StoreFailure(TemaError):
    """The project store failed in a way the user cannot fix here (one line, no secrets)."""
