"""Alembic environment: runs on the connection tema hands it (see tema.store.migrate)."""

from alembic import context

from tema.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # The SQLite FTS5 index (and its shadow tables) and the PostgreSQL search
    # table (tema.store.pg_search) are managed by hand.
    return not (type_ == "table" and name.startswith(("segment_fts", "segment_search")))


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as connection:
            _configure_and_run(connection)
        return
    _configure_and_run(connection)


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
