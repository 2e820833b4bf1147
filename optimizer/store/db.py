"""Where plans and jobs are kept: the database URL, the engine, the migrations.

Default: an SQLite file `blanko.sqlite3` in the user's data directory (platformdirs,
e.g. `~/.local/share/blanko/` on Linux) in WAL mode, so `blanko` works with no server.
`BLANKO_DATABASE_URL` (or `--db` on the CLI) selects another database, e.g.
`postgresql+psycopg://user@host:5432/blanko`. The schema is brought up to date by the
Alembic migrations shipped in `optimizer/store/migrations` (run on start, or by
`blanko db upgrade`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from optimizer.schema import InvalidInput, Problem

ENV_URL = "BLANKO_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000
_MIGRATIONS = Path(__file__).with_name("migrations")
# Execution option that marks a connection whose transaction will write (SQLite takes
# the write lock at BEGIN then, instead of failing to upgrade a read lock later).
WRITE = "blanko_write"
_MIGRATION_LOCK = 0x626C616E6B6F  # "blanko"


class StoreUnavailable(Exception):
    """The store's database cannot be reached or opened (a server down, a wrong host or
    port, a refused login, a file SQLite cannot open): `url` without its password, and
    `reason`, the driver's first line."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


def unavailable(engine: Engine, error: BaseException) -> StoreUnavailable:
    """`error` (SQLAlchemy's OperationalError or InterfaceError) as StoreUnavailable."""
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return StoreUnavailable(engine.url.render_as_string(hide_password=True),
                            lines[0] if lines else type(cause).__name__)


def default_folder() -> Path:
    """The folder of the default SQLite file (Blanko makes it when missing)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("blanko", appauthor=False))


def default_url() -> str:
    """`BLANKO_DATABASE_URL`, else the SQLite file in the user's data directory."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    return f"sqlite:///{default_folder() / 'blanko.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, a busy timeout and foreign keys.

    Raises InvalidInput (location `database_url`) for a URL SQLAlchemy cannot use.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise _bad_url(url, str(error)) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend != "postgresql":
        raise _bad_url(url, f"the store runs on sqlite or postgresql, not {backend}")
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as error:
        raise _bad_url(url, str(error)) from None


def _bad_url(url: str, why: str, fix: str = "") -> InvalidInput:
    shown = make_url(url).render_as_string(hide_password=True) if "://" in url else url
    return InvalidInput([Problem(location="database_url", message=f"'{shown}': {why}",
                                 fix=fix)])


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if not database or database == ":memory:" or database.startswith("file:"):
        raise _bad_url(url, "give a file path (sqlite:////abs/path.sqlite3): jobs and plans "
                            "must outlive the process")
    folder = Path(database).expanduser().parent
    if folder.resolve() == default_folder().resolve():
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        # A typo in --db made folders and an empty store, as if no plan were kept
        # (tester qa9); --csv refuses a missing parent for the same reason.
        raise _bad_url(url, f"the folder {folder} does not exist",
                       fix="create the folder first, or correct the path")
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions from pysqlite's hands; "begin" below starts them.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _switch_to_wal(cursor)
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _switch_to_wal(cursor: Any) -> None:
    """PRAGMA journal_mode=WAL, retried while another connection holds the file.

    Switching a new file to WAL takes an exclusive lock and SQLite answers "database is
    locked" at once rather than through the busy handler, so servers opening a new store
    together failed (tests/store/test_repository.py, 1 run in 6 with 4 threads). Retried
    with a growing pause up to the busy timeout; once the file is in WAL mode (it stays
    so) the pragma takes no lock.
    """
    import sqlite3

    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(2 * pause, 0.2)


def _alembic_config(engine: Engine, connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False)
                           .replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` (one transaction on PostgreSQL)."""
    from alembic import command

    with engine.connect().execution_options(**{WRITE: True}) as connection:
        _one_migrator(connection)
        command.upgrade(_alembic_config(engine, connection), revision)
        connection.commit()


def downgrade(engine: Engine, revision: str) -> None:
    """Run the migrations down to `revision` ("-1": one step)."""
    from alembic import command

    with engine.connect().execution_options(**{WRITE: True}) as connection:
        _one_migrator(connection)
        command.downgrade(_alembic_config(engine, connection), revision)
        connection.commit()


def _one_migrator(connection: Any) -> None:
    """Servers starting together on a new database migrate one after the other: SQLite's
    BEGIN IMMEDIATE already serializes them; PostgreSQL takes an advisory lock until
    the transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    else:
        connection.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE: the write lock, now


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: no Blanko tables yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
