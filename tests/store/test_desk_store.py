"""The web desk's storage on SQLite and PostgreSQL: accounts and logins, the append-only
audit log, and document states that change once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from generate.documents import Plan
from store.desk_tables import AuditEntry
from store.drafts import StateError, add_drafts, approve, get_draft, issue
from store.users import account_for_token, create_user, log_in, log_out


def test_log_in_and_out(engine):
    create_user(engine, "clerk", "password123", "clerk")
    assert log_in(engine, "clerk", "wrong") is None
    account, token = log_in(engine, "clerk", "password123")
    assert account_for_token(engine, token) == account
    log_out(engine, token)
    assert account_for_token(engine, token) is None


@pytest.mark.parametrize("statement", [update(AuditEntry).values(action="x"), delete(AuditEntry)],
                         ids=["update", "delete"])
def test_the_audit_log_refuses_changes(engine, statement):
    create_user(engine, "admin", "password123", "administrator")  # writes an audit row
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(statement)


def test_a_document_is_approved_and_issued_once(engine, tmp_path):
    from store.objections import add_objection

    clerk = create_user(engine, "clerk", "password123", "clerk")
    officer = create_user(engine, "officer", "password123", "officer")
    objection = add_objection(engine, objector="甲", province="广东省", catalogue_id="X1", received_on=dt.date(2099, 1, 1))
    plan = Plan("opinion_request", "粤医采函", {"title": "关于商请……的函"})
    (draft_id,) = add_drafts(engine, None, [plan], clerk.actor, objection_id=objection.id).ids

    def render(plan_, allocate, today):
        number = f"{plan_.prefix}〔{today.year}〕{allocate(plan_.prefix, today.year)}号"
        return number, "letter.docx", number.encode()

    seen = approve_seen(engine, draft_id)
    approved = approve(engine, tmp_path, draft_id, officer.actor, render, dt.date(2099, 5, 1), seen=seen)
    assert approved.number == "粤医采函〔2099〕1号"
    with pytest.raises(StateError):
        approve(engine, tmp_path, draft_id, officer.actor, render, dt.date(2099, 5, 1), seen=seen)
    issue(engine, draft_id, officer.actor)
    with pytest.raises(StateError):
        issue(engine, draft_id, officer.actor)


def approve_seen(engine, draft_id: int) -> str:
    """The version an officer opening the draft sees."""
    return get_draft(engine, draft_id)[0].version
