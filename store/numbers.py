"""Official document numbers (发文字号): one counter per issuing office and year, never
giving the same number twice, also when several drafts are made at the same time."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from store.db import immediate

# One atomic statement: creates the counter at 1 or increments it, and returns the value.
# PostgreSQL locks the row for the statement; SQLite runs it under the database write lock
# (taken up front by BEGIN IMMEDIATE, so concurrent callers queue instead of failing).
_NEXT_NUMBER = text(
    "INSERT INTO document_numbers (office, year, last) VALUES (:office, :year, 1) "
    "ON CONFLICT (office, year) DO UPDATE SET last = document_numbers.last + 1 "
    "RETURNING last"
)


def allocate_document_number(target: Engine | Session | Connection, office: str, year: int) -> int:
    """The next document number of `office` in `year` (1, 2, 3, …), recorded as used.

    With an Engine the number is committed before returning. With a Session or Connection
    it is part of the caller's transaction: committed (used) or rolled back (free again)
    with the caller's other work, and other allocators wait for that transaction to end.
    """
    if not office:
        raise ValueError("office must be named")
    params = {"office": office, "year": int(year)}
    if isinstance(target, Engine):
        with immediate(target) as connection:
            return int(connection.execute(_NEXT_NUMBER, params).scalar_one())
    return int(target.execute(_NEXT_NUMBER, params).scalar_one())


def last_document_number(target: Engine | Session | Connection, office: str, year: int) -> int:
    """The last number given for `office` in `year`, 0 when none was given yet."""
    query = text("SELECT last FROM document_numbers WHERE office = :office AND year = :year")
    params = {"office": office, "year": int(year)}
    if isinstance(target, Engine):
        with target.connect() as connection:
            value = connection.execute(query, params).scalar()
    else:
        value = target.execute(query, params).scalar()
    return int(value or 0)
