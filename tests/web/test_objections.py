"""Objections: registered, their reply deadlines listed, their two letters drafted and
approved like any notice (four eyes)."""

from __future__ import annotations

import datetime as dt

import pytest

from store.drafts import drafts_of
from tests.web.conftest import approve_as, csrf, import_sample_catalogue

OBJECTION = {"objector": "江苏澄海生物制药有限公司", "province": "广东省", "catalogue_id": "GD260",
             "patent": "ZL208920318846.3", "received": "2099-03-01"}


@pytest.fixture
def objection(app, signed_in, tmp_path) -> int:
    import_sample_catalogue(app, tmp_path)
    clerk = signed_in("clerk")
    response = clerk.post("/objections", data={"csrf_token": csrf(clerk), **OBJECTION})
    assert response.status_code == 302
    from store.objections import list_objections

    (record,) = list_objections(app.extensions["desk"].engine)
    return record.id


def test_a_registered_objection_gets_a_30_day_reply_deadline_on_the_deadlines_page(app, signed_in, objection):
    page = signed_in("archivist").get("/deadlines").get_data(as_text=True)
    assert "2099-03-31" in page and "江苏澄海生物制药有限公司" in page


@pytest.mark.parametrize(("field", "value"), [("objector", ""), ("received", "2099年3月1日")])
def test_an_incomplete_objection_is_not_registered(app, signed_in, field, value):
    from store.objections import list_objections

    clerk = signed_in("clerk")
    clerk.post("/objections", data={"csrf_token": csrf(clerk), **OBJECTION, field: value})
    assert list_objections(app.extensions["desk"].engine) == []


def test_the_letters_are_drafted_and_approved_by_another_officer(app, signed_in, objection):
    officer1, officer2 = signed_in("officer1"), signed_in("officer2")
    officer1.post(f"/objections/{objection}/drafts", data={"csrf_token": csrf(officer1)})
    engine = app.extensions["desk"].engine
    drafts = drafts_of(engine, objection_id=objection)
    assert sorted(d.kind for d in drafts) == ["dispute_guidance", "opinion_request"]
    request_letter = next(d for d in drafts if d.kind == "opinion_request")
    page = officer1.get(f"/drafts/{request_letter.id}").get_data(as_text=True)
    assert "2099" in page  # the reply deadline is in the letter
    assert approve_as(officer1, request_letter.id).status_code == 403
    assert approve_as(officer2, request_letter.id).status_code == 302
    approved = next(d for d in drafts_of(engine, objection_id=objection) if d.id == request_letter.id)
    assert approved.state == "approved" and str(dt.date.today().year) in approved.number
    assert "异议登记" in officer2.get(f"/drafts/{request_letter.id}").get_data(as_text=True)


def test_approving_a_request_whose_reply_deadline_has_passed_is_refused(app, signed_in, tmp_path):
    """An opinion request approved on 2 December asked for a reply 请于2026年12月1日前函复."""
    import_sample_catalogue(app, tmp_path)
    clerk, officer2 = signed_in("clerk"), signed_in("officer2")
    clerk.post("/objections", data={"csrf_token": csrf(clerk), **OBJECTION, "received": "2020-03-01",
                                    "deadline": "2020-03-31"})
    from store.objections import list_objections

    (record,) = list_objections(app.extensions["desk"].engine)
    clerk.post(f"/objections/{record.id}/drafts", data={"csrf_token": csrf(clerk)})
    (request_letter,) = [d for d in drafts_of(app.extensions["desk"].engine, objection_id=record.id)
                         if d.kind == "opinion_request"]
    refused = approve_as(officer2, request_letter.id)
    assert refused.status_code == 409 and "答复期限2020年3月31日不晚于发文日期" in refused.get_data(as_text=True)
    assert next(d for d in drafts_of(app.extensions["desk"].engine, objection_id=record.id)
                if d.id == request_letter.id).state == "draft"
