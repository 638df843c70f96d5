"""ORM sessions for the desk's writes.

SQLite lets a deferred transaction that has read start writing only if nobody else wrote
meanwhile; otherwise it fails at once with "database is locked" (no waiting). The web
threads and the ingestion worker write concurrently, so every write transaction takes the
write lock up front (BEGIN IMMEDIATE) and waits its turn instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, select, update
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


Row = TypeVar("Row")


def take(engine: Engine, model: type[Row], row_id: int, *, state: str, to: str, **values: Any) -> Row | None:
    """Move row `row_id` of `model` from `state` to `to` (setting `values` too) and return
    it; None when it is not in `state`. Two workers racing for the row: one gets it."""
    with writing(engine) as session:
        changed = session.execute(
            update(model).where(model.id == row_id, model.state == state).values(state=to, **values)  # type: ignore[attr-defined]
        ).rowcount
        return session.get(model, row_id) if changed == 1 else None


def requeue(engine: Engine, model: type[Row], *, taken: str, state: str = "queued") -> list[int]:
    """The rows of `model` a stopped server left behind: those in `taken` are put back to
    `state`; returns every id in `state`, oldest first."""
    with writing(engine) as session:
        session.execute(update(model).where(model.state == taken).values(state=state))  # type: ignore[attr-defined]
        return list(session.scalars(select(model.id).where(model.state == state).order_by(model.id)))  # type: ignore[attr-defined]
