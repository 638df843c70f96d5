"""The audit trail proves itself: a hash chain over the rows, approvals that name the
document's hash, and a verification that says where it breaks. The attacks are those of the
penetration test (issue 12): raw SQL on the SQLite file, triggers dropped and put back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from generate.documents import Plan
from store.audit import Actor, log_event
from store.audit_chain import GENESIS, Check, Head, content_hash
from store.audit_verify import chain_head, verify_store
from store.db import make_engine
from store.desk_tables import AuditEntry
from store.drafts import add_drafts, approve, document_path, get_draft, issue
from store.users import create_user

TRIGGERS_SQL = [  # as migrations 0003/0007 install them: what an attacker drops and puts back
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]


def _render(plan, allocate, today):
    number = f"{plan.prefix}〔{today.year}〕{allocate(plan.prefix, today.year)}号"
    return number, "letter.docx", f"DOCX of {number}".encode()


def _history(engine, home: Path) -> int:
    """Accounts, a drafted, approved and issued document, a few events; the draft's id."""
    from store.objections import add_objection

    clerk = create_user(engine, "clerk", "password123", "clerk")
    officer = create_user(engine, "officer", "password123", "officer")
    objection = add_objection(engine, objector="甲", province="广东省", catalogue_id="X1",
                              received_on=dt.date(2099, 1, 1))
    (draft_id,) = add_drafts(engine, None, [Plan("opinion_request", "粤医采函", {"title": "函"})], clerk.actor,
                             objection_id=objection.id).ids
    approve(engine, home, draft_id, officer.actor, _render, dt.date(2099, 5, 1),
            seen=get_draft(engine, draft_id)[0].version)
    issue(engine, draft_id, officer.actor)
    log_event(engine, officer.actor, "download", f"draft:{draft_id}")
    return draft_id


@pytest.fixture
def sqlite_desk(tmp_path):
    """(engine, data folder, SQLite file) with a history of rows and one issued document."""
    path = tmp_path / "desk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    home = tmp_path / "home"
    draft_id = _history(engine, home)
    yield engine, home, path, draft_id
    engine.dispose()


def _as_attacker(path: Path, *statements: tuple[str, tuple]) -> None:
    """Run `statements` on the database file the way someone holding it would: triggers
    dropped, the change made, the triggers put back."""
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER audit_log_no_update")
    connection.execute("DROP TRIGGER audit_log_no_delete")
    for sql, parameters in statements:
        connection.execute(sql, parameters)
    for sql in TRIGGERS_SQL:
        connection.execute(sql)
    connection.commit()
    connection.close()


def _rows(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    rows = connection.execute("SELECT id, seq, prev_hash, row_hash, at, user_id, username, action, subject, before, "
                              "after FROM audit_log ORDER BY seq").fetchall()
    connection.close()
    return rows


def _rechain_from(path: Path, seq: int, after: str) -> list[tuple[str, tuple]]:
    """The statements that rewrite row `seq`'s `after` and recompute every hash from there on,
    so the chain is consistent again (what a careful attacker does)."""
    statements = []
    previous = GENESIS
    for row_id, row_seq, _prev_hash, row_hash, at, user_id, username, action, subject, before, old_after in _rows(path):
        if row_seq < seq:
            previous = row_hash
            continue
        new_after = after if row_seq == seq else old_after
        new_hash = content_hash(row_seq, previous, dt.datetime.fromisoformat(at), user_id, username, action, subject,
                                before, new_after)
        statements.append(("UPDATE audit_log SET after = ?, prev_hash = ?, row_hash = ? WHERE id = ?",
                            (new_after, previous, new_hash, row_id)))
        previous = new_hash
    return statements


def test_a_clean_history_verifies(engine, tmp_path):
    home = tmp_path / "home"
    _history(engine, home)
    verdict = verify_store(engine, home)
    assert verdict.ok, verdict.breaks
    assert verdict.documents == 1
    with Session(engine) as session:  # closed: an open transaction would hold the schema's teardown
        assert verdict.rows == len(list(session.scalars(select(AuditEntry.id))))
    assert verdict.head == chain_head(engine)
    assert verdict.summary.startswith("审计链完整")


def test_every_row_is_chained_onto_the_previous_one(engine, tmp_path):
    _history(engine, tmp_path / "home")
    with Session(engine) as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.row_hash for earlier, later in zip(rows, rows[1:], strict=False))


