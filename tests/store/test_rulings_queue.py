"""The clerk's queue (store/rulings.py): a ruling the precision guards hold as a whole comes
first, with the reason; a correction that settles it takes it out of the front."""

from __future__ import annotations

from store.audit import Actor
from store.rulings import add_item, list_rulings, needs_review
from store.users import create_user
from tests.store.test_ruling_search import OFFICE, OTHER, _register
from tests.store.test_search_index import sample


def _without_products(name: str) -> dict:
    ruling = sample(name)
    return {**ruling, "products": []}


def test_a_finding_without_its_product_is_held_with_the_reason():
    assert needs_review(sample(OFFICE)) is None
    assert "未能识别被诉产品" in needs_review(_without_products(OFFICE))


def test_held_rulings_come_first_and_leave_the_front_once_settled(engine):
    held, newest = _register(engine, [_without_products(OFFICE), sample(OTHER)])
    rows, total = list_rulings(engine)
    assert total == 2 and [r.id for r in rows] == [held, newest]  # held first, though older
    assert "未能识别被诉产品" in rows[0].needs_review and rows[1].needs_review is None
    clerk = create_user(engine, "clerk9", "correct horse battery staple", "clerk")
    product = {"name": "富马酸伏诺拉生片", "specification": "20mg", "approval_numbers": ["国药准字H20970318"],
               "application_number": None, "codes": [], "manufacturer": "常州汇元堂药业有限公司",
               "party": "常州汇元堂药业有限公司", "packaging": None, "infringes": None}
    add_item(engine, held, "products", product, Actor(clerk.id, "clerk9"))
    rows, _ = list_rulings(engine)
    assert [r.id for r in rows] == [newest, held] and rows[1].needs_review is None
