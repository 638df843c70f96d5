"""The decision table of contract §4 ("When a finding can be acted on"), row by row."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from generate.decisions import decide, estimated_effective_date, finding
from generate.model import PriorAction
from tests.generate.generate_builders import make_item, make_match, make_ruling

STATUSES = ("申报中", "已挂网", "暂停挂网", "已撤网")
DOCUMENT_TYPES = ("judgment", "ruling", "administrative_ruling", "administrative_decision", "mediation", "other")


def actions_of(ruling, item, prior=()):
    return sorted(a.action for a in decide(ruling, [make_match(item)], prior))


@pytest.mark.parametrize(
    ("document_type", "effective", "status", "selected", "expected"),
    [
        ("judgment", True, "申报中", False, ["refuse_listing"]),
        ("judgment", True, "已挂网", False, ["delist"]),
        ("judgment", True, "暂停挂网", False, ["delist"]),
        ("judgment", True, "已撤网", False, ["none"]),
        ("judgment", True, "已挂网", True, ["cancel_selection", "delist"]),
        ("judgment", True, "已撤网", True, ["cancel_selection"]),
        ("judgment", False, "已挂网", False, ["watch"]),
        ("judgment", None, "已挂网", True, ["watch"]),
        ("administrative_ruling", False, "已挂网", False, ["delist"]),
        ("administrative_decision", None, "申报中", False, ["refuse_listing"]),
        ("ruling", True, "已挂网", False, ["none"]),
        ("mediation", True, "已挂网", False, ["none"]),
    ],
)
def test_status_and_document_kind(document_type, effective, status, selected, expected):
    ruling = make_ruling(document_type, effective=effective)
    assert actions_of(ruling, make_item(status, selected)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"orders": ("赔偿经济损失",)}, ["none"]),  # damages only (patent expired, stop refused)
        ({"orders": ()}, ["none"]),
        ({"orders": ("立即停止销售、许诺销售",)}, ["delist"]),
        ({"infringement": False, "orders": ()}, ["none"]),
        ({"infringement": None, "orders": ()}, ["none"]),  # withdrawn, remanded
        ({"infringement": True, "product_infringes": False}, ["none"]),  # this product found not to infringe
        ({"infringement": False, "product_infringes": True}, ["delist"]),  # its own finding decides
        ({"cause": "确认是否落入专利权保护范围纠纷"}, ["none"]),  # linkage: never actionable
    ],
)
def test_finding_conditions(kwargs, expected):
    assert actions_of(make_ruling(**kwargs), make_item("已挂网")) == expected


def test_linkage_at_the_national_office_is_never_actionable():
    ruling = make_ruling("administrative_ruling", cause="确认是否落入专利权保护范围纠纷", orders=())
    result = finding(ruling, 0)
    assert (result.actionable, result.watch) == (False, False)
    assert "第七十六条" in result.reasons[0]


def test_review_and_rejected_matches_get_no_action(ruling):
    matches = [make_match(make_item(), "review"), make_match(make_item(catalogue_id="YP2"), "rejected")]
    assert decide(ruling, matches) == []


@pytest.mark.parametrize(
    ("decision_date", "days", "expected"),
    [("2099-03-05", None, "2099-03-20"), ("2099-12-20", 30, "2100-01-19"), (None, 15, None), ("bad", 15, None)],
)
def test_watch_date_is_decision_date_plus_appeal_period(decision_date, days, expected):
    ruling = make_ruling(effective=False, decision_date=decision_date, appeal_period_days=days)
    assert estimated_effective_date(ruling) == expected
    (action,) = decide(ruling, [make_match(make_item())])
    assert (action.action, action.estimated_date) == ("watch", expected)
    assert "估算" in action.basis or expected is None
    assert "生效证明" in action.basis


PRIOR = PriorAction("广东省", "YP0012345", "delist", "（2098）粤73民初9号")


@pytest.mark.parametrize(
    ("kwargs", "prior", "expected"),
    [
        ({"infringement": False, "orders": (), "prior_case_numbers": ("（2098）粤73民初9号",)}, [PRIOR], ["restore_listing"]),
        # a stop order lifted on appeal (damages only) also removes the basis
        ({"orders": ("赔偿经济损失",), "prior_case_numbers": ("（2098）粤73民初9号",)}, [PRIOR], ["restore_listing"]),
        # not yet effective: nothing to restore yet
        ({"infringement": False, "orders": (), "effective": False, "prior_case_numbers": ("（2098）粤73民初9号",)}, [PRIOR], ["none"]),
        # does not cite the earlier case
        ({"infringement": False, "orders": ()}, [PRIOR], ["none"]),
        # no drastic action was taken
        ({"infringement": False, "orders": (), "prior_case_numbers": ("（2098）粤73民初9号",)}, [], ["none"]),
        # remanded: decides nothing on infringement
        ({"infringement": None, "orders": (), "prior_case_numbers": ("（2098）粤73民初9号",)}, [PRIOR], ["none"]),
    ],
)
def test_reversal_restores_listing(kwargs, prior, expected):
    assert actions_of(make_ruling(**kwargs), make_item("已撤网"), prior) == expected


def test_every_action_states_its_basis(ruling):
    (action,) = decide(ruling, [make_match(make_item())])
    for words in ("（2099）最高法知民终1号", "最高人民法院", "第（六）项", "艾地骨化醇软胶囊"):
        assert words in action.basis


def _oracle(document_type, effective, stop, infringes, linkage, status, selected):
    """The contract's table, written out independently of generate.decisions."""
    acts_now = document_type in ("administrative_ruling", "administrative_decision") or (
        document_type == "judgment" and effective is True)
    if linkage or infringes is not True or not stop:
        return ["none"]
    if document_type == "judgment" and not acts_now:
        return ["watch"]
    if not acts_now:
        return ["none"]
    drastic = (["cancel_selection"] if selected else []) + (
        ["refuse_listing"] if status == "申报中" else ["delist"] if status in ("已挂网", "暂停挂网") else [])
    return sorted(drastic) or ["none"]


