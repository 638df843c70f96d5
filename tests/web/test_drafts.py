"""Match, draft, approve, issue, download: the pipeline's own matcher, decisions and
templates behind the pages; four eyes; approved bytes immutable; nothing issued twice."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile

import pytest

from store.drafts import StateError, drafts_of, issue
from tests.web.conftest import approve_as, edit_as, post


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
