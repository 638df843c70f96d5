"""Documents of a case (store/drafts.py) on SQLite and PostgreSQL: versions that never
change, approval of the version seen by someone who made none of them, and one live
document per (ruling, kind, catalogue item), held by the database as well as the code."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from generate.documents import Plan
from store.desk_tables import AuditEntry, DocumentClaim, DraftRecord, DraftVersion
from store.drafts import (
    FourEyesError,
    StaleVersionError,
    StateError,
    add_drafts,
    approve,
    drafts_of,
    edit_values,
    get_draft,
    issue,
    withdraw,
)
from store.sessions import writing
from store.users import create_user
from tests.store.test_ruling_search import OFFICE, _register
from tests.store.test_search_index import sample

TODAY = dt.date(2099, 5, 1)
NOTICE = Plan("delisting_notice", "粤医采", {"title": "关于撤销甲公司挂网资格的通知", "addressee": "甲公司"}, "甲公司",
              ("GD260", "GD261"))


def render(plan, allocate, today):  # the shape of web.casework.make_renderer: the DOCX is the plan's text
    number = f"{plan.prefix}〔{today.year}〕{allocate(plan.prefix, today.year)}号"
    return number, "notice.docx", f"{number} {plan.values['title']} {plan.values['addressee']}".encode()


@pytest.fixture
def people(engine):
    """A clerk and three officers."""
    return {name: create_user(engine, name, "correct horse 42", role)
            for name, role in (("clerk", "clerk"), ("officer1", "officer"), ("officer2", "officer"),
                               ("officer3", "officer"))}


@pytest.fixture
def ruling(engine) -> int:
    (ruling_id,) = _register(engine, [sample(OFFICE)])
    return ruling_id


def _draft(engine, ruling, who, plan=NOTICE) -> int:
    (draft_id,) = add_drafts(engine, ruling, [plan], who.actor).ids
    return draft_id


def _seen(engine, draft_id) -> str:
    """The version an officer opening the draft sees."""
    return get_draft(engine, draft_id)[0].version


def _live(engine, ruling) -> list[str]:
    return [d.state for d in drafts_of(engine, ruling) if d.state != "withdrawn"]


# --- four eyes -------------------------------------------------------------------------------

def test_an_edit_makes_a_new_version_and_the_first_stays_as_it_was(engine, people, ruling, tmp_path):
    draft = _draft(engine, ruling, people["clerk"])
    first = _seen(engine, draft)
    assert edit_values(engine, draft, {"addressee": "乙公司"}, people["officer1"].actor, based_on=first) == 1
    view, _prefix = get_draft(engine, draft)
    assert view.version != first and view.version_number == 2 and view.values["addressee"] == "乙公司"
    assert view.authors == ("clerk", "officer1")
    with engine.connect() as connection:
        versions = connection.execute(select(DraftVersion.number, DraftVersion.sha256, DraftVersion.plan_values)
                                      .where(DraftVersion.draft_id == draft).order_by(DraftVersion.number)).all()
    assert [(n, h) for n, h, _v in versions] == [(1, first), (2, view.version)]
    assert '"甲公司"' in versions[0][2]  # version 1 still holds what the clerk wrote


@pytest.mark.parametrize("statement", [update(DraftVersion).values(plan_values="{}"), delete(DraftVersion)],
                         ids=["update", "delete"])
def test_the_database_refuses_to_change_a_version(engine, people, ruling, statement):
    _draft(engine, ruling, people["clerk"])
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(statement)


def test_an_officer_who_edited_a_clerks_draft_cannot_approve_it(engine, people, ruling, tmp_path):
    """Issue 12: an officer edited a clerk's draft (its case number, its result …) and then
    approved it himself; only the drafter was compared."""
    draft = _draft(engine, ruling, people["clerk"])
    edit_values(engine, draft, {"title": "关于撤销乙公司挂网资格的通知"}, people["officer1"].actor)
    with pytest.raises(FourEyesError, match="起草或修改过"):
        approve(engine, tmp_path, draft, people["officer1"].actor, render, TODAY, seen=_seen(engine, draft))
    assert get_draft(engine, draft)[0].state == "draft"
    done = approve(engine, tmp_path, draft, people["officer2"].actor, render, TODAY, seen=_seen(engine, draft))
    assert done.state == "approved" and done.approved_by == "officer2"


def test_the_drafter_cannot_approve_either(engine, people, ruling, tmp_path):
    draft = _draft(engine, ruling, people["officer1"])
    with pytest.raises(FourEyesError):
        approve(engine, tmp_path, draft, people["officer1"].actor, render, TODAY, seen=_seen(engine, draft))


def test_an_officer_cannot_approve_a_version_he_never_saw(engine, people, ruling, tmp_path):
    """Issue 12: an officer opened a draft, a clerk then changed its title, and the officer's
    approval went through: the approved DOCX held a title he never saw."""
    draft = _draft(engine, ruling, people["clerk"])
    opened = _seen(engine, draft)  # officer1 opens the draft page
    edit_values(engine, draft, {"title": "关于撤销丙公司挂网资格的通知"}, people["clerk"].actor, based_on=opened)
    with pytest.raises(StaleVersionError, match="不是最新版本"):
        approve(engine, tmp_path, draft, people["officer1"].actor, render, TODAY, seen=opened)
    view = get_draft(engine, draft)[0]
    assert view.state == "draft" and view.number is None
    done = approve(engine, tmp_path, draft, people["officer1"].actor, render, TODAY, seen=view.version)
    assert "丙公司".encode() in (tmp_path / "documents" / done.docx_sha256[:2] / f"{done.docx_sha256}.docx").read_bytes()


def test_an_approval_without_the_version_seen_is_refused(engine, people, ruling, tmp_path):
    draft = _draft(engine, ruling, people["clerk"])
    with pytest.raises(StaleVersionError, match="注明所核的版本"):
        approve(engine, tmp_path, draft, people["officer1"].actor, render, TODAY, seen="")


def test_an_edit_of_a_version_no_longer_the_newest_is_refused(engine, people, ruling):
    draft = _draft(engine, ruling, people["clerk"])
    opened = _seen(engine, draft)
    edit_values(engine, draft, {"addressee": "乙公司"}, people["officer1"].actor, based_on=opened)
    with pytest.raises(StaleVersionError, match="已被他人修改"):
        edit_values(engine, draft, {"addressee": "丙公司"}, people["clerk"].actor, based_on=opened)
    assert get_draft(engine, draft)[0].values["addressee"] == "乙公司"


def test_the_approval_row_records_the_document_hash_and_the_version(engine, people, ruling, tmp_path):
    draft = _draft(engine, ruling, people["clerk"])
    seen = _seen(engine, draft)
    done = approve(engine, tmp_path, draft, people["officer1"].actor, render, TODAY, seen=seen)
    with engine.connect() as connection:
        row = connection.execute(select(AuditEntry.after).where(AuditEntry.action == "draft_approved")).scalar_one()
    assert done.docx_sha256 in row and seen in row


@pytest.mark.parametrize(("hours_ago", "window", "flagged"), [(1, 24, True), (30, 24, False), (0, 0, False)])
def test_an_approval_by_an_account_new_in_its_role_is_flagged(engine, people, ruling, tmp_path, hours_ago, window,
                                                              flagged):
    """Issue 12: an administrator created an officer account and approved alone with it."""
    officer = people["officer1"]
    created = dt.datetime.now(dt.UTC)
    now = created + dt.timedelta(hours=hours_ago)
    draft = _draft(engine, ruling, people["clerk"])
    done = approve(engine, tmp_path, draft, officer.actor, render, TODAY, seen=_seen(engine, draft),
                   new_officer=dt.timedelta(hours=window), now=now)
    assert (done.approver_new_since is not None) is flagged
    with engine.connect() as connection:
        row = connection.execute(select(AuditEntry.after).where(AuditEntry.action == "draft_approved")).scalar_one()
    assert ("new_officer_since" in row) is flagged


# --- one live document per (ruling, kind, item) ----------------------------------------------

def test_drafting_twice_replaces_the_draft_not_yet_approved(engine, people, ruling):
    first = _draft(engine, ruling, people["clerk"])
    second = _draft(engine, ruling, people["clerk"])
    states = {d.id: d.state for d in drafts_of(engine, ruling)}
    assert states == {first: "withdrawn", second: "draft"}
    with engine.connect() as connection:
        holders = set(connection.scalars(select(DocumentClaim.draft_id)))
    assert holders == {second}


@pytest.mark.parametrize(("step", "reason"), [("approved", "请先撤回该文书"), ("issued", "不能再起草第二份")])
def test_a_second_notice_for_an_item_with_an_approved_or_issued_one_is_refused(engine, people, ruling, tmp_path,
                                                                              step, reason):
    """Issue 11: pressing 起草文书 again drafted a second delisting notice for items whose
    notice was already issued."""
    first = _draft(engine, ruling, people["clerk"])
    approve(engine, tmp_path, first, people["officer1"].actor, render, TODAY, seen=_seen(engine, first))
    if step == "issued":
        issue(engine, first, people["officer1"].actor)
    overlapping = Plan("delisting_notice", "粤医采", {"title": "再次起草", "addressee": "甲公司"}, "甲公司", ("GD261",))
    other_kind = Plan("selection_cancellation_notice", "粤医采", {"title": "取消中选", "addressee": "甲公司"}, "甲公司",
                      ("GD261",))
    drafted = add_drafts(engine, ruling, [overlapping, other_kind], people["clerk"].actor)
    assert len(drafted.ids) == 1 and len(drafted.refused) == 1  # another kind for the item is drafted
    assert "GD261" in drafted.refused[0] and reason in drafted.refused[0]
    assert sorted(_live(engine, ruling)) == sorted([step, "draft"])


def test_two_plans_of_one_set_for_the_same_item_draft_one(engine, people, ruling):
    """Plans carry bare catalogue ids: two provinces' items printed with the same id would
    make two live notices of one kind for one item; the second is refused, with the reason."""
    twin = Plan("delisting_notice", "苏医采", {"title": "另一省", "addressee": "甲公司"}, "甲公司", ("GD260",))
    drafted = add_drafts(engine, ruling, [NOTICE, twin], people["clerk"].actor)
    assert len(drafted.ids) == 1 and "GD260" in drafted.refused[0] and "本次起草" in drafted.refused[0]


def test_withdrawing_the_approved_notice_is_the_way_to_redo_it(engine, people, ruling, tmp_path):
    first = _draft(engine, ruling, people["clerk"])
    approve(engine, tmp_path, first, people["officer1"].actor, render, TODAY, seen=_seen(engine, first))
    withdraw(engine, first, people["officer1"].actor)
    drafted = add_drafts(engine, ruling, [NOTICE], people["clerk"].actor)
    assert len(drafted.ids) == 1 and drafted.refused == ()


def test_the_database_refuses_a_second_live_document_for_an_item(engine, people, ruling):
    """The unique constraint, not only the code: a row inserted behind the store's back fails."""
    first = _draft(engine, ruling, people["clerk"])
    with engine.begin() as connection:
        other = connection.execute(insert(DraftRecord).values(
            ruling_id=ruling, kind="delisting_notice", prefix="粤医采", plan_values="{}", enterprise="",
            catalogue_ids='["GD260"]', state="draft", drafted_by=people["clerk"].id,
            drafted_at=dt.datetime.now(dt.UTC))).inserted_primary_key[0]
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(DocumentClaim).values(owner=f"ruling:{ruling}", kind="delisting_notice",
                                                        item="GD260", draft_id=other))
    assert first != other


