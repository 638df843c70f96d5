"""Match, draft, approve, issue, download: the pipeline's own matcher, decisions and
templates behind the pages; four eyes; approved bytes immutable; nothing issued twice."""

from __future__ import annotations

import hashlib
import html
import io
import re
import threading
import zipfile

import pytest

from store.drafts import StateError, drafts_of, issue
from tests.web.conftest import approve_as, csrf, edit_as, post, shown_version


def prepare(client, ruling_id) -> list[int]:
    response = post(client, f"/cases/{ruling_id}/drafts")
    assert response.status_code == 302
    page = client.get(f"/cases/{ruling_id}/documents").get_data(as_text=True)
    return [int(n) for n in re.findall(r'href="/drafts/(\d+)"', page)]


def test_match_page_shows_candidates_with_scores_reasons_and_actions(app, signed_in, office):
    page = signed_in("clerk").get(f"/cases/{office}/matches").get_data(as_text=True)
    assert "GD260" in page and "1.00" in page and "批准文号 相同" in page
    assert "撤网" in page and "取消中选资格" in page  # the listed, selected item: both actions with their basis


def test_rejecting_the_match_removes_its_actions_and_confirming_restores_them(app, signed_in, office):
    client = signed_in("clerk")
    post(client, f"/cases/{office}/matches", product="0", province="广东省", catalogue_id="GD260", decision="rejected")
    page = client.get(f"/cases/{office}/matches").get_data(as_text=True)
    assert "已否决" in page and "暂无处理措施" in page
    post(client, f"/cases/{office}/matches", product="0", province="广东省", catalogue_id="GD260", decision="confirmed")
    assert "撤网" in client.get(f"/cases/{office}/matches").get_data(as_text=True)


def test_a_hand_searched_item_can_be_confirmed(app, signed_in, office):
    client = signed_in("officer1")
    found = client.get(f"/cases/{office}/matches?q=NGD260b&product=0").get_data(as_text=True)
    assert "确认为匹配" in found
    post(client, f"/cases/{office}/matches", product="0", province="广东省", catalogue_id="NGD260b",
         decision="confirmed")
    page = client.get(f"/cases/{office}/matches").get_data(as_text=True)
    assert page.count("NGD260b") >= 2  # among the candidates (confirmed) and in the actions


def test_clerk_drafts_officer_approves_and_downloads_the_approved_bytes(app, signed_in, office):
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    drafts = prepare(clerk, office)
    assert drafts
    first = drafts[0]
    assert "待核准后编号" in officer.get(f"/drafts/{first}").get_data(as_text=True)
    assert approve_as(officer, first).status_code == 302
    (view,) = [d for d in drafts_of(app.extensions["desk"].engine, office) if d.id == first]
    assert view.state == "approved" and re.fullmatch(r"粤医采〔\d{4}〕1号", view.number)
    download = officer.get(f"/drafts/{first}/download")
    assert hashlib.sha256(download.data).hexdigest() == view.docx_sha256
    assert download.data == officer.get(f"/drafts/{first}/download").data  # the same bytes every time
    assert view.number in officer.get(f"/drafts/{first}").get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(officer.get(f"/cases/{office}/documents.zip").data))
    assert archive.namelist() == [view.filename]


def test_the_drafter_cannot_approve_their_own_draft(app, signed_in, office):
    officer1, officer2 = signed_in("officer1"), signed_in("officer2")
    first = prepare(officer1, office)[0]
    assert approve_as(officer1, first).status_code == 403
    assert approve_as(officer2, first).status_code == 302


def test_an_approved_document_cannot_be_edited_or_approved_again(app, signed_in, office):
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    first = prepare(clerk, office)[0]
    edit_as(clerk, first, addressee="某某公司（改）")
    assert "某某公司（改）" in clerk.get(f"/drafts/{first}").get_data(as_text=True)
    approve_as(officer, first)
    assert approve_as(officer, first).status_code == 409
    edit_as(clerk, first, addressee="再改")
    assert "再改" not in clerk.get(f"/drafts/{first}").get_data(as_text=True)


