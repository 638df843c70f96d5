"""The matcher end to end: blocking, scores, decisions, reasons; in memory and on the store."""

import datetime as dt

import pytest

from extract.model import Product
from matching.catalogue import MemoryCatalogue
from matching.keys import item_keys
from matching.match import match
from matching.model import CatalogueItem
from store import catalogue as store_catalogue
from store.blocking import StoreCatalogue
from store.catalogue import ParsedRow

ITEMS = [
    CatalogueItem("广东省", "YP1", "艾地骨化醇软胶囊", nhsa_code="XA11CCA001A001010100483", dosage_form="软胶囊剂",
                  specification="0.75ug", packaging="10粒/盒", manufacturer="甲制药有限公司",
                  approval_numbers=("国药准字H20213456",)),
    CatalogueItem("广东省", "YP2", "艾地骨化醇软胶囊", dosage_form="软胶囊剂", specification="0.5ug",
                  manufacturer="甲制药有限公司", approval_numbers=("国药准字H20213457",)),
    CatalogueItem("广东省", "YP3", "艾地骨化醇软胶囊", dosage_form="软胶囊剂", specification="0.75ug",
                  manufacturer="乙药业有限公司", approval_numbers=("国药准字H20190001",)),
    CatalogueItem("广东省", "YP4", "艾地骨化醇胶囊", dosage_form="胶囊剂", specification="0.75ug",
                  manufacturer="甲制药有限公司", approval_numbers=("国药准字H20190002",)),
    CatalogueItem("江苏省", "J1", "艾地骨化醇软胶囊", dosage_form="软胶囊", specification="0.75μg",
                  manufacturer="甲制药股份有限公司", approval_numbers=("国药准字H20213456",), status="已撤网"),
    CatalogueItem("江苏省", "J2", "艾地骨化醇软胶囊", dosage_form="软胶囊", specification="0.75μg",
                  manufacturer="甲制药股份有限公司", approval_numbers=("国药准字H20213456",)),
]  # fmt: skip

PRODUCTS = [
    Product("艾地骨化醇软胶囊", specification="0.75μg", manufacturer="甲制药（中国）有限公司"),
    Product("某药", approval_numbers=("国药准字 H20213456",)),
    Product("艾地骨化醇软胶囊", codes=("XA11CCA001A001010100483",)),
    Product("完全不同的药片", specification="10mg", manufacturer="丙公司"),
]


def decisions(found, product):
    return [(m.item.province, m.item.catalogue_id, m.decision) for m in found if m.product == product]


def run(catalogue):
    return match(PRODUCTS, catalogue)


@pytest.fixture
def stored(engine):
    rows = (ParsedRow(n, item) for n, item in enumerate(ITEMS, 2))
    store_catalogue.import_rows(engine, rows, filename="t.csv", as_of=dt.date(2099, 1, 1), keys=item_keys)
    with StoreCatalogue(engine) as catalogue:
        yield catalogue


def test_name_spec_and_company_match_automatically_and_rank_live_listings_first():
    found = decisions(run(MemoryCatalogue(ITEMS)), 0)
    assert found[:3] == [("广东省", "YP1", "auto"), ("江苏省", "J2", "auto"), ("江苏省", "J1", "auto")]
    assert {c for _, c, d in found if d == "rejected"} == {"YP2", "YP4"}
    assert "YP3" not in {c for _, c, _ in found}  # another maker is not even a candidate


def test_every_candidate_explains_itself():
    best = run(MemoryCatalogue(ITEMS))[0]
    assert (
        best.because == ("医保代码 equal (XA11CCA001A001010100483)",)
        or "生产企业 equal after normalisation" in best.because
    )
    assert (
        "规格 equal after unit conversion (0.75μg = 0.75ug)" in best.because or "规格 equal" in best.because
    )
    withdrawn = next(m for m in run(MemoryCatalogue(ITEMS)) if m.item.catalogue_id == "J1" and m.product == 0)
    assert "挂网状态 已撤网 (already delisted)" in withdrawn.because


def test_a_product_known_only_by_its_approval_number_is_found_in_every_province():
    found = decisions(run(MemoryCatalogue(ITEMS)), 1)
    assert {(p, c) for p, c, _ in found} == {("广东省", "YP1"), ("江苏省", "J1"), ("江苏省", "J2")}
    assert all(d == "review" for _, _, d in found)  # the name 某药 disagrees: a person looks


def test_a_product_known_by_its_nhsa_code():
    assert decisions(run(MemoryCatalogue(ITEMS)), 2)[0] == ("广东省", "YP1", "auto")


def test_an_unknown_product_has_no_candidates():
    assert decisions(run(MemoryCatalogue(ITEMS)), 3) == []


def test_the_store_gives_the_same_matches_as_memory(stored):
    in_memory = [(m.product, m.item, m.score, m.decision, m.because) for m in run(MemoryCatalogue(ITEMS))]
    on_store = [(m.product, m.item, m.score, m.decision, m.because) for m in run(stored)]
    assert on_store == in_memory


SALTS = [
    CatalogueItem("广东省", "S1", "甲磺酸酚妥拉明分散片", specification="40mg", manufacturer="甲制药有限公司",
                  approval_numbers=("国药准字H20990401",)),
    CatalogueItem("广东省", "S2", "盐酸酚妥拉明分散片", specification="40mg", manufacturer="甲制药有限公司",
                  approval_numbers=("国药准字H20990402",)),
]


@pytest.mark.parametrize(
    ("approvals", "decisions"),
    [
        ((), {"S1": "review", "S2": "review"}),  # no salt printed, two salts listed: a person decides
        (("国药准字H20990401",), {"S1": "auto"}),  # the approval number names the salt
    ],
)
def test_an_approval_number_settles_the_salt_the_ruling_leaves_out(approvals, decisions):
    product = Product("酚妥拉明分散片", "40mg", approvals, manufacturer="甲制药有限公司", party="甲制药有限公司")
    found = {m.item.catalogue_id: m.decision for m in match([product], MemoryCatalogue(SALTS))}
    assert {k: v for k, v in found.items() if k in decisions} == decisions
