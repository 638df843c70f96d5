"""The desk verifies its audit trail (at start, then daily, or when an administrator asks)
and shows administrators the last result: when, OK or where it broke; the chain head can be
downloaded to keep elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.audit_chain import Head
from store.audit_verify import VERIFIED_ACTION, chain_head, last_check, verify_store
from store.db import SQLITE_FILENAME
from store.desk_tables import AuditEntry
from tests.store.test_audit_chain import _as_attacker, _rows
from tests.web.conftest import csrf, make_app
from web.worker import DailyAuditCheck


def _verified_rows(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).where(AuditEntry.action == VERIFIED_ACTION))


def test_the_audit_page_says_when_nothing_was_verified_yet_and_shows_the_head(app, signed_in):
    page = signed_in("admin").get("/admin/audit").get_data(as_text=True)
    head = chain_head(app.extensions["desk"].engine)
    assert "尚未校验" in page
    assert f"当前链头：序号 {head.seq}" in page and head.hash in page


def test_an_administrator_verifies_and_sees_the_result(app, signed_in):
    admin = signed_in("admin")
    response = admin.post("/admin/audit/verify", data={"csrf_token": csrf(admin)})
    assert response.status_code == 302
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "审计链完整" in page and "未通过" not in page and "，通过——" in page
    check = last_check(app.extensions["desk"].engine)
    assert check.ok and check.at is not None


def test_a_tampered_trail_is_shown_with_the_row_where_it_breaks(app, signed_in, tmp_path):
    path = app.extensions["desk"].home / SQLITE_FILENAME
    row_id, seq = _rows(path)[1][:2]
    _as_attacker(path, ("UPDATE audit_log SET username = 'someone else' WHERE id = ?", (row_id,)))
    admin = signed_in("admin")
    admin.post("/admin/audit/verify", data={"csrf_token": csrf(admin)})
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "未通过" in page
    assert f"审计记录 id {row_id}（序号 {seq}）：内容哈希不符" in page


def test_the_daily_check_runs_at_start_and_again_after_its_interval(app):
    engine, home = app.extensions["desk"].engine, app.extensions["desk"].home
    check = DailyAuditCheck(engine, home, dt.timedelta(seconds=0.3))
    check.start()
    deadline = time.monotonic() + 20
    while _verified_rows(engine) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    check.close()
    assert _verified_rows(engine) >= 2
    assert last_check(engine).ok


def test_the_serving_desk_verifies_at_start(tmp_path):
    app = make_app(tmp_path / "home")  # TESTING: off
    assert app.extensions["desk"].audit_check is None
    app.extensions["desk"].close()
    from web import create_app

    served = create_app({"TESTING": True, "HOME": str(tmp_path / "home"), "AUDIT_CHECK_HOURS": 24})
    engine = served.extensions["desk"].engine
    deadline = time.monotonic() + 20
    while last_check(engine) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    served.extensions["desk"].close()
    assert last_check(engine) is not None and last_check(engine).ok


def test_the_head_is_downloaded_audited_and_verifies(app, signed_in):
    engine, home = app.extensions["desk"].engine, app.extensions["desk"].home
    response = signed_in("admin").get("/admin/audit/head.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    head = Head.from_json(json.loads(response.get_data(as_text=True)))
    with Session(engine) as session:
        exported = session.scalar(select(AuditEntry.after).where(AuditEntry.action == "audit_head_export"))
    assert json.loads(exported)["sequence"] == head.seq
    assert verify_store(engine, home, head).ok


def test_only_administrators_see_the_check_and_the_head(signed_in):
    officer = signed_in("officer1")
    assert officer.get("/admin/audit/head.json").status_code == 403
    assert officer.post("/admin/audit/verify", data={"csrf_token": csrf(officer)}).status_code == 403


def test_a_draft_repointed_at_a_forged_document_is_not_served(app, signed_in):
    """The finding: drafts.docx_sha256 set to the hash of a forged DOCX stored beside the
    real one, and the download served the forgery (its bytes match the table's hash)."""
    import hashlib
    import sqlite3

    from generate.documents import Plan
    from store.drafts import add_drafts, approve, document_path, get_draft
    from store.objections import add_objection
    from store.users import list_users
    from tests.store.test_audit_chain import _render

    desk = app.extensions["desk"]
    users = {account.username: account for account in list_users(desk.engine)}
    objection = add_objection(desk.engine, objector="甲", province="广东省", catalogue_id="X1",
                              received_on=dt.date(2099, 1, 1))
    (draft_id,) = add_drafts(desk.engine, None, [Plan("opinion_request", "粤医采函", {"title": "函"})],
                             users["clerk"].actor, objection_id=objection.id).ids
    approved = approve(desk.engine, desk.home, draft_id, users["officer2"].actor, _render, dt.date(2099, 5, 1),
                       seen=get_draft(desk.engine, draft_id)[0].version)
    officer = signed_in("officer1")
    genuine = officer.get(f"/drafts/{draft_id}/download")
    assert genuine.status_code == 200 and hashlib.sha256(genuine.data).hexdigest() == approved.docx_sha256

    forged = b"forged DOCX"
    forged_sha = hashlib.sha256(forged).hexdigest()
    document_path(desk.home, forged_sha).parent.mkdir(parents=True, exist_ok=True)
    document_path(desk.home, forged_sha).write_bytes(forged)
    connection = sqlite3.connect(desk.home / SQLITE_FILENAME)
    connection.execute("UPDATE drafts SET docx_sha256 = ? WHERE id = ?", (forged_sha, draft_id))
    connection.commit()
    connection.close()
    refused = officer.get(f"/drafts/{draft_id}/download")
    assert refused.status_code == 409
    assert forged not in refused.data
    assert "审计日志中的核准记录不符" in refused.get_data(as_text=True)