@pytest.mark.parametrize(
    ("document_type", "effective", "stop", "infringes", "linkage"),
    list(itertools.product(DOCUMENT_TYPES, (True, False, None), (True, False), (True, False, None), (True, False))),
)
def test_full_table(document_type, effective, stop, infringes, linkage):
    ruling = make_ruling(
        document_type, effective=effective, orders=("停止销售",) if stop else ("赔偿经济损失",),
        infringement=infringes, cause="确认是否落入专利权保护范围纠纷" if linkage else "侵害发明专利权纠纷",
    )
    for status, selected in itertools.product(STATUSES, (True, False)):
        expected = _oracle(document_type, effective, stop, infringes, linkage, status, selected)
        assert actions_of(ruling, make_item(status, selected)) == expected, (status, selected)


@pytest.mark.parametrize(("orders", "disposition", "expects_check"), [
    (("驳回上诉", "维持原判"), "appeal_dismissed", True),  # the stop order sits in the upheld judgment
    (("维持原判", "撤销原判", "赔偿经济损失"), "partially_reversed", True),
    (("赔偿经济损失",), "infringement_found", False),  # damages only, nothing upheld
])
def test_an_upheld_judgment_without_a_visible_stop_asks_the_officer(orders, disposition, expects_check):
    ruling = make_ruling(orders=orders, prior_case_numbers=("（2098）鲁01知民初733号",))
    ruling = replace(ruling, outcome=replace(ruling.outcome, disposition=disposition))
    result = finding(ruling, 0)
    assert result.actionable is False
    assert (result.check is not None) == expects_check
    if expects_check:
        assert "（2098）鲁01知民初733号" in result.check


def test_an_appeal_upholding_a_watched_judgment_is_acted_on():
    first = "（2098）鲁01知民初733号"
    appeal = make_ruling(orders=("驳回上诉", "维持原判"), prior_case_numbers=(first,))
    appeal = replace(appeal, outcome=replace(appeal.outcome, disposition="appeal_dismissed"))
    watched = PriorAction("广东省", "YP0012345", "watch", first)
    elsewhere = PriorAction("广东省", "YP0099999", "watch", first)
    assert actions_of(appeal, make_item("已挂网")) == ["none"]
    assert actions_of(appeal, make_item("已挂网"), [elsewhere]) == ["none"]
    assert actions_of(appeal, make_item("已挂网"), [watched]) == ["delist"]
    (action,) = decide(appeal, [make_match(make_item())], [watched])
    assert first in action.basis and "第（六）项" in action.basis
    not_effective = replace(appeal, effective=False)
    assert actions_of(not_effective, make_item("已挂网"), [watched]) == ["none"]
