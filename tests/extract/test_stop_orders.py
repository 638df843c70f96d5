"""The stop-order vocabulary and who a stop order binds (extract/stop_orders.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.stop_orders import (
    bound_parties,
    find_stop_orders,
    is_stop_order,
    normalise_stop_order,
    stop_orders,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("printed", "orders"),
    [
        ("被告于本判决生效之日起立即停止制造、销售、许诺销售侵害原告专利权的产品", ("停止制造", "停止销售", "停止许诺销售")),
        ("责令被请求人立即停止实施侵权行为", ("停止实施",)),  # an office's wording
        ("被申请人立即停止生产、销售被诉产品", ("停止生产", "停止销售")),
        ("被告立即停止侵害原告第ZL209912345678.5号发明专利权", ("停止侵权",)),  # no act named
        ("责令被请求人立即停止侵权行为", ("停止侵权",)),
        ("停止进口和使用", ("停止进口", "停止使用")),
        ("赔偿原告经济损失人民币十万元", ()),  # damages only
        ("销毁库存侵权产品", ()),
    ],
)
def test_orders_read_in_every_wording(printed, orders):
    assert normalise_stop_order(printed) == orders
    assert is_stop_order(printed) is bool(orders)


def test_every_normalised_order_is_a_stop_order():
    assert all(is_stop_order(o) for o in stop_orders())
    assert not is_stop_order("赔偿经济损失") and not is_stop_order("驳回诉讼请求")


def test_spans_point_at_the_words():
    text = "一、甲公司立即停止制造、销售涉案产品；二、赔偿损失。"
    (stop,) = find_stop_orders(text)
    assert text[stop.span[0] : stop.span[1]] == "停止制造、销售"


NAMES = {"甲药业有限公司": ("甲药业有限公司", "甲公司"), "乙医药连锁有限公司": ("乙医药连锁有限公司", "乙连锁")}


@pytest.mark.parametrize(
    ("operative", "bound"),
    [
        ("一、甲公司于本判决生效之日起立即停止制造、销售被诉产品；二、乙连锁立即停止销售被诉产品。",
         ("甲药业有限公司", "乙医药连锁有限公司")),
        ("一、乙连锁立即停止销售被诉产品；二、甲公司赔偿经济损失十万元。", ("乙医药连锁有限公司",)),  # distributor only
        ("一、被告立即停止制造、销售被诉产品；二、驳回原告其他诉讼请求。", ()),  # "the accused" as a whole
        ("一、驳回原告要求甲公司停止制造的诉讼请求。", ()),  # a rejected stop binds no one
        (None, ()),
    ],
)
def test_bound_parties(operative, bound):
    assert bound_parties(operative, NAMES) == bound


def test_one_home_for_the_stop_words():
    """Issue 10 (4): the stop-order words are listed once, in patterns/stop_orders.txt; no
    code spells a list of them again."""
    acts = "(?:制造|生产|销售|许诺销售|进口|使用|实施)"
    # a regex listing stop acts after 停止, or a line of quoted stop orders ("停止制造", "停止销售")
    spelled = re.compile(rf"停止.{{0,30}}?{acts}\|{acts}|\"停止{acts}\"[^\n]*\"停止{acts}\"")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("extract", "matching", "generate", "web", "store", "rulingdesk", "corpus")
        for path in (ROOT / folder).rglob("*.py")
        if spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
