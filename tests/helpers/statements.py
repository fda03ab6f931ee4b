"""Counting the SQL statements a piece of work sends (for tests that the count does not
grow with the corpus)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counted(store):
    """The statements sent on ``store``'s engine inside the block, as a list of SQL texts."""
    statements: list[str] = []

    def listen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", listen)