def test_the_approval_row_records_the_documents_hash(sqlite_desk):
    engine, home, _path, draft_id = sqlite_desk
    with Session(engine) as session:
        after = session.scalar(select(AuditEntry.after).where(AuditEntry.action == "draft_approved"))
    sha256 = json.loads(after)["sha256"]
    assert hashlib.sha256(document_path(home, sha256).read_bytes()).hexdigest() == sha256


def test_a_row_rewritten_behind_dropped_triggers_is_found(sqlite_desk):
    engine, home, path, _draft = sqlite_desk
    row_id, seq = _rows(path)[3][:2]
    _as_attacker(path, ("UPDATE audit_log SET username = 'nobody' WHERE id = ?", (row_id,)))
    verdict = verify_store(engine, home)
    assert not verdict.ok
    first = verdict.breaks[0]
    assert (first.check, first.row_id, first.seq) == (Check.CONTENT, row_id, seq)
    assert f"审计记录 id {row_id}（序号 {seq}）" in verdict.summary and "内容哈希不符" in verdict.summary


def test_a_row_rewritten_with_its_hash_recomputed_breaks_the_next_row(sqlite_desk):
    engine, home, path, _draft = sqlite_desk
    rows = _rows(path)
    row_id, seq, prev_hash, _hash, at, user_id, username, action, subject, before, _after = rows[2]
    forged = content_hash(seq, prev_hash, dt.datetime.fromisoformat(at), user_id, username, action, subject, before,
                          '{"forged":true}')
    _as_attacker(path, ("UPDATE audit_log SET after = ?, row_hash = ? WHERE id = ?", ('{"forged":true}', forged, row_id)))
    first = verify_store(engine, home).breaks[0]
    assert (first.check, first.row_id, first.seq) == (Check.PREVIOUS, rows[3][0], seq + 1)


def test_a_deleted_row_is_found(sqlite_desk):
    engine, home, path, _draft = sqlite_desk
    rows = _rows(path)
    _as_attacker(path, ("DELETE FROM audit_log WHERE id = ?", (rows[4][0],)))
    verdict = verify_store(engine, home)
    first = verdict.breaks[0]
    assert (first.check, first.row_id, first.seq) == (Check.SEQUENCE, rows[5][0], rows[5][1])
    assert f"序号 {rows[4][1]} 至 {rows[4][1]} 缺失" in first.message


