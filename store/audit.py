"""The audit log: one append-only row per state change (who, when, what, before, after).

`record` adds its row to the caller's session, so the entry commits or rolls back together
with the change it describes. Each row is chained onto the newest one (`store/audit_chain.py`):
the writing transaction holds the chain's lock while it reads the head and inserts, so two
writers never chain onto the same row (SQLite: the write lock `store.sessions.writing` takes
at BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from store.audit_chain import GENESIS, content_hash
from store.csv_export import csv_text
from store.desk_tables import AuditEntry, utcnow
from store.sessions import writing


@dataclass(frozen=True)
class Actor:
    """Who did it: a signed-in user (or None for the system itself, e.g. the worker)."""

    user_id: int | None
    username: str | None


SYSTEM = Actor(None, "system")


def _dump(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def record(
    session: Session,
    actor: Actor,
    action: str,
    subject: str | None = None,
    before: object = None,
    after: object = None,
) -> None:
    """Add an audit row for `action` on `subject` to `session` (committed with it), chained
    onto the newest row. The session's transaction holds the chain's lock until it ends."""
    seq, prev_hash = _next_link(session)
    entry = AuditEntry(at=utcnow(), user_id=actor.user_id, username=actor.username, action=action,
                       subject=subject, before=_dump(before), after=_dump(after), seq=seq, prev_hash=prev_hash)
    entry.row_hash = content_hash(seq, prev_hash, entry.at, entry.user_id, entry.username, entry.action,
                                  entry.subject, entry.before, entry.after)
    session.add(entry)
    session.info[_HEAD] = (session.get_transaction(), seq, entry.row_hash)


_HEAD = "audit_chain_head"  # session.info: (transaction, seq, hash) of the row this transaction added last


def _next_link(session: Session) -> tuple[int, str]:
    """(seq, prev_hash) of the next row. The first row of a transaction takes the chain's
    lock and reads the head (flushing what the session holds); later rows of the same
    transaction chain onto the one it added before, without a query, so their inserts
    still go to the database together."""
    cached = session.info.get(_HEAD)
    if cached is not None and cached[0] is session.get_transaction():
        return cached[1] + 1, cached[2]
    _lock_chain(session)
    session.flush()  # rows recorded before a savepoint ended are in the head to chain onto
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.row_hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (head[0] + 1, head[1]) if head else (1, GENESIS)


@event.listens_for(Session, "after_transaction_end")
def _forget_head(session: Session, _transaction: object) -> None:
    """A transaction (or savepoint) that ended may have taken its rows with it: read the head again."""
    session.info.pop(_HEAD, None)


# Key of PostgreSQL's transaction-scoped advisory lock that serialises appends to the chain
CHAIN_LOCK_KEY = 0x61756469  # "audi"


def _lock_chain(session: Session) -> None:
    """Hold the chain's append lock until the session's transaction ends. SQLite: the writing
    transaction already holds the database's only write lock (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})


def entries(
    engine: Engine, *, limit: int = 200, offset: int = 0, action: str | None = None
) -> list[AuditEntry]:
    """The newest entries first, optionally of one action."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    if action:
        query = query.where(AuditEntry.action == action)
    with Session(engine) as session:
        return list(session.scalars(query))


def to_csv(rows: Sequence[AuditEntry]) -> str:
    """The entries as CSV (UTF-8 text with a header row), for export, with their place in the
    hash chain; cells safe to open in a spreadsheet (`store.csv_export`)."""
    return csv_text(
        ["id", "time", "user", "action", "subject", "before", "after", "seq", "prev_hash", "row_hash"],
        (
            [
                row.id,
                row.at.isoformat() if row.at else "",
                row.username or "",
                row.action,
                row.subject or "",
                row.before or "",
                row.after or "",
                row.seq,
                row.prev_hash,
                row.row_hash,
            ]
            for row in rows
        ),
    )


def log_event(
    engine: Engine,
    actor: Actor,
    action: str,
    subject: str | None = None,
    before: object = None,
    after: object = None,
) -> None:
    """Record an event that changes nothing else (a download, an export) in its own transaction."""
    with writing(engine) as session:
        record(session, actor, action, subject, before, after)