def test_a_document_is_issued_once_even_when_two_officers_click_at_once(app, signed_in, office):
    from store.users import list_users

    clerk, officer = signed_in("clerk"), signed_in("officer1")
    first = prepare(clerk, office)[0]
    approve_as(officer, first)
    engine = app.extensions["desk"].engine
    officers = [u.actor for u in list_users(engine) if u.role == "officer"]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(officers) * 2)

    def click(actor) -> None:
        barrier.wait()
        try:
            issue(engine, first, actor)
            outcomes.append("issued")
        except StateError:
            outcomes.append("refused")

    threads = [threading.Thread(target=click, args=(a,)) for a in officers * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["issued", "refused", "refused", "refused"]


def test_drafting_again_replaces_unapproved_drafts(app, signed_in, office):
    clerk = signed_in("clerk")
    first = prepare(clerk, office)
    prepare(clerk, office)
    states = {d.id: d.state for d in drafts_of(app.extensions["desk"].engine, office)}
    assert all(states[i] == "withdrawn" for i in first)


def test_download_before_approval_is_refused(app, signed_in, office):
    clerk = signed_in("clerk")
    first = prepare(clerk, office)[0]
    assert clerk.get(f"/drafts/{first}/download").status_code == 409


@pytest.mark.slow
def test_the_approved_document_also_downloads_as_pdf(app, signed_in, office):
    from generate.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/system-deps.sh installs it)")
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    first = prepare(clerk, office)[0]
    approve_as(officer, first)
    response = officer.get(f"/drafts/{first}/download.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    response.close()


def test_drafting_for_an_office_missing_from_the_settings_is_refused_with_what_to_add(app, signed_in, office):
    """An unconfigured office got an invented red header and 机关代字, and the desk said nothing."""
    from generate.settings import DEFAULT_SETTINGS  # 广东省 only: no 江苏省知识产权局 for the copy-to letter

    (app.extensions["desk"].home / "settings.toml").write_text(DEFAULT_SETTINGS, encoding="utf-8")
    client = signed_in("clerk")
    response = post(client, f"/cases/{office}/drafts")
    assert response.status_code == 302
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "未起草" in page and '[ip_office."江苏省知识产权局"]' in page
    assert drafts_of(app.extensions["desk"].engine, office) == []
    api = client.post(f"/api/cases/{office}/drafts", headers={"X-CSRF-Token": csrf(client)})
    assert api.status_code == 409 and "江苏省知识产权局" in api.get_json()["missing"][0]


# --- four eyes (issue 12) and one live document per item (issue 11) -----------------------------

def _state(app, draft_id: int) -> str:
    from store.drafts import get_draft

    return get_draft(app.extensions["desk"].engine, draft_id)[0].state


def test_an_officer_who_edited_a_clerks_draft_cannot_approve_it(app, signed_in, office):
    """The pen test: officer1 changed the case number and result of the clerk's draft
    (POST /drafts/N with v:…), then pressed 核准 himself and it went through."""
    clerk, officer1, officer2 = signed_in("clerk"), signed_in("officer1"), signed_in("officer2")
    first = prepare(clerk, office)[0]
    assert edit_as(officer1, first, title="关于撤销某公司挂网资格的通知（改）").status_code == 302
    page = officer1.get(f"/drafts/{first}").get_data(as_text=True)
    assert "disabled" in page and "您起草或修改过本文书" in page and "clerk、officer1" in page
    refused = approve_as(officer1, first)
    assert refused.status_code == 403 and "不能核准自己起草或修改过的文书" in refused.get_data(as_text=True)
    assert _state(app, first) == "draft"
    assert approve_as(officer2, first).status_code == 302 and _state(app, first) == "approved"


def test_an_officer_cannot_approve_a_version_he_never_saw(app, signed_in, office):
    """The pen test: officer1 opened the draft, the clerk then changed its title, and
    officer1's 核准 (the form as he had it) approved the clerk's new title."""
    clerk, officer1 = signed_in("clerk"), signed_in("officer1")
    first = prepare(clerk, office)[0]
    opened = shown_version(officer1, first)
    edit_as(clerk, first, title="一个审核员从未见过的标题")
    refused = post(officer1, f"/drafts/{first}/approve", version=opened)
    assert refused.status_code == 409 and "不是最新版本" in refused.get_data(as_text=True)
    assert _state(app, first) == "draft"
    page = officer1.get(f"/drafts/{first}").get_data(as_text=True)
    assert "一个审核员从未见过的标题" in page and "核准第 2 版" in page
    assert approve_as(officer1, first).status_code == 302  # the version now seen


def test_an_approval_through_the_api_names_the_version(app, signed_in, office):
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    first = prepare(clerk, office)[0]
    token = officer.get("/api/csrf").get_json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    assert officer.post(f"/api/drafts/{first}/approve", json={}, headers=headers).status_code == 409
    (document,) = [d for d in officer.get(f"/api/cases/{office}/documents").get_json()["documents"] if d["id"] == first]
    approved = officer.post(f"/api/drafts/{first}/approve", json={"version": document["version"]}, headers=headers)
    assert approved.status_code == 200 and approved.get_json()["state"] == "approved"


def test_an_officer_account_the_administrator_just_made_is_flagged_when_it_approves(app, signed_in, office):
    """The pen test: the administrator created an officer account and approved alone with it."""
    from store.audit import entries
    from tests.web.conftest import log_in

    admin, clerk = signed_in("admin"), signed_in("clerk")
    assert post(admin, "/admin/users", username="newofficer", password="a good password 9", role="officer",
                display_name="新审核").status_code == 302
    newcomer = app.test_client()
    assert log_in(newcomer, "newofficer", "a good password 9").status_code == 302
    assert post(newcomer, "/account/password", current="a good password 9", new="his own words 10",
                repeat="his own words 10").status_code == 302  # an initial password is changed first
    first = prepare(clerk, office)[0]
    response = approve_as(newcomer, first)
    assert response.status_code == 302
    page = newcomer.get(f"/drafts/{first}").get_data(as_text=True)
    assert "新近创建、重新启用或获授审核员角色" in page  # the flash after approval
    assert "新建、重新启用或获授审核员角色，核准时不足规定时限" in page  # the document's own note
    (row,) = entries(app.extensions["desk"].engine, action="draft_approved")
    assert "new_officer_since" in row.after


def test_with_no_waiting_period_a_new_officer_is_not_flagged(app, signed_in, office):
    from store.audit import entries

    app.config["NEW_OFFICER_HOURS"] = 0  # as `rulingdesk demo` sets it
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    first = prepare(clerk, office)[0]
    approve_as(officer, first)
    assert "核准时不足规定时限" not in officer.get(f"/drafts/{first}").get_data(as_text=True)
    (row,) = entries(app.extensions["desk"].engine, action="draft_approved")
    assert "new_officer_since" not in row.after


def test_drafting_again_after_approval_is_refused_with_the_reason(app, signed_in, office):
    """Issue 11: pressing 起草文书 again drafted a second delisting notice for items whose
    notice was already issued."""
    clerk, officer = signed_in("clerk"), signed_in("officer1")
    drafts = prepare(clerk, office)
    for draft in drafts:
        assert approve_as(officer, draft).status_code == 302
        post(officer, f"/drafts/{draft}/issue")
    again = post(clerk, f"/cases/{office}/drafts")
    page = clerk.get(again.headers["Location"]).get_data(as_text=True)
    assert "不能再起草第二份" in page
    live = [d for d in drafts_of(app.extensions["desk"].engine, office) if d.state != "withdrawn"]
    assert sorted(d.id for d in live) == sorted(drafts) and {d.state for d in live} == {"issued"}