def _race(count: int, act) -> list[str]:
    """Run `act(i)` in `count` threads released at once; what each returned or raised."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes.append(act(i))
        except (StateError, FourEyesError) as err:
            outcomes.append(type(err).__name__)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_officers_approving_at_once_make_one_approved_document(engine, people, ruling, tmp_path):
    """Issue 11: two approved and issued notices for one ruling, kind and item; here two
    officers press 核准 on the same draft at the same moment (SQLite file and PostgreSQL)."""
    draft = _draft(engine, ruling, people["clerk"])
    seen = _seen(engine, draft)
    officers = [people["officer1"], people["officer2"], people["officer3"]]
    outcomes = _race(3, lambda i: approve(engine, tmp_path, draft, officers[i].actor, render, TODAY, seen=seen).state)
    assert sorted(outcomes) == ["StateError", "StateError", "approved"]
    assert _live(engine, ruling) == ["approved"]
    with engine.connect() as connection:
        numbers = connection.scalar(select(func.count()).select_from(AuditEntry)
                                    .where(AuditEntry.action == "draft_approved"))
    assert numbers == 1


def test_drafting_at_once_leaves_one_live_document_per_item(engine, people, ruling):
    """Two clerks press 起草文书 together: whatever the order, one live notice per item."""
    clerks = [people["clerk"], people["officer1"], people["officer2"], people["officer3"]]
    outcomes = _race(4, lambda i: f"drafted {len(add_drafts(engine, ruling, [NOTICE], clerks[i].actor).ids)}")
    assert "drafted 1" in outcomes and set(outcomes) <= {"drafted 1", "StateError"}
    assert _live(engine, ruling) == ["draft"]
    with engine.connect() as connection:
        claims = connection.execute(select(DocumentClaim.item, func.count()).group_by(DocumentClaim.item)).all()
    assert sorted(claims) == [("GD260", 1), ("GD261", 1)]


def test_approving_after_a_concurrent_replacement_is_refused(engine, people, ruling, tmp_path):
    """A draft replaced while the officer had it open cannot be approved: the new one is live."""
    first = _draft(engine, ruling, people["clerk"])
    seen = _seen(engine, first)
    _draft(engine, ruling, people["clerk"])
    with pytest.raises(StateError, match="状态已改变"):
        approve(engine, tmp_path, first, people["officer1"].actor, render, TODAY, seen=seen)
    with writing(engine) as session:
        assert session.scalar(select(func.count()).select_from(DocumentClaim)
                              .where(DocumentClaim.draft_id == first)) == 0
