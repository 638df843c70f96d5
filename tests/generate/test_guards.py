"""The precision guards (generate/guards.py, contract §4 "Whose item", "Not findings",
"Never silently none"): each with the input it guards against."""

from __future__ import annotations

import dataclasses

import pytest

from extract.model import Authority, Outcome, Party, Product
from generate.decisions import decide, holds
from generate.model import DRASTIC_ACTIONS, Guard
from generate.pipeline import review_json
from tests.generate.generate_builders import make_item, make_match, make_ruling

PATENTEE = "丙丁医药科技有限公司"  # the builders' rights holder
ACCUSED = "甲乙制药有限公司"  # the builders' accused maker


def item_of(maker: str | None, **kwargs):
    return dataclasses.replace(make_item("已挂网", **kwargs), manufacturer=maker)


def outcome(ruling, **changes):
    return dataclasses.replace(ruling, outcome=dataclasses.replace(ruling.outcome, **changes))


def acted(ruling, item, product: int = 0) -> list[str]:
    return sorted(a.action for a in decide(ruling, [make_match(item, product=product)]))


def guards_of(ruling, item=None, product: int = 0) -> list[Guard]:
    matches = [make_match(item, product=product)] if item else []
    return [h.guard for h in holds(ruling, matches)]


def test_the_accused_makers_item_is_acted_on():
    ruling = make_ruling()
    assert acted(ruling, item_of(ACCUSED)) == ["delist"]
    assert guards_of(ruling, item_of(ACCUSED)) == []


def test_the_patentees_own_product_is_never_acted_on():
    """The patentee's listed drug, named as background or as the reference product
    (参比制剂), read as the accused product and matched by its approval number."""
    ruling = make_ruling()
    decided = decide(ruling, [make_match(item_of(PATENTEE))])
    assert [a.action for a in decided] == ["none"]
    assert "权利人一方" in decided[0].basis
    assert decided[0].guard == Guard.RIGHTS_HOLDER_ITEM
    assert guards_of(ruling, item_of(PATENTEE)) == []  # not held either: never acted on, and says why


def test_the_patentee_is_known_by_its_short_name_and_other_written_forms():
    ruling = make_ruling()
    holder = dataclasses.replace(ruling.parties[0], name="丙丁医药科技（中国）有限公司", short_names=("丙丁公司",))
    ruling = dataclasses.replace(ruling, parties=(holder, *ruling.parties[1:]))
    assert acted(ruling, item_of("丙丁医药科技有限公司")) == ["none"]


def test_another_makers_same_name_product_goes_to_a_person():
    """Another maker's 艾地骨化醇软胶囊, matched by name and specification."""
    ruling = make_ruling()
    assert acted(ruling, item_of("庚辛药业有限公司")) == ["none"]
    assert guards_of(ruling, item_of("庚辛药业有限公司")) == [Guard.MAKER_NOT_A_PARTY]


def test_an_item_without_a_listed_enterprise_goes_to_a_person():
    ruling = make_ruling()
    assert acted(ruling, item_of(None)) == ["none"]
    assert guards_of(ruling, item_of(None)) == [Guard.MAKER_UNKNOWN]


def test_a_distributor_only_order_holds_the_makers_item():
    """The ruling binds a pharmacy chain; the maker was never sued."""
    ruling = make_ruling()
    pharmacy = Party("壬癸医药连锁有限公司", "defendant", side="accused")
    ruling = dataclasses.replace(ruling, parties=(ruling.parties[0], pharmacy))
    assert acted(ruling, item_of(ACCUSED)) == ["none"]
    assert guards_of(ruling, item_of(ACCUSED)) == [Guard.MAKER_NOT_A_PARTY]


def test_an_accused_maker_the_stop_orders_do_not_name_goes_to_a_person():
    """Two accused; the stop order names only the distributor, the maker pays damages."""
    ruling = make_ruling()
    pharmacy = Party("壬癸医药连锁有限公司", "defendant", side="accused")
    ruling = dataclasses.replace(ruling, parties=(*ruling.parties, pharmacy))
    ruling = outcome(ruling, stop_parties=("壬癸医药连锁有限公司",))
    assert acted(ruling, item_of(ACCUSED)) == ["none"]
    assert guards_of(ruling, item_of(ACCUSED)) == [Guard.MAKER_NOT_ORDERED]


def test_a_product_the_ruling_gives_to_another_accused_party_goes_to_a_person():
    ruling = make_ruling()
    other = Party("戊己药业有限公司", "appellant", side="accused")
    ruling = dataclasses.replace(ruling, parties=(*ruling.parties, other))
    assert guards_of(ruling, item_of("戊己药业有限公司")) == [Guard.PRODUCT_OF_ANOTHER_PARTY]


