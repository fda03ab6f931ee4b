"""The one exception family tema raises for problems a user can fix."""


class TemaError(Exception):
    """A clear, one-line problem report for the user (file or argument, then what is wrong)."""

    exit_code = 1


class NotFound(TemaError):
    """A named thing (document, code, theme, snapshot…) does not exist."""


class Conflict(TemaError):
    """The change clashes with the current state (duplicate, concurrent edit, …)."""


class InvalidInput(TemaError):
    """An argument or input file is not acceptable."""
