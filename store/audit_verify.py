"""The edges of the audit chain's check: read the rows, the approved drafts and the stored
documents, run `store.audit_chain.verify`, export the head, keep the desk's last result.

The command line (`rulingdesk audit verify|head`) and the desk (daily run, administrators'
audit page) both call these.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.audit import SYSTEM, Actor, record
from store.audit_chain import APPROVAL_ACTION, ApprovedDocument, ChainRow, Head, Verdict, verify
from store.desk_tables import AuditEntry, DraftRecord
from store.drafts import DraftView, StateError, approved_bytes, document_path
from store.sessions import writing

VERIFIED_ACTION = "audit_verified"  # the desk's run, its verdict in `after`
HEAD_EXPORT_ACTION = "audit_head_export"
_BATCH = 2000


def _rows(session: Session) -> Iterator[ChainRow]:
    """Every audit row, rows without a sequence first (they break the chain), then by seq."""
    columns = (AuditEntry.id, AuditEntry.seq, AuditEntry.prev_hash, AuditEntry.row_hash, AuditEntry.at,
               AuditEntry.user_id, AuditEntry.username, AuditEntry.action, AuditEntry.subject,
               AuditEntry.before, AuditEntry.after)
    query = select(*columns).order_by(AuditEntry.seq.is_not(None), AuditEntry.seq, AuditEntry.id)
    for values in session.execute(query.execution_options(yield_per=_BATCH)):
        yield ChainRow(*values)


def _documents(session: Session) -> list[ApprovedDocument]:
    query = select(DraftRecord.id, DraftRecord.state, DraftRecord.docx_sha256).order_by(DraftRecord.id)
    return [ApprovedDocument(*values) for values in session.execute(query)]


def document_reader(home: Path):  # type: ignore[no-untyped-def]
    """read(sha256) -> the stored document's bytes, None when there is no such file."""

    def read(sha256: str) -> bytes | None:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            return None  # not a hash: never a path outside documents/
        path = document_path(home, sha256)
        return path.read_bytes() if path.is_file() else None

    return read


def verify_store(engine: Engine, home: Path, head: Head | None = None) -> Verdict:
    """Verify the whole chain of `engine` and the approved documents under `home` (one
    read transaction: a consistent snapshot while the desk keeps writing)."""
    with Session(engine) as session, session.begin():
        documents = _documents(session)
        return verify(_rows(session), documents, document_reader(home), head)


def chain_head(engine: Engine) -> Head | None:
    """The newest row's sequence, hash and time; None for an empty log."""
    with Session(engine) as session:
        found = session.execute(
            select(AuditEntry.seq, AuditEntry.row_hash, AuditEntry.at).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
    return Head(found[0], found[1], found[2]) if found else None


def run_and_record(engine: Engine, home: Path, actor: Actor = SYSTEM) -> Verdict:
    """Verify and append the verdict to the trail (`audit_verified`): the desk's daily run."""
    verdict = verify_store(engine, home)
    with writing(engine) as session:
        record(session, actor, VERIFIED_ACTION, "audit_log", after=verdict.to_json())
    return verdict


def recorded_sha256(engine: Engine, draft_id: int) -> str | None:
    """The SHA-256 the draft's approval audit row records (the newest one); None without one."""
    with Session(engine) as session:
        after = session.scalar(
            select(AuditEntry.after)
            .where(AuditEntry.action == APPROVAL_ACTION, AuditEntry.subject == f"draft:{draft_id}")
            .order_by(AuditEntry.seq.desc()).limit(1)
        )
    try:
        sha256 = json.loads(after or "null")["sha256"]
    except (TypeError, KeyError, ValueError):
        return None
    return sha256 if isinstance(sha256, str) else None


def approved_document(engine: Engine, home: Path, view: DraftView) -> bytes:
    """The approved DOCX bytes of `view`, served only when the drafts table's hash is the one
    its approval audit row records (whoever holds the database can repoint the table at a
    forged file and its hash; the chain's row cannot be changed unseen) and the bytes match
    it. StateError, in Chinese, otherwise."""
    if view.state in ("approved", "issued") and recorded_sha256(engine, view.id) != view.docx_sha256:
        raise StateError("文书记录的哈希与审计日志中的核准记录不符，不予提供；请管理员在审计日志页校验审计链")
    return approved_bytes(home, view)


@dataclass(frozen=True)
class LastCheck:
    """The desk's newest verification as shown to administrators."""

    at: object  # datetime of the audit row
    ok: bool
    summary: str
    breaks: list[dict]
    head: dict | None


def last_check(engine: Engine) -> LastCheck | None:
    """The newest `audit_verified` row's verdict; None before the first run."""
    with Session(engine) as session:
        found = session.execute(
            select(AuditEntry.at, AuditEntry.after).where(AuditEntry.action == VERIFIED_ACTION)
            .order_by(AuditEntry.id.desc()).limit(1)
        ).first()
    if found is None:
        return None
    data = json.loads(found[1] or "{}")
    return LastCheck(found[0], bool(data.get("ok")), str(data.get("summary", "")), list(data.get("breaks") or []),
                     data.get("head"))
