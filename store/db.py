"""Where the database is and how to open it.

SQLite in the data folder by default (`rulingdesk.sqlite3`, WAL mode, foreign keys on);
PostgreSQL when `RULINGDESK_DATABASE_URL` says so. The schema is brought up to date with
the Alembic migrations in `store/migrations/` the first time an engine is opened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from store.migrate import migrate

SQLITE_FILENAME = "rulingdesk.sqlite3"
URL_VARIABLE = "RULINGDESK_DATABASE_URL"
# Execution option naming how a SQLite transaction begins: DEFERRED (default) or IMMEDIATE
SQLITE_BEGIN = "sqlite_begin"


def database_url(home: Path, environ: dict[str, str] | None = None) -> str:
    """The database URL: $RULINGDESK_DATABASE_URL when set, else the SQLite file in `home`.

    A bare `postgresql://` URL is given the psycopg 3 driver.
    """
    env = os.environ if environ is None else environ
    url = env.get(URL_VARIABLE, "").strip()
    if not url:
        return f"sqlite:///{Path(home) / SQLITE_FILENAME}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, upgrade: bool = True) -> Engine:
    """An engine for `url` with the project's connection settings, schema migrated.

    A PostgreSQL URL may name the schema to use: `…/test?options=-csearch_path%3Dmine`.
    """
    connect_args: dict[str, object] = {"timeout": 30} if url.startswith("sqlite") else {}
    engine = create_engine(url, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    if upgrade:
        migrate(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, and transactions that SQLAlchemy (not pysqlite) begins.

    pysqlite's own transaction handling cannot begin IMMEDIATE transactions; we turn it off
    and emit BEGIN ourselves, honouring the `sqlite_begin` execution option.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: index pages of a million-row import stay cached
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def open_engine(home: Path) -> Engine:
    """The engine of the data folder `home` (or of $RULINGDESK_DATABASE_URL), migrated."""
    return make_engine(database_url(home))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def immediate(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the write lock from its start (SQLite:
    BEGIN IMMEDIATE; other databases: an ordinary transaction). Commits on success."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection = connection.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with connection.begin():
            yield connection
