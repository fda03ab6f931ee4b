"""Engines and sessions for a project store (SQLite file or PostgreSQL URL).

``open_store(target)`` is the single way in: it creates nothing implicitly,
checks the schema version, refuses a store written by a newer tema (never
altering it), and migrates an older one after a backup copy.
"""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from tema.errors import TemaError
from tema.i18n import _

BUSY_TIMEOUT_MS = 10_000
CHANGES_CHANNEL = "tema_changes"  # PostgreSQL: every write transaction notifies it (payload: change_token)
SQLITE_SUFFIX = ".tema"


class StoreError(TemaError):
    """A project store cannot be opened or used."""


def is_url(target: str | os.PathLike[str]) -> bool:
    return "://" in str(target)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - exercised via engine
    # pysqlite opens an implicit transaction before DML only; keep autocommit
    # off for pragmas and run them on a fresh connection.
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.execute("PRAGMA cache_size = -32000")
    cur.close()


def _sqlite_begin(conn) -> None:  # pragma: no cover - exercised via engine
    # A writing unit of work (Store.transaction) takes the write lock at its
    # start (BEGIN IMMEDIATE), so two processes wait on the busy timeout
    # instead of failing half-way when a read lock cannot be upgraded.
    # Read-only sessions stay deferred and never block writers (WAL).
    if conn.get_execution_options().get("tema_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "connect")
        def _no_pysqlite_tx(dbapi_conn, _record):
            dbapi_conn.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


@dataclass
class Store:
    """An open project store: its engine, a session factory and where it lives.

    ``url`` is kept without its password (repr, logs, crash dumps); only the engine holds
    the credentials it connects with."""

    engine: Engine
    url: str
    path: Path | None = None
    _factory: sessionmaker = field(init=False, repr=False)

    _write_factory: sessionmaker = field(init=False, repr=False)
    change_token: str = field(default_factory=lambda: uuid.uuid4().hex, init=False, repr=False)

    def __post_init__(self) -> None:
        self.url = display_target(self.url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._write_factory = sessionmaker(
            self.engine.execution_options(tema_write=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def name(self) -> str:
        if self.path is not None:
            return self.path.stem
        return make_url(self.url).database or "project"

    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error. On PostgreSQL the
        commit also notifies CHANGES_CHANNEL, so open TUIs see other processes' writes."""
        with self._write_factory() as session:
            with session.begin():
                yield session
                if not self.is_sqlite:
                    session.execute(text("SELECT pg_notify(:c, :t)"), {"c": CHANGES_CHANNEL, "t": self.change_token})

    def close(self) -> None:
        self.engine.dispose()


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """A PROJECT argument, else TEMA_DB, as a path string or URL."""
    if target is None or str(target) == "":
        env = os.environ.get("TEMA_DB")
        if not env:
            raise StoreError(_("no project given (pass PROJECT or set TEMA_DB)"))
        return env
    return str(target)


def _secure_create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _looks_like_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _has_schema(engine: Engine) -> bool:
    return "project" in inspect(engine).get_table_names()


def create_store(target: str | os.PathLike[str]) -> Store:
    """Create a new, empty project store at a path or URL (refuses to overwrite)."""
    from tema.store import migrate

    target = str(target)
    if is_url(target):
        engine = _connect(target)
        if _has_schema(engine):
            engine.dispose()
            raise StoreError(_("{target}: a tema project already exists there").format(target=display_target(target)))
        store = Store(engine, target)
    else:
        path = Path(target).expanduser()
        if path.exists():
            raise StoreError(_("{path}: already exists (choose another path or remove it)").format(path=path))
        _secure_create(path)
        try:
            store = Store(make_engine(sqlite_url(path.resolve())), target, path)
        except Exception:
            path.unlink(missing_ok=True)
            raise
    try:
        migrate.upgrade_to_head(store)
    except Exception:
        store.close()
        if store.path is not None:
            for p in _sqlite_files(store.path):
                p.unlink(missing_ok=True)
        raise
    return store


def open_store(target: str | os.PathLike[str] | None, *, migrate_ok: bool = True) -> Store:
    """Open an existing project; migrate an older schema after a backup; refuse a newer one."""
    from tema.store import backup, migrate

    target = resolve_target(target)
    if is_url(target):
        engine = _connect(target)
        has = _has_schema(engine)
        if not has:
            engine.dispose()
            raise StoreError(_("{target}: not a tema project (run `tema init` first)").format(target=display_target(target)))
        store = Store(engine, target)
    else:
        path = Path(target).expanduser()
        if not path.exists():
            raise StoreError(_("{path}: no such project file").format(path=path))
        if path.is_dir():
            raise StoreError(_("{path}: is a folder, not a project file").format(path=path))
        if not _looks_like_sqlite(path):
            raise StoreError(_("{path}: not a tema project (not an SQLite database)").format(path=path))
        store = Store(make_engine(sqlite_url(path.resolve())), target, path)
        try:
            if not _has_schema(store.engine):
                raise StoreError(_("{path}: not a tema project (no project table)").format(path=path))
        except StoreError:
            store.close()
            raise
        except Exception as exc:
            store.close()
            raise StoreError(_("{path}: cannot be read ({problem})").format(path=path, problem=_first_line(exc))) from exc
    try:
        state = migrate.schema_state(store)
        if state == "newer":
            raise StoreError(
                _("{target}: written by a newer version of tema (schema "
                  "{revision}); upgrade tema to open it — the file was not changed").format(target=display_target(target), revision=migrate.current_revision(store))
            )
        if state == "older":
            if not migrate_ok:
                raise StoreError(_("{target}: needs a schema migration").format(target=display_target(target)))
            if store.path is not None:
                backup.make_backup(store, reason="pre-migration")
            migrate.upgrade_to_head(store)
            if store.path is not None:
                shrink_if_mostly_free(store)
    except Exception:
        store.close()
        raise
    return store


def _connect(url: str) -> Engine:
    """An engine for a database URL whose first connection worked. Errors name the URL
    without its password and do not chain the driver's exception (a traceback shows no
    secret either); a URL without a password lets libpq use PGPASSWORD or ~/.pgpass."""
    try:
        engine = make_engine(url)
    except Exception:
        raise StoreError(_("{target}: not a valid database URL").format(target=display_target(url))) from None
    try:
        with engine.connect():
            pass
    except Exception as exc:
        engine.dispose()
        raise StoreError(_("{target}: cannot connect ({problem})").format(target=display_target(url), problem=_secret_free(_first_line(exc), url))) from None
    return engine


def _secret_free(text: str, url: str) -> str:
    try:
        password = make_url(url).password
    except Exception:
        return "details hidden"
    if password:
        from urllib.parse import quote

        for form in {str(password), quote(str(password), safe="")}:
            text = text.replace(form, "***")
    return text


def shrink_if_mostly_free(store: Store, share: float = 0.05) -> bool:
    """Rewrite a SQLite file (VACUUM) when more than ``share`` of its pages are free — after a
    migration that dropped a large table or index (0007 dropped the full-text index's copy
    of the text, 0008 two indexes), so the file shrinks once instead of keeping the space.
    True when it ran."""
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        pages, free = (raw.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count"))
        if not pages or free / pages <= share:
            return False
        raw.execute("VACUUM")
    return True


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def secure_permissions(path: Path) -> None:
    """Owner-only permissions on a project file and its WAL/SHM companions."""
    for p in _sqlite_files(path):
        if p.exists():
            mode = stat.S_IMODE(p.stat().st_mode)
            if mode & 0o077:
                p.chmod(0o600)


def display_target(target: str) -> str:
    """A URL without its password, for messages."""
    if is_url(target):
        try:
            return make_url(target).render_as_string(hide_password=True)
        except Exception:
            return "<database url>"
    return target


def _first_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip()
    return msg.splitlines()[0] if msg else type(exc).__name__


def integrity_check(store: Store) -> list[str]:
    """SQLite integrity and foreign-key checks; an empty list means clean."""
    if not store.is_sqlite:
        return []
    problems: list[str] = []
    with store.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(rows)
        fk = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
        problems.extend(f"foreign key: {tuple(r)}" for r in fk)
        conn.execute(text("SELECT 1"))
    return problems