def test_the_importer_of_a_foreign_makers_product_ordered_to_stop_importing():
    ruling = make_ruling("administrative_ruling")
    importer = Party("上海某进口医疗器械有限公司", "respondent", side="accused", short_names=("进口公司",))
    product = Product("超声切割止血刀头", "HS-45", manufacturer="新加坡某医疗科技私人有限公司", party=importer.name)
    ruling = dataclasses.replace(ruling, parties=(ruling.parties[0], importer), products=(product,))
    stop_import = "一、责令被请求人进口公司立即停止进口、销售侵犯请求人专利权的超声切割止血刀头。"
    sells_only = "一、责令被请求人进口公司立即停止销售侵犯请求人专利权的超声切割止血刀头。"
    foreign = item_of("新加坡某医疗科技私人有限公司")
    assert acted(outcome(ruling, operative_text=stop_import, orders=("停止进口", "停止销售")), foreign) == ["delist"]
    assert acted(outcome(ruling, operative_text=sells_only, orders=("停止销售",)), foreign) == ["none"]


def test_damages_without_a_stop_order_is_not_acted_on_and_not_held():
    ruling = make_ruling(orders=("赔偿经济损失",))
    assert acted(ruling, item_of(ACCUSED)) == ["none"]
    assert guards_of(ruling, item_of(ACCUSED)) == []


def test_an_unmentioned_specification_is_not_auto_matched_so_not_acted_on():
    """The accused side's other strength: the matcher sends it to review, and decide acts
    only on auto matches."""
    ruling = make_ruling()
    other_strength = dataclasses.replace(item_of(ACCUSED), specification="1μg")
    assert decide(ruling, [make_match(other_strength, decision="review")]) == []


@pytest.mark.parametrize(
    ("document_type", "disposition", "why"),
    [
        ("ruling", "other", "行为保全"),  # an interim 行为保全 order (民事裁定书, 号之一)
        ("mediation", "settled", "调解"),  # a mediation agreement that promises to stop
    ],
)
def test_interim_orders_and_mediation_are_not_findings(document_type, disposition, why):
    ruling = outcome(make_ruling(document_type), disposition=disposition, infringement=None)
    assert not set(acted(ruling, item_of(ACCUSED))) & set(DRASTIC_ACTIONS)
    (hold,) = holds(ruling, [make_match(item_of(ACCUSED))])
    assert hold.guard == Guard.NOT_A_FINDING and why in hold.why and hold.item is None


def test_a_linkage_ruling_is_never_acted_on():
    ruling = make_ruling("administrative_ruling", cause="确认是否落入专利权保护范围纠纷", orders=())
    assert acted(ruling, item_of(ACCUSED)) == ["none"]


def test_a_comparison_table_naming_the_patentees_product_acts_only_on_the_accused():
    """A table with the originator's product beside the generic: both read as products,
    both matched; only the accused maker's item is acted on."""
    ruling = make_ruling()
    products = (*ruling.products, Product("艾地骨化醇软胶囊", "0.75μg", ("国药准字H20990002",),
                                          manufacturer=PATENTEE, party=None))
    ruling = dataclasses.replace(ruling, products=products)
    matches = [make_match(item_of(ACCUSED, catalogue_id="A1"), product=0),
               make_match(item_of(PATENTEE, catalogue_id="P1"), product=1)]
    by_item = {a.item.catalogue_id: a.action for a in decide(ruling, matches)}
    assert by_item == {"A1": "delist", "P1": "none"}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"products": ()}, "未能识别被诉产品"),
        ({"authority": Authority(None, None)}, "未能识别作出文书的机关"),
        ({"effective": None}, "未能判断判决是否已生效"),
        ({"parties": (Party(PATENTEE, "appellee", side="rights_holder"),)}, "未能识别被诉当事人"),
        ({"outcome": Outcome(None, "other", ("停止制造",))}, "未能读出侵权认定"),  # a retrial's finding not read
    ],
)
def test_nothing_silently_none(change, why):
    """A finding or a stop order whose product, authority, effectiveness, accused party or
    finding could not be read goes to a person with the reason, for the ruling as a whole."""
    ruling = dataclasses.replace(make_ruling(), **change)
    entries = [e for e in review_json([], ruling) if e["product"] is None]
    assert any(why in e["why"] for e in entries), entries


def test_a_withdrawn_case_is_not_held():
    ruling = outcome(make_ruling("ruling"), disposition="withdrawn", infringement=None, orders=("准许撤诉",))
    assert holds(ruling, []) == []


def test_review_json_names_the_guard_and_the_item():
    ruling = make_ruling()
    entry = review_json([make_match(item_of("庚辛药业有限公司"))], ruling)[0]
    assert entry["guard"] == "maker_not_a_party" and entry["catalogue_id"] == "YP0012345"
    assert "庚辛药业有限公司" in entry["why"]