def test_a_swapped_document_is_found(sqlite_desk):
    engine, home, path, draft_id = sqlite_desk
    connection = sqlite3.connect(path)
    (approved_sha,) = connection.execute("SELECT docx_sha256 FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    # The forged DOCX stored under its own hash, the draft pointed at it, the original overwritten too.
    forged = b"forged DOCX"
    forged_sha = hashlib.sha256(forged).hexdigest()
    document_path(home, forged_sha).parent.mkdir(parents=True, exist_ok=True)
    document_path(home, forged_sha).write_bytes(forged)
    connection.execute("UPDATE drafts SET docx_sha256 = ? WHERE id = ?", (forged_sha, draft_id))
    connection.commit()
    connection.close()
    original = document_path(home, approved_sha)
    original.chmod(0o644)
    original.write_bytes(forged)
    verdict = verify_store(engine, home)
    assert {(b.check, b.draft_id) for b in verdict.breaks} == {(Check.DOCUMENT_HASH, draft_id),
                                                              (Check.DOCUMENT_RECORD, draft_id)}
    assert all(f"文书 {draft_id}" in b.message for b in verdict.breaks)


def test_a_missing_document_is_found(sqlite_desk):
    engine, home, path, draft_id = sqlite_desk
    with Session(engine) as session:
        after = session.scalar(select(AuditEntry.after).where(AuditEntry.action == "draft_approved"))
    document_path(home, json.loads(after)["sha256"]).unlink()
    assert [b.check for b in verify_store(engine, home).breaks] == [Check.DOCUMENT_MISSING]


def test_a_rewritten_and_rechained_history_is_caught_by_an_exported_head(sqlite_desk):
    engine, home, path, _draft = sqlite_desk
    head = Head.from_json(json.loads(json.dumps(chain_head(engine).to_json())))  # as exported and read back
    log_event(engine, Actor(None, "system"), "download", "draft:1")  # history goes on after the export
    _as_attacker(path, *_rechain_from(path, 2, '{"state":"rewritten"}'))
    assert verify_store(engine, home).ok  # consistent again: only an earlier head shows it
    verdict = verify_store(engine, home, head)
    assert [(b.check, b.seq) for b in verdict.breaks] == [(Check.HEAD, head.seq)]
    assert "导出的链头" in verdict.breaks[0].message


def test_a_truncated_history_is_caught_by_an_exported_head(sqlite_desk):
    engine, home, path, _draft = sqlite_desk
    head = chain_head(engine)
    _as_attacker(path, ("DELETE FROM audit_log WHERE seq >= ?", (head.seq - 1,)))
    verdict = verify_store(engine, home, head)
    assert Check.HEAD in {b.check for b in verdict.breaks}


def test_an_exported_head_still_in_the_chain_passes(sqlite_desk):
    engine, home, _path, _draft = sqlite_desk
    head = chain_head(engine)
    log_event(engine, Actor(None, "system"), "download", "draft:1")
    assert verify_store(engine, home, head).ok


def test_a_fork_is_refused_by_the_database(engine):
    create_user(engine, "admin", "password123", "administrator")
    head = chain_head(engine)
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        prev_hash = session.scalar(select(AuditEntry.prev_hash).where(AuditEntry.seq == head.seq))
        at = dt.datetime.now(dt.UTC)
        session.execute(insert(AuditEntry).values(
            at=at, action="forged", seq=head.seq + 1, prev_hash=prev_hash,
            row_hash=content_hash(head.seq + 1, prev_hash, at, None, None, "forged", None, None, None)))


def test_concurrent_appends_keep_one_chain(engine, tmp_path):
    threads, each = 6, 15
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def append(n: int) -> None:
        start.wait()
        try:
            for i in range(each):
                log_event(engine, Actor(None, f"writer{n}"), "download", f"draft:{i}")
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    verdict = verify_store(engine, tmp_path)
    assert verdict.ok, verdict.breaks
    assert verdict.rows == threads * each == verdict.head.seq


def test_the_migration_chains_the_rows_written_before_it(database_url, tmp_path):
    from alembic import command
    from sqlalchemy import create_engine, text

    from store.db import database_url as resolve_url
    from store.migrate import alembic_config, migrate

    url = resolve_url(tmp_path)  # SQLite and PostgreSQL
    old = create_engine(url)
    config = alembic_config()
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    with old.begin() as connection:
        for n in range(3):
            connection.execute(text("INSERT INTO audit_log (at, username, action, after) VALUES (:at, :u, 'login', :a)"),
                               {"at": dt.datetime(2026, 1, 1, 8, n, 0, 123456), "u": f"user{n}", "a": '{"n": 1}'})
    old.dispose()
    engine = make_engine(url)
    migrate(engine)
    assert verify_store(engine, tmp_path).ok
    log_event(engine, Actor(None, "system"), "download", "draft:1")  # chained onto the migrated rows
    verdict = verify_store(engine, tmp_path)
    assert verdict.ok and verdict.head.seq == 4
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET username = 'x'"))  # the triggers are back
    engine.dispose()


@pytest.mark.parametrize("data, message", [
    ([], "不是 JSON 对象"),
    ({"sequence": 0, "hash": "0" * 64, "at": "2026-01-01T00:00:00Z"}, "sequence"),
    ({"sequence": 3, "hash": "xyz", "at": "2026-01-01T00:00:00Z"}, "hash"),
    ({"sequence": 3, "hash": "a" * 64, "at": "yesterday"}, "at"),
])
def test_a_malformed_head_file_is_refused_in_chinese(data, message):
    with pytest.raises(ValueError, match=message):
        Head.from_json(data)
