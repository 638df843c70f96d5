"""ORM sessions for the desk's writes.

SQLite lets a deferred transaction that has read start writing only if nobody else wrote
meanwhile; otherwise it fails at once with "database is locked" (no waiting). The web
threads and the ingestion worker write concurrently, so every write transaction takes the
write lock up front (BEGIN IMMEDIATE) and waits its turn instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from store.db import SQLITE_BEGIN


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session in a transaction holding the write lock from its start; commits on success,
    rolls back on error. Objects stay readable afterwards."""
    bind = (
        engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}) if engine.dialect.name == "sqlite" else engine
    )
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session
